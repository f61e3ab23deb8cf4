import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Clock } from '../services/clock.js';

/** How long a dialog opened from a card may act for the agent who opened it. */
export const DIALOG_GRANT_TTL_MINUTES = 30;
/** Separates these signatures from the export links', which may use the same secret. */
const PURPOSE = 'draft-dialog/v1';
const GRANT = /^([1-9]\d{0,11})\.([A-Za-z0-9_-]{43})\.(.+)$/s;

/** The agent a dialog acts for: whoever the bot served when it opened the dialog. */
export interface DialogCaller {
  tenantId: string;
  agentId: string;
}

export type GrantCheck = { ok: true; caller: DialogCaller } | { ok: false; reason: 'invalid' | 'expired' };

/**
 * Grants for the bot's dialogs, as the audit export links are made: the bot, which has just
 * authenticated the agent's activity, signs (HMAC-SHA256) who it is and until when; the page sends
 * the grant back with each call. `expiry.signature.base64url(JSON [tenant, agent])`.
 */
export interface DialogGrants {
  create(caller: DialogCaller): string;
  verify(grant: string): GrantCheck;
}

export function createDialogGrants(options: { secret?: string; clock: Clock }): DialogGrants {
  // Without a configured secret (local mode), grants die with the process, like export links.
  const secret = options.secret ?? randomBytes(32).toString('base64url');
  const sign = (expires: string, who: string) =>
    createHmac('sha256', secret).update(`${PURPOSE}\n${expires}\n${who}`).digest('base64url');
  return {
    create: ({ tenantId, agentId }) => {
      const expires = String(
        Math.floor(options.clock.now().getTime() / 1000) + DIALOG_GRANT_TTL_MINUTES * 60,
      );
      const who = Buffer.from(JSON.stringify([tenantId, agentId]), 'utf8').toString('base64url');
      return `${expires}.${sign(expires, who)}.${who}`;
    },
    verify: (grant) => {
      const match = GRANT.exec(grant);
      if (!match) return { ok: false, reason: 'invalid' };
      const [, expires = '', signed = '', who = ''] = match;
      const given = Buffer.from(signed, 'utf8');
      const expected = Buffer.from(sign(expires, who), 'utf8');
      if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
        return { ok: false, reason: 'invalid' };
      }
      if (options.clock.now().getTime() >= Number(expires) * 1000) return { ok: false, reason: 'expired' };
      const [tenantId, agentId] = JSON.parse(Buffer.from(who, 'base64url').toString('utf8')) as [
        string,
        string,
      ];
      return { ok: true, caller: { tenantId, agentId } };
    },
  };
}
