import type { ConversationReference } from 'botbuilder';
import type { Collection, Db } from 'mongodb';
import { BoundedMap } from '../bounded-map.js';
import { putById } from '../database.js';
import { ConversationDirectory } from './conversation-directory.js';

/** Where the bot can reach someone later (proactive notifications); `_id` is `tenantId:conversationId`. */
export interface StoredConversation {
  tenantId: string;
  conversationId: string;
  /** `personal`, `groupChat` or `channel`, as Teams says. */
  conversationType: string;
  /** The user who last wrote in it (the person, for a 1:1 chat). */
  userId: string;
  /** The team of a channel conversation (`channelData.team.id`). */
  teamId?: string;
  /** The Teams channel of a channel conversation (`channelData.channel.id`). */
  teamChannelId?: string;
  reference: Partial<ConversationReference>;
  updatedAt: Date;
}

interface ConversationDocument extends StoredConversation {
  _id: string;
}

/** A reference written unchanged is written again after this long (it refreshes `updatedAt`). */
const UNCHANGED_REWRITE_MS = 10 * 60_000;
/** References remembered as written, per process (oldest first out). */
const MAX_REMEMBERED = 10_000;

/**
 * Conversation references saved on install and on every message; keyed by tenant and
 * conversation. A message whose reference is what this process last wrote (within 10 minutes)
 * writes nothing: every turn would otherwise cost a write.
 *
 * Beside them, `ConversationDirectory` finds a person's newest 1:1 chat and a tenant's endpoint
 * by `_id`.
 */
export class ConversationStore {
  private readonly conversations: Collection<ConversationDocument>;
  /** `_id` → what this process last wrote there, and when. */
  private readonly written = new BoundedMap<string, { fingerprint: string; at: number }>(MAX_REMEMBERED);
  /** The same collection through the scan pool, for the queries that scan it. */
  private readonly scanned: Collection<ConversationDocument>;
  readonly directory: ConversationDirectory;

  constructor(db: Db, scanDb: Db = db) {
    this.conversations = db.collection<ConversationDocument>('conversation_references');
    this.scanned = scanDb.collection<ConversationDocument>('conversation_references');
    this.directory = new ConversationDirectory(db, scanDb);
  }

  /** The tenants with a stored conversation: the providers whose people use the bot (a scan). */
  async tenants(): Promise<string[]> {
    return (await this.scanned.distinct('tenantId')).map(String);
  }

  static id(tenantId: string, conversationId: string): string {
    return `${tenantId}:${baseConversationId(conversationId)}`;
  }

  /**
   * Stores (or refreshes) the reference; neither the reference nor the conversation id keeps the
   * id of one message (a channel thread's `;messageid=…`), so every thread of a channel is one
   * conversation and a notification starts a new post rather than answering an old one.
   */
  async save(conversation: Omit<StoredConversation, 'updatedAt'>, now: Date = new Date()): Promise<void> {
    const { activityId: _ignored, ...reference } = conversation.reference;
    const tenantId = String(conversation.tenantId);
    const conversationId = baseConversationId(String(conversation.conversationId));
    if (reference.conversation) {
      reference.conversation = {
        ...reference.conversation,
        id: baseConversationId(String(reference.conversation.id)),
      };
    }
    const { teamId, teamChannelId } = conversation;
    const _id = ConversationStore.id(tenantId, conversationId);
    const stored = {
      tenantId,
      conversationId,
      conversationType: String(conversation.conversationType),
      userId: String(conversation.userId),
      ...(teamId ? { teamId: String(teamId) } : {}),
      ...(teamChannelId ? { teamChannelId: String(teamChannelId) } : {}),
      reference,
    };
    const fingerprint = JSON.stringify(stored);
    const last = this.written.get(_id);
    if (last?.fingerprint === fingerprint && now.getTime() - last.at < UNCHANGED_REWRITE_MS) return;
    await putById(this.conversations, _id, { ...stored, updatedAt: now });
    // After the reference: what the directory names is there when it is read.
    await this.directory.saved({ ...stored, updatedAt: now });
    this.written.set(_id, { fingerprint, at: now.getTime() });
  }

  async get(tenantId: string, conversationId: string): Promise<StoredConversation | undefined> {
    const doc = await this.conversations.findOne({ _id: ConversationStore.id(tenantId, conversationId) });
    if (!doc) return undefined;
    const { _id: _ignored, ...stored } = doc;
    return stored;
  }

  /** The newest 1:1 chat of a person in a tenant (two `_id` lookups, see `ConversationDirectory`). */
  async personalChat(tenantId: string, userId: string): Promise<StoredConversation | undefined> {
    const conversationId = await this.directory.personalChatId(String(tenantId), String(userId));
    return conversationId ? this.get(tenantId, conversationId) : undefined;
  }

  /** Whether the person has a 1:1 chat with the bot in the tenant (one `_id` lookup). */
  async hasPersonalChat(tenantId: string, userId: string): Promise<boolean> {
    return (await this.directory.personalChatId(String(tenantId), String(userId))) !== undefined;
  }

  /** The people of a tenant who have a 1:1 chat with the bot (a scan, on the scan pool). */
  async peopleWithPersonalChat(tenantId: string): Promise<string[]> {
    const users = await this.scanned.distinct('userId', {
      tenantId: String(tenantId),
      conversationType: 'personal',
    });
    return users.map(String);
  }

  /** A Bot Connector endpoint of the tenant (to start a chat), see `ConversationDirectory`. */
  serviceUrlOf(tenantId: string): Promise<string | undefined> {
    return this.directory.serviceUrlOf(String(tenantId));
  }
}

/** A channel conversation id without the `;messageid=…` of the thread a message was posted in. */
export function baseConversationId(conversationId: string): string {
  return conversationId.replace(/;messageid=.*$/i, '');
}
