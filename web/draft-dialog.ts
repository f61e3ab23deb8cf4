import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import restify from 'restify';
import { z } from 'zod';
import { errorMessage, resolveLocale, translator, type Locale, type MessageKey } from '../i18n/index.js';
import type { App } from '../services/compose.js';
import type { Config } from '../services/config.js';
import { isAppError } from '../services/errors.js';
import type { Clock } from '../services/clock.js';
import type { Logger } from '../services/logger.js';
import { createDialogGrants, type DialogGrants } from './dialog-grant.js';
import { escapeHtml, localeFromAcceptLanguage } from './invite-page.js';

/** The e-mail draft dialog (task module) and the one JSON call behind its buttons. */
export const DRAFT_DIALOG_PATH = '/dialogs/email-draft';
export const DRAFT_DIALOG_API = '/api/dialogs/email-draft';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
/** Where `npm run build:web` (scripts/build-web.mjs) writes the pages' bundles. */
export const WEB_BUILD_DIR = join(root, 'dist', 'web');
const STATIC_DIR = join(root, 'web', 'static');

/**
 * No inline script or style, nothing from elsewhere; Teams may frame the page (its dialogs are
 * iframes), nobody else may. https://learn.microsoft.com/microsoftteams/platform/tabs/how-to/tab-requirements
 */
const PAGE_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  // Inside Teams, teams-js reads its list of Teams host origins from Microsoft's CDN.
  "connect-src 'self' https://res.cdn.office.net",
  "img-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  'frame-ancestors teams.microsoft.com *.teams.microsoft.com *.cloud.microsoft *.office.com *.skype.com',
].join('; ');
/** The headers of every page the bot serves for Teams (dialogs, tabs). */
export const PAGE_HEADERS = {
  'Cache-Control': 'no-store',
  'Referrer-Policy': 'no-referrer',
  'X-Content-Type-Options': 'nosniff',
  'Content-Security-Policy': PAGE_CSP,
};

/** Texts the page's script shows; everything else is in the HTML. */
const SCRIPT_TEXTS = [
  'dialog.draft.copied',
  'dialog.draft.copyFailed',
  'dialog.draft.sent',
  'dialog.draft.missing',
  'dialog.draft.grantInvalid',
  'dialog.draft.working',
  'bot.error.generic',
] as const satisfies readonly MessageKey[];

const callSchema = z.object({
  grant: z.string().min(1).max(1000),
  action: z.enum(['review', 'done']),
  actionId: z.string().min(8).max(200).optional(),
  locale: z.string().max(20).optional(),
  draft: z.object({ partnerId: z.string().max(40), subject: z.string(), body: z.string(), link: z.string() }),
});

export interface DraftDialogDeps {
  app: App;
  config: Config;
  logger: Logger;
  clock: Clock;
  /** Given by tests; otherwise made from EXPORT_LINK_SECRET (or a random secret in local mode). */
  grants?: DialogGrants;
}

