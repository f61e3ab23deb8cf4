// The package's index types pull in adaptivecards' TypeScript sources; the engine's own types do not.
import { Template } from 'adaptivecards-templating/lib/template-engine.js';
import type { Verb } from '../bot/verbs.js';
import type { Locale, Translate } from '../i18n/index.js';

/** An Adaptive Card as sent to Teams. */
export interface CardJson {
  type: 'AdaptiveCard';
  version: string;
  body: unknown[];
  [property: string]: unknown;
}

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
  data: { verb: Verb; actionId: string } & Record<string, string | number | boolean>;
}

/**
 * A button's template data. Every rendered action carries a fresh `actionId`, which mutating
 * verbs pass to the service as the idempotency key: a double click or a redelivered activity
 * changes nothing twice.
 */
export function action(
  ui: Ui,
  verb: Verb,
  title: string,
  data: Record<string, string | number | boolean> = {},
  style: CardAction['style'] = 'default',
): CardAction {
  return { verb, title, style, data: { ...data, verb, actionId: ui.newKey() } };
}

/** Expands a JSON template with its data; the template itself holds no user-facing text. */
export function expand(template: object, data: object): CardJson {
  return new Template(template).expand({ $root: data }) as CardJson;
}

/** The error or notice line most cards can show on top. */
export function banner(text: string | undefined): { show: boolean; text: string } {
  return { show: Boolean(text), text: text ?? '' };
}
