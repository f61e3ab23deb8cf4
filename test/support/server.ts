import { startServer, type RunningServer, type ServerOptions } from '../../bot/server.js';
import { loadConfig } from '../../services/config.js';
import { createLogger } from '../../services/logger.js';
import type { World } from './world.js';

/**
 * Local mode with the reseller Playground's user in Contoso's organisation: the invitation page
 * answers as this user (`localUsers.reseller`).
 */
export const CONTOSO_PLAYGROUND_RESELLER: Partial<ServerOptions> = {
  localUsers: {
    reseller: {
      tenantId: 'contoso-tenant',
      userId: 'contoso-user',
      name: 'Chen Jie',
      userPrincipalName: 'chenjie@contoso.example',
    },
  },
};

/**
 * The real HTTP server in local mode over a test world's database and services (the world keeps
 * ownership of the database), on a free port and with no Teams behind the member lookup.
 */
export async function serveWorld(
  world: World,
  settings: { env?: Record<string, string>; options?: Partial<ServerOptions> } = {},
): Promise<RunningServer> {
  const config = loadConfig({
    MONGODB_URI: process.env.MONGODB_URI,
    LOG_LEVEL: 'silent',
    PUBLIC_BASE_URL: 'https://bot.example.test',
    ...settings.env,
  });
  return startServer({
    config,
    app: {
      config,
      database: world.database,
      repos: world.repos,
      services: world.services,
      close: async () => undefined,
    },
    logger: createLogger('silent'),
    members: { member: async () => undefined },
    port: 0,
    ...settings.options,
  });
}
