import { z } from 'zod';
import { LOCALES } from '../i18n/index.js';
import { ROLES } from '../services/access/roles.js';

/*
 * Card data is untrusted: these schemas only check its shape (strings, not objects; bounded
 * lengths). Whether an id exists, belongs to the caller's tenant and is in the right state is
 * decided by the services on every call.
 */
const id = z.string().trim().min(1).max(128);
const text = (max: number) => z.string().max(max);
const optionalText = (max: number) => z.string().max(max).optional();
/** The idempotency key of one rendered action. */
const actionId = z.string().regex(/^[A-Za-z0-9-]{8,64}$/);
/** Input.Toggle answers with its valueOn / valueOff strings. */
const toggle = z
  .enum(['true', 'false'])
  .optional()
  .transform((value) => value === 'true');
const purpose = z.enum(['resellerOfRecord', 'supportContact']);
const link = z.string().regex(/^https?:\/\/\S{1,300}\/invite\/[A-Za-z0-9_-]{43}$/);
/** The request a card was shown for: the services refuse the click once a newer one exists. */
const invitationId = optionalText(64);

/**
 * Every card verb and the shape of its data, declared once: card builders put these verbs in
 * their actions, the command table maps text onto them, and the router is keyed by them.
 */
export const PAYLOADS = {
  /** `typed`: a message that was no command (echoed, as plain text); `suggestion`: the nearest command. */
  'help.show': z.object({ typed: optionalText(40), suggestion: optionalText(40) }),
  'role.show': z.object({}),
  'listing.show': z.object({}),
  /** `requested`: a language the user asked for that the bot does not speak. */
  'language.show': z.object({ requested: optionalText(40) }),
  'language.set': z.object({ locale: z.enum(LOCALES) }),
  'resellers.list': z.object({
    include: z.enum(['active', 'pending']).default('active'),
    page: z.number().int().min(0).max(10_000).default(0),
    query: optionalText(100),
  }),
  'reseller.details': z.object({ partnerId: id }),
  'request.start': z.object({ partnerId: optionalText(64) }),
  'request.create': z.object({ actionId, resellerEmail: text(254), partnerId: optionalText(64) }),
  'draft.review': z.object({ partnerId: id, link, subject: text(300), body: text(10_000) }),
  'draft.copy': z.object({ partnerId: id, link, subject: text(300), body: text(10_000) }),
  'draft.done': z.object({ actionId, partnerId: id, link, subject: text(300), body: text(10_000) }),
  'request.cancel': z.object({ actionId, partnerId: id, invitationId }),
  'request.resend': z.object({ actionId, partnerId: id, invitationId }),
  'invitation.open': z.object({ token: text(64) }),
  'invitation.accept': z.object({ actionId, token: text(64) }),
  'invitation.decline': z.object({ actionId, token: text(64) }),
  'picker.open': z.object({ customerId: id, subscriptionId: id, purpose }),
  'picker.verify': z.object({
    customerId: id,
    subscriptionId: id,
    purpose,
    manualPartnerId: optionalText(64),
  }),
  'picker.submit': z.object({
    actionId,
    customerId: id,
    subscriptionId: id,
    purpose,
    choice: optionalText(64),
  }),
  'customers.list': z.object({ page: z.number().int().min(0).max(10_000).default(0) }),
  'customer.subscriptions': z.object({ customerId: id }),
  'customer.start': z.object({ partnerId: optionalText(64) }),
  'customer.add': z.object({
    actionId,
    companyName: text(200),
    domain: text(253),
    azure: toggle,
    choice: optionalText(64),
    // Who of the customer accepted the Microsoft Customer Agreement; the service validates each field.
    contactFirstName: optionalText(100),
    contactLastName: optionalText(100),
    contactEmail: optionalText(254),
    contactPhone: optionalText(30),
    agreementAttested: toggle,
  }),
  /** Also "Show terms" on the form: the inputs typed so far come along (the offer's terms are shown). */
  'order.start': z.object({
    customerId: id,
    choice: optionalText(64),
    offerId: optionalText(200),
    quantity: optionalText(12).or(z.number().optional()),
    term: optionalText(40),
  }),
  'order.submit': z.object({
    actionId,
    customerId: id,
    choice: optionalText(64),
    offerId: text(200),
    /** `<termDuration>:<billingCycle>`, e.g. P1Y:annual, one of the choices the form offered. */
    term: optionalText(40),
    // Input.Number arrives as a string from some clients; the service checks the number itself.
    quantity: z
      .union([z.number(), z.string().max(12)])
      .transform((value) => (typeof value === 'number' ? value : value.trim() ? Number(value) : Number.NaN)),
  }),
  'removal.start': z.object({ partnerId: id }),
  'removal.confirm': z.object({
    actionId,
    partnerId: id,
    invitationId,
    confirmed: z.literal(true),
    attestation: toggle,
  }),
  'removal.keep': z.object({ partnerId: id }),
  'roles.manage': z.object({}),
  'roles.change': z.object({
    actionId,
    agentId: id,
    role: z.enum(ROLES),
    change: z.enum(['grant', 'revoke']),
  }),
  'roles.add': z.object({
    actionId,
    newAgentId: optionalText(128),
    newName: optionalText(200),
    newRole: optionalText(20),
  }),
  'audit.page': z.object({ cursor: optionalText(300) }),
  'audit.export': z.object({}),
  'notifications.show': z.object({}),
  'notifications.addMe': z.object({ actionId }),
  'notifications.addChannel': z.object({ actionId }),
  'notifications.remove': z.object({ actionId, recipientId: id }),
  'notifications.types': z.object({ recipientId: id }),
  // A multi-select Input.ChoiceSet answers with its values joined by commas.
  'notifications.saveTypes': z.object({ actionId, recipientId: id, types: text(400).default('') }),
  'notifications.failed': z.object({}),
  'notifications.retry': z.object({ actionId, jobId: id }),
  'notifications.dismiss': z.object({ actionId, jobId: id }),
} as const;

