import { randomUUID } from 'node:crypto';
import {
  CardFactory,
  TeamsActivityHandler,
  TurnContext,
  type Activity,
  type AdaptiveCardInvokeResponse,
  type AdaptiveCardInvokeValue,
  type InvokeResponse,
  type SearchInvokeResponse,
  type SearchInvokeValue,
} from 'botbuilder';
import { noticeCard } from '../cards/notice.js';
import type { CardJson } from '../cards/render.js';
import type { StoredConversation } from '../data/conversations/conversation-store.js';
import { resolveLocale } from '../i18n/index.js';
import type { Services } from '../services/index.js';
import type { Logger } from '../services/logger.js';
import type { ExportLinks } from '../web/export-link.js';
import { parseCommand } from './commands.js';
import { searchResellers } from './handlers/search.js';
import type { MemberLookup } from './members.js';
import { INVALID_ACTION } from './route.js';
import { dispatch, type Outcome } from './router.js';
import { createTurn, type LocalePreferences, type Turn } from './turn.js';

/** Stands for "no tenant in the activity": never a provider, so provider-scoped calls answer provider_unknown. */
export const NO_TENANT = 'no-tenant';
const CARD_TYPE = 'application/vnd.microsoft.card.adaptive';
const ERROR_TYPE = 'application/vnd.microsoft.error';

/** Where conversation references go (data/conversations in production). */
export interface ConversationRecorder {
  save(conversation: Omit<StoredConversation, 'updatedAt'>): Promise<void>;
}

export interface BotDependencies {
  services: Services;
  preferences: LocalePreferences;
  conversations: ConversationRecorder;
  members: MemberLookup;
  /** Signs the audit CSV download links (one secret for every instance). */
  exportLinks: ExportLinks;
  logger: Logger;
  /** Fresh idempotency keys for rendered card actions; tests pass a predictable one. */
  newKey?: () => string;
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
const text = (value: unknown): string | undefined => (typeof value === 'string' && value ? value : undefined);

/**
 * The Teams bot. It stays thin: it finds out who is talking (tenant, user, language), maps the
 * message or card action to one verb, and sends the card the verb's handler answers with.
 */
export class ResellerBot extends TeamsActivityHandler {
  constructor(private readonly deps: BotDependencies) {
    super();
    this.onMessage(async (context, next) => {
      await this.remember(context);
      await this.handleMessage(context);
      await next();
    });
    this.onInstallationUpdateAdd(async (context, next) => {
      await this.remember(context);
      await next();
    });
    this.onMembersAdded(async (context, next) => {
      await this.remember(context);
      const botAdded = (context.activity.membersAdded ?? []).some(
        (m) => m.id === context.activity.recipient?.id,
      );
      if (botAdded) {
        const turn = await this.turnFor(context);
        await this.answer(context, turn, await dispatch(turn, 'help.show', {}), 'send');
      }
      await next();
    });
  }

  /** A forged `adaptiveCard/action` without an action object gets a clean 400, not a crash. */
  protected override async onInvokeActivity(context: TurnContext): Promise<InvokeResponse> {
    if (context.activity.name === 'adaptiveCard/action' && !isRecord(context.activity.value?.action)) {
      const turn = await this.turnFor(context);
      return { status: 400, body: errorResponse(INVALID_ACTION, turn.ui.t('bot.invalidAction')) };
    }
    return super.onInvokeActivity(context);
  }

  /** Action.Execute: the answer replaces the card in place; a refusal leaves it as it was. */
  protected override async onAdaptiveCardInvoke(
    context: TurnContext,
    invokeValue: AdaptiveCardInvokeValue,
  ): Promise<AdaptiveCardInvokeResponse> {
    const turn = await this.turnFor(context);
    const data = isRecord(invokeValue.action.data) ? invokeValue.action.data : {};
    const outcome = await dispatch(turn, invokeValue.action.verb, data);
    if (outcome.kind === 'error') return errorResponse(outcome.code, outcome.message);
    if (outcome.reply.also?.length) await context.sendActivities(outcome.reply.also);
    return { statusCode: 200, type: CARD_TYPE, value: outcome.reply.card };
  }

