import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { request as httpsRequest, createServer, type Server } from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes, randomUUID } from 'node:crypto';
import type { INetworkModule, NetworkRequestOptions, NetworkResponse } from '@azure/msal-node';

/** The self-signed certificate of a fake's HTTPS server. */
export interface FakeCertificate {
  key: string;
  cert: string;
  caFile: string;
  dir: string;
}

/** The admin who signs in for a provider tenant (what the device-code sign-in approves as). */
export interface FakeUser {
  oid: string;
  username: string;
  /** The user's own tenant when it is not the one signed in to (a guest, or a wrong account). */
  homeTenantId?: string;
}

interface RefreshGrant {
  tenantId: string;
  user: FakeUser;
  clientId: string;
  valid: boolean;
}

interface IssuedToken {
  tenantId: string;
  oid: string;
  expiresAt: number;
}

/** A token-endpoint call, as the test sees it. */
export interface TokenCall {
  tenantId: string;
  grantType: string;
  /** The refresh token presented, when any. */
  refreshToken?: string;
  answer: 'tokens' | 'invalid_grant';
}

/**
 * A stand-in for Microsoft Entra ID's v2.0 endpoints on https://127.0.0.1 (self-signed
 * certificate made with openssl at start). It serves the OpenID metadata MSAL reads
 * (`/{tenant}/v2.0/.well-known/openid-configuration`), the device code endpoint
 * (`/{tenant}/oauth2/v2.0/devicecode`, approved at once as the tenant's admin) and the token
 * endpoint (`/{tenant}/oauth2/v2.0/token`: device_code and refresh_token grants). Access tokens
 * are opaque, expire after `accessTokenSeconds`, and can be checked by the Partner Center fake
 * with `tenantOf`. Every refresh rolls the refresh token and retires the old one. `revoke` and
 * `withdrawConsent` make the tenant's refresh tokens answer `invalid_grant` as Entra does
 * (AADSTS50173 / AADSTS65001 with suberror consent_required).
 * Shapes: https://learn.microsoft.com/en-us/entra/identity-platform/v2-oauth2-device-code and
 * https://learn.microsoft.com/en-us/entra/identity-platform/v2-oauth2-auth-code-flow#refresh-the-access-token
 */
export class FakeEntra {
  readonly calls: TokenCall[] = [];
  /** Lifetime of new access tokens, in seconds (MSAL renews within 300 s of expiry). */
  accessTokenSeconds = 3600;
  private readonly users = new Map<string, FakeUser>();
  private readonly refreshTokens = new Map<string, RefreshGrant>();
  private readonly accessTokens = new Map<string, IssuedToken>();
  private readonly deviceCodes = new Map<string, { tenantId: string; clientId: string }>();
  private readonly refused = new Map<string, 'revoked' | 'consent'>();
  private server: Server | undefined;
  private port = 0;

  /** Use `start()` (it makes the certificate); public so that subclasses start the same way. */
  constructor(private readonly cert: FakeCertificate) {}