export type Verb = keyof typeof PAYLOADS;

/** The verbs, in declaration order. */
export const VERBS = Object.keys(PAYLOADS) as Verb[];

/** The parsed data of a verb's action. */
export type Payload<V extends Verb> = z.output<(typeof PAYLOADS)[V]>;

/** How a verb is handled beyond its data; a flag not listed is off. */
export interface VerbTraits {
  /**
   * Its answer shows a secret link (the invitation link of the e-mail draft, the audit CSV
   * download) or leads only to one: answered in a personal chat with the bot, never in a group
   * chat or channel, where everyone would see the link.
   */
  personalOnly?: true;
  /**
   * A final action with a read-only answer: in a group chat or channel the answer also replaces
   * the clicked message for everyone, not only in the clicker's view.
   */
  final?: true;
  /** Answered as the reseller's user: the bot first asks Teams for the caller's sign-in address. */
  asResellerUser?: true;
  /**
   * Answered without the provider tenant's record (help, the language, a reseller opening an
   * invitation): the bot does not start reading it beside the caller's roles at the turn's start.
   */
  withoutProvider?: true;
  /**
   * Shows the resellers list: the bot starts its catch-up with the feed at the turn's start,
   * beside the caller's other reads (the list shows every change committed before the turn; a
   * write of this process to the provider since, the turn's own included, makes it catch up again).
   */
  listsResellers?: true;
}

const TRAITS: { readonly [V in Verb]?: VerbTraits } = {
  'help.show': { withoutProvider: true },
  'language.show': { withoutProvider: true },
  'language.set': { withoutProvider: true },
  'invitation.open': { withoutProvider: true },
  'resellers.list': { listsResellers: true },
  'picker.open': { listsResellers: true },
  'picker.verify': { listsResellers: true },
  'request.start': { personalOnly: true },
  'request.create': { personalOnly: true },
  'draft.review': { personalOnly: true },
  'draft.copy': { personalOnly: true },
  'draft.done': { personalOnly: true, final: true },
  'request.cancel': { final: true },
  'request.resend': { personalOnly: true },
  'invitation.accept': { final: true, asResellerUser: true },
  'invitation.decline': { final: true, asResellerUser: true },
  'picker.submit': { final: true },
  'customer.add': { final: true },
  'order.submit': { final: true },
  'removal.confirm': { final: true },
  'audit.export': { personalOnly: true },
};

const NO_TRAITS: VerbTraits = {};

/** The traits of a verb (none for most). */
export function traitsOf(verb: Verb): VerbTraits {
  return TRAITS[verb] ?? NO_TRAITS;
}

export function isVerb(value: unknown): value is Verb {
  return typeof value === 'string' && Object.hasOwn(PAYLOADS, value);
}
