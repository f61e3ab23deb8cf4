import { createHash, randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { FakeEntra } from './fake-entra.js';

/** Who a browser signs in as at the fake's authorize endpoint (a user of any organisation). */
export interface BrowserUser {
  oid: string;
  tid: string;
  username: string;
  name: string;
}

interface IssuedCode {
  clientId: string;
  redirectUri: string;
  challenge: string;
  nonce: string;
  user: BrowserUser;
}

/**
 * The fake Entra of #9 with the web sign-in too: the authorize endpoint
 * (`/{tenant}/oauth2/v2.0/authorize`, signs in at once as `browserUser` and redirects back with a
 * code and the state) and the `authorization_code` grant of the token endpoint (client secret,
 * redirect URI and PKCE S256 verifier checked; each code works once; the ID token carries the
 * request's nonce, `tid`, `oid`, `preferred_username`).
 * https://learn.microsoft.com/entra/identity-platform/v2-oauth2-auth-code-flow
 */
export class FakeEntraSignIn extends FakeEntra {
  browserUser: BrowserUser | undefined;
  /** The client secret the token endpoint accepts. */
  clientSecret = 'fake-client-secret';
  /** Every authorize request, as its query. */
  readonly authorizeRequests: URLSearchParams[] = [];
  /** Every authorization_code redemption and its answer. */
  readonly codeRedemptions: { answer: 'tokens' | 'invalid_grant'; reason?: string }[] = [];
  private readonly codes = new Map<string, IssuedCode>();

  protected override async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', this.authorityHost);
    if (req.method === 'GET' && /^\/[^/]+\/oauth2\/v2\.0\/authorize$/.test(url.pathname)) {
      const query = url.searchParams;
      this.authorizeRequests.push(query);
      const redirect = query.get('redirect_uri') ?? '';
      const user = this.browserUser;
      if (!user || query.get('code_challenge_method') !== 'S256' || !query.get('code_challenge')) {
        res.writeHead(400, { 'Content-Type': 'text/plain' });
        res.end('AADSTS900144: the request needs a signed-in user and a PKCE challenge');
        return;
      }
      const code = `code-${randomBytes(16).toString('hex')}`;
      this.codes.set(code, {
        clientId: query.get('client_id') ?? '',
        redirectUri: redirect,
        challenge: query.get('code_challenge') ?? '',
        nonce: query.get('nonce') ?? '',
        user,
      });
      const back = new URL(redirect);
      back.searchParams.set('code', code);
      back.searchParams.set('state', query.get('state') ?? '');
      res.writeHead(302, { Location: back.toString() });
      res.end();
      return;
    }
    return super.handle(req, res);
  }

  protected override token(tenantId: string, form: URLSearchParams): [number, unknown] {
    if (form.get('grant_type') !== 'authorization_code') return super.token(tenantId, form);
    const code = form.get('code') ?? '';
    const issued = this.codes.get(code);
    this.codes.delete(code);
    const verifier = form.get('code_verifier') ?? '';
    const refusal = !issued
      ? 'unknown or used code'
      : issued.clientId !== form.get('client_id') || form.get('client_secret') !== this.clientSecret
        ? 'wrong client'
        : issued.redirectUri !== form.get('redirect_uri')
          ? 'wrong redirect URI'
          : createHash('sha256').update(verifier).digest('base64url') !== issued.challenge
            ? 'PKCE verifier does not match'
            : undefined;
    if (refusal || !issued) {
      this.codeRedemptions.push({ answer: 'invalid_grant', reason: refusal });
      return [400, { error: 'invalid_grant', error_description: `AADSTS70008: ${refusal}` }];
    }
    this.codeRedemptions.push({ answer: 'tokens' });
    const now = Math.floor(Date.now() / 1000);
    const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
    const { user } = issued;
    const idToken = [
      b64({ typ: 'JWT', alg: 'none' }),
      b64({
        aud: issued.clientId,
        iss: `${this.authorityHost}/${user.tid}/v2.0`,
        iat: now,
        nbf: now,
        exp: now + 3600,
        nonce: issued.nonce,
        oid: user.oid,
        sub: user.oid,
        tid: user.tid,
        preferred_username: user.username,
        name: user.name,
        ver: '2.0',
      }),
      '',
    ].join('.');
    return [
      200,
      {
        token_type: 'Bearer',
        scope: 'openid profile',
        expires_in: 3600,
        ext_expires_in: 3600,
        access_token: `at-web-${randomBytes(12).toString('hex')}`,
        id_token: idToken,
        client_info: b64({ uid: user.oid, utid: user.tid }),
      },
    ];
  }
}
