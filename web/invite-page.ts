import { formatDate, resolveLocale, translator, type Locale, type Translate } from '../i18n/index.js';
import type { InvitationView } from '../services/relationships/invitation-service.js';

/**
 * What the page shows: the invitation as it stands (with the reason an answer was refused, if
 * one was), the outcome of an answer given on the page, or why the link does not work.
 */
export type InvitePageContent =
  | { kind: 'invitation'; view: InvitationView; token: string; refusal?: string }
  | { kind: 'outcome'; view: InvitationView }
  | { kind: 'error'; message: string };

/** How a pending invitation can be answered on the page: a form for who is signed in, or a sign-in. */
export type AnswerPanel =
  | {
      kind: 'form';
      token: string;
      csrf: string;
      actionId: string;
      who: { name: string; account: string };
      /** Local mode: the Playground's reseller user, no Microsoft sign-in. */
      local: boolean;
      /** Production: signs in again with another account. */
      switchUrl?: string;
    }
  | { kind: 'sign-in'; url: string; failed?: boolean };

export interface InvitePageOptions {
  locale: Locale;
  /** The bot's Microsoft App ID, for the Teams deep link; absent in local mode. */
  botAppId?: string;
  /** Answering on the page (absent: the page only explains how to answer in Teams). */
  answer?: AnswerPanel;
}

/** The language of the reader's browser: the preferred entry of Accept-Language (zh-* → Chinese). */
export function localeFromAcceptLanguage(header: string | undefined): Locale {
  const ranked = (header ?? '')
    .split(',')
    .map((part) => {
      const [tag = '', ...params] = part.trim().split(';');
      const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
      return { tag: tag.trim(), q: q ? Number(q.slice(2)) || 0 : 1 };
    })
    .filter((entry) => entry.tag && entry.tag !== '*' && entry.q > 0)
    .sort((a, b) => b.q - a.q);
  return resolveLocale(ranked[0]?.tag);
}

/** A Teams link that opens a chat with the bot, with the message that opens the invitation typed in. */
export function teamsChatLink(botAppId: string, token: string): string {
  return `https://teams.microsoft.com/l/chat/0/0?users=28:${encodeURIComponent(botAppId)}&message=${encodeURIComponent(`invite ${token}`)}`;
}

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Escapes text for HTML element content and attribute values. */
export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (char) => ESCAPES[char] ?? char);
}

// With the Partner Center backend: accepting in Teams is not enough, the reseller also accepts in
// Partner Center through the provider's request link.
function partnerCenterStep(view: InvitationView, t: Translate): string {
  const link = view.partnerCenterRequestLink;
  if (!link || !['pending', 'accepted'].includes(view.status)) return '';
  return `<p>${escapeHtml(t('invitePage.partnerCenterStep'))}</p>\n<p><a href="${escapeHtml(link)}" rel="noopener noreferrer">${escapeHtml(link)}</a></p>`;
}

/** The Accept / Decline form (a plain POST with its CSRF token), or the sign-in that comes first. */
function answerPanel(panel: AnswerPanel | undefined, t: Translate): string {
  const e = escapeHtml;
  if (!panel) return '';
  if (panel.kind === 'sign-in') {
    return [
      panel.failed
        ? `<p class="error" data-testid="sign-in-failed">${e(t('invitePage.signInFailed'))}</p>`
        : '',
      `<p>${e(t('invitePage.signInIntro'))}</p>`,
      `<p><a id="sign-in" data-testid="sign-in" class="button" href="${e(panel.url)}">${e(t('invitePage.signIn'))}</a></p>`,
    ].join('\n');
  }
  const who = panel.local
    ? t('invitePage.localUser', { name: panel.who.name, account: panel.who.account })
    : t('invitePage.signedInAs', { name: panel.who.name, account: panel.who.account });
  return [
    `<p id="who" data-testid="who">${e(who)}${
      panel.switchUrl ? ` <a href="${e(panel.switchUrl)}">${e(t('invitePage.signOut'))}</a>` : ''
    }</p>`,
    `<form method="post" action="/invite/${e(panel.token)}" class="actions" data-testid="answer-form">`,
    `<input type="hidden" name="csrf" value="${e(panel.csrf)}">`,
    `<input type="hidden" name="actionId" value="${e(panel.actionId)}">`,
    `<button id="accept" data-testid="accept" type="submit" name="answer" value="accept" class="primary">${e(t('invitation.accept'))}</button>`,
    `<button id="decline" data-testid="decline" type="submit" name="answer" value="decline">${e(t('invitation.decline'))}</button>`,
    '</form>',
  ].join('\n');
}

