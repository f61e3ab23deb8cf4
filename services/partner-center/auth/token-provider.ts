import {
  AuthError,
  InteractionRequiredAuthError,
  type AuthenticationResult,
  type PublicClientApplication,
} from '@azure/msal-node';
import type { TokenCacheStore } from '../../../data/partner-center/token-cache-store.js';
import { AppError } from '../../errors.js';
import { signInWithAuthCode, type AuthCodeOptions } from './auth-code-flow.js';
import type { DisconnectReason } from './connection-stream.js';
import type { ConnectionLog } from './connections.js';
import { providerApp, type EntraSettings } from './msal-app.js';
import { TokenCipherError, type TokenCipher } from './token-cipher.js';

/** Access tokens are used until this long before they expire (MSAL renews at the same offset). */
const RENEW_BEFORE_MS = 5 * 60_000;

interface CachedToken {
  accessToken: string;
  expiresAt: number;
}

/** What the device-code sign-in shows the provider's admin (MSAL's message: URL and code). */
export interface DeviceCodePrompt {
  message: string;
  userCode: string;
  verificationUri: string;
}

/**
 * Partner Center App+User access tokens, one provider tenant at a time (the "secure application
 * model": an admin of each provider signs in once with MFA; the bot keeps that sign-in's refresh
 * token and exchanges it for access tokens, and the refresh token rolls).
 * https://learn.microsoft.com/en-us/partner-center/developer/enable-secure-app-model
 * https://learn.microsoft.com/en-us/partner-center/developer/partner-center-authentication
 *
 * Access tokens are kept in memory until shortly before expiry; the refresh token lives only in
 * MSAL's token cache, sealed with AES-256-GCM in MongoDB. When Entra refuses the refresh token
 * (invalid_grant, consent revoked), the connection is recorded as lost and every call answers
 * `partner_center_reconnect_required` until an admin connects again.
 */
export class PartnerCenterTokens {
  private readonly memory = new Map<string, CachedToken>();
  private readonly inFlight = new Map<string, Promise<string>>();
  private readonly apps = new Map<string, PublicClientApplication>();
  private readonly stale = new Set<string>();

  constructor(
    private readonly settings: EntraSettings,
    private readonly store: TokenCacheStore,
    private readonly cipher: TokenCipher,
    private readonly connections: ConnectionLog,
    private readonly now: () => number = Date.now,
  ) {}

  /** An access token for Partner Center acting for this provider tenant. */
  async accessToken(providerTenantId: string): Promise<string> {
    const cached = this.memory.get(providerTenantId);
    if (cached && !this.stale.has(providerTenantId) && cached.expiresAt - RENEW_BEFORE_MS > this.now()) {
      return cached.accessToken;
    }
    // One renewal per provider at a time in this process.
    const running = this.inFlight.get(providerTenantId);
    if (running) return running;
    const renewal = this.renew(providerTenantId).finally(() => this.inFlight.delete(providerTenantId));
    this.inFlight.set(providerTenantId, renewal);
    return renewal;
  }

  /** Partner Center refused the token (401): the next call asks Entra for a new one. */
  invalidate(providerTenantId: string): void {
    this.memory.delete(providerTenantId);
    this.stale.add(providerTenantId);
  }

  /**
   * The one-time sign-in of a provider's admin (device code flow). The resulting token cache
   * replaces the stored one; the connection is recorded with who signed in.
   * https://learn.microsoft.com/en-us/entra/identity-platform/v2-oauth2-device-code
   */
  async connect(
    providerTenantId: string,
    prompt: (code: DeviceCodePrompt) => void,
  ): Promise<{ username: string }> {
    const app = await this.freshApp(providerTenantId);
    const result = await app.acquireTokenByDeviceCode({
      scopes: this.settings.scopes,
      deviceCodeCallback: (r) =>
        prompt({ message: r.message, userCode: r.userCode, verificationUri: r.verificationUri }),
    });
    return this.connected(providerTenantId, result);
  }

  /**
   * The same one-time sign-in with the authorization-code flow (PKCE, state) on a loopback
   * redirect URI, for admins who sign in with a browser on the machine that runs the command.
   */
  async connectWithAuthCode(
    providerTenantId: string,
    options: AuthCodeOptions,
  ): Promise<{ username: string }> {
    const app = await this.freshApp(providerTenantId);
    return this.connected(providerTenantId, await signInWithAuthCode(app, this.settings.scopes, options));
  }

