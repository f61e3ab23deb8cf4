import { randomBytes } from 'node:crypto';
import type restify from 'restify';
import { errorMessage, translate, type Locale } from '../i18n/index.js';
import type { Clock } from '../services/clock.js';
import type { App } from '../services/compose.js';
import type { Config } from '../services/config.js';
import { isAppError } from '../services/errors.js';
import type { Logger } from '../services/logger.js';
import { createExportLinks, EXPORT_PATH, exportFileName, type ExportLinks } from './export-link.js';
import { localeFromAcceptLanguage } from './invite-page.js';

const DOWNLOAD_HEADERS = {
  'Cache-Control': 'no-store',
  'Referrer-Policy': 'no-referrer',
  'X-Content-Type-Options': 'nosniff',
};
/** Lets spreadsheet apps read the file as UTF-8 (Chinese names). */
const BOM = '\uFEFF';

/**
 * GET /audit/export.csv: the audit trail as CSV for the holder of a signed link (made by the bot
 * for an admin, 10 minutes); the service checks the role again, so a link outlives no revocation.
 */
export function registerAuditExport(
  server: restify.Server,
  deps: { app: App; logger: Logger; clock: Clock; links: ExportLinks },
): void {
  const { app, logger, clock, links } = deps;
  server.get(EXPORT_PATH, async (req: restify.Request, res: restify.Response) => {
    const locale = localeFromAcceptLanguage(req.header('accept-language'));
    const refuse = (status: number, message: string) => {
      res.writeHead(status, {
        ...DOWNLOAD_HEADERS,
        'Content-Type': 'text/plain; charset=utf-8',
        'Content-Language': locale,
      });
      res.end(`${message}\n`);
    };
    const check = links.verify(new URL(req.url ?? '', 'http://localhost').searchParams);
    if (!check.ok) {
      logger.info({ reason: check.reason }, 'audit export link refused');
      refuse(
        403,
        translate(locale, check.reason === 'expired' ? 'exportPage.expired' : 'exportPage.invalid'),
      );
      return;
    }
    const { tenantId, agentId } = check.claims;
    let csv: string;
    try {
      // The service checks the role again: a link outlives no revocation.
      csv = await app.services.audit.exportCsv({ tenantId, agentId });
    } catch (error) {
      const [status, message] = exportFailure(error, locale);
      if (status === 500) logger.error({ err: error, tenantId }, 'audit export failed');
      else logger.info({ tenantId, agentId, status }, 'audit export refused');
      refuse(status, message);
      return;
    }
    logger.info({ tenantId, agentId }, 'audit trail exported');
    res.writeHead(200, {
      ...DOWNLOAD_HEADERS,
      'Content-Type': 'text/csv; charset=utf-8',
      'Content-Disposition': `attachment; filename="${exportFileName(clock.now())}"`,
    });
    res.end(BOM + csv);
  });
}

/** The configured secret (every instance verifies every link), or one that dies with this process. */
export function exportLinksFor(config: Config, clock: Clock, logger: Logger): ExportLinks {
  let secret = config.EXPORT_LINK_SECRET;
  if (!secret) {
    secret = randomBytes(32).toString('base64url');
    logger.info(
      'EXPORT_LINK_SECRET is not set: audit export links use a random secret and stop working when this process stops',
    );
  }
  return createExportLinks({ secret, baseUrl: config.PUBLIC_BASE_URL, clock });
}

/** A refusal of the service (no role, unknown provider) is 403 with its message; anything else is 500. */
function exportFailure(error: unknown, locale: Locale): [403 | 500, string] {
  if (isAppError(error)) return [403, errorMessage(locale, error.code, error.params)];
  return [500, translate(locale, 'bot.error.generic')];
}
