import type { INetworkModule } from '@azure/msal-node';
import { connectDatabase, type Database } from '../data/database.js';
import { ensureSchema } from '../data/indexes.js';
import { LocalCommerce } from '../data/local-partner/local-commerce.js';
import { LocalPartnerDirectory } from '../data/local-partner/local-directory.js';
import { createRepositories, type Repositories } from '../data/repositories.js';
import { systemClock } from './clock.js';
import { ConfigError, type Config } from './config.js';
import { AppError } from './errors.js';
import { createServices, type Services } from './index.js';
import { ConnectionLog } from './partner-center/auth/connections.js';
import { TokenCipher } from './partner-center/auth/token-cipher.js';
import { PartnerCenterTokens } from './partner-center/auth/token-provider.js';
import { PartnerCenterCommerce } from './partner-center/commerce.js';
import { PartnerCenterDirectory, PartnerCenterResellerIndex } from './partner-center/directory.js';
import { PartnerCenterHttp } from './partner-center/http.js';
import { RelationshipSync } from './partner-center/relationship-sync.js';
import { PartnerCenterRoleDirectory } from './partner-center/roles.js';
import { PartnerCenterSyncJob } from './partner-center/sync-job.js';
import type { Logger } from './logger.js';
import type { CommerceGateway, PartnerDirectory } from './ports.js';

/** The running service layer over one database: the composition root for the bot and the CLIs. */
export interface App {
  config: Config;
  database: Database;
  repos: Repositories;
  services: Services;
  /** With PARTNER_BACKEND=partner-center: the REST client and the per-provider tokens. */
  partnerCenter?: PartnerCenterParts;
  close(): Promise<void>;
}

/** What the Partner Center backend is made of, for the CLIs and the sync job. */
export interface PartnerCenterParts {
  http: PartnerCenterHttp;
  resellers: PartnerCenterResellerIndex;
  /** Undefined when the development override PARTNER_CENTER_ACCESS_TOKEN is set. */
  tokens?: PartnerCenterTokens;
  connections: ConnectionLog;
  /** The agents' roles as Partner Center knows them (short cache, refreshed by the sync). */
  roles: PartnerCenterRoleDirectory;
  /** Relationship (and role) sync of every connected provider: the job and `npm run sync`. */
  sync: PartnerCenterSyncJob;
}

/** Test seams: how MSAL reaches a local Entra stand-in. */
export interface AppOptions {
  entraNetworkClient?: INetworkModule;
  /** Where the Partner Center sync job logs its runs. */
  logger?: Logger;
}

export async function openApp(config: Config, options: AppOptions = {}): Promise<App> {
  const database = await connectDatabase(config.MONGODB_URI, config.MONGODB_DB);
  await ensureSchema(database.db, database.scanDb);
  const repos = createRepositories(database.db, database.scanDb);
  const backend = partnerBackend(config, database, repos, options);
  const services = createServices({
    repos,
    clock: systemClock,
    directory: backend.directory,
    commerce: backend.commerce,
    ...(backend.partnerCenter ? { roleDirectory: backend.partnerCenter.roles } : {}),
    settings: {
      publicBaseUrl: config.PUBLIC_BASE_URL,
      invitationTtlDays: config.INVITATION_TTL_DAYS,
      ...(config.DRAFT_REPLAY_SECRET ? { draftReplaySecret: config.DRAFT_REPLAY_SECRET } : {}),
      ...(backend.partnerCenter
        ? {
            partnerCenter: {
              requestLink: async (tenantId: string) =>
                (await repos.partnerCenterSettings.get(tenantId)).requestLink,
            },
          }
        : {}),
    },
  });
  const partnerCenter = backend.partnerCenter && {
    ...backend.partnerCenter,
    sync: new PartnerCenterSyncJob(
      new RelationshipSync(services.relationships, backend.partnerCenter.resellers, repos, systemClock),
      repos,
      !backend.partnerCenter.tokens,
      backend.partnerCenter.roles,
      options.logger,
    ),
  };
  for (const pair of config.BOOTSTRAP_ADMINS?.split(',') ?? []) {
    const [tenantId = '', agentId = ''] = pair.split(':');
    if (!(await repos.providers.get(tenantId))) {
      await database.close();
      throw new ConfigError(
        `configuration: BOOTSTRAP_ADMINS names tenant ${tenantId}, which is not registered (npm run provider)`,
      );
    }
    await services.access.bootstrapAdmin(tenantId, agentId);
  }
  return {
    config,
    database,
    repos,
    services,
    ...(partnerCenter ? { partnerCenter } : {}),
    close: () => database.close(),
  };
}

/**
 * Local demo data in MongoDB, or Partner Center's REST API acting for each provider with that
 * provider's own App+User token (or, in development, one static token for all).
 */
function partnerBackend(
  config: Config,
  database: Database,
  repos: Repositories,
  options: AppOptions,
): {
  directory: PartnerDirectory;
  commerce: CommerceGateway;
  partnerCenter?: Omit<PartnerCenterParts, 'sync'>;
} {
  if (config.PARTNER_BACKEND === 'local') {
    return { directory: new LocalPartnerDirectory(database.db), commerce: new LocalCommerce(database.db) };
  }
  const connections = new ConnectionLog(repos, systemClock);
  const staticToken = config.PARTNER_CENTER_ACCESS_TOKEN;
  const tokens = staticToken
    ? undefined
    : new PartnerCenterTokens(
        {
          clientId: config.PARTNER_CENTER_CLIENT_ID ?? '',
          authorityHost: config.PARTNER_CENTER_AUTHORITY_HOST,
          scopes: [config.PARTNER_CENTER_SCOPE],
          ...(options.entraNetworkClient ? { networkClient: options.entraNetworkClient } : {}),
        },
        repos.partnerCenterTokenCaches,
        new TokenCipher(config.PARTNER_CENTER_TOKEN_KEY ?? ''),
        connections,
      );
  const http = new PartnerCenterHttp({
    baseUrl: config.PARTNER_CENTER_BASE_URL,
    tokenProvider: tokens ? (tenantId) => tokens.accessToken(tenantId) : async () => staticToken ?? '',
    ...(tokens ? { onUnauthorized: (tenantId: string) => tokens.invalidate(tenantId) } : {}),
  });
  const resellers = new PartnerCenterResellerIndex(http);
  return {
    directory: new PartnerCenterDirectory(http),
    commerce: new PartnerCenterCommerce(http, resellers, {
      // The add-customer form has no billing fields: the provider's configured profile is used.
      billingProfileFor: async (_customer, tenantId) => {
        const profile = (await repos.partnerCenterSettings.get(tenantId)).billingProfile;
        if (!profile) throw new AppError('invalid_input', { field: 'billingProfile' });
        return profile;
      },
    }),
    partnerCenter: {
      http,
      resellers,
      connections,
      roles: new PartnerCenterRoleDirectory(http),
      ...(tokens ? { tokens } : {}),
    },
  };
}
