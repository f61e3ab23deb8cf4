// The package's index types pull in adaptivecards' TypeScript sources; the engine's own types do not.
import { Template } from 'adaptivecards-templating/lib/template-engine.js';
import type { Verb } from '../bot/verbs.js';
import type { Locale, Params, Translate } from '../i18n/index.js';

/** An Adaptive Card as sent to Teams. */
export interface CardJson {
  type: 'AdaptiveCard';
  version: string;
  body: unknown[];
  [property: string]: unknown;
}

/** Teams refuses a card in a message larger than this. */
export const MAX_CARD_BYTES = 28 * 1024;

/** What every card builder needs besides its domain data: the language, and fresh action ids. */
export interface Ui {
  locale: Locale;
  t: Translate;
  /** A fresh idempotency key for one rendered action (a uuid in production). */
  newKey(): string;
}

/** One button as a template binds it: `verb`, `title` and the `data` echoed back on a click. */
export interface CardAction {
  verb: Verb;
  title: string;
  style: 'default' | 'positive' | 'destructive';
  data: { verb: Verb; actionId: string; lang: Locale } & Record<string, string | number | boolean>;
}

/**
 * A button's template data. Every rendered action carries a fresh `actionId`, which mutating
 * verbs pass to the service as the idempotency key: a double click or a redelivered activity
 * changes nothing twice. `lang` is the language the card was shown in, so that the answer to a
 * click comes in the same language.
 */
export function action(
  ui: Ui,
  verb: Verb,
  title: string,
  data: Record<string, string | number | boolean> = {},
  style: CardAction['style'] = 'default',
): CardAction {
  return { verb, title, style, data: { ...data, verb, actionId: ui.newKey(), lang: ui.locale } };
}

/**
 * Parsed templates, one per template module (the imported JSON objects live as long as the
 * process). Parsing a template's expressions cost about a fifth of the bot's CPU when it was done
 * for every card; `expand` is synchronous and leaves the parsed template as it was, so one
 * instance serves every turn.
 */
const parsed = new WeakMap<object, Template>();

/** Expands a JSON template with its data; the template itself holds no user-facing text. */
export function expand(template: object, data: object): CardJson {
  let prepared = parsed.get(template);
  if (!prepared) {
    prepared = new Template(template);
    parsed.set(template, prepared);
  }
  return prepared.expand({ $root: data }) as CardJson;
}

/** The error or notice line most cards can show on top. */
export function banner(text: string | undefined): { show: boolean; text: string } {
  return { show: Boolean(text), text: text ?? '' };
}

/** Bytes of a card as sent (UTF-8 JSON). */
export function cardBytes(card: CardJson): number {
  return Buffer.byteLength(JSON.stringify(card), 'utf8');
}

const MARKDOWN_CHARACTERS = /[\\[\]()*_~`>#]/g;
/** A list marker at the start of a line: `-`, `+`, or a number and a dot. */
const LIST_MARKER = /^(\s*)([-+]|\d+(?=\.))/gm;

/**
 * A value from outside (a reseller's or provider's name, a user's display name, a company name,
 * an e-mail address) made literal for a TextBlock or a FactSet value, which Teams renders as
 * Markdown: without this, a reseller named `[Re-verify](https://evil.example)` would put a link
 * on the provider's card. Not for inputs' values, choice titles or action titles (plain text).
 */
export function plain(value: string): string {
  return value
    .replace(MARKDOWN_CHARACTERS, '\\$&')
    .replace(LIST_MARKER, (_whole, indent: string, marker: string) =>
      /\d/.test(marker) ? `${indent}${marker}\\` : `${indent}\\${marker}`,
    );
}

/** The parameters of a message with every text made literal (numbers stay numbers). */
export function plainParams(params: Params): Params {
  return Object.fromEntries(
    Object.entries(params).map(([name, value]) => [name, typeof value === 'string' ? plain(value) : value]),
  );
}

/**
 * The translate function of the card builders: the catalogue's text (which may use Markdown)
 * with every parameter made literal, since parameters carry names and addresses from outside.
 * Values put on a card without a message go through `plain()`.
 */
export function cardText(ui: Ui): Translate {
  return (key, params) => ui.t(key, params && plainParams(params));
}
