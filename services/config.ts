import { z } from 'zod';

/** Turns "" into undefined so an empty line in .env means "not set". */
const optional = <T extends z.ZodType>(schema: T) =>
  z.preprocess((v) => (typeof v === 'string' && v.trim() === '' ? undefined : v), schema.optional());

/** Shortest EXPORT_LINK_SECRET accepted (characters). */
export const MIN_EXPORT_LINK_SECRET = 32;

const configSchema = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  PORT: z.coerce.number().int().min(1).max(65535).default(3978),
  /** Address the HTTP server binds to; local mode (no credentials) always binds 127.0.0.1. */
  HOST: z.string().default('0.0.0.0'),
  /**
   * Public base URL of this bot, used in invitation links (…/invite/<token>) and CSV downloads.
   * Unset: http://localhost:<PORT>, so the links follow the port the bot listens on.
   */
  PUBLIC_BASE_URL: optional(z.url()),
  MONGODB_URI: z.string().regex(/^mongodb(\+srv)?:\/\//, 'must start with mongodb:// or mongodb+srv://'),
  MONGODB_DB: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,38}$/, 'letters, digits, - and _ only')
    .default('reseller_bot'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** Days before an unanswered relationship request expires. */
  INVITATION_TTL_DAYS: z.coerce.number().int().min(1).max(90).default(14),
  /** Comma-separated `tenantId:entraObjectId` pairs made admin at start (first admin of a provider). */
  BOOTSTRAP_ADMINS: optional(
    z.string().regex(/^[^:,\s]+:[^:,\s]+(,[^:,\s]+:[^:,\s]+)*$/, 'tenant:agent[,tenant:agent…]'),
  ),
  /** `local` reads the demo directory and commerce data in MongoDB; `partner-center` calls the REST API. */
  PARTNER_BACKEND: z.enum(['local', 'partner-center']).default('local'),
  PARTNER_CENTER_BASE_URL: z.url().default('https://api.partnercenter.microsoft.com'),
  /**
   * Development only: one static App+User access token used for every provider tenant instead of
   * each provider's own sign-in. Refused in production.
   */
  PARTNER_CENTER_ACCESS_TOKEN: optional(z.string().min(20)),
  /** Application (client) id of the bot's multi-tenant Entra app registration (public client flows on). */
  PARTNER_CENTER_CLIENT_ID: optional(
    z.string().regex(/^[0-9a-fA-F-]{36}$/, 'must be an application (client) id'),
  ),
  /** Microsoft Entra authority host; each provider signs in at <host>/<provider tenant id>. */
  PARTNER_CENTER_AUTHORITY_HOST: z
    .url()
    .refine((u) => u.startsWith('https://'), 'must start with https://')
    .default('https://login.microsoftonline.com'),
  /** Delegated scope asked of Entra for Partner Center. */
  PARTNER_CENTER_SCOPE: z
    .string()
    .min(1)
    .default('https://api.partnercenter.microsoft.com/user_impersonation'),
  /** 32 random bytes in base64: the AES-256-GCM key sealing each provider's stored sign-in. */
  PARTNER_CENTER_TOKEN_KEY: optional(
    z
      .string()
      .refine(
        (k) => /^[A-Za-z0-9+/]{43}=$/.test(k.trim()),
        'must be 32 bytes in base64 (openssl rand -base64 32)',
      ),
  ),
  /** Minutes between two relationship syncs with Partner Center in the bot process (0: no sync job). */
  PARTNER_CENTER_SYNC_MINUTES: z.coerce.number().int().min(0).max(1440).default(15),
  /**
   * HMAC key of the audit CSV download links; the same on every instance. Unset outside
   * production: a random key per process (links die with it).
   */
  EXPORT_LINK_SECRET: optional(
    z.string().min(MIN_EXPORT_LINK_SECRET, `must have at least ${MIN_EXPORT_LINK_SECRET} characters`),
  ),
  /**
   * AES-256-GCM key material (the key is its SHA-256) sealing the e-mail draft kept for a repeated
   * "Write the e-mail" click; the same on every instance. Unset outside production: a random key
   * per process (a repeat after a restart then answers "already created").
   */
  DRAFT_REPLAY_SECRET: optional(
    z.string().min(MIN_EXPORT_LINK_SECRET, `must have at least ${MIN_EXPORT_LINK_SECRET} characters`),
  ),
  /** `on`: the bot process also runs the notification worker; `off`: only `npm run worker` instances send. */
  NOTIFY_WORKER: z.enum(['on', 'off']).default('on'),
  /** How often an idle outbox looks for new events and due jobs. */
  NOTIFY_POLL_MS: z.coerce.number().int().min(50).max(60_000).default(1000),
  /** How long a worker's claim on a job holds; a worker that dies loses its jobs after this. */
  NOTIFY_LEASE_MS: z.coerce.number().int().min(1000).max(3_600_000).default(60_000),
  /** Deadline of one send to the Bot Connector (shorter than the lease). */
  NOTIFY_SEND_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(15_000),
  /** Share of Teams' rate limits one worker process uses: 1 alone, 1/k (e.g. 0.5) with k workers. */
  NOTIFY_RATE_SHARE: z.coerce.number().gt(0).max(1).default(1),
  /** Days before a pending request expires that managers are reminded of it (0: no reminder). */
  NOTIFY_REMINDER_DAYS: z.coerce.number().int().min(0).max(30).default(3),
  /**
   * Where a reseller's user signs in on the invitation page (production): Microsoft Entra's
   * multi-tenant authority of work and school accounts; a national cloud's host instead.
   */
  RESELLER_SIGNIN_AUTHORITY: z
    .url()
    .refine((u) => u.startsWith('https://'), 'must start with https://')
    .default('https://login.microsoftonline.com/organizations'),
  MicrosoftAppId: optional(z.string()),
  MicrosoftAppPassword: optional(z.string()),
  MicrosoftAppType: z.enum(['MultiTenant', 'SingleTenant', 'UserAssignedMSI']).default('MultiTenant'),
  MicrosoftAppTenantId: optional(z.string()),
});

