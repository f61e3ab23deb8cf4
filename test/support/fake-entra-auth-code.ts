import { createHash, randomBytes } from 'node:crypto';

interface IssuedCode {
  tenantId: string;
  clientId: string;
  redirectUri: string;
  challenge: string;
}

/** One GET /authorize as the fake saw it. */
export interface AuthorizeRequest {
  tenantId: string;
  query: URLSearchParams;
}

/**
 * The authorization-code half of the fake Entra: `GET /{tenant}/oauth2/v2.0/authorize` signs the
 * tenant's admin in at once (no page) and redirects to the loopback `redirect_uri` with a code
 * and the caller's `state`; the token endpoint's `authorization_code` grant redeems the code once,
 * for the same client and redirect URI, when the `code_verifier` hashes (S256) to the challenge.
 * Only loopback redirect URIs and S256 are taken, as Entra requires of a public client with PKCE.
 * https://learn.microsoft.com/en-us/entra/identity-platform/v2-oauth2-auth-code-flow
 */
export class FakeAuthCodes {
  readonly requests: AuthorizeRequest[] = [];
  /** The next sign-in is refused this way (e.g. access_denied: the admin cancelled). */
  refuseNext: string | undefined;
  private readonly codes = new Map<string, IssuedCode>();

  clear(): void {
    this.requests.length = 0;
    this.codes.clear();
    this.refuseNext = undefined;
  }

  /** The redirect (302 Location) or an error page for an authorize request. */
  authorize(
    tenantId: string,
    query: URLSearchParams,
    hasAdmin: boolean,
  ): { status: number; location?: string } {
    this.requests.push({ tenantId, query });
    const redirectUri = query.get('redirect_uri') ?? '';
    let target: URL;
    try {
      target = new URL(redirectUri);
    } catch {
      return { status: 400 };
    }
    if (target.protocol !== 'http:' || !['127.0.0.1', 'localhost', '[::1]'].includes(target.hostname)) {
      return { status: 400 };
    }
    const state = query.get('state');
    if (state) target.searchParams.set('state', state);
    const refusal = this.refuseNext ?? (hasAdmin ? undefined : 'access_denied');
    this.refuseNext = undefined;
    if (
      !refusal &&
      (query.get('response_type') !== 'code' ||
        query.get('code_challenge_method') !== 'S256' ||
        !query.get('code_challenge'))
    ) {
      target.searchParams.set('error', 'invalid_request');
      return { status: 302, location: target.toString() };
    }
    if (refusal) {
      target.searchParams.set('error', refusal);
      target.searchParams.set('error_description', 'AADSTS65004: The user declined to consent.');
      return { status: 302, location: target.toString() };
    }
    const code = `code-${randomBytes(16).toString('hex')}`;
    this.codes.set(code, {
      tenantId,
      clientId: query.get('client_id') ?? '',
      redirectUri,
      challenge: query.get('code_challenge') ?? '',
    });
    target.searchParams.set('code', code);
    return { status: 302, location: target.toString() };
  }

  /** Redeems a code once; true when it is valid for this tenant, client, redirect URI and verifier. */
  redeem(tenantId: string, form: URLSearchParams): boolean {
    const code = form.get('code') ?? '';
    const issued = this.codes.get(code);
    this.codes.delete(code);
    const verifier = form.get('code_verifier') ?? '';
    return (
      issued !== undefined &&
      issued.tenantId === tenantId &&
      issued.clientId === (form.get('client_id') ?? '') &&
      issued.redirectUri === (form.get('redirect_uri') ?? '') &&
      createHash('sha256').update(verifier).digest('base64url') === issued.challenge
    );
  }
}

/**
 * What the admin's browser does with the sign-in address: open it (the fake signs in at once and
 * redirects), then follow the redirect to the loopback listener. Answers the listener's status.
 */
export async function browse(signInUrl: string, ca: string): Promise<{ status: number; location: string }> {
  const { request } = await import('node:https');
  const location = await new Promise<string>((resolve, reject) => {
    const req = request(signInUrl, { method: 'GET', ca }, (res) => {
      res.resume();
      resolve(res.headers.location ?? '');
    });
    req.on('error', reject);
    req.end();
  });
  if (!location) return { status: 0, location };
  const res = await fetch(location, { redirect: 'manual' });
  await res.text();
  return { status: res.status, location };
}
