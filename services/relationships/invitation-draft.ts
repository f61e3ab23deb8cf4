import { createHash, randomBytes } from 'node:crypto';
import { formatDate, translate, type Locale } from '../../i18n/index.js';

/** The request e-mail as the agent sees, edits and sends it. */
export interface InvitationDraft {
  to: string;
  subject: string;
  body: string;
  /** The personalised link; it must stay in the body. */
  link: string;
  /** Opens the draft in the agent's mail app. */
  mailtoUrl: string;
}

/** The request e-mail body, at most (characters); the draft card fits 28 KB with it in any script. */
export const MAX_DRAFT_BODY = 6000;
/** Longer mailto: URLs are cut or refused by common mail clients and browsers. */
const MAX_MAILTO_LENGTH = 2000;
const INVITE_PATH = '/invite/';

/** A fresh single-use token (256 bits) and the hash that is all the database keeps. */
export function newInvitationToken(): { token: string; tokenHash: string } {
  const token = randomBytes(32).toString('base64url');
  return { token, tokenHash: hashInvitationToken(token) };
}

export function hashInvitationToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

export function invitationLink(publicBaseUrl: string, token: string): string {
  return `${publicBaseUrl.replace(/\/+$/, '')}${INVITE_PATH}${token}`;
}

/** The hashes of every invitation token found in a text (the agent may have edited around the link). */
export function tokenHashesIn(text: string): string[] {
  const pattern = new RegExp(`${escapeRegex(INVITE_PATH)}([A-Za-z0-9_-]{43})`, 'g');
  return [...text.matchAll(pattern)].map((match) => hashInvitationToken(match[1] ?? ''));
}

export function buildMailto(to: string, subject: string, body: string, link: string): string {
  const url = (text: string) =>
    `mailto:${encodeURIComponent(to)}?subject=${encodeURIComponent(subject)}&body=${encodeURIComponent(text)}`;
  const full = url(body);
  // Past the limit, keep what matters: the link (the agent pastes the rest from the card).
  return full.length <= MAX_MAILTO_LENGTH ? full : url(link);
}

export function composeDraft(input: {
  locale: Locale;
  to: string;
  providerName: string;
  resellerName: string;
  agentName: string;
  expiresAt: Date;
  link: string;
  /** The provider's Partner Center request link: accepting there makes the relationship real. */
  partnerCenterLink?: string;
}): InvitationDraft {
  const params = {
    providerName: input.providerName,
    resellerName: input.resellerName,
    agentName: input.agentName,
    expiresOn: formatDate(input.locale, input.expiresAt),
    link: input.link,
  };
  const subject = translate(input.locale, 'draft.subject', params);
  const body = input.partnerCenterLink
    ? `${translate(input.locale, 'draft.body', params)}\n\n${translate(input.locale, 'draft.partnerCenterStep', { partnerCenterLink: input.partnerCenterLink })}`
    : translate(input.locale, 'draft.body', params);
  return {
    to: input.to,
    subject,
    body,
    link: input.link,
    mailtoUrl: buildMailto(input.to, subject, body, input.link),
  };
}

function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
