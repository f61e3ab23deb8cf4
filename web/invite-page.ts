import { formatDate, resolveLocale, translator, type Locale, type Translate } from '../i18n/index.js';
import type { InvitationView } from '../services/relationships/invitation-service.js';

/** What the page shows: the invitation as it stands, or why the link does not work. */
export type InvitePageContent =
  { kind: 'invitation'; view: InvitationView; token: string } | { kind: 'error'; message: string };

export interface InvitePageOptions {
  locale: Locale;
  /** The bot's Microsoft App ID, for the Teams deep link; absent in local mode. */
  botAppId?: string;
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

/** The small page behind an invitation link: it tells the reseller to answer in Teams. */
export function renderInvitePage(content: InvitePageContent, options: InvitePageOptions): string {
  const t = translator(options.locale);
  const e = escapeHtml;
  let main: string;
  if (content.kind === 'error') {
    main = `<h1>${e(t('invitePage.errorTitle'))}</h1>\n<p class="error">${e(content.message)}</p>`;
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
      `<p class="status">${e(status)}</p>`,
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
<style>
body{font-family:"Segoe UI",system-ui,"Microsoft YaHei",sans-serif;max-width:40rem;margin:2rem auto;padding:0 1rem;color:#242424;line-height:1.5}
h1{font-size:1.4rem}dt{font-weight:600}dd{margin:0 0 .5rem}
.status{font-weight:600}.error{color:#c4314b}
pre{background:#f5f5f5;padding:.75rem;white-space:pre-wrap;word-break:break-all}
.button{display:inline-block;background:#5b5fc7;color:#fff;padding:.5rem 1rem;border-radius:4px;text-decoration:none}
</style>
</head>
<body>
<main>
${main}
</main>
</body>
</html>
`;
}
