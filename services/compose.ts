import { connectDatabase, type Database } from '../data/database.js';
import { ensureSchema } from '../data/indexes.js';
import { LocalCommerce } from '../data/local-partner/local-commerce.js';
import { LocalPartnerDirectory } from '../data/local-partner/local-directory.js';
import { createRepositories, type Repositories } from '../data/repositories.js';
import { systemClock } from './clock.js';
import { ConfigError, type Config } from './config.js';
import { createServices, type Services } from './index.js';
import { PartnerCenterCommerce } from './partner-center/commerce.js';
import { PartnerCenterDirectory, PartnerCenterResellerIndex } from './partner-center/directory.js';
import { PartnerCenterHttp } from './partner-center/http.js';
import type { CommerceGateway, PartnerDirectory } from './ports.js';

/** The running service layer over one database: the composition root for the bot and the CLIs. */
export interface App {
  config: Config;
  database: Database;
  repos: Repositories;
  services: Services;
  close(): Promise<void>;
}

export async function openApp(config: Config): Promise<App> {
  const database = await connectDatabase(config.MONGODB_URI, config.MONGODB_DB);
  await ensureSchema(database.db);
  const repos = createRepositories(database.db, database.scanDb);
  const { directory, commerce } = partnerBackend(config, database);
  const services = createServices({
    repos,
    clock: systemClock,
    directory,
    commerce,
    settings: { publicBaseUrl: config.PUBLIC_BASE_URL, invitationTtlDays: config.INVITATION_TTL_DAYS },
  });
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
  return { config, database, repos, services, close: () => database.close() };
}

/** Local demo data in MongoDB, or Partner Center's REST API with the configured access token. */
function partnerBackend(
  config: Config,
  database: Database,
): { directory: PartnerDirectory; commerce: CommerceGateway } {
  if (config.PARTNER_BACKEND === 'local') {
    return { directory: new LocalPartnerDirectory(database.db), commerce: new LocalCommerce(database.db) };
  }
  const token = config.PARTNER_CENTER_ACCESS_TOKEN ?? '';
  const http = new PartnerCenterHttp({
    baseUrl: config.PARTNER_CENTER_BASE_URL,
    tokenProvider: async () => token,
  });
  return {
    directory: new PartnerCenterDirectory(http),
    commerce: new PartnerCenterCommerce(http, new PartnerCenterResellerIndex(http)),
  };
}
