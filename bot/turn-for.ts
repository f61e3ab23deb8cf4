import { randomUUID } from 'node:crypto';
import type { TurnContext } from 'botbuilder';
import { resolveLocale } from '../i18n/index.js';
import type { BotDependencies } from './reseller-bot.js';
import { cardLocale, clipName, identify, isShared, NO_TENANT, signInAddress, text } from './caller.js';
import { createTurn, type Turn } from './turn.js';
import { isVerb, traitsOf, type VerbTraits } from './verbs.js';

/** What a turn is built from. */
export type TurnSources = Pick<
  BotDependencies,
  'services' | 'preferences' | 'members' | 'exportLinks' | 'logger' | 'newKey'
>;

/**
 * Who is talking, in which tenant, conversation and language. The language: Chinese for a
 * command typed in Chinese; else the language the clicked card was rendered in; else the user's
 * choice; else the Teams client's. Teams is asked about the caller only when the activity lacks
 * a name, or the verb answers an invitation (which needs the sign-in address).
 */
export async function turnFor(
  deps: TurnSources,
  context: TurnContext,
  how: {
    chinese?: boolean;
    verb?: unknown;
    data?: Record<string, unknown>;
    /** The traits of a turn that is no verb (the typeahead search); else the verb's. */
    traits?: VerbTraits;
  } = {},
): Promise<Turn> {
  const activity = context.activity;
  const caller = identify(activity);
  // run() lets no activity without a caller through.
  if (!caller) throw new Error('a turn without an Entra user');
  const { tenantId, userId } = caller;
  const named = clipName(activity.from?.name);
  const traits = how.traits ?? (isVerb(how.verb) ? traitsOf(how.verb) : undefined);
  const needsAddress = traits?.asResellerUser === true;
  const member = needsAddress || !named ? await deps.members.member(context) : undefined;
  const displayName = named ?? clipName(member?.name);
  const email = signInAddress(member?.signInName);
  const actor = { tenantId, agentId: userId, ...(displayName ? { displayName } : {}) };
  // An agent's turn reads their roles (buttons, checks) and, unless the verb is answered
  // without it, their provider: both started now, beside the language read.
  if (!needsAddress && tenantId !== NO_TENANT) {
    deps.services.access.prefetchCaller(actor, { provider: traits?.withoutProvider !== true });
    if (traits?.listsResellers) deps.services.relationships.prepareList(actor);
  }
  const locale = how.chinese
    ? 'zh-CN'
    : (cardLocale(how.data) ??
      (await deps.preferences.getLocale(tenantId, userId)) ??
      resolveLocale(activity.locale));
  return createTurn({
    actor,
    resellerUser: {
      userId,
      ...(tenantId !== NO_TENANT ? { entraTenantId: tenantId } : {}),
      ...(email ? { email } : {}),
      ...(displayName ? { name: displayName } : {}),
    },
    shared: isShared(activity.conversation),
    conversation: {
      id: text(activity.conversation?.id) ?? '',
      type: text(activity.conversation?.conversationType) ?? 'personal',
      ...(clipName(activity.channelData?.channel?.name)
        ? { name: clipName(activity.channelData?.channel?.name) }
        : {}),
    },
    locale,
    services: deps.services,
    preferences: deps.preferences,
    exportLinks: deps.exportLinks,
    log: deps.logger.child({ turnId: activity.id, conversationId: activity.conversation?.id }),
    newKey: deps.newKey ?? randomUUID,
  });
}
