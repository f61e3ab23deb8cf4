/**
 * Writes benchmark data fast: relationships go straight into the collections in the shapes the
 * repositories use (a snapshot, its events, their tenant-feed entries, the idempotency keys the
 * requests left, the due document of a pending one), in batches, instead of thousands of service calls. `verifyDataset` then reads
 * them back through the services, so a change of a stored shape fails the benchmark loudly.
 */
import type { Db } from 'mongodb';
import { eventId, streamKey, type StoredEvent } from '../../data/events/event.js';
import { dueOf } from '../../data/read-models/relationship-due.js';
import { LocalCommerce } from '../../data/local-partner/local-commerce.js';
import type { Repositories } from '../../data/repositories.js';
import type { Services } from '../../services/index.js';
import { PROJECTOR_FOLLOWER } from '../../services/maintenance.js';
import { DISPATCHER_FOLLOWER } from '../../services/notifications/dispatcher.js';
import type { DirectoryReseller } from '../../services/ports.js';

/** Small enough for one insert to stay within the database's per-operation deadline. */
const BATCH = 250;
const FEED_SEQ_WIDTH = 12;
const WORDS = [
  'Contoso',
  'Fabrikam',
  'Northwind',
  'Tailspin',
  'Woodgrove',
  'Litware',
  'Proseware',
  'Relecloud',
  '华云',
  '蓝海',
];
/** Every tenth relationship is pending, every twentieth removed; the rest are active. */
export const statusOf = (i: number) => (i % 10 === 3 ? 'pending' : i % 20 === 7 ? 'removed' : 'active');

export interface BenchProvider {
  tenantId: string;
  partnerId: string;
  /** Partner IDs of this provider start here (reseller i is `base + i`). */
  base: number;
}

export function resellerName(i: number): string {
  return `${WORDS[i % WORDS.length]} ${String(i).padStart(5, '0')} Cloud`;
}

/** The read-model document of one relationship, as `StreamRepository` stores it. */
export function relationshipSnapshot(provider: BenchProvider, i: number, at: Date) {
  const partnerId = String(provider.base + i);
  const status = statusOf(i);
  const name = resellerName(i);
  const invitation = {
    invitationId: `bench-invitation-${provider.tenantId}-${i}`,
    resellerEmail: `partners@reseller${i}.example`,
    tokenHash: `${String(i).padStart(8, '0')}${'0'.repeat(56)}`,
    expiresAt: new Date(at.getTime() + 14 * 86_400_000),
    requestedBy: 'bench-admin',
    requestedAt: at,
    sentAt: at,
  };
  return {
    _id: `${provider.tenantId}:${partnerId}`,
    tenantId: provider.tenantId,
    streamId: partnerId,
    seq: status === 'pending' ? 1 : status === 'active' ? 2 : 3,
    partnerId,
    resellerName: name,
    resellerNameLower: name.toLowerCase(),
    country: 'CN',
    status,
    invitation,
    updatedAt: at,
    ...(status === 'pending' ? {} : { activeSince: at }),
    ...(status === 'removed' ? { endedAt: at } : {}),
  };
}

const EVENT_TYPES = ['relationship.requested', 'relationship.accepted', 'relationship.removed'];

/**
 * Adds relationships `from … to − 1` to the provider: directory entries, snapshots, events, feed
 * entries (numbered after `feedSeq`) and idempotency keys. Answers the provider's new feed head.
 */
