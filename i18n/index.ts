import type { ErrorCode, ErrorParams } from '../services/errors.js';
import { enUS, type MessageKey } from './en-US.js';
import { zhCN } from './zh-CN.js';

export type { MessageKey };

export const LOCALES = ['en-US', 'zh-CN'] as const;
export type Locale = (typeof LOCALES)[number];

const catalogues: Record<Locale, Record<MessageKey, string>> = { 'en-US': enUS, 'zh-CN': zhCN };

/** Teams locales `zh-*` read Simplified Chinese; every other locale reads English. */
export function resolveLocale(teamsLocale: string | undefined): Locale {
  return teamsLocale?.toLowerCase().startsWith('zh') ? 'zh-CN' : 'en-US';
}

export type Params = Record<string, string | number>;

/** The message for a key in a locale, with `{name}` placeholders filled in. */
export function translate(locale: Locale, key: MessageKey, params: Params = {}): string {
  return catalogues[locale][key].replace(/\{(\w+)\}/g, (whole, name: string) =>
    name in params ? String(params[name]) : whole,
  );
}

export type Translate = (key: MessageKey, params?: Params) => string;

/** A translate function bound to one locale, for a turn. */
export function translator(locale: Locale): Translate {
  return (key, params) => translate(locale, key, params);
}

/** The user-facing message of a service refusal. */
export function errorMessage(locale: Locale, code: ErrorCode, params: ErrorParams = {}): string {
  // A bad field is named in the reader's words, never by its internal name.
  if (code === 'invalid_input') {
    const fieldKey = `field.${String(params.field ?? '')
      .split('.')
      .pop()}`;
    return isMessageKey(fieldKey)
      ? translate(locale, 'error.invalid_input_field', { field: translate(locale, fieldKey) })
      : translate(locale, 'error.invalid_input');
  }
  // A relationship status travels as its code; the reader sees it in their language.
  const statusKey = `status.${params.status}`;
  const shown = isMessageKey(statusKey) ? { ...params, status: translate(locale, statusKey) } : params;
  return translate(locale, `error.${code}`, shown);
}

/** True for a key of the catalogue (for labels looked up from stored codes). */
export function isMessageKey(key: string): key is MessageKey {
  return Object.hasOwn(enUS, key);
}

/*
 * One formatter per locale, built once: an Intl.DateTimeFormat costs far more to build than to
 * use, and the audit card formats dozens of dates per turn. Formatters hold no state between calls.
 */
const dateTimeFormats = formatters(
  (locale) =>
    new Intl.DateTimeFormat(locale, {
      year: 'numeric',
      month: 'short',
      day: 'numeric',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
      timeZone: 'UTC',
      timeZoneName: 'short',
    }),
);
const dateFormats = formatters(
  (locale) => new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeZone: 'UTC' }),
);

function formatters(build: (locale: Locale) => Intl.DateTimeFormat): Record<Locale, Intl.DateTimeFormat> {
  return Object.fromEntries(LOCALES.map((locale) => [locale, build(locale)])) as Record<
    Locale,
    Intl.DateTimeFormat
  >;
}

/** A date and time as the locale writes them, in UTC and saying so. */
export function formatDateTime(locale: Locale, date: Date): string {
  return dateTimeFormats[locale].format(date);
}

/** A date as the locale writes it, in UTC (the bot does not know the reader's time zone). */
export function formatDate(locale: Locale, date: Date): string {
  return dateFormats[locale].format(date);
}

export function messageKeys(locale: Locale): string[] {
  return Object.keys(catalogues[locale]);
}
