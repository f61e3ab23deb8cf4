import {
  ConfigurationBotFrameworkAuthentication,
  type ConfigurationBotFrameworkAuthenticationOptions,
} from 'botbuilder';
import restify from 'restify';
import { ConversationStore } from '../data/conversations/conversation-store.js';
import { pingDatabase } from '../data/database.js';
import { PreferenceStore } from '../data/preferences/preference-store.js';
import { systemClock, type Clock } from '../services/clock.js';
import { openApp, type App } from '../services/compose.js';
import { publicBaseUrlWarning, type Config } from '../services/config.js';
import { createLogger, type Logger } from '../services/logger.js';
import { dialogGrantsFor, registerDraftDialog } from '../web/draft-dialog.js';
import { exportLinksFor, registerAuditExport } from '../web/audit-export-route.js';
import { playgroundUsers, type LocalUsers } from '../web/local-users.js';
import { registerWebPages, type ResellerSignInOverrides } from '../web/register-pages.js';
import type { TabSsoOptions } from '../web/tab-auth.js';
import { teamsMembers, type MemberLookup } from './members.js';
import { MessagesAdapter, messagesHandler, requireJson } from './messages.js';
import { createNotifier } from './notifier.js';
import { ResellerBot } from './reseller-bot.js';
import { turnErrorHandler } from './turn-error.js';

const EXPIRY_SWEEP_MS = 10 * 60_000;
const MAINTENANCE_MS = 30_000;
/** Maintenance that scans (abandoned idempotency claims, due documents against relationships): hourly, never at start. */
const HOURLY_MAINTENANCE_MS = 60 * 60_000;
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
  /** How often the maintenance pass runs (tests shorten it; 0: never, for tests only). */
  maintenanceMs?: number;
  /** The time export links are made and checked against (tests move it). */
  clock?: Clock;
  /**
   * Overrides of the SDK's authentication settings, e.g. `ToBotFromChannelOpenIdMetadataUrl`
   * (tests point it at a local OpenID endpoint, so no request leaves the machine).
   */
  botAuthentication?: ConfigurationBotFrameworkAuthenticationOptions;
  /** How often an idle outbox looks for work (tests shorten it); NOTIFY_POLL_MS otherwise. */
  notifyPollMs?: number;
  /** Local mode: who the pages act for (default: the users of the two Playground files). */
  localUsers?: LocalUsers;
  /** Where the tab's SSO tokens are checked (tests: a local OpenID server). */
  tabSso?: TabSsoOptions;
  /** The reseller's Entra sign-in on the invitation page (tests: a local fake Entra). */
  resellerSignIn?: ResellerSignInOverrides;
}

export interface RunningServer {
  /** The base URL the server listens on, e.g. http://127.0.0.1:3978. */
  url: string;
  /** True without a MicrosoftAppId: no authentication, loopback only. */
  local: boolean;
  /** Stops accepting, lets in-flight turns finish, stops the timer and closes the database. */
  stop(): Promise<void>;
}

/** The CSV download and its refusals: never cached, never sniffed, the signed URL never sent on. */
/**
 * Starts the bot's HTTP server: /api/messages, /healthz, /invite/:token, /audit/export.csv, and
 * the expiry sweep.
 */
