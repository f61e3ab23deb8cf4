import {
  createCipheriv,
  createDecipheriv,
  createHash,
  createHmac,
  randomBytes,
  timingSafeEqual,
} from 'node:crypto';
import type { Clock } from '../services/clock.js';

/** The reseller's user, as the invitation service takes it (from Entra's ID token or local mode). */
export interface PageResellerUser {
  userId: string;
  entraTenantId: string;
  email?: string;
  name?: string;
}

/** Who answers on one invitation page: signed in for this invitation (its token's hash) only. */
export interface InviteSession {
  sid: string;
  tokenHash: string;
  user: PageResellerUser;
  /** Unix milliseconds. */
  expiresAt: number;
}

/** The sign-in in flight: the invitation it is for, and what must come back (state, nonce, PKCE). */
export interface SignInState {
  token: string;
  state: string;
  nonce: string;
  verifier: string;
  expiresAt: number;
}

export const SESSION_COOKIE = 'rrb_invite';
export const SIGN_IN_COOKIE = 'rrb_signin';
/** How long a sign-in lets the reseller answer, and how long a sign-in may take. */
export const SESSION_MINUTES = 30;
export const SIGN_IN_MINUTES = 10;

/**
 * Sealed cookies of the invitation page (AES-256-GCM; the purpose is the additional data, so a
 * sign-in cookie never opens as a session) and its CSRF tokens (HMAC-SHA256 of the session id and
 * the invitation). Stateless: any instance with the same secret opens them.
 */
export class InviteSeals {
  private readonly key: Buffer;
  private readonly macKey: Buffer;

  constructor(
    secret: string,
    private readonly clock: Clock,
  ) {
    this.key = createHash('sha256').update(`invite-page/v1/seal\n${secret}`).digest();
    this.macKey = createHash('sha256').update(`invite-page/v1/csrf\n${secret}`).digest();
  }

  sealSession(session: Omit<InviteSession, 'expiresAt' | 'sid'>): { value: string; session: InviteSession } {
    const full: InviteSession = {
      ...session,
      sid: randomBytes(16).toString('base64url'),
      expiresAt: this.clock.now().getTime() + SESSION_MINUTES * 60_000,
    };
    return { value: this.seal('session', full), session: full };
  }

  openSession(value: string | undefined, tokenHash: string): InviteSession | undefined {
    const session = this.open<InviteSession>('session', value);
    return session && session.tokenHash === tokenHash ? session : undefined;
  }

  sealSignIn(state: Omit<SignInState, 'expiresAt'>): string {
    return this.seal('sign-in', {
      ...state,
      expiresAt: this.clock.now().getTime() + SIGN_IN_MINUTES * 60_000,
    });
  }

  openSignIn(value: string | undefined): SignInState | undefined {
    return this.open<SignInState>('sign-in', value);
  }

  /** The form's CSRF token: only a page served to this session for this invitation has it. */
  csrf(session: InviteSession): string {
    return createHmac('sha256', this.macKey)
      .update(`${session.sid}\n${session.tokenHash}`)
      .digest('base64url');
  }

  checkCsrf(session: InviteSession, given: unknown): boolean {
    if (typeof given !== 'string') return false;
    const expected = Buffer.from(this.csrf(session));
    const actual = Buffer.from(given);
    return actual.length === expected.length && timingSafeEqual(actual, expected);
  }

  private seal(purpose: string, value: { expiresAt: number }): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    cipher.setAAD(Buffer.from(purpose));
    const sealed = Buffer.concat([cipher.update(JSON.stringify(value), 'utf8'), cipher.final()]);
    return [iv, sealed, cipher.getAuthTag()].map((part) => part.toString('base64url')).join('.');
  }

  private open<T extends { expiresAt: number }>(purpose: string, value: string | undefined): T | undefined {
    const [iv, sealed, tag] = (value ?? '').split('.').map((part) => Buffer.from(part, 'base64url'));
    if (!iv || !sealed || !tag || iv.length !== 12 || tag.length !== 16) return undefined;
    try {
      const decipher = createDecipheriv('aes-256-gcm', this.key, iv);
      decipher.setAAD(Buffer.from(purpose));
      decipher.setAuthTag(tag);
      const opened = JSON.parse(
        Buffer.concat([decipher.update(sealed), decipher.final()]).toString('utf8'),
      ) as T;
      return opened.expiresAt > this.clock.now().getTime() ? opened : undefined;
    } catch {
      return undefined;
    }
  }
}

/** The value of one cookie of a request's Cookie header. */
export function readCookie(header: string | undefined, name: string): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const [key, ...rest] = part.trim().split('=');
    if (key === name) return rest.join('=');
  }
  return undefined;
}

/** A Set-Cookie value: HttpOnly, SameSite=Lax (the sign-in comes back from Entra by a top-level GET). */
export function cookie(
  name: string,
  value: string,
  options: { secure: boolean; maxAgeSeconds: number },
): string {
  return [
    `${name}=${value}`,
    'Path=/',
    'HttpOnly',
    'SameSite=Lax',
    `Max-Age=${options.maxAgeSeconds}`,
    ...(options.secure ? ['Secure'] : []),
  ].join('; ');
}
