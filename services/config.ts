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
  /** App + user access token for Partner Center (obtained outside the bot, e.g. by a token broker). */
  PARTNER_CENTER_ACCESS_TOKEN: optional(z.string().min(20)),
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
  if (config.PARTNER_BACKEND === 'partner-center' && !config.PARTNER_CENTER_ACCESS_TOKEN) {
    throw new ConfigError(
      'configuration: PARTNER_CENTER_ACCESS_TOKEN is required when PARTNER_BACKEND=partner-center',
    );
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