/** Registers the dialog's page, its script and style, and its JSON call on the bot's server. */
export function registerDraftDialog(server: restify.Server, deps: DraftDialogDeps): DialogGrants {
  const grants = deps.grants ?? dialogGrantsFor(deps.config, deps.clock);
  const { app, logger } = deps;

  server.get(DRAFT_DIALOG_PATH, async (req: restify.Request, res: restify.Response) => {
    const query = new URL(req.url ?? '', 'http://localhost').searchParams.get('locale');
    const locale = query ? resolveLocale(query) : localeFromAcceptLanguage(req.header('accept-language'));
    res.writeHead(200, {
      ...PAGE_HEADERS,
      'Content-Type': 'text/html; charset=utf-8',
      'Content-Language': locale,
    });
    res.end(renderDraftDialog(locale));
  });

  server.get('/web/:file', async (req: restify.Request, res: restify.Response) => {
    const file = String(req.params?.file ?? '');
    const types: Record<string, string> = { js: 'text/javascript', css: 'text/css' };
    const type = types[file.split('.').pop() ?? ''];
    const path = file.endsWith('.js') ? join(WEB_BUILD_DIR, file) : join(STATIC_DIR, file);
    if (!/^[A-Za-z0-9_-]+\.(js|css)$/.test(file) || !type || !existsSync(path)) {
      if (file.endsWith('.js')) logger.warn({ file }, 'page bundle missing: run npm run build:web');
      res.writeHead(404, {
        'Content-Type': 'text/plain; charset=utf-8',
        'X-Content-Type-Options': 'nosniff',
      });
      res.end('not found\n');
      return;
    }
    res.writeHead(200, {
      'Content-Type': `${type}; charset=utf-8`,
      'Cache-Control': 'no-cache',
      'X-Content-Type-Options': 'nosniff',
    });
    res.end(readFileSync(path));
  });

  // The server has no global body parser (see bot/messages.ts): this route reads its JSON itself.
  const readJson = [
    restify.plugins.bodyReader({ maxBodySize: 64 * 1024 }),
    restify.plugins.jsonBodyParser({ mapParams: false }),
  ].flat();
  server.post(DRAFT_DIALOG_API, ...readJson, async (req: restify.Request, res: restify.Response) => {
    const answer = (status: number, body: Record<string, unknown>) => {
      res.writeHead(status, {
        'Content-Type': 'application/json; charset=utf-8',
        'Cache-Control': 'no-store',
      });
      res.end(JSON.stringify(body));
    };
    // JSON only: a cross-site form cannot send it without the browser asking first.
    if (!req.header('content-type')?.toLowerCase().startsWith('application/json')) {
      answer(415, { error: 'application/json only' });
      return;
    }
    const parsed = callSchema.safeParse(req.body);
    const locale = resolveLocale(parsed.success ? parsed.data.locale : undefined);
    const t = translator(locale);
    if (!parsed.success) {
      answer(400, { error: errorMessage(locale, 'invalid_input', { field: 'draft' }) });
      return;
    }
    const call = parsed.data;
    const check = grants.verify(call.grant);
    if (!check.ok) {
      logger.info({ reason: check.reason }, 'draft dialog grant refused');
      answer(403, { error: t('dialog.draft.grantInvalid') });
      return;
    }
    const actor = check.caller;
    try {
      if (call.action === 'review') {
        const { mailtoUrl } = await app.services.relationships.reviewDraft(actor, call.draft);
        answer(200, { mailtoUrl });
      } else {
        await app.services.relationships.markRequestSent(actor, call.draft, call.actionId);
        answer(200, { sent: true });
      }
    } catch (error) {
      if (isAppError(error)) {
        answer(error.code === 'not_authorised' ? 403 : 400, {
          code: error.code,
          error: errorMessage(locale, error.code, error.params),
        });
        return;
      }
      logger.error({ err: error }, 'draft dialog call failed');
      answer(500, { error: t('bot.error.generic') });
    }
  });
  return grants;
}

/** The grants of a server: signed with EXPORT_LINK_SECRET, or a random secret in local mode. */
export function dialogGrantsFor(config: Config, clock: Clock): DialogGrants {
  return createDialogGrants({
    clock,
    ...(config.EXPORT_LINK_SECRET ? { secret: config.EXPORT_LINK_SECRET } : {}),
  });
}

/** The dialog's address: the locale in the query, the draft and the grant in the fragment (never sent). */
export function draftDialogUrl(
  baseUrl: string,
  locale: Locale,
  draft: { partnerId: string; to: string; subject: string; body: string; link: string },
  grant: string,
): string {
  const encoded = Buffer.from(JSON.stringify(draft), 'utf8').toString('base64url');
  const fragment = new URLSearchParams({ draft: encoded, grant }).toString();
  return `${baseUrl.replace(/\/+$/, '')}${DRAFT_DIALOG_PATH}?locale=${locale}#${fragment}`;
}

/** The dialog's page: labels and buttons in the reader's language; the draft comes in the URL fragment. */
export function renderDraftDialog(locale: Locale): string {
  const t = translator(locale);
  const e = escapeHtml;
  const texts = Object.fromEntries(SCRIPT_TEXTS.map((key) => [key, t(key)]));
  return `<!doctype html>
<html lang="${locale}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${e(t('dialog.draft.title'))}</title>
<link rel="stylesheet" href="/web/pages.css">
<script type="module" src="/web/draft-dialog.js"></script>
</head>
<body data-locale="${locale}" data-texts="${e(JSON.stringify(texts))}">
<main>
<h1>${e(t('dialog.draft.title'))}</h1>
<p>${e(t('draft.intro'))}</p>
<p class="fact"><span>${e(t('draft.to'))}</span> <output id="to"></output></p>
<label for="subject">${e(t('draft.subjectLabel'))}</label>
<input id="subject" type="text" maxlength="300">
<label for="body">${e(t('draft.bodyLabel'))}</label>
<textarea id="body" rows="14" maxlength="10000"></textarea>
<p class="hint">${e(t('draft.linkLabel'))}: <code id="link"></code></p>
<p id="status" role="status" aria-live="polite"></p>
<div class="actions">
<button id="copy" type="button">${e(t('draft.copy'))}</button>
<button id="open" type="button">${e(t('draft.open'))}</button>
<button id="done" type="button" class="primary">${e(t('draft.done'))}</button>
</div>
</main>
</body>
</html>
`;
}