/** The outcome of an answer given on the page: the same title and text as the card's. */
function outcome(view: InvitationView, t: Translate): string {
  const e = escapeHtml;
  const params = { providerName: view.providerName, resellerName: view.resellerName };
  const accepted = view.status === 'accepted';
  return [
    `<h1 id="outcome" data-testid="outcome" data-status="${e(view.status)}">${e(
      t(accepted ? 'invitation.acceptedTitle' : 'invitation.declinedTitle'),
    )}</h1>`,
    `<p id="outcome-text">${e(t(accepted ? 'invitation.acceptedText' : 'invitation.declinedText', params))}</p>`,
    accepted ? partnerCenterStep(view, t) : '',
  ].join('\n');
}

/**
 * The small page behind an invitation link: the request, and (while it is pending) how to answer:
 * on the page after signing in, or in Teams.
 */
export function renderInvitePage(content: InvitePageContent, options: InvitePageOptions): string {
  const t = translator(options.locale);
  const e = escapeHtml;
  let main: string;
  if (content.kind === 'error') {
    main = `<h1>${e(t('invitePage.errorTitle'))}</h1>\n<p class="error" data-testid="error">${e(content.message)}</p>`;
  } else if (content.kind === 'outcome') {
    main = outcome(content.view, t);
  } else {
    const { view, token } = content;
    const expiresOn = formatDate(options.locale, view.expiresAt);
    const facts = [
      [t('invitation.provider'), view.providerName],
      [t('invitation.reseller'), `${view.resellerName} (${view.partnerId})`],
      [t('invitation.expires'), expiresOn],
    ]
      .map(([term, detail]) => `<dt>${e(term ?? '')}</dt><dd>${e(detail ?? '')}</dd>`)
      .join('');
    const status = t(`invitation.status.${view.status}`, { expiresOn, providerName: view.providerName });
    const command = `invite ${token}`;
    const answer =
      view.status !== 'pending'
        ? ''
        : [
            answerPanel(options.answer, t),
            options.answer ? `<h2>${e(t('invitePage.orTeams'))}</h2>` : '',
            `<p>${e(t('invitePage.openInTeams'))}</p>`,
            options.botAppId
              ? `<p><a class="button" href="${e(teamsChatLink(options.botAppId, token))}" rel="noopener noreferrer">${e(t('invitePage.button'))}</a></p>`
              : '',
            `<p>${e(t('invitePage.orSend'))}</p>`,
            `<pre>${e(command)}</pre>`,
          ].join('\n');
    main = [
      `<h1>${e(t('invitation.title', { providerName: view.providerName }))}</h1>`,
      `<dl>${facts}</dl>`,
      `<ul>${[
        t('invitation.meaning1', { providerName: view.providerName }),
        t('invitation.meaning2'),
        t('invitation.meaning3'),
      ]
        .map((line) => `<li>${e(line)}</li>`)
        .join('')}</ul>`,
      content.refusal ? `<p class="error" id="refusal" data-testid="refusal">${e(content.refusal)}</p>` : '',
      `<p class="status" id="invitation-status" data-testid="invitation-status" data-status="${e(view.status)}">${e(status)}</p>`,
      answer,
      partnerCenterStep(view, t),
    ].join('\n');
  }
  return `<!doctype html>
<html lang="${e(options.locale)}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>${e(t('invitePage.title'))}</title>
<link rel="stylesheet" href="/web/invite.css">
</head>
<body>
<main>
${main}
</main>
</body>
</html>
`;
}
