import { JwtTokenExtractor } from 'botframework-connector/lib/auth/jwtTokenExtractor.js';
import type { Config } from '../services/config.js';
import type { Logger } from '../services/logger.js';
import type { LocalUser } from './local-users.js';

/** Microsoft Entra's signing keys for every organisation (multi-tenant tokens). */
export const ENTRA_OPENID_METADATA_URL =
  'https://login.microsoftonline.com/common/v2.0/.well-known/openid-configuration';

/** The scope a Teams SSO token carries (the app registration exposes it, as Teams documents). */
const SSO_SCOPE = 'access_as_user';

/** The agent a page acts for, as its token (or local mode) says. */
export interface PageCaller {
  tenantId: string;
  agentId: string;
  displayName?: string;
}

export type PageAuthentication =
  | { ok: true; caller: PageCaller; via: 'sso' | 'local' }
  | {
      ok: false;
      status: 401 | 503;
      code: 'sign_in_required' | 'unauthorized' | 'authentication_unavailable';
    };

/** Where the SSO token's keys and issuers come from (tests point them at a local OpenID server). */
export interface TabSsoOptions {
  openIdMetadataUrl?: string;
  /** The issuers a token of this tenant may have; Entra's v2.0 and v1.0 issuers by default. */
  issuers?: (tenantId: string) => string[];
}

export interface PageAuthenticator {
  authenticate(authorization: string | undefined): Promise<PageAuthentication>;
}

/**
 * The caller of a page's JSON call. Production (MicrosoftAppId set): the teams-js SSO token
 * (`authentication.getAuthToken`) in `Authorization: Bearer`, checked by the Bot Framework SDK's
 * own JWT validation (`JwtTokenExtractor`: Entra's OpenID metadata and signing keys, cached; RS256;
 * audience the app's `webApplicationInfo` id or resource; issuer of the token's own tenant); its
 * `tid` and `oid` are the agent. Local mode: the provider Playground's user, no token.
 */
export function createPageAuthenticator(deps: {
  config: Config;
  localAgent?: LocalUser;
  sso?: TabSsoOptions;
  logger: Logger;
}): PageAuthenticator {
  const { config, logger } = deps;
  const appId = config.MicrosoftAppId;
  if (!appId) {
    const agent = deps.localAgent;
    return {
      authenticate: async () =>
        agent
          ? {
              ok: true,
              via: 'local',
              caller: { tenantId: agent.tenantId, agentId: agent.userId, displayName: agent.name },
            }
          : { ok: false, status: 401, code: 'sign_in_required' },
    };
  }
  const audiences = ssoAudiences(appId, config.PUBLIC_BASE_URL);
  const metadataUrl = deps.sso?.openIdMetadataUrl ?? ENTRA_OPENID_METADATA_URL;
  const issuers =
    deps.sso?.issuers ??
    ((tid: string) => [`https://login.microsoftonline.com/${tid}/v2.0`, `https://sts.windows.net/${tid}/`]);
  return {
    async authenticate(authorization) {
      const token = /^Bearer ([A-Za-z0-9_.-]+)$/.exec(authorization ?? '')?.[1];
      if (!token) return { ok: false, status: 401, code: 'sign_in_required' };
      const tid = unverifiedTenant(token);
      if (!tid) return { ok: false, status: 401, code: 'unauthorized' };
      try {
        const extractor = new JwtTokenExtractor(
          { issuer: issuers(tid), audience: audiences, clockTolerance: 300, ignoreExpiration: false },
          metadataUrl,
          ['RS256'],
        );
        const identity = await extractor.getIdentity('Bearer', token, 'msteams');
        const claim = (type: string) => identity?.getClaimValue(type) ?? undefined;
        const oid = claim('oid');
        const scopes = String(claim('scp') ?? '').split(' ');
        if (!identity?.isAuthenticated || claim('tid') !== tid || !oid || !scopes.includes(SSO_SCOPE)) {
          logger.warn({ tid }, 'page token refused: wrong issuer, audience, scope or claims');
          return { ok: false, status: 401, code: 'unauthorized' };
        }
        const name = claim('name');
        return {
          ok: true,
          via: 'sso',
          caller: { tenantId: tid, agentId: oid, ...(name ? { displayName: name } : {}) },
        };
      } catch (error) {
        const statusCode = (error as { statusCode?: unknown }).statusCode;
        if ((error as Error).name === 'FetchError' || (typeof statusCode === 'number' && statusCode >= 500)) {
          logger.error({ err: error }, 'could not check a page token: the signing keys did not load');
          return { ok: false, status: 503, code: 'authentication_unavailable' };
        }
        logger.warn({ err: error, tid }, 'page token refused');
        return { ok: false, status: 401, code: 'unauthorized' };
      }
    },
  };
}

/** The audiences of the SSO token: the app id, and the manifest's `api://<domain>/botid-<id>`. */
export function ssoAudiences(appId: string, publicBaseUrl: string): string[] {
  return [appId, `api://${new URL(publicBaseUrl).host}/botid-${appId}`];
}

/** The `tid` claim before the signature is checked: only to know which issuer to expect. */
function unverifiedTenant(token: string): string | undefined {
  try {
    const payload = JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8')) as {
      tid?: unknown;
    };
    return typeof payload.tid === 'string' && /^[A-Za-z0-9-]{1,64}$/.test(payload.tid)
      ? payload.tid
      : undefined;
  } catch {
    return undefined;
  }
}
