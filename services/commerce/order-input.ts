/** The inputs of adding a customer and submitting an order, and what adding a customer answers. */
import { z } from 'zod';
import { idSchema } from '../actor.js';
import { AppError } from '../errors.js';
import type { AdminCredentials, CommerceCustomer, CommerceGateway, OfferTerm, OrderLine } from '../ports.js';
import { parseInput } from '../validation.js';

/**
 * Licences per order line. The commerce port names no per-offer limits (Partner Center's offer
 * catalogue is not read for them); a quantity the backend refuses comes back as its own refusal.
 */
export const MIN_QUANTITY = 1;
export const MAX_QUANTITY = 100_000;

/**
 * What the order form offers before it knows the offer (the usual new-commerce choices of
 * licence-based products); once the offer is known, the form offers that offer's own terms.
 */
export const USUAL_OFFER_TERMS: readonly OfferTerm[] = [
  { termDuration: 'P1M', billingCycle: 'monthly' },
  { termDuration: 'P1Y', billingCycle: 'monthly' },
  { termDuration: 'P1Y', billingCycle: 'annual' },
];

export const newCustomerSchema = z.object({
  companyName: z.string().trim().min(1).max(200),
  domain: z
    .string()
    .trim()
    .toLowerCase()
    .regex(/^[a-z0-9-]+(\.[a-z0-9-]+)+$/),
  azure: z.boolean().default(false),
  partnerId: z.string(),
});

export interface AddCustomerResult {
  customer: CommerceCustomer;
  /**
   * The new customer's first admin sign-in (Partner Center answers it once). Shown once: a replay
   * of the same action answers without it, and it is in no event.
   */
  adminCredentials?: AdminCredentials;
  /** For an Azure customer: change the reseller's default permissions under Entra "User settings". */
  showEntraUserSettingsGuidance: boolean;
  /** The Microsoft Customer Agreement acceptance recorded with the customer. */
  agreement?: { acceptedBy: string; email: string; dateAgreed: Date };
}

/** The order's terms as the audit trail shows them (codes: `offer P1Y annual`), when it has any. */
export function termsOf(lines: OrderLine[]): { terms?: string } {
  const terms = lines
    .filter((line) => line.termDuration && line.billingCycle)
    .map((line) => `${line.offerId} ${line.termDuration} ${line.billingCycle}`);
  return terms.length ? { terms: terms.join('; ') } : {};
}

export const offerIdSchema = z.string().trim().min(1).max(200);

const orderSchema = z.object({
  customerId: idSchema,
  partnerId: z.string(),
  lineItems: z
    .array(
      z.object({
        offerId: offerIdSchema,
        quantity: z.number().int().min(MIN_QUANTITY).max(MAX_QUANTITY),
        // ISO 8601 durations (P1M, P1Y, P3Y) and billing cycles (monthly, annual, …).
        termDuration: z
          .string()
          .trim()
          .toUpperCase()
          .regex(/^P\d{1,2}[MY]$/)
          .optional(),
        billingCycle: z
          .string()
          .trim()
          .toLowerCase()
          .regex(/^[a-z_]{3,20}$/)
          .optional(),
      }),
    )
    .min(1)
    .max(50),
});

export type OrderInput = z.infer<typeof orderSchema>;

/** A quantity that is not a whole number in range is refused as such, whatever the card sent. */
export function parseOrder(input: unknown): OrderInput {
  const parsed = orderSchema.safeParse(input);
  const quantityIssue = parsed.error?.issues.find((issue) => issue.path.at(-1) === 'quantity');
  if (quantityIssue) throw new AppError('quantity_invalid', { min: MIN_QUANTITY, max: MAX_QUANTITY });
  const termIssue = parsed.error?.issues.find((issue) =>
    ['termDuration', 'billingCycle'].includes(String(issue.path.at(-1))),
  );
  if (termIssue) throw new AppError('invalid_input', { field: 'term' });
  return parseInput(orderSchema, input);
}

/**
 * Each line with the term the backend says its offer is sold with: the chosen term and billing
 * cycle must be one of the offer's (a line without one, or with another, is refused); an offer
 * without terms to choose (license-based) drops whatever term was sent.
 */
export async function withOfferTerms(
  commerce: CommerceGateway,
  tenantId: string,
  country: string,
  lines: OrderInput['lineItems'],
): Promise<OrderLine[]> {
  const checked: OrderLine[] = [];
  for (const line of lines) {
    const allowed = await commerce.offerTerms(tenantId, line.offerId, country);
    if (allowed.length === 0) {
      checked.push({ offerId: line.offerId, quantity: line.quantity });
      continue;
    }
    const match = allowed.find(
      (term) => term.termDuration === line.termDuration && term.billingCycle === line.billingCycle,
    );
    if (!match) throw new AppError('billing_term_not_offered', { offerId: line.offerId });
    checked.push({ offerId: line.offerId, quantity: line.quantity, ...match });
  }
  return checked;
}
