import { randomBytes } from 'node:crypto';
import type { INetworkModule } from '@azure/msal-node';
import type restify from 'restify';
import type { Clock } from '../services/clock.js';
import type { App } from '../services/compose.js';
import type { Config } from '../services/config.js';
import type { Logger } from '../services/logger.js';
import { registerInvitePage } from './invite-routes.js';
import { InviteSeals } from './invite-session.js';
import type { LocalUsers } from './local-users.js';
import { ResellerSignIn } from './reseller-signin.js';
import { registerResellersTab } from './resellers-tab.js';
import { createPageAuthenticator, type TabSsoOptions } from './tab-auth.js';

/** Test overrides of the reseller's sign-in (a local fake Entra and its certificate). */
export interface ResellerSignInOverrides {
  authority?: string;
  networkClient?: INetworkModule;
}

/**
 * The invitation page (answer after signing in) and the resellers tab. Production (an app id):
 * Entra sign-in and SSO tokens; local mode: the Playgrounds' users.
 */
export function registerWebPages(
  server: restify.Server,
  deps: {
    app: App;
    config: Config;
    logger: Logger;
    clock: Clock;
    localUsers: LocalUsers;
    tabSso?: TabSsoOptions;
    resellerSignIn?: ResellerSignInOverrides;
  },
): void {
  const { app, config, logger, clock, localUsers } = deps;
  const local = !config.MicrosoftAppId;
  registerInvitePage(server, {
    app,
    logger,
    seals: new InviteSeals(config.EXPORT_LINK_SECRET ?? randomBytes(32).toString('base64url'), clock),
    ...(config.MicrosoftAppId
      ? {
          botAppId: config.MicrosoftAppId,
          signIn: new ResellerSignIn({
            clientId: config.MicrosoftAppId,
            clientSecret: config.MicrosoftAppPassword ?? '',
            authority: deps.resellerSignIn?.authority ?? config.RESELLER_SIGNIN_AUTHORITY,
            publicBaseUrl: config.PUBLIC_BASE_URL,
            ...(deps.resellerSignIn?.networkClient
              ? { networkClient: deps.resellerSignIn.networkClient }
              : {}),
          }),
        }
      : localUsers.reseller
        ? { localReseller: localUsers.reseller }
        : {}),
    secureCookies: config.PUBLIC_BASE_URL.startsWith('https://') && !local,
  });
  registerResellersTab(server, {
    app,
    logger,
    authenticator: createPageAuthenticator({
      config,
      logger,
      ...(localUsers.agent ? { localAgent: localUsers.agent } : {}),
      ...(deps.tabSso ? { sso: deps.tabSso } : {}),
    }),
  });
}
