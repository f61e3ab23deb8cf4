import { randomBytes } from 'node:crypto';
import { connectDatabase, type Database } from '../../data/database.js';
import type { StoredEvent } from '../../data/events/event.js';
import { ensureSchema } from '../../data/indexes.js';
import { LocalCommerce } from '../../data/local-partner/local-commerce.js';
import { LocalPartnerDirectory } from '../../data/local-partner/local-directory.js';
import { createRepositories, type Repositories } from '../../data/repositories.js';
import type { Actor } from '../../services/actor.js';
import type { Clock } from '../../services/clock.js';
import { AppError } from '../../services/errors.js';
import { createServices, type Services } from '../../services/index.js';
import type { DirectoryReseller } from '../../services/ports.js';

/** A clock the test moves by hand. */
export class TestClock implements Clock {
  constructor(private current = new Date('2026-11-01T09:00:00Z')) {}
  now(): Date {
    return new Date(this.current);
  }
  advanceDays(days: number): void {
    this.current = new Date(this.current.getTime() + days * 86_400_000);
  }
  advanceMinutes(minutes: number): void {
    this.current = new Date(this.current.getTime() + minutes * 60_000);
  }
}

export const TENANT_A = 'tenant-a';
export const TENANT_B = 'tenant-b';

export const RESELLERS = {
  ready: {
    partnerId: '1000001',
    name: 'Contoso Cloud Partners',
    country: 'CN',
    enrolledAsIndirectReseller: true,
    mpaStatus: 'active',
    entraTenantId: 'contoso-tenant',
  },
  second: {
    partnerId: '1000002',
    name: 'Fabrikam Solutions',
    country: 'CN',
    enrolledAsIndirectReseller: true,
    mpaStatus: 'active',
  },
  notEnrolled: {
    partnerId: '1000003',
    name: 'Northwind Traders',
    country: 'CN',
    enrolledAsIndirectReseller: false,
    mpaStatus: 'active',
  },
  noMpa: {
    partnerId: '1000004',
    name: 'Tailspin Toys',
    country: 'CN',
    enrolledAsIndirectReseller: true,
    mpaStatus: 'not_signed',
  },
  abroad: {
    partnerId: '1000005',
    name: 'Woodgrove Bank IT',
    country: 'US',
    enrolledAsIndirectReseller: true,
    mpaStatus: 'active',
  },
} satisfies Record<string, DirectoryReseller>;

export const PROVIDER_A_PARTNER_ID = '9000001';

export interface World {
  database: Database;
  repos: Repositories;
  services: Services;
  clock: TestClock;
  directory: LocalPartnerDirectory;
  commerce: LocalCommerce;
  admin: Actor;
  sales: Actor;
  helpdesk: Actor;
  nobody: Actor;
  adminB: Actor;
  /** The services of another bot instance over the same database (no shared memory). */
  withSecondInstance(): Services;
  close(): Promise<void>;
}