type ParsedConfig = z.infer<typeof configSchema>;

export type Config = Omit<ParsedConfig, 'PUBLIC_BASE_URL'> & {
  PUBLIC_BASE_URL: string;
  /** True when PUBLIC_BASE_URL was set, not made from PORT. */
  PUBLIC_BASE_URL_SET: boolean;
};

/** A configuration problem, with one line per wrong or missing variable. */
export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** Reads and validates the configuration; throws ConfigError naming each bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = configSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => {
      const name = issue.path.join('.') || '(environment)';
      const problem =
        issue.code === 'invalid_type' && env[name] === undefined ? 'is required' : issue.message;
      return `configuration: ${name} ${problem}`;
    });
    throw new ConfigError(lines.join('\n'));
  }
  const config: Config = {
    ...parsed.data,
    PUBLIC_BASE_URL: parsed.data.PUBLIC_BASE_URL ?? `http://localhost:${parsed.data.PORT}`,
    PUBLIC_BASE_URL_SET: parsed.data.PUBLIC_BASE_URL !== undefined,
  };
  if (config.NODE_ENV === 'production' && config.PARTNER_CENTER_ACCESS_TOKEN) {
    throw new ConfigError(
      'configuration: PARTNER_CENTER_ACCESS_TOKEN is for development only; connect each provider with npm run provider:connect',
    );
  }
  if (config.PARTNER_BACKEND === 'partner-center' && !config.PARTNER_CENTER_ACCESS_TOKEN) {
    for (const name of ['PARTNER_CENTER_CLIENT_ID', 'PARTNER_CENTER_TOKEN_KEY'] as const) {
      if (!config[name]) {
        throw new ConfigError(`configuration: ${name} is required when PARTNER_BACKEND=partner-center`);
      }
    }
  }
  if (config.NOTIFY_SEND_TIMEOUT_MS >= config.NOTIFY_LEASE_MS) {
    throw new ConfigError('configuration: NOTIFY_SEND_TIMEOUT_MS must be shorter than NOTIFY_LEASE_MS');
  }
  if (config.NODE_ENV === 'production' && !config.MicrosoftAppId) {
    throw new ConfigError('configuration: MicrosoftAppId is required when NODE_ENV=production');
  }
  for (const name of ['EXPORT_LINK_SECRET', 'DRAFT_REPLAY_SECRET'] as const) {
    if (config.NODE_ENV === 'production' && !config[name]) {
      throw new ConfigError(`configuration: ${name} is required when NODE_ENV=production`);
    }
  }
  return config;
}

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

/**
 * A warning for the start log when a PUBLIC_BASE_URL that was set names this machine on another
 * port than the one the bot listens on: its links would point at nothing. A public host name is
 * not checked, since a reverse proxy may well forward another port.
 */
export function publicBaseUrlWarning(config: Config, listeningPort: number): string | undefined {
  if (!config.PUBLIC_BASE_URL_SET) return undefined;
  const url = new URL(config.PUBLIC_BASE_URL);
  if (!LOOPBACK_HOSTS.has(url.hostname)) return undefined;
  const port = Number(url.port || (url.protocol === 'https:' ? 443 : 80));
  if (port === listeningPort) return undefined;
  return `PUBLIC_BASE_URL (${config.PUBLIC_BASE_URL}) points at port ${port}, but the bot listens on ${listeningPort}: invitation links and CSV downloads will not answer. Unset it to follow PORT.`;
}