export async function addRelationships(
  db: Db,
  provider: BenchProvider,
  from: number,
  to: number,
  feedSeq: number,
): Promise<number> {
  const at = new Date();
  let seq = feedSeq;
  for (let start = from; start < to; start += BATCH) {
    const directory: (DirectoryReseller & { _id: string })[] = [];
    const snapshots: ReturnType<typeof relationshipSnapshot>[] = [];
    const events: StoredEvent[] = [];
    const feed: Record<string, unknown>[] = [];
    const keys: Record<string, unknown>[] = [];
    const due: Record<string, unknown>[] = [];
    for (let i = start; i < Math.min(to, start + BATCH); i++) {
      const snapshot = relationshipSnapshot(provider, i, at);
      const { partnerId } = snapshot;
      directory.push({
        _id: partnerId,
        partnerId,
        name: snapshot.resellerName,
        country: 'CN',
        enrolledAsIndirectReseller: true,
        mpaStatus: 'active',
      });
      snapshots.push(snapshot);
      const dueNow = dueOf(provider.tenantId, snapshot);
      if (dueNow) due.push({ _id: snapshot._id, ...dueNow });
      const stream = streamKey('relationship', partnerId);
      for (let n = 1; n <= snapshot.seq; n++) {
        seq += 1;
        const type = EVENT_TYPES[n - 1] ?? 'relationship.requested';
        const id = eventId(provider.tenantId, stream, n);
        const key = `bench-${provider.tenantId}-${i}-${n}`;
        events.push({
          _id: id,
          tenantId: provider.tenantId,
          stream,
          streamType: 'relationship',
          seq: n,
          type,
          at,
          actor: { kind: n === 2 ? 'reseller' : 'agent', id: 'bench-admin' },
          idempotencyKey: key,
          feedSeq: seq,
          data:
            n === 1
              ? {
                  invitationId: snapshot.invitation.invitationId,
                  resellerEmail: snapshot.invitation.resellerEmail,
                  tokenHash: snapshot.invitation.tokenHash,
                  expiresAt: snapshot.invitation.expiresAt,
                  resellerName: snapshot.resellerName,
                  country: 'CN',
                }
              : {},
        });
        feed.push({
          _id: `${provider.tenantId}:${String(seq).padStart(FEED_SEQ_WIDTH, '0')}`,
          tenantId: provider.tenantId,
          seq,
          eventId: id,
          stream,
          streamType: 'relationship',
          type,
          at,
          writtenAt: at,
        });
        keys.push({
          _id: `${provider.tenantId}:bench-admin|${key}`,
          tenantId: provider.tenantId,
          key: `bench-admin|${key}`,
          operation: 'relationship.request',
          actorId: 'bench-admin',
          status: 'completed',
          startedAt: at,
          completedAt: at,
          result: { partnerId },
        });
      }
    }
    await db.collection('directory_resellers').insertMany(directory as never[], { ordered: false });
    await db.collection('relationships').insertMany(snapshots as never[], { ordered: false });
    await db.collection('events').insertMany(events as never[], { ordered: false });
    await db.collection('tenant_feed').insertMany(feed as never[], { ordered: false });
    await db.collection('idempotency_keys').insertMany(keys as never[], { ordered: false });
    if (due.length > 0)
      await db.collection('relationship_due').insertMany(due as never[], { ordered: false });
  }
  return seq;
}

/**
 * Marks the provider's feed as followed up to its head by the projector and the outbox, as on a
 * bot that has been running while the relationships accumulated: the written read models are
 * already current and their history notifies nobody (as the demo seed does for the outbox).
 * Without this a fresh bot's first minutes replay the whole written feed (~2 entries per
 * relationship) underneath the measured turns.
 */
export async function markFollowed(repos: Repositories, tenantId: string): Promise<void> {
  const head = await repos.feed.head(tenantId);
  for (const follower of [PROJECTOR_FOLLOWER, DISPATCHER_FOLLOWER])
    await repos.checkpoints.save(follower, tenantId, head, new Date());
}

/** The provider, its agents (admins), one customer with a subscription per conversation. */
export async function addProvider(
  db: Db,
  repos: Repositories,
  services: Services,
  provider: BenchProvider,
  agents: string[],
  subscriptions: number,
): Promise<void> {
  await repos.providers.upsert({
    tenantId: provider.tenantId,
    name: `Bench Provider ${provider.tenantId}`,
    partnerId: provider.partnerId,
    country: 'CN',
    allowedCountries: [],
    listing: { displayName: '', website: '', regions: [], contactEmail: '', description: '' },
    createdAt: new Date(),
  });
  for (const agent of agents) await services.access.bootstrapAdmin(provider.tenantId, agent, agent);
  await new LocalCommerce(db).upsert({
    customers: [
      {
        customerId: 'bench-customer',
        providerTenantId: provider.tenantId,
        companyName: 'Wide World Importers',
        domain: 'wwi.example',
        azure: false,
      },
    ],
    subscriptions: Array.from({ length: subscriptions }, (_, k) => ({
      customerId: 'bench-customer',
      subscriptionId: `bench-sub-${k}`,
      providerTenantId: provider.tenantId,
      offerName: 'Microsoft 365 E3',
      quantity: 25,
    })),
  });
}

/** Checks through the services that the written data reads as intended; throws otherwise. */
export async function verifyDataset(
  repos: Repositories,
  services: Services,
  provider: BenchProvider,
  agent: string,
  relationships: number,
  feedHead: number,
): Promise<void> {
  const actor = { tenantId: provider.tenantId, agentId: agent };
  const head = await repos.feed.head(provider.tenantId);
  let active = 0;
  for (let i = 0; i < relationships; i++) if (statusOf(i) === 'active') active++;
  const list = await services.relationships.listResellers(actor, { pageSize: 1 });
  const sample = Math.floor(relationships / 2);
  const view = await services.relationships.getRelationship(actor, String(provider.base + sample));
  const problems = [
    head === feedHead ? '' : `feed head ${head}, expected ${feedHead}`,
    list.total === active ? '' : `${list.total} active resellers listed, expected ${active}`,
    view.status === statusOf(sample)
      ? ''
      : `reseller ${sample} is ${view.status}, expected ${statusOf(sample)}`,
  ].filter(Boolean);
  if (problems.length > 0)
    throw new Error(
      `bench data does not read back as written (stored shapes changed?): ${problems.join('; ')}`,
    );
}
