import type { ConversationReference } from 'botbuilder';
import type { Collection, Db } from 'mongodb';

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

/** Conversation references saved on install and on every message; keyed by tenant and conversation. */
export class ConversationStore {
  private readonly conversations: Collection<ConversationDocument>;

  constructor(db: Db) {
    this.conversations = db.collection<ConversationDocument>('conversation_references');
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
    await this.conversations.replaceOne(
      { _id: ConversationStore.id(tenantId, conversationId) },
      {
        tenantId,
        conversationId,
        conversationType: String(conversation.conversationType),
        userId: String(conversation.userId),
        ...(teamId ? { teamId: String(teamId) } : {}),
        ...(teamChannelId ? { teamChannelId: String(teamChannelId) } : {}),
        reference,
        updatedAt: now,
      },
      { upsert: true },
    );
  }

  async get(tenantId: string, conversationId: string): Promise<StoredConversation | undefined> {
    const doc = await this.conversations.findOne({ _id: ConversationStore.id(tenantId, conversationId) });
    if (!doc) return undefined;
    const { _id: _ignored, ...stored } = doc;
    return stored;
  }

  /** The personal (1:1) conversations of a user in a tenant. */
  async personalOf(tenantId: string, userId: string): Promise<StoredConversation[]> {
    const docs = await this.conversations
      .find({ tenantId: String(tenantId), userId: String(userId), conversationType: 'personal' })
      .limit(20)
      .toArray();
    return docs.map(({ _id: _ignored, ...stored }) => stored);
  }
}

/** A channel conversation id without the `;messageid=…` of the thread a message was posted in. */
export function baseConversationId(conversationId: string): string {
  return conversationId.replace(/;messageid=.*$/i, '');
}
