import { z } from 'zod';
import { AppError, isAppError } from '../errors.js';
import type {
  CommerceCustomer,
  CommerceGateway,
  CommerceOrder,
  CommerceSubscription,
  NewCustomer,
  NewOrder,
  SubscriptionRef,
} from '../ports.js';
import type { IndirectReseller, PartnerCenterResellerIndex } from './directory.js';
import { expectOk, parseBody } from './http.js';
import type { PartnerCenterHttp } from './http.js';

// Shapes from the Partner Center docs (customer-resources, subscription-resources, order-resources).
// Loose objects: only the fields mapped below are checked, the rest is kept as sent.
const customerSchema = z.looseObject({
  id: z.string(),
  companyProfile: z
    .looseObject({ domain: z.string().nullish(), companyName: z.string().nullish() })
    .nullish(),
  billingProfile: z.looseObject({ companyName: z.string().nullish() }).nullish(),
  // The reseller's tenant id (not its Partner ID).
  associatedPartnerId: z.string().nullish(),
});
const subscriptionSchema = z.looseObject({
  id: z.string(),
  offerId: z.string().nullish(),
  offerName: z.string().nullish(),
  friendlyName: z.string().nullish(),
  quantity: z.number(),
  // Partner ID of the reseller of record; "" when none.
  partnerId: z.string().nullish(),
});
const supportContactSchema = z.looseObject({ supportMpnId: z.union([z.string(), z.number()]).nullish() });
const orderSchema = z.looseObject({
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
const rawObjectSchema = z.record(z.string(), z.unknown());

type PcCustomer = z.infer<typeof customerSchema>;
type PcSubscription = z.infer<typeof subscriptionSchema>;
type PcOrder = z.infer<typeof orderSchema>;

/** CustomerBillingProfile fields Partner Center requires to create a customer (company name is added). */
export interface BillingProfileInput {
  email: string;
  culture: string;
  language: string;
  defaultAddress: Record<string, string>;
}

/** Bounds and the data the port does not carry. */
export interface PartnerCenterCommerceOptions {
  /** Page bound for collections; default 50. */
  maxPages?: number;
  /** Page size asked of GET /v1/customers; default 100. */
  pageSize?: number;
  /** Supplies the customer's billing profile, which NewCustomer does not carry. Without it addCustomer refuses. */
  billingProfileFor?: (customer: NewCustomer, providerTenantId: string) => Promise<BillingProfileInput>;
}

// Customer → CommerceCustomer: id → customerId; companyProfile.companyName (else
// billingProfile.companyName) → companyName; companyProfile.domain → domain; associatedPartnerId
// (the reseller's tenant id) → its Partner ID through the reseller index. `azure` is the bot's own
// field: Partner Center has none, so reads say false and addCustomer echoes the caller's value.
function toCommerceCustomer(
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
function toCommerceSubscription(
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
function toCommerceOrder(o: PcOrder, requested: NewOrder, providerTenantId: string): CommerceOrder {
  return {
    orderId: o.id,
    customerId: o.referenceCustomerId ?? requested.customerId,
    providerTenantId,
    partnerIdOnRecord: o.lineItems[0]?.partnerIdOnRecord ?? requested.partnerIdOnRecord,
    lineItems: o.lineItems.map((li) => ({ offerId: li.offerId, quantity: li.quantity })),
    createdAt: o.creationDate ? new Date(o.creationDate) : new Date(),
  };
}

const seg = encodeURIComponent;

/** CommerceGateway over the Partner Center REST API (App+User token of the provider tenant). */
export class PartnerCenterCommerce implements CommerceGateway {
  private readonly maxPages: number;

  constructor(
    private readonly http: PartnerCenterHttp,
    private readonly resellers: PartnerCenterResellerIndex,
    private readonly options: PartnerCenterCommerceOptions = {},
  ) {
    this.maxPages = options.maxPages ?? 50;
  }

  async getCustomer(providerTenantId: string, customerId: string): Promise<CommerceCustomer | undefined> {
    const path = `/v1/customers/${seg(customerId)}`;
    const res = await this.http.send({ method: 'GET', path, providerTenantId });
    if (!res.ok && res.status === 404) return undefined;
    const customer = expectOk(res, customerSchema);
    return toCommerceCustomer(customer, providerTenantId, await this.partnerIdOf(providerTenantId, customer));
  }

  /** Follows continuation tokens up to maxPages pages; customers beyond the bound are not returned. */
  async listCustomers(providerTenantId: string): Promise<CommerceCustomer[]> {
    const request = {
      method: 'GET' as const,
      path: '/v1/customers',
      query: { size: String(this.options.pageSize ?? 100) },
      providerTenantId,
    };
    const { items } = await this.http.collect(request, customerSchema, this.maxPages);
    const result: CommerceCustomer[] = [];
    for (const c of items) {
      result.push(toCommerceCustomer(c, providerTenantId, await this.partnerIdOf(providerTenantId, c)));
    }
    return result;
  }

  async addCustomer(
    providerTenantId: string,
    customer: NewCustomer,
    requestId: string,
  ): Promise<CommerceCustomer> {
    const reseller = await this.relatedReseller(
      providerTenantId,
      partnerIdOrThrow(customer.associatedPartnerId),
    );
    if (!this.options.billingProfileFor) throw new AppError('invalid_input', { field: 'billingProfile' });
    const billing = await this.options.billingProfileFor(customer, providerTenantId);
    const res = await this.http.send({
      method: 'POST',
      path: '/v1/customers',
      providerTenantId,
      requestId,
      body: {
        companyProfile: { domain: customer.domain },
        billingProfile: { ...billing, companyName: customer.companyName },
        // Documented as the indirect reseller's tenant id; without it the customer would be
        // created as a direct customer of the provider.
        associatedPartnerId: reseller.tenantId,
      },
    });
    const created = expectOk(res, customerSchema);
    // `azure` is not sent: Partner Center has no such field; the caller's value is echoed.
    return toCommerceCustomer(created, providerTenantId, customer.associatedPartnerId, customer.azure);
  }

  /** The subscription and, from its own resource, the support contact. */
  async getSubscription(
    providerTenantId: string,
    ref: SubscriptionRef,
  ): Promise<CommerceSubscription | undefined> {
    const res = await this.http.send({ method: 'GET', path: subscriptionPath(ref), providerTenantId });
    if (!res.ok && res.status === 404) return undefined;
    return this.withSupportContact(providerTenantId, ref, expectOk(res, subscriptionSchema));
  }

  /** Leaves supportContactPartnerId unset: it would cost one more call per subscription. */
  async listSubscriptions(providerTenantId: string, customerId: string): Promise<CommerceSubscription[]> {
    const path = `/v1/customers/${seg(customerId)}/subscriptions`;
    // The docs show no paging for this collection; a continuation token would still be followed.
    const items = await this.http
      .collect({ method: 'GET', path, providerTenantId }, subscriptionSchema, this.maxPages)
      .then((page) => page.items)
      .catch((error: unknown) => {
        if (isAppError(error) && error.code === 'external_rejected' && error.params.status === 404) {
          throw new AppError('customer_not_found', { customerId });
        }
        throw error;
      });
    return items.map((s) => toCommerceSubscription(s, customerId, providerTenantId, undefined));
  }

  /** GETs the subscription and PATCHes it back whole with the new partnerId, as the docs require. */
  async setResellerOfRecord(
    providerTenantId: string,
    ref: SubscriptionRef,
    partnerId: string,
    requestId: string,
  ): Promise<CommerceSubscription> {
    const mpnId = partnerIdOrThrow(partnerId);
    // The whole resource goes back: fields left out (autoRenewEnabled, next-term instructions) are reset.
    const current = await this.rawSubscription(providerTenantId, ref);
    const res = await this.http.send({
      method: 'PATCH',
      path: subscriptionPath(ref),
      providerTenantId,
      requestId,
      body: { ...current, partnerId: mpnId },
    });
    if (!res.ok && res.status === 404) throw notFound(ref);
    // 202 means "still applying"; its Location header points at the subscription itself.
    const updated =
      res.ok && res.status === 202
        ? await this.rawSubscription(providerTenantId, ref)
        : expectOk(res, rawObjectSchema);
    return this.withSupportContact(providerTenantId, ref, parseBody(subscriptionSchema, updated));
  }

  /**
   * PUTs the SupportContact { supportTenantId, supportMpnId, name }. Without the reseller's Entra
   * tenant id, it is looked up among the provider's indirect resellers.
   */
  async setSupportContact(
    providerTenantId: string,
    ref: SubscriptionRef,
    reseller: { partnerId: string; name: string; entraTenantId?: string },
    requestId: string,
  ): Promise<CommerceSubscription> {
    const mpnId = partnerIdOrThrow(reseller.partnerId);
    const supportTenantId =
      reseller.entraTenantId ?? (await this.relatedReseller(providerTenantId, mpnId)).tenantId;
    const res = await this.http.send({
      method: 'PUT',
      path: `${subscriptionPath(ref)}/supportcontact`,
      providerTenantId,
      requestId,
      body: { supportTenantId, supportMpnId: mpnId, name: reseller.name },
    });
    if (!res.ok && res.status === 404) throw notFound(ref);
    const contact = expectOk(res, supportContactSchema);
    const sub = parseBody(subscriptionSchema, await this.rawSubscription(providerTenantId, ref));
    return toCommerceSubscription(
      sub,
      ref.customerId,
      providerTenantId,
      String(contact.supportMpnId ?? mpnId),
    );
  }

  /** Every line item carries partnerIdOnRecord, so the reseller gets the incentive credit. */
  async submitOrder(providerTenantId: string, order: NewOrder, requestId: string): Promise<CommerceOrder> {
    const partnerIdOnRecord = partnerIdOrThrow(order.partnerIdOnRecord);
    if (
      order.lineItems.length === 0 ||
      order.lineItems.some((li) => !Number.isInteger(li.quantity) || li.quantity < 1)
    ) {
      throw new AppError('invalid_input', { field: 'lineItems' });
    }
    const res = await this.http.send({
      method: 'POST',
      path: `/v1/customers/${seg(order.customerId)}/orders`,
      providerTenantId,
      requestId,
      body: {
        referenceCustomerId: order.customerId,
        lineItems: order.lineItems.map((li, i) => ({
          lineItemNumber: i,
          offerId: li.offerId,
          quantity: li.quantity,
          partnerIdOnRecord,
        })),
      },
    });
    if (!res.ok && res.status === 404)
      throw new AppError('customer_not_found', { customerId: order.customerId });
    return toCommerceOrder(expectOk(res, orderSchema), order, providerTenantId);
  }

  private async rawSubscription(
    providerTenantId: string,
    ref: SubscriptionRef,
  ): Promise<Record<string, unknown>> {
    const res = await this.http.send({ method: 'GET', path: subscriptionPath(ref), providerTenantId });
    if (!res.ok && res.status === 404) throw notFound(ref);
    return expectOk(res, rawObjectSchema);
  }

  // The Subscription resource does not carry its support contact: GET …/supportcontact.
  private async withSupportContact(
    providerTenantId: string,
    ref: SubscriptionRef,
    sub: PcSubscription,
  ): Promise<CommerceSubscription> {
    const path = `${subscriptionPath(ref)}/supportcontact`;
    const res = await this.http.send({ method: 'GET', path, providerTenantId });
    // Not documented: what a subscription without a support contact returns. 404 or no body reads as "none".
    const none = (!res.ok && res.status === 404) || (res.ok && res.body === undefined);
    const mpnId = none ? undefined : expectOk(res, supportContactSchema).supportMpnId;
    return toCommerceSubscription(sub, ref.customerId, providerTenantId, mpnId ? String(mpnId) : undefined);
  }

  private async relatedReseller(providerTenantId: string, partnerId: string): Promise<IndirectReseller> {
    const reseller = await this.resellers.byPartnerId(providerTenantId, partnerId);
    if (!reseller) throw new AppError('reseller_not_found', { partnerId });
    return reseller;
  }

  // Partner Center stores the reseller's tenant id; the port wants its Partner ID. Unknown → undefined.
  private async partnerIdOf(providerTenantId: string, c: PcCustomer): Promise<string | undefined> {
    if (!c.associatedPartnerId) return undefined;
    return (await this.resellers.byTenantId(providerTenantId, c.associatedPartnerId))?.partnerId;
  }
}

function subscriptionPath(ref: SubscriptionRef): string {
  return `/v1/customers/${seg(ref.customerId)}/subscriptions/${seg(ref.subscriptionId)}`;
}

function notFound(ref: SubscriptionRef): AppError {
  return new AppError('subscription_not_found', {
    customerId: ref.customerId,
    subscriptionId: ref.subscriptionId,
  });
}

function partnerIdOrThrow(partnerId: string): string {
  const trimmed = partnerId.trim();
  if (!/^\d{1,12}$/.test(trimmed)) throw new AppError('invalid_input', { field: 'partnerId' });
  return trimmed;
}
