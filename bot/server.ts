import { CloudAdapter, ConfigurationBotFrameworkAuthentication } from 'botbuilder';
import restify from 'restify';
import { ConversationStore } from '../data/conversations/conversation-store.js';
import { pingDatabase } from '../data/database.js';
import { PreferenceStore } from '../data/preferences/preference-store.js';
import { errorMessage } from '../i18n/index.js';
import { openApp, type App } from '../services/compose.js';
import type { Config } from '../services/config.js';
import { isAppError } from '../services/errors.js';
import { createLogger, type Logger } from '../services/logger.js';
import { localeFromAcceptLanguage, renderInvitePage, type InvitePageContent } from '../web/invite-page.js';
import { teamsMembers, type MemberLookup } from './members.js';
import { ResellerBot } from './reseller-bot.js';
import { turnErrorHandler } from './turn-error.js';

const EXPIRY_SWEEP_MS = 10 * 60_000;
/** How long shutdown waits for in-flight turns before closing connections anyway. */
const DRAIN_TIMEOUT_MS = 10_000;
const MAX_BODY_BYTES = 256 * 1024;

export interface ServerOptions {
  config: Config;
  /** An already opened app (tests); otherwise the server opens one from the config and closes it on stop. */
  app?: App;
  logger?: Logger;
  members?: MemberLookup;
  /** Overrides PORT (0 picks a free port). */
  port?: number;
  expirySweepMs?: number;
}

export interface RunningServer {
  /** The base URL the server listens on, e.g. http://127.0.0.1:3978. */
  url: string;
  /** True without a MicrosoftAppId: no authentication, loopback only. */
  local: boolean;
  /** Stops accepting, lets in-flight turns finish, stops the timer and closes the database. */
  stop(): Promise<void>;
}

const PAGE_HEADERS = {
  'Content-Type': 'text/html; charset=utf-8',
  'Cache-Control': 'no-store',
  // The URL holds the token: never send it on as a Referer.
  'Referrer-Policy': 'no-referrer',
  'X-Content-Type-Options': 'nosniff',
  'Content-Security-Policy':
    "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
};

/** Starts the bot's HTTP server: /api/messages, /healthz, /invite/:token, and the expiry sweep. */
export async function startServer(options: ServerOptions): Promise<RunningServer> {
  const { config } = options;
  const logger = options.logger ?? createLogger(config.LOG_LEVEL);
  const app = options.app ?? (await openApp(config));
  const local = !config.MicrosoftAppId;

  const adapter = new CloudAdapter(
    new ConfigurationBotFrameworkAuthentication({
      MicrosoftAppId: config.MicrosoftAppId ?? '',
      MicrosoftAppPassword: config.MicrosoftAppPassword ?? '',
      MicrosoftAppType: config.MicrosoftAppType,
      MicrosoftAppTenantId: config.MicrosoftAppTenantId ?? '',
    }),
  );
  adapter.onTurnError = turnErrorHandler(logger);
  const conversations = new ConversationStore(app.database.db);
  const bot = new ResellerBot({
    services: app.services,
    preferences: new PreferenceStore(app.database.db),
    conversations,
    members: options.members ?? teamsMembers,
    logger,
  });

  const server = restify.createServer({ name: 'reseller-relationship-bot' });
  server.use(restify.plugins.bodyParser({ maxBodySize: MAX_BODY_BYTES, mapParams: false }));
  const inFlight = new Set<Promise<void>>();
  let stopping = false;

  server.post('/api/messages', async (req: restify.Request, res: restify.Response) => {
    if (stopping) {
      res.send(503);
      return;
    }
    const turn = adapter.process(req, res, (context) => bot.run(context));
    inFlight.add(turn);
    try {
      await turn;
    } finally {
      inFlight.delete(turn);
    }
  });

  server.get('/healthz', async (_req: restify.Request, res: restify.Response) => {
    const ok = !stopping && (await pingDatabase(app.database));
    res.send(ok ? 200 : 503, { status: ok ? 'ok' : 'unavailable', database: ok ? 'ok' : 'unreachable' });
  });

  server.get('/invite/:token', async (req: restify.Request, res: restify.Response) => {
    const locale = localeFromAcceptLanguage(req.header('accept-language'));
    const token = String(req.params?.token ?? '');
    let status = 200;
    let content: InvitePageContent;
    try {
      content = { kind: 'invitation', view: await app.services.invitations.open(token), token };
    } catch (error) {
      if (isAppError(error)) {
        status = error.code === 'invitation_unknown' ? 404 : 400;
        content = { kind: 'error', message: errorMessage(locale, error.code, error.params) };
      } else {
        logger.error({ err: error }, 'invitation page failed');
        status = 500;
        content = { kind: 'error', message: errorMessage(locale, 'external_unavailable') };
      }
    }
    const html = renderInvitePage(content, {
      locale,
      ...(config.MicrosoftAppId ? { botAppId: config.MicrosoftAppId } : {}),
    });
    res.writeHead(status, { ...PAGE_HEADERS, 'Content-Language': locale });
    res.end(html);
  });

  const host = local ? '127.0.0.1' : config.HOST;
  await new Promise<void>((resolve) => server.listen(options.port ?? config.PORT, host, () => resolve()));
  const address = server.address();
  const url = `http://${host}:${address.port}`;
  logger.info({ url, local }, 'bot listening');
  if (local) {
    logger.warn(
      { host },
      'local mode: no MicrosoftAppId is configured, so incoming activities are not authenticated; listening on 127.0.0.1 only',
    );
  }

  const sweep = setInterval(() => {
    app.services.relationships
      .expireDueRequests()
      .then((expired) => {
        if (expired > 0) logger.info({ expired }, 'expired overdue relationship requests');
      })
      .catch((error: unknown) => logger.error({ err: error }, 'expiry sweep failed'));
  }, options.expirySweepMs ?? EXPIRY_SWEEP_MS);
  sweep.unref();

  let stopped: Promise<void> | undefined;
  const stop = () =>
    (stopped ??= (async () => {
      stopping = true;
      clearInterval(sweep);
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      await Promise.race([Promise.allSettled([...inFlight]), delay(DRAIN_TIMEOUT_MS)]);
      server.server.closeIdleConnections();
      await Promise.race([closed, delay(DRAIN_TIMEOUT_MS)]);
      server.server.closeAllConnections();
      if (!options.app) await app.close();
      logger.info('bot stopped');
    })());
  return { url, local, stop };
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}
