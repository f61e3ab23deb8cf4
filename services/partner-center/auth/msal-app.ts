import {
  LogLevel,
  PublicClientApplication,
  type ICachePlugin,
  type INetworkModule,
  type TokenCacheContext,
} from '@azure/msal-node';
import type { TokenCacheStore } from '../../../data/partner-center/token-cache-store.js';
import type { TokenCipher } from './token-cipher.js';

/** How the bot reaches Microsoft Entra ID for Partner Center's App+User tokens. */
export interface EntraSettings {
  /** Application (client) id of the bot's multi-tenant Entra app registration (public client flows on). */
  clientId: string;
  /** e.g. https://login.microsoftonline.com (Partner Center operated by 21Vianet: https://login.chinacloudapi.cn). */
  authorityHost: string;
  /** Delegated scope of Partner Center, e.g. https://api.partnercenter.microsoft.com/user_impersonation. */
  scopes: string[];
  /** Only for tests and private clouds: MSAL's HTTP client is used otherwise. */
  networkClient?: INetworkModule;
}

/**
 * One MSAL public client application per provider tenant, its authority that tenant, its token
 * cache sealed in MongoDB. The authority host is declared a known authority so that MSAL takes
 * the host's own metadata (`/{tenant}/v2.0/.well-known/openid-configuration`) instead of asking
 * the public cloud's instance discovery endpoint: a national cloud or a local fake then needs no
 * other host.
 * https://learn.microsoft.com/en-us/entra/identity-platform/msal-client-application-configuration#authority
 */
export function providerApp(
  settings: EntraSettings,
  providerTenantId: string,
  store: TokenCacheStore,
  cipher: TokenCipher,
): PublicClientApplication {
  const host = settings.authorityHost.replace(/\/+$/, '');
  return new PublicClientApplication({
    auth: {
      clientId: settings.clientId,
      authority: `${host}/${encodeURIComponent(providerTenantId)}`,
      knownAuthorities: [new URL(host).host],
    },
    cache: { cachePlugin: sealedCachePlugin(providerTenantId, store, cipher) },
    system: {
      ...(settings.networkClient ? { networkClient: settings.networkClient } : {}),
      // MSAL logs no tokens at Warning and above, and personal data only when asked to.
      loggerOptions: { logLevel: LogLevel.Warning, piiLoggingEnabled: false, loggerCallback: () => {} },
    },
  });
}

/**
 * MSAL's cache plugin over the sealed store: read before every access (another instance may have
 * rolled the refresh token), written after every change (a rolled refresh token is kept at once).
 * https://learn.microsoft.com/en-us/entra/msal/javascript/node/caching
 */
function sealedCachePlugin(tenantId: string, store: TokenCacheStore, cipher: TokenCipher): ICachePlugin {
  return {
    async beforeCacheAccess(context: TokenCacheContext) {
      const stored = await store.get(tenantId);
      if (stored) context.tokenCache.deserialize(cipher.open(stored.sealed, tenantId));
    },
    async afterCacheAccess(context: TokenCacheContext) {
      if (!context.cacheHasChanged) return;
      await store.save(tenantId, cipher.seal(context.tokenCache.serialize(), tenantId), new Date());
    },
  };
}
