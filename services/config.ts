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
  /** Public base URL of this bot, used in invitation links (…/invite/<token>). */
  PUBLIC_BASE_URL: z.url().default('http://localhost:3978'),
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
  /** App + user access token for Partner Center (obtained outside the bot, e.g. by a token broker). */
  PARTNER_CENTER_ACCESS_TOKEN: optional(z.string().min(20)),
  /**
   * HMAC key of the audit CSV download links; the same on every instance. Unset outside
   * production: a random key per process (links die with it).
   */
  EXPORT_LINK_SECRET: optional(
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
  MicrosoftAppId: optional(z.string()),
  MicrosoftAppPassword: optional(z.string()),
  MicrosoftAppType: z.enum(['MultiTenant', 'SingleTenant', 'UserAssignedMSI']).default('MultiTenant'),
  MicrosoftAppTenantId: optional(z.string()),
});

export type Config = z.infer<typeof configSchema>;

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
  const config = parsed.data;
  if (config.PARTNER_BACKEND === 'partner-center' && !config.PARTNER_CENTER_ACCESS_TOKEN) {
    throw new ConfigError(
      'configuration: PARTNER_CENTER_ACCESS_TOKEN is required when PARTNER_BACKEND=partner-center',
    );
  }
  if (config.NOTIFY_SEND_TIMEOUT_MS >= config.NOTIFY_LEASE_MS) {
    throw new ConfigError('configuration: NOTIFY_SEND_TIMEOUT_MS must be shorter than NOTIFY_LEASE_MS');
  }
  if (config.NODE_ENV === 'production' && !config.MicrosoftAppId) {
    throw new ConfigError('configuration: MicrosoftAppId is required when NODE_ENV=production');
  }
  if (config.NODE_ENV === 'production' && !config.EXPORT_LINK_SECRET) {
    throw new ConfigError('configuration: EXPORT_LINK_SECRET is required when NODE_ENV=production');
  }
  return config;
}
