import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Clock } from '../services/clock.js';
import { MIN_EXPORT_LINK_SECRET } from '../services/config.js';

/** Where the audit trail's CSV is downloaded from (GET, signed query). */
export const EXPORT_PATH = '/audit/export.csv';
/** How long an export link works after it was made. */
export const EXPORT_LINK_TTL_MINUTES = 10;

/** Separates these signatures from any other HMAC the secret might ever be used for. */
const PURPOSE = 'audit-export/v1';
/** Unix seconds, no sign, no leading zeros: one spelling per expiry, so the signed text is unique. */
const EXPIRY = /^[1-9]\d{0,11}$/;

/** Who may download the trail, and until when (whole seconds). */
export interface ExportClaims {
  tenantId: string;
  agentId: string;
  expiresAt: Date;
}

export interface ExportLink {
  url: string;
  expiresAt: Date;
}

/** The outcome of checking a link: its claims, or why it does not work (never which part was wrong). */
export type ExportLinkCheck =
  { ok: true; claims: ExportClaims } | { ok: false; reason: 'invalid' | 'expired' };

/**
 * Signs the claims into `${baseUrl}/audit/export.csv?t=…&a=…&e=…&s=…`: tenant, agent, expiry in
 * Unix seconds, and an HMAC-SHA256 (base64url) over all three.
 */
export function signExportLink(claims: ExportClaims, secret: string, baseUrl: string): string {
  const expires = String(Math.floor(claims.expiresAt.getTime() / 1000));
  const query = new URLSearchParams({
    t: claims.tenantId,
    a: claims.agentId,
    e: expires,
    s: signature(secret, claims.tenantId, claims.agentId, expires).toString('base64url'),
  });
  return `${baseUrl.replace(/\/+$/, '')}${EXPORT_PATH}?${query.toString()}`;
}

/** Checks the signature (in constant time), then the expiry; a repeated or missing parameter is invalid. */
export function verifyExportLink(query: URLSearchParams, secret: string, now: Date): ExportLinkCheck {
  const one = (name: string) => {
    const values = query.getAll(name);
    return values.length === 1 ? values[0] : undefined;
  };
  const [tenantId, agentId, expires, signed] = [one('t'), one('a'), one('e'), one('s')];
  if (!tenantId || !agentId || !expires || !signed || !EXPIRY.test(expires)) {
    return { ok: false, reason: 'invalid' };
  }
  // Compared as text: base64url decoding ignores stray characters, so a tampered spelling stays invalid.
  const given = Buffer.from(signed, 'utf8');
  const expected = Buffer.from(signature(secret, tenantId, agentId, expires).toString('base64url'), 'utf8');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    return { ok: false, reason: 'invalid' };
  }
  const expiresAt = new Date(Number(expires) * 1000);
  if (now.getTime() >= expiresAt.getTime()) return { ok: false, reason: 'expired' };
  return { ok: true, claims: { tenantId, agentId, expiresAt } };
}

function signature(secret: string, tenantId: string, agentId: string, expires: string): Buffer {
  // JSON keeps the fields apart whatever characters the ids hold.
  return createHmac('sha256', secret)
    .update(`${PURPOSE}\n${JSON.stringify([tenantId, agentId, expires])}`)
    .digest();
}

/** Makes and checks export links with one secret, base URL and clock (built once at start-up). */
export interface ExportLinks {
  /** A link for this agent of this provider tenant, valid for EXPORT_LINK_TTL_MINUTES. */
  create(caller: { tenantId: string; agentId: string }): ExportLink;
  verify(query: URLSearchParams): ExportLinkCheck;
}

export function createExportLinks(options: { secret: string; baseUrl: string; clock: Clock }): ExportLinks {
  const { secret, baseUrl, clock } = options;
  if (secret.length < MIN_EXPORT_LINK_SECRET) {
    throw new Error(`the export link secret must have at least ${MIN_EXPORT_LINK_SECRET} characters`);
  }
  return {
    create: ({ tenantId, agentId }) => {
      const seconds = Math.floor(clock.now().getTime() / 1000) + EXPORT_LINK_TTL_MINUTES * 60;
      const expiresAt = new Date(seconds * 1000);
      return { url: signExportLink({ tenantId, agentId, expiresAt }, secret, baseUrl), expiresAt };
    },
    verify: (query) => verifyExportLink(query, secret, clock.now()),
  };
}

/** `audit-2026-11-01.csv`: the UTC day of the download. */
export function exportFileName(now: Date): string {
  return `audit-${now.toISOString().slice(0, 10)}.csv`;
}
