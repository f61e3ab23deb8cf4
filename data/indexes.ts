import type { Db, IndexDescription } from 'mongodb';
import { isInsertConflict } from './database.js';
import {
  dueOf,
  RelationshipDueStore,
  SOMETHING_DUE,
  type DueSource,
} from './read-models/relationship-due.js';

/**
 * Bump when a stored shape changes, and add the migration that brings older data forward. The
 * next one is 6: development databases of 2 December 2026 may say 5 (a step since moved to the
 * maintenance, `ConversationDirectory.fill`).
 */
export const SCHEMA_VERSION = 4;

const INDEXES: Record<string, IndexDescription[]> = {
  events: [
    { key: { tenantId: 1, at: -1, _id: -1 }, name: 'tenant_time' },
    { key: { tenantId: 1, stream: 1, seq: 1 }, name: 'tenant_stream' },
  ],
  relationships: [
    { key: { tenantId: 1, status: 1, resellerNameLower: 1, partnerId: 1 }, name: 'tenant_status_name' },
    { key: { tenantId: 1, status: 1, partnerId: 1 }, name: 'tenant_status_partner' },
  ],
  // What the sweeps ask (an index scan on MongoDB; the local store scans this small collection).
  relationship_due: [
    { key: { 'pending.expiresAt': 1 }, name: 'pending_expiry' },
    { key: { openTransactions: 1 }, name: 'open_transactions' },
  ],
  agents: [{ key: { tenantId: 1, roles: 1 }, name: 'tenant_roles' }],
  invitation_tokens: [{ key: { tenantId: 1, partnerId: 1 }, name: 'tenant_partner' }],
  directory_resellers: [{ key: { entraTenantId: 1 }, name: 'entra_tenant' }],
  commerce_customers: [{ key: { providerTenantId: 1, companyName: 1 }, name: 'tenant_name' }],
  commerce_subscriptions: [{ key: { providerTenantId: 1, customerId: 1 }, name: 'tenant_customer' }],
  commerce_orders: [{ key: { providerTenantId: 1, customerId: 1 }, name: 'tenant_customer' }],
  notification_jobs: [
    { key: { status: 1, dueAt: 1 }, name: 'status_due' },
    { key: { tenantId: 1, status: 1 }, name: 'tenant_status' },
  ],
  conversation_references: [
    { key: { tenantId: 1, userId: 1 }, name: 'tenant_user' },
    { key: { tenantId: 1, conversationType: 1 }, name: 'tenant_type' },
  ],
};

/**
 * Creates every index (a no-op when present), brings older data forward and records the schema
 * version. `scanDb`: the scan pool, for a migration that reads a whole collection.
 */
export async function ensureSchema(db: Db, scanDb: Db = db): Promise<void> {
  const existing = new Set((await db.listCollections({}, { nameOnly: true }).toArray()).map((c) => c.name));
  for (const [name, indexes] of Object.entries(INDEXES)) {
    const collection = db.collection(name);
    const present = existing.has(name)
      ? new Set((await collection.listIndexes().toArray()).map((i) => i.name))
      : new Set();
    // One at a time, and only the missing ones: FerretDB v1 drops the connection when
    // createIndexes repeats several existing indexes in one call.
    for (const index of indexes) if (!present.has(index.name)) await collection.createIndexes([index]);
  }
  const meta = db.collection<{ _id: string; version: number; updatedAt: Date }>('meta');
  const current = await meta.findOne({ _id: 'schema' });
  if (current && current.version < 2 && existing.has('notification_checkpoints'))
    await moveDispatcherCheckpoints(db);
  if (current && current.version < 3 && existing.has('relationships')) await fillRelationshipsDue(db, scanDb);
  // Version 4: finished notification jobs are kept apart from the live ones. An older database's
  // are moved by the maintenance at start, in the background (`NotificationStore.tidy`: at
  // 50,000 jobs it takes a while, and the worker never selects a finished job meanwhile).
  if (!current || current.version < SCHEMA_VERSION) {
    await meta.replaceOne(
      { _id: 'schema' },
      { version: SCHEMA_VERSION, updatedAt: new Date() },
      { upsert: true },
    );
  }
}

/**
 * Version 2: the notification dispatcher follows the feed like every other follower, so its
 * checkpoints move from `notification_checkpoints` (keyed by tenant) into `feed_checkpoints`
 * (keyed `notifications:<tenant>`, the dispatcher's follower name). Without this it would start
 * again from the first event and notify today's managers of the whole history. Safe to run
 * twice and from two instances at once: a checkpoint already there is kept.
 */
async function moveDispatcherCheckpoints(db: Db): Promise<void> {
  const old = db.collection<{ _id: string; seq: number; updatedAt: Date }>('notification_checkpoints');
  const target = db.collection<{ _id: string; seq: number; updatedAt: Date }>('feed_checkpoints');
  for (const doc of await old.find({}).toArray()) {
    try {
      await target.insertOne({ _id: `notifications:${doc._id}`, seq: doc.seq, updatedAt: doc.updatedAt });
    } catch (error) {
      if (!isInsertConflict(error)) throw error;
    }
  }
  await old.drop().catch(() => undefined);
}

/**
 * Version 3: the sweeps read `relationship_due` instead of scanning every relationship, so the
 * pending requests and open transactions of an older database are written there once (one scan).
 * Safe to run twice and from two instances at once: each write is a whole document by `_id`.
 */
async function fillRelationshipsDue(db: Db, scanDb: Db): Promise<void> {
  const due = new RelationshipDueStore(db);
  const relationships = scanDb.collection<DueSource & { tenantId: string }>('relationships');
  const cursor = relationships.find(SOMETHING_DUE);
  for await (const doc of cursor) await due.put(doc.tenantId, doc.partnerId, dueOf(doc.tenantId, doc));
}
