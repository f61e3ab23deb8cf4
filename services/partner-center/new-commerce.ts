import { z } from 'zod';
import { AppError } from '../errors.js';
import type { CommerceOrder, NewOrder, OfferTerm } from '../ports.js';
import {
  cartSchema,
  checkoutSchema,
  derivedRequestId,
  isNewCommerce,
  NEW_COMMERCE_TERMS,
  seg,
  toCommerceOrder,
} from './commerce-shapes.js';
import { expectOk, type PartnerCenterHttp } from './http.js';

// Availability { id, productId, skuId, catalogItemId, terms: [{ duration, description, billingCycle }] }.
// https://learn.microsoft.com/en-us/partner-center/developer/product-resources#availability
const termSchema = z.looseObject({ duration: z.string(), billingCycle: z.string().nullish() });
const availabilitySchema = z.looseObject({ id: z.string().nullish(), terms: z.array(termSchema).nullish() });
const availabilitiesSchema = z.looseObject({ items: z.array(availabilitySchema) });

/**
 * The terms a new-commerce offer is sold with, from its availability in the provider's country:
 * `GET /v1/products/{product-id}/skus/{sku-id}/availabilities/{availability-id}?country=…` when
 * the catalog item id names the availability, else the SKU's availabilities
 * (`…/availabilities?country=…`, their terms together). A license-based (legacy) offer has no
 * term to choose: none. An offer Partner Center does not know is refused as a bad offer id.
 * https://learn.microsoft.com/en-us/partner-center/developer/get-an-availability-by-id
 * https://learn.microsoft.com/en-us/partner-center/developer/get-a-list-of-availabilities-for-a-sku
 */
export async function offerTerms(
  http: PartnerCenterHttp,
  providerTenantId: string,
  offerId: string,
  country: string,
): Promise<OfferTerm[]> {
  if (!isNewCommerce(offerId)) return [];
  const [product = '', sku = '', availability] = offerId.toUpperCase().split(':');
  const base = `/v1/products/${seg(product)}/skus/${seg(sku)}/availabilities`;
  const res = await http.send({
    method: 'GET',
    path: availability ? `${base}/${seg(availability)}` : base,
    query: { country },
    providerTenantId,
  });
  if (!res.ok && (res.status === 404 || res.status === 400))
    throw new AppError('invalid_input', { field: 'offerId' });
  const found = availability
    ? [expectOk(res, availabilitySchema)]
    : expectOk(res, availabilitiesSchema).items;
  const terms: OfferTerm[] = [];
  for (const term of found.flatMap((a) => a.terms ?? [])) {
    const next = {
      termDuration: term.duration.toUpperCase(),
      billingCycle: (term.billingCycle ?? '').toLowerCase(),
    };
    if (!next.billingCycle) continue;
    if (!terms.some((t) => t.termDuration === next.termDuration && t.billingCycle === next.billingCycle))
      terms.push(next);
  }
  if (terms.length === 0) throw new AppError('invalid_input', { field: 'offerId' });
  return terms;
}

/**
 * New commerce: POST …/carts with the line items (each with its term and billing cycle), then
 * POST …/carts/{cart-id}/checkout. Both carry request ids derived from the caller's, so a retry
 * finds the same cart, and checkout is documented as idempotent per cart (a second checkout
 * answers the first result).
 * https://learn.microsoft.com/en-us/partner-center/developer/create-a-cart
 * https://learn.microsoft.com/en-us/partner-center/developer/checkout-a-cart
 */
export async function checkout(
  http: PartnerCenterHttp,
  providerTenantId: string,
  order: NewOrder,
  partnerIdOnRecord: string,
  requestId: string,
): Promise<CommerceOrder> {
  const carts = `/v1/customers/${seg(order.customerId)}/carts`;
  const created = await http.send({
    method: 'POST',
    path: carts,
    providerTenantId,
    requestId: derivedRequestId(requestId, 'cart'),
    body: {
      lineItems: order.lineItems.map((li, i) => ({
        id: i,
        catalogItemId: li.offerId,
        quantity: li.quantity,
        billingCycle: li.billingCycle ?? NEW_COMMERCE_TERMS.billingCycle,
        termDuration: li.termDuration ?? NEW_COMMERCE_TERMS.termDuration,
        partnerIdOnRecord,
      })),
    },
  });
  if (!created.ok && created.status === 404) {
    throw new AppError('customer_not_found', { customerId: order.customerId });
  }
  const cart = expectOk(created, cartSchema);
  const res = await http.send({
    method: 'POST',
    path: `${carts}/${seg(cart.id)}/checkout`,
    providerTenantId,
    requestId: derivedRequestId(requestId, 'checkout'),
  });
  const result = expectOk(res, checkoutSchema);
  const failed = result.orderErrors?.[0];
  if (failed) {
    const code = Number(failed.errorCode ?? failed.code);
    throw new AppError('external_rejected', {
      status: res.status,
      ...(Number.isFinite(code) ? { code } : {}),
    });
  }
  const placed = result.orders?.[0];
  if (!placed) throw new AppError('external_unavailable', { reason: 'malformed_response' });
  return toCommerceOrder(placed, order, providerTenantId);
}
