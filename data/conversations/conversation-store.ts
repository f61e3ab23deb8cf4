import type { ConversationReference } from 'botbuilder';
import type { Collection, Db } from 'mongodb';
import { BoundedMap } from '../bounded-map.js';
import { onlyDuplicateKeys, putById } from '../database.js';

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

/** A person's newest 1:1 chat with the bot in a tenant; `_id` is `tenantId:userId`. */
export interface PersonalChatDocument {
  _id: string;
  tenantId: string;
  userId: string;
  conversationId: string;
  updatedAt: Date;
}

/** A tenant the bot has a conversation in, and a Bot Connector endpoint of it; `_id` is the tenant. */
export interface ConversationTenantDocument {
  _id: string;
  serviceUrl?: string;
  updatedAt: Date;
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
 * Beside them, by `_id`, what the outbox asks for each recipient: a person's newest 1:1 chat
 * (`conversation_personal_chats`) and a tenant's Bot Connector endpoint (`conversation_tenants`,
 * to start a chat). On the local store any other query decodes every reference the bot ever
 * saved; these are one index probe each. A database from before schema 5 gets them from its
 * references once (`fillConversationDirectory`).
 */
export class ConversationStore {
  private readonly conversations: Collection<ConversationDocument>;
  private readonly personal: Collection<PersonalChatDocument>;
  private readonly tenantDocs: Collection<ConversationTenantDocument>;
  /** `_id` → what this process last wrote there, and when. */
  private readonly written = new BoundedMap<string, { fingerprint: string; at: number }>(MAX_REMEMBERED);
  /** Tenant → the endpoint this process last wrote for it. */
  private readonly tenantsWritten = new BoundedMap<string, string>(MAX_REMEMBERED);
  /** Through the scan pool, for the queries that scan. */
  private readonly scannedTenants: Collection<ConversationTenantDocument>;
  private readonly scannedPersonal: Collection<PersonalChatDocument>;

  constructor(db: Db, scanDb: Db = db) {
    this.conversations = db.collection<ConversationDocument>('conversation_references');
    this.personal = db.collection<PersonalChatDocument>(PERSONAL_CHATS);
    this.tenantDocs = db.collection<ConversationTenantDocument>(CONVERSATION_TENANTS);
    this.scannedPersonal = scanDb.collection<PersonalChatDocument>(PERSONAL_CHATS);
    this.scannedTenants = scanDb.collection<ConversationTenantDocument>(CONVERSATION_TENANTS);
  }

  /** The tenants with a stored conversation: the providers whose people use the bot (a scan of them). */
  async tenants(): Promise<string[]> {
    const docs = await this.scannedTenants.find({}, { projection: { _id: 1 } }).toArray();
    return docs.map((doc) => String(doc._id));
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
    // After the reference: what they name is there when they are read.
    if (stored.conversationType === 'personal') {
      await putById(this.personal, ConversationStore.id(tenantId, stored.userId), {
        tenantId,
        userId: stored.userId,
        conversationId,
        updatedAt: now,
      });
    }
    const serviceUrl = typeof reference.serviceUrl === 'string' ? reference.serviceUrl : '';
    if (this.tenantsWritten.get(tenantId) !== serviceUrl) {
      await putById(this.tenantDocs, tenantId, { ...(serviceUrl ? { serviceUrl } : {}), updatedAt: now });
      this.tenantsWritten.set(tenantId, serviceUrl);
    }
    this.written.set(_id, { fingerprint, at: now.getTime() });
  }

  async get(tenantId: string, conversationId: string): Promise<StoredConversation | undefined> {
    const doc = await this.conversations.findOne({ _id: ConversationStore.id(tenantId, conversationId) });
    if (!doc) return undefined;
    const { _id: _ignored, ...stored } = doc;
    return stored;
  }

  /** The newest 1:1 chat of a person in a tenant (two `_id` lookups). */
  async personalChat(tenantId: string, userId: string): Promise<StoredConversation | undefined> {
    const person = await this.personal.findOne({ _id: ConversationStore.id(tenantId, userId) });
    return person ? this.get(tenantId, person.conversationId) : undefined;
  }

  /** The newest 1:1 chat of each person of a tenant, by user (a scan of one document per person). */
  async personalChats(tenantId: string): Promise<Map<string, string>> {
    const docs = await this.scannedPersonal
      .find({ tenantId: String(tenantId) }, { projection: { userId: 1, conversationId: 1 } })
      .toArray();
    return new Map(docs.map((doc) => [doc.userId, doc.conversationId]));
  }

  /** The Bot Connector endpoint of a tenant, from a conversation the bot has there (to start a chat). */
  async serviceUrlOf(tenantId: string): Promise<string | undefined> {
    const doc = await this.tenantDocs.findOne({ _id: String(tenantId) });
    return doc?.serviceUrl || undefined;
  }
}

const PERSONAL_CHATS = 'conversation_personal_chats';
const CONVERSATION_TENANTS = 'conversation_tenants';
/** Directory documents inserted at a time by `fillConversationDirectory`. */
const FILL_BATCH = 1_000;

/**
 * Schema 5: writes the personal chats and tenants of an older database from its references, in
 * one scan. Inserts only: a document there already was written by a save, which is newer. Safe
 * to run twice and from two instances at once.
 */
export async function fillConversationDirectory(db: Db, scanDb: Db): Promise<void> {
  const newest = new Map<string, PersonalChatDocument>();
  const tenants = new Map<string, ConversationTenantDocument>();
  const cursor = scanDb.collection<ConversationDocument>('conversation_references').find(
    {},
    {
      projection: {
        tenantId: 1,
        userId: 1,
        conversationId: 1,
        conversationType: 1,
        updatedAt: 1,
        'reference.serviceUrl': 1,
      },
    },
  );
  for await (const doc of cursor) {
    const tenantId = String(doc.tenantId);
    const updatedAt = doc.updatedAt instanceof Date ? doc.updatedAt : new Date(0);
    const serviceUrl = typeof doc.reference?.serviceUrl === 'string' ? doc.reference.serviceUrl : '';
    const known = tenants.get(tenantId);
    if (!known || (serviceUrl && (!known.serviceUrl || known.updatedAt < updatedAt)))
      tenants.set(tenantId, { _id: tenantId, ...(serviceUrl ? { serviceUrl } : {}), updatedAt });
    if (doc.conversationType !== 'personal') continue;
    const _id = ConversationStore.id(tenantId, String(doc.userId));
    const person = newest.get(_id);
    if (!person || person.updatedAt < updatedAt)
      newest.set(_id, {
        _id,
        tenantId,
        userId: String(doc.userId),
        conversationId: String(doc.conversationId),
        updatedAt,
      });
  }
  await insertMissing(db.collection<PersonalChatDocument>(PERSONAL_CHATS), [...newest.values()]);
  await insertMissing(db.collection<ConversationTenantDocument>(CONVERSATION_TENANTS), [...tenants.values()]);
}

async function insertMissing<T extends { _id: string }>(collection: Collection<T>, docs: T[]): Promise<void> {
  for (let at = 0; at < docs.length; at += FILL_BATCH) {
    try {
      await collection.insertMany(docs.slice(at, at + FILL_BATCH) as never, { ordered: false });
    } catch (error) {
      if (!onlyDuplicateKeys(error)) throw error;
    }
  }
}

/** A channel conversation id without the `;messageid=…` of the thread a message was posted in. */
export function baseConversationId(conversationId: string): string {
  return conversationId.replace(/;messageid=.*$/i, '');
}
