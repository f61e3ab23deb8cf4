import { z } from 'zod';
import type { Actor } from '../actor.js';
import type { ServiceContext } from '../context.js';
import { AppError } from '../errors.js';
import type { AgreementAcceptance } from '../ports.js';
import { derivedRequestId } from '../partner-center/commerce-shapes.js';
import { agentActor } from '../relationships/relationship-service.js';
import type { OpenTransaction } from '../relationships/relationship-stream.js';
import type { StreamRepository } from '../streams.js';
import { parseInput } from '../validation.js';
import { COMMERCE_EVENTS, type ActivityState } from './activity-stream.js';

/**
 * The customer's person who accepted the Microsoft Customer Agreement, as the add-customer form
 * sends it, and the agent's attestation that the customer did accept it. Partner Center asks for
 * first name, last name, e-mail and, optionally, a phone number.
 * https://learn.microsoft.com/en-us/partner-center/developer/confirm-customer-consent-customer-agreement
 */
export const agreementInputSchema = z.object({
  contactFirstName: z.string().trim().min(1).max(100),
  contactLastName: z.string().trim().min(1).max(100),
  contactEmail: z.string().trim().toLowerCase().pipe(z.email()).pipe(z.string().max(254)),
  contactPhone: z
    .string()
    .trim()
    .max(30)
    .optional()
    .transform((value) => (value ? value : undefined))
    .pipe(
      z
        .string()
        .regex(/^\+?[0-9][0-9 ().-]{3,28}$/)
        .optional(),
    ),
  agreementAttested: z.boolean().optional(),
});

/** What the transaction records of the acceptance (the date is taken once, when it starts). */
export interface AgreementRecord {
  firstName: string;
  lastName: string;
  email: string;
  phoneNumber?: string;
  dateAgreed: string;
}

/** Validates the acceptance of an add-customer input: the attestation first, then each field. */
export function parseAgreement(input: unknown, now: Date): AgreementRecord {
  const raw = (typeof input === 'object' && input !== null ? input : {}) as Record<string, unknown>;
  if (raw.agreementAttested !== true) throw new AppError('agreement_attestation_required');
  const parsed = parseInput(agreementInputSchema, input);
  return {
    firstName: parsed.contactFirstName,
    lastName: parsed.contactLastName,
    email: parsed.contactEmail,
    ...(parsed.contactPhone ? { phoneNumber: parsed.contactPhone } : {}),
    dateAgreed: now.toISOString(),
  };
}

/**
 * The Microsoft Customer Agreement acceptance of a customer: sent to the backend (Partner
 * Center's agreements API, or the local commerce) and recorded as `customer.agreement_accepted`
 * on the customer's activity stream (audit trail), once per transaction. With Partner Center,
 * an order for a customer is refused until an acceptance is on record, in the bot or in Partner
 * Center itself.
 */
export class CustomerAgreements {
  constructor(
    private readonly ctx: ServiceContext,
    private readonly customers: StreamRepository<ActivityState>,
  ) {}

  /** Records the acceptance the transaction carries; answers what was recorded (also on a resumed run). */
  async record(
    tenantId: string,
    by: Actor,
    customerId: string,
    open: OpenTransaction,
  ): Promise<{ acceptedBy: string; email: string; dateAgreed: Date } | undefined> {
    const agreement = open.input.agreement as AgreementRecord | undefined;
    if (!agreement) return undefined;
    const recorded = {
      acceptedBy: `${agreement.firstName} ${agreement.lastName}`,
      email: agreement.email,
      dateAgreed: new Date(agreement.dateAgreed),
    };
    const { state } = await this.customers.load(tenantId, customerId);
    if (state.agreementIntentId === open.intentId) return recorded;
    const acceptance: AgreementAcceptance = { ...agreement, dateAgreed: new Date(agreement.dateAgreed) };
    await this.ctx.commerce.recordCustomerAgreement(
      tenantId,
      customerId,
      acceptance,
      derivedRequestId(open.intentId, 'agreement'),
    );
    await this.customers.execute<void>(tenantId, customerId, ({ state: now }) => {
      if (now.agreementIntentId === open.intentId) return { noChange: undefined };
      return {
        append: {
          type: COMMERCE_EVENTS.agreementAccepted,
          at: this.ctx.clock.now(),
          actor: agentActor(by),
          ...(open.idempotencyKey ? { idempotencyKey: open.idempotencyKey } : {}),
          after: { agreement: 'MicrosoftCustomerAgreement' },
          data: {
            customerId,
            intentId: open.intentId,
            agreementType: 'MicrosoftCustomerAgreement',
            acceptedBy: `${agreement.firstName} ${agreement.lastName}`,
            acceptedByEmail: agreement.email,
            ...(agreement.phoneNumber ? { acceptedByPhone: agreement.phoneNumber } : {}),
            dateAgreed: agreement.dateAgreed,
            ...(typeof open.input.companyName === 'string' ? { companyName: open.input.companyName } : {}),
          },
        },
        answer: () => undefined,
      };
    });
    return recorded;
  }

  /** With Partner Center: refuses an order for a customer whose acceptance is nowhere on record. */
  async requireFor(tenantId: string, customerId: string, companyName: string): Promise<void> {
    if (!this.ctx.settings.partnerCenter) return;
    const { state } = await this.customers.load(tenantId, customerId);
    if (state.agreementIntentId) return;
    if (await this.ctx.commerce.hasCustomerAgreement(tenantId, customerId)) return;
    throw new AppError('customer_agreement_required', { companyName });
  }
}
