import type { Locale } from '../i18n/index.js';
import type { Verb } from './verbs.js';

/** A typed command, resolved to the card verb that answers it. */
export interface ParsedCommand {
  verb: Verb;
  payload: Record<string, unknown>;
  /** The command was typed in Chinese: answer in Chinese whatever the Teams locale. */
  chinese: boolean;
  /** The alias the user typed, for an answer about what followed it. */
  alias?: string;
}

interface CommandSpec {
  en: readonly string[];
  zh: readonly string[];
  toAction(args: string[]): { verb: Verb; payload: Record<string, unknown> };
}

const TOKEN = /^[A-Za-z0-9_-]{43}$/;
/** A pasted invitation link (or any text holding one). */
const INVITE_LINK = /\/invite\/([A-Za-z0-9_-]{43})(?![A-Za-z0-9_-])/;
const CJK = /[\u3400-\u9fff]/;
/** How much of what the user typed an answer repeats. */
const MAX_ECHO = 40;
/** The most edits (letters added, dropped or changed) a typo may have to get a suggestion. */
const MAX_TYPO_EDITS = 2;

/** A Map, not an object: `language constructor` must not find `Object.prototype.constructor`. */
const LANGUAGE_WORDS: ReadonlyMap<string, Locale> = new Map([
  ['zh-cn', 'zh-CN'],
  ['zh', 'zh-CN'],
  ['chinese', 'zh-CN'],
  ['中文', 'zh-CN'],
  ['简体中文', 'zh-CN'],
  ['en-us', 'en-US'],
  ['en', 'en-US'],
  ['english', 'en-US'],
  ['英文', 'en-US'],
  ['英语', 'en-US'],
]);

const act = (verb: Verb, payload: Record<string, unknown> = {}) => ({ verb, payload });

/** The command table: English and Chinese words for each command, and the verb it maps to. */
export const COMMANDS: Record<string, CommandSpec> = {
  help: { en: ['help', '?'], zh: ['帮助'], toAction: () => act('help.show') },
  resellers: {
    en: ['resellers', 'reseller'],
    zh: ['经销商'],
    toAction: (args) => act('resellers.list', { include: 'active', page: 0, query: args.join(' ') }),
  },
  invite: {
    en: ['invite', 'request'],
    zh: ['请求合作关系', '邀请'],
    toAction: ([first]) =>
      first && TOKEN.test(first)
        ? act('invitation.open', { token: first })
        : act('request.start', first ? { partnerId: first } : {}),
  },
  pending: {
    en: ['pending'],
    zh: ['待处理'],
    toAction: () => act('resellers.list', { include: 'pending', page: 0 }),
  },
  subscription: {
    en: ['subscription', 'sub'],
    zh: ['订阅'],
    toAction: ([customerId, subscriptionId]) =>
      customerId && subscriptionId
        ? act('picker.open', { customerId, subscriptionId, purpose: 'resellerOfRecord' })
        : customerId
          ? act('customer.subscriptions', { customerId })
          : act('customers.list', { page: 0 }),
  },
  customers: {
    en: ['customers', 'customer'],
    zh: ['客户'],
    toAction: () => act('customers.list', { page: 0 }),
  },
  remove: {
    en: ['remove'],
    zh: ['删除'],
    toAction: ([partnerId]) =>
      partnerId ? act('removal.start', { partnerId }) : act('resellers.list', { include: 'active', page: 0 }),
  },
  audit: { en: ['audit'], zh: ['审核'], toAction: () => act('audit.page') },
  listing: { en: ['listing'], zh: ['列表'], toAction: () => act('listing.show') },
  notifications: {
    en: ['notifications', 'notification'],
    zh: ['通知'],
    toAction: ([word]) =>
      act(
        word?.toLowerCase() === 'failed' || word === '失败' ? 'notifications.failed' : 'notifications.show',
      ),
  },
  role: { en: ['role', 'whoami'], zh: ['角色'], toAction: () => act('role.show') },
  roles: { en: ['roles', 'agents'], zh: ['角色管理', '代理'], toAction: () => act('roles.manage') },
  language: {
    en: ['language', 'lang'],
    zh: ['语言'],
    toAction: ([word]) => {
      const locale = word ? LANGUAGE_WORDS.get(word.toLowerCase()) : undefined;
      if (locale) return act('language.set', { locale });
      return act('language.show', word ? { requested: word.slice(0, MAX_ECHO) } : {});
    },
  },
};

/** Every alias, longest first, so `请求合作关系` wins over a shorter prefix. */
const ALIASES = Object.values(COMMANDS)
  .flatMap((spec) => [
    ...spec.en.map((alias) => ({ alias, spec, chinese: false })),
    ...spec.zh.map((alias) => ({ alias, spec, chinese: true })),
  ])
  .sort((a, b) => b.alias.length - a.alias.length);

/** Maps what the user typed (mentions already removed) to one verb; anything else is help. */
export function parseCommand(rawText: string): ParsedCommand {
  const text = rawText.replace(/\s+/g, ' ').trim();
  const link = INVITE_LINK.exec(text);
  if (link?.[1]) return { verb: 'invitation.open', payload: { token: link[1] }, chinese: CJK.test(text) };
  const lower = text.toLowerCase();
  for (const { alias, spec, chinese } of ALIASES) {
    // Chinese is written without spaces, so `删除1000001` is `删除 1000001`.
    const matches = lower === alias || lower.startsWith(`${alias} `) || (chinese && lower.startsWith(alias));
    if (!matches) continue;
    const args = text.slice(alias.length).trim().split(' ').filter(Boolean);
    return { ...spec.toAction(args), chinese, alias };
  }
  const chinese = CJK.test(text);
  if (!text) return { verb: 'help.show', payload: {}, chinese };
  // Not a command: say so, and offer the closest one when the first word looks like a typo of it.
  const suggestion = closestAlias(text.split(' ')[0] ?? '');
  const typed = text.length > MAX_ECHO ? `${text.slice(0, MAX_ECHO - 1)}…` : text;
  return {
    verb: 'help.show',
    payload: { typed, ...(suggestion ? { suggestion } : {}) },
    chinese: chinese || (suggestion !== undefined && CJK.test(suggestion)),
  };
}

/** The alias nearest to a mistyped word, within a few edits (none for words far from every alias). */
function closestAlias(word: string): string | undefined {
  const lower = word.toLowerCase();
  if (lower.length < 2) return undefined;
  let best: { alias: string; distance: number } | undefined;
  for (const { alias } of ALIASES) {
    if (alias.length < 2) continue;
    const distance = editDistance(lower, alias);
    const allowed = Math.min(MAX_TYPO_EDITS, Math.floor(Math.max(alias.length, lower.length) / 3));
    if (distance <= allowed && (!best || distance < best.distance)) best = { alias, distance };
  }
  return best?.alias;
}

/** Levenshtein distance, with a swap of two neighbours counted as one edit. */
function editDistance(a: string, b: string): number {
  const rows = Array.from({ length: a.length + 1 }, (_, i) =>
    Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  );
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const row = rows[i] as number[];
      const up = (rows[i - 1] as number[])[j] as number;
      const diagonal = (rows[i - 1] as number[])[j - 1] as number;
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let value = Math.min(up + 1, (row[j - 1] as number) + 1, diagonal + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        value = Math.min(value, ((rows[i - 2] as number[])[j - 2] as number) + 1);
      row[j] = value;
    }
  }
  return (rows[a.length] as number[])[b.length] as number;
}