/** A fresh database on the test server (MONGODB_URI) with two providers, their agents and a directory. */
export async function createWorld(options: { uri?: string } = {}): Promise<World> {
  const uri = options.uri ?? process.env.MONGODB_URI;
  if (!uri) throw new Error('MONGODB_URI is not set: run the tests through `npm test`');
  const database = await connectDatabase(uri, `test_${randomBytes(6).toString('hex')}`);
  await ensureSchema(database.db);
  const repos = createRepositories(database.db, database.scanDb);
  const clock = new TestClock();
  const directory = new LocalPartnerDirectory(database.db);
  const commerce = new LocalCommerce(database.db);
  const build = () =>
    createServices({
      repos: createRepositories(database.db, database.scanDb),
      clock,
      directory,
      commerce,
      settings: { publicBaseUrl: 'https://bot.example.test', invitationTtlDays: 14 },
    });
  const services = build();
  const listing = { displayName: '', website: '', regions: [], contactEmail: '', description: '' };
  await repos.providers.upsert({
    tenantId: TENANT_A,
    name: 'Adatum Distribution',
    partnerId: PROVIDER_A_PARTNER_ID,
    country: 'CN',
    allowedCountries: ['CN'],
    listing,
    createdAt: clock.now(),
  });
  await repos.providers.upsert({
    tenantId: TENANT_B,
    name: 'Litware Cloud',
    partnerId: '9000002',
    country: 'CN',
    allowedCountries: [],
    listing,
    createdAt: clock.now(),
  });
  await directory.upsert(Object.values(RESELLERS));
  const admin = { tenantId: TENANT_A, agentId: 'agent-admin', displayName: 'Ada Admin' };
  const sales = { tenantId: TENANT_A, agentId: 'agent-sales' };
  const helpdesk = { tenantId: TENANT_A, agentId: 'agent-helpdesk' };
  const adminB = { tenantId: TENANT_B, agentId: 'agent-admin-b' };
  await services.access.bootstrapAdmin(TENANT_A, admin.agentId, admin.displayName);
  await services.access.bootstrapAdmin(TENANT_B, adminB.agentId);
  await services.access.grantRole(admin, { agentId: sales.agentId, role: 'sales' });
  await services.access.grantRole(admin, { agentId: helpdesk.agentId, role: 'helpdesk' });
  return {
    database,
    repos,
    services,
    clock,
    directory,
    commerce,
    admin,
    sales,
    helpdesk,
    nobody: { tenantId: TENANT_A, agentId: 'agent-nobody' },
    adminB,
    withSecondInstance: build,
    close: async () => {
      await database.db.dropDatabase();
      await database.close();
    },
  };
}

/** Extracts the token from a draft's personalised link. */
export function tokenOf(link: string): string {
  const token = link.split('/invite/')[1];
  if (!token) throw new Error(`no token in ${link}`);
  return token;
}

/** Asserts the promise is refused with this error code (and returns the error for more checks). */
export async function refusal(
  promise: Promise<unknown>,
): Promise<{ code: string; params: Record<string, unknown> }> {
  try {
    await promise;
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    return { code: error.code, params: error.params };
  }
  throw new Error('expected a refusal, but the call succeeded');
}

let keyCounter = 0;
/** A unique idempotency key, as a card action would carry. */
export function newKey(): string {
  keyCounter += 1;
  return `test-key-${Date.now()}-${keyCounter}`;
}

/** Customer `cust-1` of provider A with these subscriptions, each with `partnerId` as reseller of record. */
export async function customerWithSubscriptions(
  world: World,
  subscriptionIds: string[],
  partnerId: string,
  options: { withCustomer?: boolean } = {},
): Promise<void> {
  const customer = {
    customerId: 'cust-1',
    providerTenantId: TENANT_A,
    companyName: 'Wide World',
    domain: 'wwi.example',
    azure: false,
  };
  await world.commerce.upsert({
    customers: options.withCustomer === false ? [] : [customer],
    subscriptions: subscriptionIds.map((subscriptionId) => ({
      customerId: 'cust-1',
      subscriptionId,
      providerTenantId: TENANT_A,
      offerName: 'Microsoft 365 E3',
      quantity: 10,
      partnerId,
    })),
  });
}

/** Contoso (RESELLERS.ready) accepts a request of provider A's admin: an active reseller. */
export async function activateContoso(world: World, key?: string): Promise<void> {
  const result = await world.services.relationships.requestRelationship(
    world.admin,
    { resellerEmail: 'owner@contoso.example', partnerId: RESELLERS.ready.partnerId },
    key,
  );
  await world.services.invitations.accept({
    token: tokenOf(result.draft!.link),
    user: { userId: 'contoso-user', entraTenantId: 'contoso-tenant' },
  });
}

/** The customer's person who accepted the Microsoft Customer Agreement, as add-customer takes it. */
export const ACCEPTANCE = {
  contactFirstName: 'Mei',
  contactLastName: 'Lin',
  contactEmail: 'mei.lin@customer.example',
  agreementAttested: true,
} as const;

/** The same, as the add-customer card submits it (a toggle answers a string). */
export const ACCEPTANCE_FORM = { ...ACCEPTANCE, agreementAttested: 'true' } as const;

/** A provider's newest events as its audit trail holds them (the feed, newest first). */
export async function newestEvents(
  repos: Repositories,
  tenantId: string,
  limit = 200,
): Promise<StoredEvent[]> {
  return (await repos.feed.readBefore(tenantId, undefined, limit)).entries.map((entry) => entry.event);
}
