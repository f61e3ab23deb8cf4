import { plainParams } from '../../cards/render.js';
import { errorMessage } from '../../i18n/index.js';
import type { AppError, ErrorCode } from '../../services/errors.js';
import type { Reply, Turn } from '../turn.js';

/**
 * A refusal's message for a card's text (which Teams renders as Markdown): its parameters, such
 * as a reseller's name from the partner directory, are made literal.
 */
export function messageOnCard(turn: Turn, error: AppError): string {
  return errorMessage(turn.locale, error.code, plainParams(error.params));
}

/**
 * An inline answer for refusals about what the user entered: the same form again, with the
 * reason shown in it. Any other refusal (role, tenant, stale state) stays a card-level error.
 */
export function inlineFor<I>(
  codes: readonly ErrorCode[],
  render: (turn: Turn, input: I, message: string) => Promise<Reply> | Reply,
): (turn: Turn, input: I, error: AppError) => Promise<Reply | undefined> {
  return async (turn, input, error) =>
    codes.includes(error.code) ? render(turn, input, messageOnCard(turn, error)) : undefined;
}

/** Refusals that are about the Partner ID a user typed or picked. */
export const RESELLER_REFUSALS = [
  'invalid_input',
  'partner_id_required',
  'reseller_not_found',
  'reseller_not_enrolled',
  'reseller_mpa_inactive',
  'reseller_region_mismatch',
  'reseller_is_provider',
  'reseller_not_related',
  'relationship_not_active',
] as const satisfies readonly ErrorCode[];
