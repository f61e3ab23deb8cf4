/**
 * Every refusal the service layer can answer with. A code maps to a message key in each
 * language (`error.<code>` in i18n/); the database and logs only ever hold the code.
 */
export const ERROR_CODES = [
  'invalid_input',
  'not_authorised',
  'provider_unknown',
  'agent_unknown',
  'reseller_not_found',
  'reseller_not_enrolled',
  'reseller_mpa_inactive',
  'reseller_region_mismatch',
  'reseller_is_provider',
  'reseller_not_related',
  'relationship_already_open',
  'relationship_not_active',
  'relationship_not_pending',
  'relationship_not_found',
  'draft_link_missing',
  'draft_too_long',
  'invitation_unknown',
  'invitation_expired',
  'invitation_cancelled',
  'invitation_replaced',
  'invitation_declined',
  'invitation_used',
  'invitation_wrong_organisation',
  'attestation_required',
  'confirmation_required',
  'customer_not_found',
  'subscription_not_found',
  'idempotency_key_reused',
  'last_admin',
  'partner_id_required',
  'external_throttled',
  'external_unavailable',
  'external_rejected',
  'concurrent_change',
  'stale_action',
  'database_unavailable',
  'transaction_in_progress',
  'quantity_invalid',
  'partner_center_reconnect_required',
  'notification_recipient_unknown',
  'notification_channel_only',
  'notification_types_required',
  'notification_job_unknown',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

export type ErrorParams = Record<string, string | number>;

/** A refusal with a code and the parameters its message needs; never an English sentence. */
export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    readonly params: ErrorParams = {},
  ) {
    super(code);
    this.name = 'AppError';
  }
}

export function isAppError(value: unknown): value is AppError {
  return value instanceof AppError;
}

/** True when the database did not answer in time (stalled, down, or the network to it cut). */
export { isDatabaseUnavailable } from '../data/database.js';
