import type restify from 'restify';
import {
  errorMessage,
  messageKeys,
  resolveLocale,
  translator,
  type Locale,
  type MessageKey,
} from '../i18n/index.js';
import type { App } from '../services/compose.js';
import { isAppError } from '../services/errors.js';
import type { Logger } from '../services/logger.js';
import { OVERVIEW_MAX_ROWS } from '../services/relationships/channel-overview.js';
import { PAGE_HEADERS } from './draft-dialog.js';
import { escapeHtml, localeFromAcceptLanguage } from './invite-page.js';
import type { PageAuthenticator } from './tab-auth.js';

/** The resellers tab (a personal static tab of the app) and its one JSON call. */
export const RESELLERS_TAB_PATH = '/tabs/resellers';
export const RESELLERS_TAB_API = '/api/tabs/resellers';

/** The texts the tab's script shows: its own, the states, and the role names. */
function scriptTexts(locale: Locale): Record<string, string> {
  const t = translator(locale);
  const keys = messageKeys(locale).filter(
    (key) => key.startsWith('tab.') || key.startsWith('status.') || key.startsWith('roleName.'),
  ) as MessageKey[];
  return Object.fromEntries(keys.map((key) => [key, t(key)]));
}

function pageLocale(req: restify.Request): Locale {
  const query = new URL(req.url ?? '', 'http://localhost').searchParams.get('locale');
  return query ? resolveLocale(query) : localeFromAcceptLanguage(req.header('accept-language'));
}

/** Registers the tab's page and its JSON call (the caller authenticated by `authenticator`). */
export function registerResellersTab(
  server: restify.Server,
  deps: { app: App; logger: Logger; authenticator: PageAuthenticator },
): void {
  const { app, logger, authenticator } = deps;

  server.get(RESELLERS_TAB_PATH, async (req: restify.Request, res: restify.Response) => {
    const locale = pageLocale(req);
    res.writeHead(200, {
      ...PAGE_HEADERS,
      'Content-Type': 'text/html; charset=utf-8',
      'Content-Language': locale,
    });
    res.end(renderResellersTab(locale));
  });

  server.get(RESELLERS_TAB_API, async (req: restify.Request, res: restify.Response) => {
    const locale = pageLocale(req);
    const t = translator(locale);
    const answer = (status: number, body: unknown) => {
      res.writeHead(status, {
        'Content-Type': 'application/json; charset=utf-8',
        'Cache-Control': 'no-store',
        'X-Content-Type-Options': 'nosniff',
      });
      res.end(JSON.stringify(body));
    };
    const checked = await authenticator.authenticate(req.header('authorization'));
    if (!checked.ok) {
      const key = {
        sign_in_required: 'tab.error.signIn',
        unauthorized: 'tab.error.unauthorized',
        authentication_unavailable: 'tab.error.unavailable',
      }[checked.code] as MessageKey;
      answer(checked.status, { code: checked.code, error: t(key) });
      return;
    }
    const { caller } = checked;
    try {
      const overview = await app.services.channel.overview(caller);
      answer(200, { ...overview, maxRows: OVERVIEW_MAX_ROWS });
    } catch (error) {
      if (isAppError(error)) {
        logger.info({ tenantId: caller.tenantId, code: error.code }, 'resellers tab refused');
        answer(error.code === 'database_unavailable' ? 503 : 403, {
          code: error.code,
          error: errorMessage(locale, error.code, error.params),
        });
        return;
      }
      logger.error({ err: error }, 'resellers tab failed');
      answer(500, { code: 'internal_error', error: t('bot.error.generic') });
    }
  });
}

/** The tab's page: headings and labels in the reader's language; the data comes from the JSON call. */
export function renderResellersTab(locale: Locale): string {
  const t = translator(locale);
  const e = escapeHtml;
  const texts = scriptTexts(locale);
  return `<!doctype html>
<html lang="${locale}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${e(t('tab.title'))}</title>
<link rel="stylesheet" href="/web/pages.css">
<link rel="stylesheet" href="/web/tab.css">
<script type="module" src="/web/resellers-tab.js"></script>
</head>
<body class="tab" data-locale="${locale}" data-api="${RESELLERS_TAB_API}" data-texts="${e(JSON.stringify(texts))}">
<main>
<h1 id="heading">${e(t('tab.title'))}</h1>
<p id="status" role="status" aria-live="polite" data-testid="tab-status">${e(t('tab.loading'))}</p>
<p id="read-only" class="hint" hidden data-testid="read-only"></p>
<div id="content" hidden>
<section aria-labelledby="funnel-title" class="funnel" data-testid="funnel">
<h2 id="funnel-title"></h2>
<div id="funnel-chart" data-testid="funnel-chart"></div>
<p id="funnel-median" data-testid="funnel-median"></p>
</section>
<section aria-labelledby="pending-title">
<h2 id="pending-title">${e(t('tab.pendingTitle'))}</h2>
<table id="pending" data-testid="pending-table">
<thead><tr><th scope="col">${e(t('tab.column.reseller'))}</th><th scope="col">${e(t('tab.pending.sentTo'))}</th><th scope="col">${e(t('tab.pending.requested'))}</th><th scope="col">${e(t('tab.pending.expires'))}</th></tr></thead>
<tbody></tbody>
</table>
<p id="pending-none" class="hint" hidden>${e(t('tab.pendingNone'))}</p>
</section>
<section aria-labelledby="relationships-title">
<h2 id="relationships-title">${e(t('tab.relationshipsTitle'))}</h2>
<label for="search">${e(t('tab.searchLabel'))}</label>
<input id="search" type="search" maxlength="100" autocomplete="off" data-testid="search">
<p id="shown" class="hint" data-testid="shown"></p>
<p id="notes" class="hint"></p>
<table id="relationships" data-testid="relationships-table">
<thead><tr></tr></thead>
<tbody></tbody>
</table>
<p id="no-match" class="hint" hidden>${e(t('tab.noMatch'))}</p>
</section>
</div>
</main>
</body>
</html>
`;
}
