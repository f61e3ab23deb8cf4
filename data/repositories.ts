import type { Db, Document } from 'mongodb';
import { AgentQueries } from './agents/agent-queries.js';
import { CheckpointStore } from './checkpoints/checkpoint-store.js';
import { EventLog } from './events/event-log.js';
import { IndexSnapshotStore } from './read-models/index-snapshot-store.js';
import { ConversationStore } from './conversations/conversation-store.js';
import { EventStore } from './events/event-store.js';
import { TenantFeed } from './feed/tenant-feed.js';
import { IdempotencyStore } from './idempotency/idempotency-store.js';
import { InvitationIndex } from './invitations/invitation-index.js';
import { PartnerCenterProviderQueries } from './partner-center/provider-queries.js';
import { PartnerCenterSettingsStore } from './partner-center/provider-settings.js';
import { TokenCacheStore } from './partner-center/token-cache-store.js';
import { NotificationStore } from './notifications/notification-store.js';
import { PreferenceStore } from './preferences/preference-store.js';
import { ProviderStore } from './providers/provider-store.js';
import { RelationshipDueStore } from './read-models/relationship-due.js';
import { RelationshipQueries } from './read-models/relationship-queries.js';
import { SnapshotStore } from './read-models/snapshot-store.js';

/** Every repository over one database; the services get this and nothing of MongoDB itself. */
export interface Repositories {
  events: EventStore;
  /** Appends events (feed entry first): the one way to write the log. */
  log: EventLog;
  feed: TenantFeed;
  checkpoints: CheckpointStore;
  idempotency: IdempotencyStore;
  invitations: InvitationIndex;
  providers: ProviderStore;
  agentQueries: AgentQueries;
  relationshipQueries: RelationshipQueries;
  /** The relationships with something due (a pending request, an open transaction), for the sweeps. */
  relationshipDue: RelationshipDueStore;
  partnerCenterTokenCaches: TokenCacheStore;
  partnerCenterProviders: PartnerCenterProviderQueries;
  partnerCenterSettings: PartnerCenterSettingsStore;
  conversations: ConversationStore;
  /** Stored copies of the resellers index, so a fresh process does not scan to list. */
  resellerIndexSnapshots: IndexSnapshotStore;
  preferences: PreferenceStore;
  notifications: NotificationStore;
  /** The read model collection of a stream type (one store per collection, with its memory). */
  snapshots<State extends Document>(collectionName: string): SnapshotStore<State>;
}

/**
 * `scanDb`: the same database through the pool for scans (see `Database.scanDb`); `wallClock`:
 * real time, for telling a writer in flight from a dead one (tests move it).
 */
export function createRepositories(
  db: Db,
  scanDb: Db = db,
  wallClock: () => number = Date.now,
): Repositories {
  const events = new EventStore(db, scanDb);
  const feed = new TenantFeed(db, events, wallClock);
  // One store per read model, so every stream repository of this process shares its memory.
  const snapshotStores = new Map<string, SnapshotStore<Document>>();
  const snapshotsOf = <State extends Document>(name: string): SnapshotStore<State> => {
    let store = snapshotStores.get(name);
    if (!store) snapshotStores.set(name, (store = new SnapshotStore<Document>(db, name)));
    return store as unknown as SnapshotStore<State>;
  };
  return {
    events,
    log: new EventLog(events, feed),
    feed,
    checkpoints: new CheckpointStore(db),
    idempotency: new IdempotencyStore(db, scanDb),
    invitations: new InvitationIndex(db),
    providers: new ProviderStore(db),
    agentQueries: new AgentQueries(db),
    relationshipQueries: new RelationshipQueries(scanDb),
    relationshipDue: new RelationshipDueStore(db, scanDb),
    resellerIndexSnapshots: new IndexSnapshotStore(scanDb),
    partnerCenterTokenCaches: new TokenCacheStore(db),
    partnerCenterProviders: new PartnerCenterProviderQueries(db),
    partnerCenterSettings: new PartnerCenterSettingsStore(db),
    conversations: new ConversationStore(db, scanDb),
    preferences: new PreferenceStore(db),
    notifications: new NotificationStore(db, scanDb),
    snapshots: snapshotsOf,
  };
}
