import type { Activity } from 'botbuilder';
import { LOCALES, resolveLocale, type Locale } from '../i18n/index.js';

/** The only channel the bot answers: Teams vouches for the tenant and the user it sends. */
export const TEAMS_CHANNEL = 'msteams';
/** Stands for "no tenant in the activity": never a provider, so provider-scoped calls answer provider_unknown. */
export const NO_TENANT = 'no-tenant';
/** The code an invoke from another channel than Teams answers with (403). */
export const CHANNEL_NOT_SUPPORTED = 'channel_not_supported';
/** The code an invoke without an Entra user answers with (403). */
export const WORK_ACCOUNT_REQUIRED = 'work_account_required';

/** The services' limit for a display name; Entra allows longer ones. */
const MAX_NAME = 200;
/** The services' limit for a sign-in address. */
const MAX_ADDRESS = 320;

export const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
export const text = (value: unknown): string | undefined =>
  typeof value === 'string' && value ? value : undefined;

/**
 * The tenant (Teams channel data, else the conversation) and the person (their Entra object id).
 * Undefined without an object id: the channel account id is no identity, and a user without a
 * work or school account is no agent of any organisation.
 */
export function identify(activity: Partial<Activity>): { tenantId: string; userId: string } | undefined {
  const userId = text(activity.from?.aadObjectId);
  if (!userId) return undefined;
  const channelTenant: unknown = activity.channelData?.tenant?.id;
  return { tenantId: text(channelTenant) ?? text(activity.conversation?.tenantId) ?? NO_TENANT, userId };
}

/** A display name the services accept: cut to 200 characters, never in the middle of a character. */
export function clipName(value: unknown): string | undefined {
  const name = text(value)?.trim();
  if (!name) return undefined;
  if (name.length <= MAX_NAME) return name;
  const cut = name.slice(0, MAX_NAME);
  return /[\uD800-\uDBFF]$/.test(cut) ? cut.slice(0, -1) : cut;
}

/** A sign-in address worth passing on; anything longer than an address can be is dropped, not cut. */
export function signInAddress(value: unknown): string | undefined {
  const address = text(value)?.trim();
  return address && address.length <= MAX_ADDRESS && address.includes('@') ? address : undefined;
}

/** The data a clicked card action sends: `action.data` of an Action.Execute, the value of a Submit. */
export function actionData(activity: Partial<Activity>): Record<string, unknown> | undefined {
  const value: unknown = activity.value;
  if (!isRecord(value)) return undefined;
  if (activity.type === 'invoke') {
    if (activity.name !== 'adaptiveCard/action' || !isRecord(value.action)) return undefined;
    return isRecord(value.action.data) ? value.action.data : undefined;
  }
  return activity.type === 'message' && 'verb' in value ? value : undefined;
}

/** The language a card was rendered in (`lang` in its actions' data), if it names one the bot speaks. */
export function cardLocale(data: Record<string, unknown> | undefined): Locale | undefined {
  const lang = data?.lang;
  return LOCALES.find((locale) => locale === lang);
}

/** The language of an answer given before the user is known: the card's, else the Teams client's. */
export function plainLocale(activity: Partial<Activity>): Locale {
  return cardLocale(actionData(activity)) ?? resolveLocale(activity.locale);
}

/** Group chats and channels: everyone in them sees the bot's answers. */
export function isShared(conversation: Partial<Activity>['conversation']): boolean {
  const type = text(conversation?.conversationType);
  if (type) return type !== 'personal';
  return conversation?.isGroup === true;
}

/** Where a channel conversation lives in Teams (absent in personal and group chats). */
export function teamsPlace(activity: Partial<Activity>): { teamId?: string; teamChannelId?: string } {
  const teamId = text(activity.channelData?.team?.id);
  const teamChannelId = text(activity.channelData?.channel?.id);
  return { ...(teamId ? { teamId } : {}), ...(teamChannelId ? { teamChannelId } : {}) };
}
