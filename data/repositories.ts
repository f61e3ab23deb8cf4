import type { Db, Document } from 'mongodb';
import { AgentQueries } from './agents/agent-queries.js';
import { ConversationStore } from './conversations/conversation-store.js';
import { EventStore } from './events/event-store.js';
import { TenantFeed } from './feed/tenant-feed.js';
import { IdempotencyStore } from './idempotency/idempotency-store.js';
import { InvitationIndex } from './invitations/invitation-index.js';
import { NotificationStore } from './notifications/notification-store.js';
import { PreferenceStore } from './preferences/preference-store.js';
import { ProviderStore } from './providers/provider-store.js';
import { RelationshipQueries } from './read-models/relationship-queries.js';
import { SnapshotStore } from './read-models/snapshot-store.js';

/** Every repository over one database; the services get this and nothing of MongoDB itself. */
export interface Repositories {
  events: EventStore;
  feed: TenantFeed;
  idempotency: IdempotencyStore;
  invitations: InvitationIndex;
  providers: ProviderStore;
  agentQueries: AgentQueries;
  relationshipQueries: RelationshipQueries;
  conversations: ConversationStore;
  preferences: PreferenceStore;
  notifications: NotificationStore;
  /** The read model collection of a stream type. */
  snapshots<State extends Document>(collectionName: string): SnapshotStore<State>;
}

export function createRepositories(db: Db): Repositories {
  return {
    events: new EventStore(db),
    feed: new TenantFeed(db),
    idempotency: new IdempotencyStore(db),
    invitations: new InvitationIndex(db),
    providers: new ProviderStore(db),
    agentQueries: new AgentQueries(db),
    relationshipQueries: new RelationshipQueries(db),
    conversations: new ConversationStore(db),
    preferences: new PreferenceStore(db),
    notifications: new NotificationStore(db),
    snapshots: <State extends Document>(name: string) => new SnapshotStore<State>(db, name),
  };
}