  protected override async onSearchInvoke(
    context: TurnContext,
    invokeValue: SearchInvokeValue,
  ): Promise<SearchInvokeResponse> {
    return searchResellers(await this.turnFor(context), invokeValue);
  }

  private async handleMessage(context: TurnContext): Promise<void> {
    const value: unknown = context.activity.value;
    if (isRecord(value) && 'verb' in value) {
      // Action.Submit (clients without Universal Actions): the same verb table as Action.Execute.
      const turn = await this.turnFor(context);
      const outcome = await dispatch(turn, value.verb, value);
      await this.answer(context, turn, outcome, context.activity.replyToId ? 'update' : 'send');
      return;
    }
    const typed = TurnContext.removeRecipientMention(context.activity) ?? context.activity.text ?? '';
    const command = parseCommand(typed);
    const turn = await this.turnFor(context, command.chinese);
    await this.answer(context, turn, await dispatch(turn, command.verb, command.payload), 'send');
  }

  /** Sends the outcome: a card (new, or replacing the clicked one), or the refusal as a notice. */
  private async answer(
    context: TurnContext,
    turn: Turn,
    outcome: Outcome,
    mode: 'send' | 'update',
  ): Promise<void> {
    if (outcome.kind === 'error') {
      const title = turn.ui.t('bot.refusedTitle');
      await context.sendActivity(cardMessage(noticeCard({ tone: 'error', title, text: outcome.message })));
      return;
    }
    const message = cardMessage(outcome.reply.card);
    if (mode === 'update' && context.activity.replyToId) {
      await context.updateActivity({ ...message, id: context.activity.replyToId });
    } else {
      await context.sendActivity(message);
    }
    if (outcome.reply.also?.length) await context.sendActivities(outcome.reply.also);
  }

  /** Who is talking, in which tenant and language; `chinese` when the command was typed in Chinese. */
  private async turnFor(context: TurnContext, chinese = false): Promise<Turn> {
    const activity = context.activity;
    const { tenantId, userId } = identify(activity);
    const displayName = text(activity.from?.name) ?? (await this.deps.members.displayName(context));
    const preferred = await this.deps.preferences.getLocale(tenantId, userId);
    return createTurn({
      actor: { tenantId, agentId: userId, ...(displayName ? { displayName } : {}) },
      resellerUser: {
        userId,
        ...(tenantId !== NO_TENANT ? { entraTenantId: tenantId } : {}),
        ...(displayName ? { name: displayName } : {}),
      },
      locale: chinese ? 'zh-CN' : (preferred ?? resolveLocale(activity.locale)),
      services: this.deps.services,
      preferences: this.deps.preferences,
      exportLinks: this.deps.exportLinks,
      log: this.deps.logger.child({ turnId: activity.id, conversationId: activity.conversation?.id }),
      newKey: this.deps.newKey ?? randomUUID,
    });
  }

  /** Keeps the conversation reference for notifications; a failure here must not lose the turn. */
  private async remember(context: TurnContext): Promise<void> {
    const activity = context.activity;
    const { tenantId, userId } = identify(activity);
    if (!activity.conversation?.id) return;
    try {
      await this.deps.conversations.save({
        tenantId,
        conversationId: activity.conversation.id,
        conversationType: text(activity.conversation.conversationType) ?? 'personal',
        userId,
        reference: TurnContext.getConversationReference(activity),
      });
    } catch (error) {
      this.deps.logger.warn({ err: error, turnId: activity.id }, 'could not save the conversation reference');
    }
  }
}

/** Tenant from Teams channel data (else the conversation), user from the Entra object id (else the channel id). */
export function identify(activity: Partial<Activity>): { tenantId: string; userId: string } {
  const channelTenant: unknown = activity.channelData?.tenant?.id;
  return {
    tenantId: text(channelTenant) ?? text(activity.conversation?.tenantId) ?? NO_TENANT,
    userId: text(activity.from?.aadObjectId) ?? text(activity.from?.id) ?? 'unknown-user',
  };
}

function cardMessage(card: CardJson): Partial<Activity> {
  return { type: 'message', attachments: [CardFactory.adaptiveCard(card)] };
}

function errorResponse(code: string, message: string): AdaptiveCardInvokeResponse {
  return { statusCode: 400, type: ERROR_TYPE, value: { code, message } };
}