  static async start<T extends FakeEntra>(this: new (cert: FakeCertificate) => T): Promise<T> {
    const dir = mkdtempSync(join(tmpdir(), 'fake-entra-'));
    const keyFile = join(dir, 'key.pem');
    const certFile = join(dir, 'cert.pem');
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'rsa:2048',
        '-nodes',
        '-keyout',
        keyFile,
        '-out',
        certFile,
        '-days',
        '1',
      ].concat(['-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1']),
      { stdio: 'ignore' },
    );
    const fake = new this({
      key: readFileSync(keyFile, 'utf8'),
      cert: readFileSync(certFile, 'utf8'),
      caFile: certFile,
      dir,
    });
    const server = createServer(
      { key: fake.cert.key, cert: fake.cert.cert },
      (req, res) => void fake.handle(req, res),
    );
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    fake.server = server;
    fake.port = (server.address() as AddressInfo).port;
    return fake;
  }

  /** The authority host to configure (PARTNER_CENTER_AUTHORITY_HOST). */
  get authorityHost(): string {
    return `https://127.0.0.1:${this.port}`;
  }

  /** The certificate to trust (NODE_EXTRA_CA_CERTS for a child process). */
  get caFile(): string {
    return this.cert.caFile;
  }

  /** An MSAL network client that trusts this fake's certificate (in-process tests). */
  get networkClient(): INetworkModule {
    const ca = this.cert.cert;
    const send = <T>(
      url: string,
      method: string,
      options?: NetworkRequestOptions,
    ): Promise<NetworkResponse<T>> =>
      new Promise((resolve, reject) => {
        const req = httpsRequest(url, { method, ca, headers: options?.headers ?? {} }, (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => {
            const headers: Record<string, string> = {};
            for (const [k, v] of Object.entries(res.headers)) headers[k.toLowerCase()] = String(v);
            const text = Buffer.concat(chunks).toString('utf8');
            resolve({ status: res.statusCode ?? 0, headers, body: (text ? JSON.parse(text) : {}) as T });
          });
        });
        req.on('error', reject);
        if (options?.body) req.write(options.body);
        req.end();
      });
    return {
      sendGetRequestAsync: (url, options) => send(url, 'GET', options),
      sendPostRequestAsync: (url, options) => send(url, 'POST', options),
    };
  }

  /** Forgets every sign-in, token and call (between tests). */
  reset(): void {
    this.calls.length = 0;
    this.accessTokenSeconds = 3600;
    for (const map of [this.users, this.refreshTokens, this.accessTokens, this.deviceCodes, this.refused])
      map.clear();
  }

  /** Who approves the device-code sign-ins of this tenant. */
  setAdmin(tenantId: string, user: FakeUser): void {
    this.users.set(tenantId, user);
  }

  /** The admin's refresh tokens are revoked (password reset, session revoked): invalid_grant. */
  revoke(tenantId: string): void {
    this.refused.set(tenantId, 'revoked');
  }

  /** The provider withdrew the app's consent: invalid_grant with suberror consent_required. */
  withdrawConsent(tenantId: string): void {
    this.refused.set(tenantId, 'consent');
  }

  /** The provider tenant an access token was issued for, while it is valid. */
  tenantOf(accessToken: string): string | undefined {
    const issued = this.accessTokens.get(accessToken);
    return issued && issued.expiresAt > Date.now() ? issued.tenantId : undefined;
  }

  /** Ends every access token of the tenant now (to see the bot ask for a new one). */
  expireAccessTokens(tenantId: string): void {
    for (const t of this.accessTokens.values()) if (t.tenantId === tenantId) t.expiresAt = 0;
  }

  /** The refresh tokens currently valid for a tenant. */
  liveRefreshTokens(tenantId: string): string[] {
    return [...this.refreshTokens].filter(([, g]) => g.tenantId === tenantId && g.valid).map(([rt]) => rt);
  }

  callsFor(tenantId: string, grantType?: string): TokenCall[] {
    return this.calls.filter((c) => c.tenantId === tenantId && (!grantType || c.grantType === grantType));
  }

  async stop(): Promise<void> {
    const server = this.server;
    if (server) {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
    rmSync(this.cert.dir, { recursive: true, force: true });
  }

  protected async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', this.authorityHost);
    const [tenantId = '', ...rest] = url.pathname.split('/').filter(Boolean).map(decodeURIComponent);
    const path = rest.join('/');
    const form = new URLSearchParams(await readBody(req));
    const send = (status: number, body: unknown): void => {
      res.writeHead(status, {
        'Content-Type': 'application/json; charset=utf-8',
        'Cache-Control': 'no-store',
      });
      res.end(JSON.stringify(body));
    };
    const base = `${this.authorityHost}/${tenantId}`;
    if (req.method === 'GET' && path === 'v2.0/.well-known/openid-configuration') {
      return send(200, {
        issuer: `${base}/v2.0`,
        authorization_endpoint: `${base}/oauth2/v2.0/authorize`,
        token_endpoint: `${base}/oauth2/v2.0/token`,
        device_authorization_endpoint: `${base}/oauth2/v2.0/devicecode`,
        end_session_endpoint: `${base}/oauth2/v2.0/logout`,
        jwks_uri: `${base}/discovery/v2.0/keys`,
        response_types_supported: ['code', 'id_token', 'code id_token', 'token id_token'],
        scopes_supported: ['openid', 'profile', 'email', 'offline_access'],
        tenant_region_scope: 'EU',
      });
    }
    if (req.method === 'POST' && path === 'oauth2/v2.0/devicecode') {
      const deviceCode = randomBytes(16).toString('hex');
      this.deviceCodes.set(deviceCode, { tenantId, clientId: form.get('client_id') ?? '' });
      return send(200, {
        user_code: 'FAKE-CODE',
        device_code: deviceCode,
        verification_uri: 'https://microsoft.com/devicelogin',
        expires_in: 900,
        interval: 1,
        message:
          'To sign in, use a web browser to open the page https://microsoft.com/devicelogin and enter the code FAKE-CODE to authenticate.',
      });
    }
    if (req.method === 'POST' && path === 'oauth2/v2.0/token') return send(...this.token(tenantId, form));
    send(404, { error: 'not_found', error_description: `no route ${req.method} ${url.pathname}` });
  }

  protected token(tenantId: string, form: URLSearchParams): [number, unknown] {
    const grantType = form.get('grant_type') ?? '';
    const clientId = form.get('client_id') ?? '';
    if (grantType === 'device_code' || grantType === 'urn:ietf:params:oauth:grant-type:device_code') {
      const code = this.deviceCodes.get(form.get('device_code') ?? '');
      const user = this.users.get(tenantId);
      if (!code || code.tenantId !== tenantId || !user)
        return this.invalidGrant(tenantId, grantType, undefined, 'AADSTS70000');
      this.deviceCodes.delete(form.get('device_code') ?? '');
      this.refused.delete(tenantId);
      this.calls.push({ tenantId, grantType, answer: 'tokens' });
      return [200, this.issue(tenantId, user, clientId)];
    }
    if (grantType === 'refresh_token') {
      const presented = form.get('refresh_token') ?? '';
      const grant = this.refreshTokens.get(presented);
      const refusal = this.refused.get(tenantId);
      if (!grant || !grant.valid || grant.tenantId !== tenantId || grant.clientId !== clientId || refusal) {
        const code =
          refusal === 'consent' ? 'AADSTS65001' : refusal === 'revoked' ? 'AADSTS50173' : 'AADSTS70008';
        return this.invalidGrant(
          tenantId,
          grantType,
          presented,
          code,
          refusal === 'consent' ? 'consent_required' : undefined,
        );
      }
      grant.valid = false; // the refresh token rolls
      this.calls.push({ tenantId, grantType, refreshToken: presented, answer: 'tokens' });
      return [200, this.issue(tenantId, grant.user, clientId)];
    }
    return [400, { error: 'unsupported_grant_type', error_description: `AADSTS70003: ${grantType}` }];
  }

  private invalidGrant(
    tenantId: string,
    grantType: string,
    refreshToken: string | undefined,
    code: string,
    suberror?: string,
  ): [number, unknown] {
    this.calls.push({
      tenantId,
      grantType,
      ...(refreshToken ? { refreshToken } : {}),
      answer: 'invalid_grant',
    });
    return [
      400,
      {
        error: 'invalid_grant',
        error_description: `${code}: The refresh token is not valid.`,
        error_codes: [Number(code.slice(6))],
        timestamp: new Date().toISOString(),
        trace_id: randomUUID(),
        correlation_id: randomUUID(),
        ...(suberror ? { suberror } : {}),
      },
    ];
  }

  private issue(tenantId: string, user: FakeUser, clientId: string): Record<string, unknown> {
    const accessToken = `at-${tenantId}-${randomBytes(12).toString('hex')}`;
    const refreshToken = `rt-${randomBytes(24).toString('hex')}`;
    const now = Math.floor(Date.now() / 1000);
    this.accessTokens.set(accessToken, {
      tenantId,
      oid: user.oid,
      expiresAt: Date.now() + this.accessTokenSeconds * 1000,
    });
    this.refreshTokens.set(refreshToken, { tenantId, user, clientId, valid: true });
    const idToken = [
      b64({ typ: 'JWT', alg: 'none' }),
      b64({
        aud: clientId,
        iss: `${this.authorityHost}/${tenantId}/v2.0`,
        iat: now,
        nbf: now,
        exp: now + 3600,
        oid: user.oid,
        sub: user.oid,
        tid: user.homeTenantId ?? tenantId,
        preferred_username: user.username,
        name: user.username,
        ver: '2.0',
      }),
      '',
    ].join('.');
    return {
      token_type: 'Bearer',
      scope: 'https://api.partnercenter.microsoft.com/user_impersonation',
      expires_in: this.accessTokenSeconds,
      ext_expires_in: this.accessTokenSeconds,
      access_token: accessToken,
      refresh_token: refreshToken,
      id_token: idToken,
      client_info: b64({ uid: user.oid, utid: user.homeTenantId ?? tenantId }),
    };
  }
}

function b64(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}
