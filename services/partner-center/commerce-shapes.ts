import { createHash } from 'node:crypto';
import { z } from 'zod';
import { AppError } from '../errors.js';
import type {
  CommerceCustomer,
  CommerceOrder,
  CommerceSubscription,
  NewOrder,
  SubscriptionRef,
} from '../ports.js';

/** Partner Center commerce resources: their schemas, the mappings to the ports' types, and helpers. */

// Shapes from the Partner Center docs (customer-resources, subscription-resources, order-resources).
// Loose objects: only the fields mapped below are checked, the rest is kept as sent.
export const customerSchema = z.looseObject({
  id: z.string(),
  companyProfile: z
    .looseObject({ domain: z.string().nullish(), companyName: z.string().nullish() })
    .nullish(),
  billingProfile: z.looseObject({ companyName: z.string().nullish() }).nullish(),
  // The reseller's tenant id (not its Partner ID).
  associatedPartnerId: z.string().nullish(),
  // Only in the answer to POST /v1/customers: the new tenant's first admin and a one-time password.
  // https://learn.microsoft.com/en-us/partner-center/developer/create-a-customer#response-example
  userCredentials: z.looseObject({ userName: z.string(), password: z.string() }).nullish(),
});
export const subscriptionSchema = z.looseObject({
  id: z.string(),
  offerId: z.string().nullish(),
  offerName: z.string().nullish(),
  friendlyName: z.string().nullish(),
  quantity: z.number(),
  // Partner ID of the reseller of record; "" when none.
  partnerId: z.string().nullish(),
});
export const supportContactSchema = z.looseObject({
  supportMpnId: z.union([z.string(), z.number()]).nullish(),
});
export const orderSchema = z.looseObject({
  id: z.string(),
  referenceCustomerId: z.string().nullish(),
  creationDate: z.string().nullish(),
  lineItems: z.array(
    z.looseObject({
      offerId: z.string(),
      quantity: z.number(),
      subscriptionId: z.string().nullish(),
      partnerIdOnRecord: z.string().nullish(),
    }),
  ),
});
export const rawObjectSchema = z.record(z.string(), z.unknown());
// Cart (create-a-cart) and CartCheckoutResult { orders, orderErrors } (checkout-a-cart).
export const cartSchema = z.looseObject({ id: z.string() });
export const checkoutSchema = z.looseObject({
  orders: z.array(orderSchema).nullish(),
  orderErrors: z
    .array(z.looseObject({ errorCode: z.union([z.string(), z.number()]).nullish(), code: z.unknown() }))
    .nullish(),
});

/**
 * Term and billing cycle of a new-commerce line item that names none (the service always names
 * one the offer's availability allows): monthly billing of a one-month term.
 */
export const NEW_COMMERCE_TERMS = { billingCycle: 'monthly', termDuration: 'P1M' } as const;

export type PcCustomer = z.infer<typeof customerSchema>;
export type PcSubscription = z.infer<typeof subscriptionSchema>;
export type PcOrder = z.infer<typeof orderSchema>;

// Customer → CommerceCustomer: id → customerId; companyProfile.companyName (else
// billingProfile.companyName) → companyName; companyProfile.domain → domain; associatedPartnerId
// (the reseller's tenant id) → its Partner ID through the reseller index. `azure` is the bot's own
// field: Partner Center has none, so reads say false and addCustomer echoes the caller's value.
export function toCommerceCustomer(
  c: PcCustomer,
  providerTenantId: string,
  associatedPartnerId: string | undefined,
  azure = false,
): CommerceCustomer {
  return {
    customerId: c.id,
    providerTenantId,
    companyName: c.companyProfile?.companyName ?? c.billingProfile?.companyName ?? '',
    domain: c.companyProfile?.domain ?? '',
    ...(associatedPartnerId ? { associatedPartnerId } : {}),
    azure,
  };
}

// Subscription → CommerceSubscription: offerName (else friendlyName, offerId) → offerName;
// partnerId ("" when none) → partnerId; the support contact is a separate resource.
export function toCommerceSubscription(
  s: PcSubscription,
  customerId: string,
  providerTenantId: string,
  supportContactPartnerId: string | undefined,
): CommerceSubscription {
  return {
    subscriptionId: s.id,
    customerId,
    providerTenantId,
    offerName: s.offerName || s.friendlyName || s.offerId || '',
    quantity: s.quantity,
    ...(s.partnerId ? { partnerId: s.partnerId } : {}),
    ...(supportContactPartnerId ? { supportContactPartnerId } : {}),
  };
}

// Order → CommerceOrder: id → orderId; referenceCustomerId → customerId; the line items'
// partnerIdOnRecord (all the same, as sent) → partnerIdOnRecord; creationDate → createdAt.
export function toCommerceOrder(o: PcOrder, requested: NewOrder, providerTenantId: string): CommerceOrder {
  return {
    orderId: o.id,
    customerId: o.referenceCustomerId ?? requested.customerId,
    providerTenantId,
    partnerIdOnRecord: o.lineItems[0]?.partnerIdOnRecord ?? requested.partnerIdOnRecord,
    // The term of each line is the one asked for (the Order resource does not repeat it per line).
    lineItems: o.lineItems.map((li, i) => {
      const asked = requested.lineItems[i];
      return {
        offerId: li.offerId,
        quantity: li.quantity,
        ...(asked?.termDuration ? { termDuration: asked.termDuration } : {}),
        ...(asked?.billingCycle ? { billingCycle: asked.billingCycle } : {}),
      };
    }),
    createdAt: o.creationDate ? new Date(o.creationDate) : new Date(),
  };
}

export const seg = encodeURIComponent;
/**
 * New-commerce offers are addressed by catalog item ids (`product:sku[:availability]`, e.g.
 * `CFQ7TTC0LH18:0001:CFQ7TTC0K5T4`); legacy license-based offers by GUIDs.
 * https://learn.microsoft.com/en-us/partner-center/developer/create-a-cart
 */
export function isNewCommerce(offerId: string | null | undefined): boolean {
  return /^[A-Z0-9]{12}:[A-Z0-9]{4}(:[A-Z0-9]{12})?$/i.test(offerId ?? '');
}

/** A request id (GUID-shaped) for one step of a logical call, the same on every retry of it. */
export function derivedRequestId(requestId: string, step: string): string {
  const hex = createHash('sha256').update(`${requestId}:${step}`).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

export function subscriptionPath(ref: SubscriptionRef): string {
  return `/v1/customers/${seg(ref.customerId)}/subscriptions/${seg(ref.subscriptionId)}`;
}

export function notFound(ref: SubscriptionRef): AppError {
  return new AppError('subscription_not_found', {
    customerId: ref.customerId,
    subscriptionId: ref.subscriptionId,
  });
}

export function partnerIdOrThrow(partnerId: string): string {
  const trimmed = partnerId.trim();
  if (!/^\d{1,12}$/.test(trimmed)) throw new AppError('invalid_input', { field: 'partnerId' });
  return trimmed;
}
