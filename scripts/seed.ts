/**
 * Loads the demo data into the configured database (local FerretDB by default): the Playground's
 * tenant as provider, its agents, ~50 directory resellers, customers and subscriptions, and
 * relationships in every state, made through the services so the audit trail is real.
 * Safe to run again: when the last relationship it makes is there, the demo data is loaded and
 * nothing is written (one check of a few `_id` lookups, so `npm start` stays fast on a large
 * database); `--force` walks every step again, leaving any reseller with a relationship as it is.
 */
import 'dotenv/config';
import { LocalCommerce } from '../data/local-partner/local-commerce.js';
import { LocalPartnerDirectory } from '../data/local-partner/local-directory.js';
import { loadConfig } from '../services/config.js';
import { openApp } from '../services/compose.js';
import { isAppError } from '../services/errors.js';
import { DISPATCHER_FOLLOWER } from '../services/notifications/dispatcher.js';
import {
  DEMO_AGENTS,
  DEMO_CUSTOMERS,
  DEMO_PLAYGROUND_RESELLER,
  DEMO_PROVIDER_PARTNER_ID,
  DEMO_RESELLERS,
  DEMO_SUBSCRIPTIONS,
  DEMO_TENANT,
} from './demo-data.js';

const config = loadConfig();
if (config.PARTNER_BACKEND !== 'local') {
  console.error('seed: demo data is for PARTNER_BACKEND=local only');
  process.exit(1);
}
const app = await openApp(config);
const { services, repos, database } = app;
const admin = { tenantId: DEMO_TENANT, ...DEMO_AGENTS.admin };

// Relecloud stays unrelated: it is the reseller of the walk-through in the second Playground.
const eligible = DEMO_RESELLERS.map((r, i) => ({ r, i })).filter(
  ({ r }) => r.enrolledAsIndirectReseller && r.country !== 'US' && r.name !== DEMO_PLAYGROUND_RESELLER,
);
type Outcome = 'active' | 'pending' | 'declined' | 'removed' | 'cancelled';
/** The final state seeded for the n-th eligible reseller (the rest stay unrelated). */
function outcomeOf(n: number): Outcome | undefined {
  if (n < 24) return 'active';
  if (n < 28) return 'pending';
  return n === 28 ? 'declined' : n === 29 ? 'removed' : n === 30 ? 'cancelled' : undefined;
}
const lastSeeded = eligible.filter((_, n) => outcomeOf(n) !== undefined).at(-1)?.r;

/** The seed ran to its end before: its last relationship exists (whatever its state now). */
async function alreadySeeded(): Promise<boolean> {
  if (!lastSeeded) return false;
  try {
    await services.relationships.getRelationship(admin, lastSeeded.partnerId);
    return true;
  } catch (error) {
    // No provider, no admin yet, or no relationship: not (completely) seeded.
    if (isAppError(error)) return false;
    throw error;
  }
}

if (!process.argv.includes('--force') && (await alreadySeeded())) {
  console.log(
    `seed: the demo data is already loaded (provider "Adatum Distribution", tenant ${DEMO_TENANT}); nothing written. ` +
      '`npm run seed -- --force` walks every step again.',
  );
  await app.close();
  process.exit(0);
}

await repos.providers.upsert({
  tenantId: DEMO_TENANT,
  name: 'Adatum Distribution',
  partnerId: DEMO_PROVIDER_PARTNER_ID,
  country: 'CN',
  allowedCountries: ['CN', 'HK', 'SG', 'MY'],
  listing: {
    displayName: 'Adatum Distribution',
    website: 'https://adatum.example',
    regions: ['China', 'Hong Kong SAR', 'Singapore', 'Malaysia'],
    contactEmail: 'partners@adatum.example',
    description:
      'Indirect provider for Microsoft 365, Azure and Dynamics 365 across Greater China and South-East Asia.',
  },
  createdAt: new Date(),
});
await new LocalPartnerDirectory(database.db).upsert(DEMO_RESELLERS);
await new LocalCommerce(database.db).upsert({ customers: DEMO_CUSTOMERS, subscriptions: DEMO_SUBSCRIPTIONS });

await services.access.bootstrapAdmin(DEMO_TENANT, admin.agentId, admin.displayName);
for (const role of ['sales', 'helpdesk'] as const) {
  const agent = DEMO_AGENTS[role];
  await services.access.grantRole(
    admin,
    { agentId: agent.agentId, role, displayName: agent.displayName },
    `seed-role-${role}`,
  );
}

/** Walks one reseller to a final state through the real services. */
async function relate(index: number, outcome: Outcome) {
  const reseller = DEMO_RESELLERS[index];
  if (!reseller) return;
  // Seeded before (or changed since by hand in the Playground): leave it as it is.
  const existing = await services.relationships
    .getRelationship(admin, reseller.partnerId)
    .catch((error: unknown) =>
      isAppError(error) && error.code === 'relationship_not_found' ? undefined : Promise.reject(error),
    );
  if (existing) return;
  const key = `seed-${reseller.partnerId}`;
  const request = await services.relationships.requestRelationship(
    admin,
    { resellerEmail: `partners@reseller${index + 1}.example`, partnerId: reseller.partnerId },
    `${key}-request`,
  );
  if (!request.draft || outcome === 'pending') return;
  if (outcome === 'cancelled') {
    await services.relationships.cancelRequest(admin, { partnerId: reseller.partnerId }, `${key}-cancel`);
    return;
  }
  const token = request.draft.link.split('/invite/')[1] ?? '';
  // A user of the reseller's own organisation: its tenant, and an address in the invited domain.
  const user = {
    userId: `reseller-user-${index + 1}`,
    entraTenantId: reseller.entraTenantId ?? `demo-reseller-tenant-${index + 1}`,
    email: `admin@reseller${index + 1}.example`,
    name: `${reseller.name} admin`,
  };
  if (outcome === 'declined') {
    await services.invitations.decline({ token, user }, `${key}-decline`);
    return;
  }
  await services.invitations.accept({ token, user }, `${key}-accept`);
  if (outcome === 'removed') {
    await services.relationships.removeRelationship(
      admin,
      { partnerId: reseller.partnerId, confirmed: true, attestation: true },
      `${key}-remove`,
    );
  }
}

for (const [n, { i }] of eligible.entries()) {
  const outcome = outcomeOf(n);
  if (outcome) await relate(i, outcome);
}

// The demo's history is history: managers hear of what happens from now on, not of ~30 seeded
// answers arriving in the admin's chat at the first start.
await repos.checkpoints.save(
  DISPATCHER_FOLLOWER,
  DEMO_TENANT,
  await repos.feed.head(DEMO_TENANT),
  new Date(),
);

const active = await services.relationships.listResellers(admin, { pageSize: 1 });
const pending = await services.relationships.listResellers(admin, { include: 'pending', pageSize: 1 });
console.log(
  `seed: provider "Adatum Distribution" (tenant ${DEMO_TENANT}); admin ${admin.displayName}, sales ${DEMO_AGENTS.sales.displayName}, helpdesk ${DEMO_AGENTS.helpdesk.displayName}; ` +
    `${DEMO_RESELLERS.length} directory resellers, ${active.total} active and ${pending.total} pending relationships, ` +
    `${DEMO_CUSTOMERS.length} customers, ${DEMO_SUBSCRIPTIONS.length} subscriptions`,
);
await app.close();
