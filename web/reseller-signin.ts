import {
  ConfidentialClientApplication,
  CryptoProvider,
  LogLevel,
  type INetworkModule,
} from '@azure/msal-node';
import type { PageResellerUser, SignInState } from './invite-session.js';

/** Where Entra sends the reseller's browser back to (register it as a Web redirect URI of the app). */
export const SIGN_IN_CALLBACK_PATH = '/auth/invite/callback';
const SCOPES = ['openid', 'profile'];

export interface ResellerSignInSettings {
  clientId: string;
  clientSecret: string;
  /** e.g. https://login.microsoftonline.com/organizations (tests: a local fake). */
  authority: string;
  /** The bot's public base URL; the redirect URI is `<base>/auth/invite/callback`. */
  publicBaseUrl: string;
  /** Only for tests: MSAL's HTTP client otherwise. */
  networkClient?: INetworkModule;
}

/**
 * The reseller's Microsoft Entra sign-in on the invitation page: OAuth 2.0 authorization code flow
 * with PKCE (S256) through MSAL's confidential client, a state and a nonce bound to the invitation
 * (kept sealed in a cookie until the browser comes back). The ID token's `tid`, `oid` and
 * `preferred_username` become the reseller user the invitation service checks ("only the invited
 * organisation"). The authority host is a known authority, so MSAL reads that host's metadata only.
 * https://learn.microsoft.com/entra/identity-platform/v2-oauth2-auth-code-flow
 */
export class ResellerSignIn {
  private readonly client: ConfidentialClientApplication;
  private readonly crypto = new CryptoProvider();
  readonly redirectUri: string;

  constructor(settings: ResellerSignInSettings) {
    this.redirectUri = `${settings.publicBaseUrl.replace(/\/+$/, '')}${SIGN_IN_CALLBACK_PATH}`;
    this.client = new ConfidentialClientApplication({
      auth: {
        clientId: settings.clientId,
        clientSecret: settings.clientSecret,
        authority: settings.authority,
        knownAuthorities: [new URL(settings.authority).host],
      },
      system: {
        ...(settings.networkClient ? { networkClient: settings.networkClient } : {}),
        loggerOptions: { logLevel: LogLevel.Warning, piiLoggingEnabled: false, loggerCallback: () => {} },
      },
    });
  }

  /** The Entra sign-in URL for this invitation, and what the callback must find again. */
  async start(token: string): Promise<{ url: string; pending: Omit<SignInState, 'expiresAt'> }> {
    const { verifier, challenge } = await this.crypto.generatePkceCodes();
    const state = this.crypto.createNewGuid();
    const nonce = this.crypto.createNewGuid();
    const url = await this.client.getAuthCodeUrl({
      scopes: SCOPES,
      redirectUri: this.redirectUri,
      codeChallenge: challenge,
      codeChallengeMethod: 'S256',
      state,
      nonce,
      responseMode: 'query',
      prompt: 'select_account',
    });
    return { url, pending: { token, state, nonce, verifier } };
  }

  /**
   * Redeems the code with the PKCE verifier; MSAL compares the returned state with ours and the
   * ID token's nonce with the one sent. The signed-in reseller user.
   */
  async finish(code: string, returnedState: string, pending: SignInState): Promise<PageResellerUser> {
    const result = await this.client.acquireTokenByCode(
      {
        code,
        codeVerifier: pending.verifier,
        redirectUri: this.redirectUri,
        scopes: SCOPES,
        state: pending.state,
        nonce: pending.nonce,
      },
      { code, state: returnedState },
    );
    const claims = (result.idTokenClaims ?? {}) as Record<string, unknown>;
    const text = (value: unknown) => (typeof value === 'string' && value ? value : undefined);
    const tid = text(claims.tid);
    const oid = text(claims.oid);
    if (!tid || !oid || claims.nonce !== pending.nonce)
      throw new Error('the ID token has no tenant, user or nonce');
    const email = text(claims.preferred_username);
    const name = text(claims.name);
    return {
      userId: oid,
      entraTenantId: tid,
      ...(email ? { email } : {}),
      ...(name ? { name: name.slice(0, 200) } : {}),
    };
  }
}