  // A new sign-in replaces whatever was stored for the provider.
  private async freshApp(providerTenantId: string): Promise<PublicClientApplication> {
    await this.store.remove(providerTenantId);
    this.apps.delete(providerTenantId);
    this.memory.delete(providerTenantId);
    return this.app(providerTenantId);
  }

  private async connected(
    providerTenantId: string,
    result: AuthenticationResult | null,
  ): Promise<{ username: string }> {
    if (!result?.account) throw new AppError('partner_center_reconnect_required');
    if (result.tenantId && result.tenantId.toLowerCase() !== providerTenantId.toLowerCase()) {
      // An admin of another organisation signed in: keep nothing of it.
      await this.store.remove(providerTenantId);
      throw new AppError('invalid_input', { field: 'tenant' });
    }
    const username = result.account.username;
    await this.connections.connected(providerTenantId, { username, accountId: result.account.homeAccountId });
    this.remember(providerTenantId, result.accessToken, result.expiresOn);
    return { username };
  }

  private async renew(providerTenantId: string): Promise<string> {
    const state = await this.connections.state(providerTenantId);
    if (state.status !== 'connected') throw new AppError('partner_center_reconnect_required');
    const forceRefresh = this.stale.has(providerTenantId);
    const before = await this.store.get(providerTenantId);
    try {
      const app = this.app(providerTenantId);
      const accounts = await app.getTokenCache().getAllAccounts();
      const account = accounts.find((a) => a.homeAccountId === state.accountId) ?? accounts[0];
      if (!account) return await this.lose(providerTenantId, 'no_account');
      const result = await app.acquireTokenSilent({ account, scopes: this.settings.scopes, forceRefresh });
      this.stale.delete(providerTenantId);
      this.remember(providerTenantId, result.accessToken, result.expiresOn);
      return result.accessToken;
    } catch (error) {
      if (error instanceof AppError) throw error;
      if (error instanceof TokenCipherError) return this.lose(providerTenantId, 'unreadable');
      if (isRefused(error)) {
        // Another instance may have rolled the refresh token meanwhile: try once with its cache.
        const after = await this.store.get(providerTenantId);
        if (after && before && after.sealed !== before.sealed) return this.retryOnce(providerTenantId, error);
        return this.lose(providerTenantId, reasonOf(error));
      }
      throw new AppError('external_unavailable', { reason: 'token' });
    }
  }

  private async retryOnce(providerTenantId: string, first: AuthError): Promise<string> {
    const state = await this.connections.state(providerTenantId);
    const app = this.app(providerTenantId);
    const accounts = await app.getTokenCache().getAllAccounts();
    const account = accounts.find((a) => a.homeAccountId === state.accountId) ?? accounts[0];
    if (!account) return this.lose(providerTenantId, reasonOf(first));
    try {
      const result = await app.acquireTokenSilent({ account, scopes: this.settings.scopes });
      this.remember(providerTenantId, result.accessToken, result.expiresOn);
      return result.accessToken;
    } catch (error) {
      if (isRefused(error)) return this.lose(providerTenantId, reasonOf(error));
      throw new AppError('external_unavailable', { reason: 'token' });
    }
  }

  private async lose(providerTenantId: string, reason: DisconnectReason): Promise<never> {
    this.memory.delete(providerTenantId);
    await this.connections.lost(providerTenantId, reason);
    throw new AppError('partner_center_reconnect_required');
  }

  private remember(providerTenantId: string, accessToken: string, expiresOn: Date | null): void {
    // Without an expiry, the token is used for this call only.
    if (expiresOn) this.memory.set(providerTenantId, { accessToken, expiresAt: expiresOn.getTime() });
  }

  private app(providerTenantId: string): PublicClientApplication {
    let app = this.apps.get(providerTenantId);
    if (!app) {
      app = providerApp(this.settings, providerTenantId, this.store, this.cipher);
      this.apps.set(providerTenantId, app);
    }
    return app;
  }
}

// invalid_grant and its relatives: the refresh token or the consent is gone; only a new sign-in helps.
function isRefused(error: unknown): error is AuthError {
  return (
    error instanceof InteractionRequiredAuthError ||
    (error instanceof AuthError &&
      (error.errorCode === 'invalid_grant' || error.errorCode === 'no_tokens_found'))
  );
}

// AADSTS65001: consent missing or withdrawn; AADSTS50173 / 700082 / 70008: the grant was revoked or expired.
function reasonOf(error: AuthError): DisconnectReason {
  const text = `${error.subError} ${error.errorMessage}`;
  return error.subError === 'consent_required' || /AADSTS65001/.test(text)
    ? 'consent_revoked'
    : 'invalid_grant';
}
