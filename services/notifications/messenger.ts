import type { StoredConversation } from '../../data/conversations/conversation-store.js';

/**
 * What became of one send, classified as Company Communicator does: sent; throttled (429, with
 * Teams' Retry-After); transient (412, 5xx, network errors, timeouts: retried a bounded number
 * of times); gone (403: the bot was blocked or removed; 404: no such conversation); failed
 * (any other refusal: retrying cannot help).
 */
export type SendOutcome =
  | { kind: 'sent'; activityId?: string }
  | { kind: 'throttled'; retryAfterMs?: number; status: 429 }
  | { kind: 'transient'; status?: number; reason?: string }
  | { kind: 'gone'; status: 403 | 404 }
  | { kind: 'failed'; status?: number; reason?: string };

/** A person the bot may start a 1:1 chat with (Teams needs their Entra id and tenant). */
export interface NewChatTarget {
  tenantId: string;
  userId: string;
  /** The Bot Connector endpoint of the tenant (from any stored conversation there). */
  serviceUrl: string;
}

/** Sends a card into a stored conversation (the CloudAdapter in bot/; fakes in tests). */
export interface Messenger {
  send(conversation: StoredConversation, card: unknown): Promise<SendOutcome>;
  /**
   * Creates the 1:1 chat with a person and sends the card there; undefined without app
   * credentials (Teams only lets a registered bot start a chat).
   */
  startChat?(
    target: NewChatTarget,
    card: unknown,
  ): Promise<SendOutcome & { conversation?: StoredConversation }>;
}
