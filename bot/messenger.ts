import {
  CardFactory,
  type CloudAdapter,
  type ConversationParameters,
  type ConversationReference,
  TurnContext,
} from 'botbuilder';
import type { StoredConversation } from '../data/conversations/conversation-store.js';
import type { Messenger, NewChatTarget, SendOutcome } from '../services/notifications/messenger.js';

const TRANSIENT = new Set([408, 412, 500, 502, 503, 504]);
/** Network failures Node reports by code: the connector may never have seen the request. */
const NETWORK = /ECONNRESET|ECONNREFUSED|ETIMEDOUT|EPIPE|socket hang up|ENOTFOUND|EAI_AGAIN|UND_ERR/i;

/**
 * Sends notification cards with the CloudAdapter: `continueConversationAsync` with a stored
 * reference, or `createConversationAsync` to open a 1:1 chat (app credentials only), as
 * https://learn.microsoft.com/en-us/microsoftteams/platform/bots/how-to/conversations/send-proactive-messages
 * describes. Errors become outcomes; nothing here retries (the worker decides).
 */
export class CloudAdapterMessenger implements Messenger {
  readonly startChat?: Messenger['startChat'];

  constructor(
    private readonly adapter: CloudAdapter,
    private readonly appId: string,
    private readonly options: { timeoutMs: number },
  ) {
    if (appId) this.startChat = (target, card) => this.createChat(target, card);
  }

  async send(conversation: StoredConversation, card: unknown): Promise<SendOutcome> {
    const reference = conversation.reference as Partial<ConversationReference>;
    return this.guard(async () => {
      let activityId: string | undefined;
      await this.adapter.continueConversationAsync(this.appId, reference, async (context) => {
        withoutRetries(context.turnState.get(this.adapter.ConnectorClientKey));
        const sent = await context.sendActivity(message(card));
        activityId = sent?.id;
      });
      return { kind: 'sent', ...(activityId ? { activityId } : {}) };
    });
  }

  private async createChat(
    target: NewChatTarget,
    card: unknown,
  ): Promise<SendOutcome & { conversation?: StoredConversation }> {
    let created: StoredConversation | undefined;
    const parameters = {
      isGroup: false,
      bot: { id: this.appId, name: '' },
      members: [{ id: target.userId, name: '' }],
      tenantId: target.tenantId,
      channelData: { tenant: { id: target.tenantId } },
    } as unknown as ConversationParameters;
    const outcome = await this.guard(async () => {
      await this.adapter.createConversationAsync(
        this.appId,
        'msteams',
        target.serviceUrl,
        '',
        parameters,
        async (context) => {
          withoutRetries(context.turnState.get(this.adapter.ConnectorClientKey));
          const reference = TurnContext.getConversationReference(context.activity);
          const conversationId = String(reference.conversation?.id ?? '');
          created = {
            tenantId: target.tenantId,
            conversationId,
            conversationType: 'personal',
            userId: target.userId,
            reference,
            updatedAt: new Date(),
          };
          await context.sendActivity(message(card));
        },
      );
      return { kind: 'sent' } as const;
    });
    return created ? { ...outcome, conversation: created } : outcome;
  }

  /** Runs one call against the Bot Connector with a deadline, and classifies how it ended. */
  private async guard(call: () => Promise<SendOutcome>): Promise<SendOutcome> {
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<SendOutcome>((resolve) => {
      timer = setTimeout(() => resolve({ kind: 'transient', reason: 'timeout' }), this.options.timeoutMs);
    });
    try {
      return await Promise.race([call(), deadline]);
    } catch (error) {
      return classify(error);
    } finally {
      clearTimeout(timer);
    }
  }
}

/**
 * The connector client's HTTP pipeline retries 429 and 5xx on its own (Azure core's default
 * retry policy), behind the worker's back: a send the worker gave up on could still arrive later,
 * and Retry-After would be spent inside one attempt. Its retry phase is removed, so that each
 * attempt is one request and the worker alone decides when to try again.
 */
function withoutRetries(client: unknown): void {
  const pipeline = (
    client as { client?: { pipeline?: { removePolicy(options: { phase: string }): unknown } } }
  )?.client?.pipeline;
  pipeline?.removePolicy({ phase: 'Retry' });
}

/** Maps a Bot Connector failure to an outcome (status code, Retry-After in seconds or as a date). */
export function classify(error: unknown): SendOutcome {
  const record = (error ?? {}) as {
    statusCode?: number;
    code?: string;
    message?: string;
    response?: { status?: number; headers?: { get?(name: string): string | undefined } };
  };
  const status = record.statusCode ?? record.response?.status;
  if (status === 429) {
    const retryAfterMs = parseRetryAfter(record.response?.headers?.get?.('retry-after'));
    return { kind: 'throttled', status: 429, ...(retryAfterMs !== undefined ? { retryAfterMs } : {}) };
  }
  if (status === 403 || status === 404) return { kind: 'gone', status };
  if (status !== undefined && TRANSIENT.has(status)) return { kind: 'transient', status };
  if (status !== undefined && status > 0) return { kind: 'failed', status };
  const reason = `${record.code ?? ''} ${record.message ?? ''}`;
  return NETWORK.test(reason) || !status
    ? { kind: 'transient', reason: reason.trim().slice(0, 100) || 'network' }
    : { kind: 'failed', reason: reason.trim().slice(0, 100) };
}

function parseRetryAfter(value: string | undefined): number | undefined {
  if (!value) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now());
}

function message(card: unknown) {
  return { type: 'message' as const, attachments: [CardFactory.adaptiveCard(card)] };
}
