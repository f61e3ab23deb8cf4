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
  type TaskModuleRequest,
  type TaskModuleResponse,
} from 'botbuilder';
import { noticeCard } from '../cards/notice.js';
import type { CardJson } from '../cards/render.js';
import type { StoredConversation } from '../data/conversations/conversation-store.js';
import { translate, type MessageKey } from '../i18n/index.js';
import type { Services } from '../services/index.js';
import type { Logger } from '../services/logger.js';
import type { ExportLinks } from '../web/export-link.js';
import {
  CHANNEL_NOT_SUPPORTED,
  identify,
  isRecord,
  plainLocale,
  TEAMS_CHANNEL,
  teamsPlace,
  text,
  WORK_ACCOUNT_REQUIRED,
} from './caller.js';
import { parseCommand } from './commands.js';
import { draftDialogSubmitted, openDraftDialog, type DraftDialogs } from './handlers/draft-dialog.js';
import { searchResellers } from './handlers/search.js';
import type { MemberLookup } from './members.js';
import { INVALID_ACTION } from './route.js';
import { dispatch, type Outcome } from './router.js';
import { type LocalePreferences, type Turn } from './turn.js';
import { turnFor } from './turn-for.js';

const CARD_TYPE = 'application/vnd.microsoft.card.adaptive';
const ERROR_TYPE = 'application/vnd.microsoft.error';
const WORK_ACCOUNT_KEY: MessageKey = 'bot.workAccountRequired';

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
  /** Opens the e-mail draft dialog (task/fetch); without it the dialog action answers "invalid action". */
  dialogs?: DraftDialogs;
}

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
        const turn = await turnFor(this.deps, context, { verb: 'help.show' });
        await this.answer(context, turn, await dispatch(turn, 'help.show', {}), 'send');
      }
      await next();
    });
  }

  /**
   * Only Teams vouches for the tenant and user an activity names: anything from another channel
   * (Direct Line, Web Chat, the Emulator) is ignored, and a caller without an Entra object id is
   * asked to sign in with a work account. Nothing else runs for them, not even the reference save.
   */
  override async run(context: TurnContext): Promise<void> {
    const activity = context.activity;
    if (activity.channelId !== TEAMS_CHANNEL) {
      this.deps.logger.warn(
        { channelId: activity.channelId, type: activity.type, turnId: activity.id },
        'activity from another channel than Teams ignored',
      );
      if (activity.type === 'invoke') await refuseInvoke(context, CHANNEL_NOT_SUPPORTED, 'bot.invalidAction');
      return;
    }
    if (!identify(activity)) {
      this.deps.logger.info({ type: activity.type, turnId: activity.id }, 'activity without an Entra user');
      if (activity.type === 'invoke') {
        await refuseInvoke(context, WORK_ACCOUNT_REQUIRED, WORK_ACCOUNT_KEY);
      } else if (activity.type === 'message') {
        const locale = plainLocale(activity);
        const notice = noticeCard({
          tone: 'error',
          title: translate(locale, 'bot.refusedTitle'),
          text: translate(locale, WORK_ACCOUNT_KEY),
        });
        await context.sendActivity(cardMessage(notice));
      }
      return;
    }
    await super.run(context);
  }

  /** A forged `adaptiveCard/action` without an action object gets a clean 400, not a crash. */
  protected override async onInvokeActivity(context: TurnContext): Promise<InvokeResponse> {
    if (context.activity.name === 'adaptiveCard/action' && !isRecord(context.activity.value?.action)) {
      const turn = await turnFor(this.deps, context);
      return { status: 400, body: errorResponse(INVALID_ACTION, turn.ui.t('bot.invalidAction')) };
    }
    return super.onInvokeActivity(context);
  }

  /** Action.Execute: the answer replaces the card in place; a refusal leaves it as it was. */
  protected override async onAdaptiveCardInvoke(
    context: TurnContext,
    invokeValue: AdaptiveCardInvokeValue,
  ): Promise<AdaptiveCardInvokeResponse> {
    const data = isRecord(invokeValue.action.data) ? invokeValue.action.data : {};
    const { verb } = invokeValue.action;
    const turn = await turnFor(this.deps, context, { verb, data });
    const outcome = await dispatch(turn, verb, data);
    if (outcome.kind === 'error') return errorResponse(outcome.code, outcome.message);
    if (outcome.final && turn.shared) await this.replaceForEveryone(context, turn, outcome.reply.card);
    if (outcome.reply.also?.length) await context.sendActivities(outcome.reply.also);
    return { statusCode: 200, type: CARD_TYPE, value: outcome.reply.card };
  }

  /**
   * The invoke answer refreshes only the clicker's view of the card: in a group chat or channel
   * the others would go on clicking a card whose action is over, so the message itself is
   * replaced. Best effort: the action is done whether or not Teams takes the update.
   */
  private async replaceForEveryone(context: TurnContext, turn: Turn, card: CardJson): Promise<void> {
    const messageId = context.activity.replyToId;
    if (!messageId) return;
    try {
      await context.updateActivity({ ...cardMessage(card), id: messageId });
    } catch (error) {
      turn.log.warn({ err: error, messageId }, 'could not replace the shared card');
    }
  }

  /** task/fetch: the e-mail draft dialog, from the draft card's "Edit in a dialog". */
  protected override async handleTeamsTaskModuleFetch(
    context: TurnContext,
    request: TaskModuleRequest,
  ): Promise<TaskModuleResponse> {
    const data = isRecord(request.data) ? request.data : {};
    return openDraftDialog(await turnFor(this.deps, context, { data }), data, this.deps.dialogs);
  }

  protected override async handleTeamsTaskModuleSubmit(context: TurnContext): Promise<TaskModuleResponse> {
    return draftDialogSubmitted(await turnFor(this.deps, context));
  }

  protected override async onSearchInvoke(
    context: TurnContext,
    invokeValue: SearchInvokeValue,
  ): Promise<SearchInvokeResponse> {
    return searchResellers(
      await turnFor(this.deps, context, { traits: { listsResellers: true } }),
      invokeValue,
    );
  }

  private async handleMessage(context: TurnContext): Promise<void> {
    const value: unknown = context.activity.value;
    if (isRecord(value) && 'verb' in value) {
      // Action.Submit (clients without Universal Actions): the same verb table as Action.Execute.
      const turn = await turnFor(this.deps, context, { verb: value.verb, data: value });
      const outcome = await dispatch(turn, value.verb, value);
      await this.answer(context, turn, outcome, context.activity.replyToId ? 'update' : 'send');
      return;
    }
    const text = TurnContext.removeRecipientMention(context.activity) ?? context.activity.text ?? '';
    const command = parseCommand(text);
    const turn = await turnFor(this.deps, context, { chinese: command.chinese, verb: command.verb });
    const typed = command.alias !== undefined ? { alias: command.alias } : undefined;
    await this.answer(context, turn, await dispatch(turn, command.verb, command.payload, typed), 'send');
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
      await context.sendActivity(cardMessage(noticeCard({ tone: 'error', title, text: outcome.cardText })));
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

  /** Keeps the conversation reference for notifications; a failure here must not lose the turn. */
  private async remember(context: TurnContext): Promise<void> {
    const activity = context.activity;
    const caller = identify(activity);
    if (!caller || !activity.conversation?.id) return;
    try {
      await this.deps.conversations.save({
        tenantId: caller.tenantId,
        conversationId: activity.conversation.id,
        conversationType: text(activity.conversation.conversationType) ?? 'personal',
        userId: caller.userId,
        ...teamsPlace(activity),
        reference: TurnContext.getConversationReference(activity),
      });
    } catch (error) {
      this.deps.logger.warn({ err: error, turnId: activity.id }, 'could not save the conversation reference');
    }
  }
}

function cardMessage(card: CardJson): Partial<Activity> {
  return { type: 'message', attachments: [CardFactory.adaptiveCard(card)] };
}

function errorResponse(code: string, message: string): AdaptiveCardInvokeResponse {
  return { statusCode: 400, type: ERROR_TYPE, value: { code, message } };
}

/** Answers an invoke with 403 and a card-level error, in the language of the card or client. */
async function refuseInvoke(context: TurnContext, code: string, key: MessageKey): Promise<void> {
  const message = translate(plainLocale(context.activity), key);
  const body = { statusCode: 403, type: ERROR_TYPE, value: { code, message } };
  await context.sendActivity({ type: 'invokeResponse', value: { status: 403, body } });
}
