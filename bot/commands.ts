import type { Locale } from '../i18n/index.js';
import type { Verb } from './verbs.js';

/** A typed command, resolved to the card verb that answers it. */
export interface ParsedCommand {
  verb: Verb;
  payload: Record<string, unknown>;
  /** The command was typed in Chinese: answer in Chinese whatever the Teams locale. */
  chinese: boolean;
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

const LANGUAGE_WORDS: Record<string, Locale> = {
  'zh-cn': 'zh-CN',
  zh: 'zh-CN',
  chinese: 'zh-CN',
  中文: 'zh-CN',
  简体中文: 'zh-CN',
  'en-us': 'en-US',
  en: 'en-US',
  english: 'en-US',
  英文: 'en-US',
  英语: 'en-US',
};

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
  language: {
    en: ['language', 'lang'],
    zh: ['语言'],
    toAction: ([word]) => {
      const locale = word ? LANGUAGE_WORDS[word.toLowerCase()] : undefined;
      return locale ? act('language.set', { locale }) : act('language.show');
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
    return { ...spec.toAction(args), chinese };
  }
  return { verb: 'help.show', payload: {}, chinese: CJK.test(text) };
}