export async function startServer(options: ServerOptions): Promise<RunningServer> {
  const { config } = options;
  const logger = options.logger ?? createLogger(config.LOG_LEVEL);
  const app = options.app ?? (await openApp(config, { logger }));
  const local = !config.MicrosoftAppId;
  const clock = options.clock ?? systemClock;
  const exportLinks = exportLinksFor(config, clock, logger);
  // Local mode: the web pages act for the Playgrounds' users (no sign-in exists without an app).
  const localUsers = local ? (options.localUsers ?? playgroundUsers()) : {};

  const adapter = new MessagesAdapter(
    new ConfigurationBotFrameworkAuthentication({
      MicrosoftAppId: config.MicrosoftAppId ?? '',
      MicrosoftAppPassword: config.MicrosoftAppPassword ?? '',
      MicrosoftAppType: config.MicrosoftAppType,
      MicrosoftAppTenantId: config.MicrosoftAppTenantId ?? '',
      ...options.botAuthentication,
    }),
  );
  adapter.onTurnError = turnErrorHandler(logger);
  const conversations = new ConversationStore(app.database.db);
  const dialogGrants = dialogGrantsFor(config, clock);
  const bot = new ResellerBot({
    dialogs: { grants: dialogGrants, baseUrl: config.PUBLIC_BASE_URL },
    services: app.services,
    preferences: new PreferenceStore(app.database.db),
    conversations,
    members: options.members ?? teamsMembers,
    exportLinks,
    logger,
  });
  // The outbox runs in this process unless NOTIFY_WORKER=off (then `npm run worker` instances send).
  const notifier =
    config.NOTIFY_WORKER === 'on'
      ? createNotifier({
          repos: app.repos,
          services: app.services,
          clock: systemClock,
          logger,
          adapter,
          appId: config.MicrosoftAppId ?? '',
          pollMs: options.notifyPollMs ?? config.NOTIFY_POLL_MS,
          sendTimeoutMs: config.NOTIFY_SEND_TIMEOUT_MS,
          worker: { leaseMs: config.NOTIFY_LEASE_MS, rateShare: config.NOTIFY_RATE_SHARE },
          reminderDays: config.NOTIFY_REMINDER_DAYS,
        }).outbox
      : undefined;

  const server = restify.createServer({ name: 'reseller-relationship-bot' });
  const inFlight = new Set<Promise<void>>();
  let stopping = false;

  const handleMessage = messagesHandler(adapter, (context) => bot.run(context), logger);
  // JSON only, checked before the body is read: no form post of a web page reaches the bot.
  const readBody = restify.plugins.bodyReader({ maxBodySize: MAX_BODY_BYTES });
  server.post('/api/messages', requireJson, readBody, async (req: restify.Request, res: restify.Response) => {
    if (stopping) {
      res.send(503);
      return;
    }
    const appended = app.repos.feed.appended;
    const turn = handleMessage(req, res);
    inFlight.add(turn);
    try {
      await turn;
    } finally {
      inFlight.delete(turn);
      // Only a turn that wrote to the log has something to notify; the outbox's poll finds the
      // rest (another instance's writes), so a read turn costs the outbox nothing.
      if (app.repos.feed.appended !== appended) notifier?.wake();
    }
  });

  server.get('/healthz', async (_req: restify.Request, res: restify.Response) => {
    const ok = !stopping && (await pingDatabase(app.database));
    // The outbox: jobs waiting, the age of the oldest one (seconds), and dead letters.
    const outbox = ok ? await app.repos.notifications.stats(new Date()).catch(() => undefined) : undefined;
    res.send(ok ? 200 : 503, {
      status: ok ? 'ok' : 'unavailable',
      database: ok ? 'ok' : 'unreachable',
      ...(outbox ? { outbox } : {}),
    });
  });

  registerWebPages(server, {
    app,
    config,
    logger,
    clock,
    localUsers,
    ...(options.tabSso ? { tabSso: options.tabSso } : {}),
    ...(options.resellerSignIn ? { resellerSignIn: options.resellerSignIn } : {}),
  });

  registerAuditExport(server, { app, logger, clock, links: exportLinks });

  registerDraftDialog(server, { app, config, logger, clock, grants: dialogGrants });

  const host = local ? '127.0.0.1' : config.HOST;
  await new Promise<void>((resolve) => server.listen(options.port ?? config.PORT, host, () => resolve()));
  const address = server.address();
  const url = `http://${host}:${address.port}`;
  logger.info({ url, local }, 'bot listening');
  const baseUrlWarning = publicBaseUrlWarning(config, address.port);
  if (baseUrlWarning) logger.warn({ publicBaseUrl: config.PUBLIC_BASE_URL }, baseUrlWarning);
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
  // Relationships (and roles) from Partner Center, every PARTNER_CENTER_SYNC_MINUTES.
  const minutes = config.PARTNER_CENTER_SYNC_MINUTES;
  const sync = app.partnerCenter && minutes > 0 ? app.partnerCenter.sync.start(minutes) : undefined;

  // Finishes what a crash interrupted: read models behind their events, transactions left open,
  // idempotency claims of dead callers. Once at start, then periodically (see services/maintenance.ts).
  let maintaining: Promise<void> | undefined;
  let hourlyAt = Date.now();
  let started = false;
  const maintain = () => {
    if (maintaining) return;
    const hourly = Date.now() - hourlyAt >= HOURLY_MAINTENANCE_MS;
    if (hourly) hourlyAt = Date.now();
    // The live notification jobs are tidied at start too (an older database's finished jobs move).
    const tidyJobs = hourly || !started;
    started = true;
    maintaining = app.services.maintenance
      .runOnce(logger, { hourly, tidyJobs })
      .then((report) => {
        // A failed step is logged by the pass itself (the others still ran).
        if (
          report.transactionsFinished +
            report.claimsReleased +
            report.keysExpired +
            report.dueRepaired +
            report.jobsTidied +
            report.chatsIndexed >
          0
        )
          logger.info(report, 'maintenance repaired');
      })
      .catch((error: unknown) => logger.error({ err: error }, 'maintenance failed'))
      .finally(() => (maintaining = undefined));
  };
  // `maintenanceMs: 0` (tests that count a turn's own database commands) runs none.
  const maintenance =
    options.maintenanceMs === 0 ? undefined : setInterval(maintain, options.maintenanceMs ?? MAINTENANCE_MS);
  if (maintenance) maintain();
  maintenance?.unref();
  // The resellers index of the providers that use the bot, loaded before their first list (a
  // full load is a scan of the relationships: ~30 s at 50,000 on a busy local store). Background
  // work like maintenance, so `maintenanceMs: 0` runs none either.
  const unfollow = maintenance ? app.services.relationships.followIndexAppends() : undefined;
  if (maintenance) {
    app.services.relationships
      .warmResellerIndex()
      .then((providers) => logger.info({ providers }, 'resellers index warmed'))
      .catch((error: unknown) => logger.warn({ err: error }, 'could not warm the resellers index'));
  }
  notifier?.start();

  let stopped: Promise<void> | undefined;
  const stop = () =>
    (stopped ??= (async () => {
      stopping = true;
      clearInterval(sweep);
      clearInterval(maintenance);
      unfollow?.();
      await sync?.stop();
      await notifier?.stop();
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
