import { AppError, isAppError } from '../errors.js';
import { PartnerCenterAgreements } from './agreements.js';
import { checkout, offerTerms } from './new-commerce.js';
import { withSupportContact } from './support-contact.js';
import type {
  AgreementAcceptance,
  AdminCredentials,
  CommerceCustomer,
  CommerceGateway,
  CommerceOrder,
  CommerceSubscription,
  NewCustomer,
  NewOrder,
  OfferTerm,
  SubscriptionRef,
} from '../ports.js';
import type { IndirectReseller, PartnerCenterResellerIndex } from './directory.js';
import { expectOk, parseBody } from './http.js';
import type { PartnerCenterHttp } from './http.js';

import {
  customerSchema,
  isNewCommerce,
  NEW_COMMERCE_TERMS,
  notFound,
  orderSchema,
  partnerIdOrThrow,
  rawObjectSchema,
  seg,
  subscriptionPath,
  subscriptionSchema,
  supportContactSchema,
  toCommerceCustomer,
  toCommerceOrder,
  toCommerceSubscription,
  type PcCustomer,
} from './commerce-shapes.js';

export { isNewCommerce, NEW_COMMERCE_TERMS };

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

/** CommerceGateway over the Partner Center REST API (App+User token of the provider tenant). */
export class PartnerCenterCommerce implements CommerceGateway {
  private readonly maxPages: number;
  private readonly agreements: PartnerCenterAgreements;

  constructor(
    private readonly http: PartnerCenterHttp,
    private readonly resellers: PartnerCenterResellerIndex,
    private readonly options: PartnerCenterCommerceOptions = {},
  ) {
    this.maxPages = options.maxPages ?? 50;
    this.agreements = new PartnerCenterAgreements(http);
  }

  recordCustomerAgreement(
    providerTenantId: string,
    customerId: string,
    acceptance: AgreementAcceptance,
    requestId: string,
  ): Promise<void> {
    return this.agreements.record(providerTenantId, customerId, acceptance, requestId);
  }

  hasCustomerAgreement(providerTenantId: string, customerId: string): Promise<boolean> {
    return this.agreements.has(providerTenantId, customerId);
  }

  offerTerms(providerTenantId: string, offerId: string, country: string): Promise<OfferTerm[]> {
    return offerTerms(this.http, providerTenantId, offerId, country);
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
  ): Promise<CommerceCustomer & { adminCredentials?: AdminCredentials }> {
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
    const mapped = toCommerceCustomer(
      created,
      providerTenantId,
      customer.associatedPartnerId,
      customer.azure,
    );
    const credentials = created.userCredentials;
    if (!credentials) return mapped;
    // The user name comes without its domain: the sign-in is userName@<the customer's domain>.
    const userName = credentials.userName.includes('@')
      ? credentials.userName
      : `${credentials.userName}@${customer.domain}`;
    return { ...mapped, adminCredentials: { userName, password: credentials.password } };
  }

  /** The subscription and, from its own resource, the support contact. */
  async getSubscription(
    providerTenantId: string,
    ref: SubscriptionRef,
  ): Promise<CommerceSubscription | undefined> {
    const res = await this.http.send({ method: 'GET', path: subscriptionPath(ref), providerTenantId });
    if (!res.ok && res.status === 404) return undefined;
    return withSupportContact(this.http, providerTenantId, ref, expectOk(res, subscriptionSchema));
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
    return withSupportContact(this.http, providerTenantId, ref, parseBody(subscriptionSchema, updated));
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

  /**
   * Every line item carries partnerIdOnRecord, so the reseller gets the incentive credit.
   * New-commerce offers (catalog item ids) go through a cart and its checkout; license-based
   * (legacy) offers, which the Orders API still takes, through POST …/orders. One order is one kind.
   */
  async submitOrder(providerTenantId: string, order: NewOrder, requestId: string): Promise<CommerceOrder> {
    const partnerIdOnRecord = partnerIdOrThrow(order.partnerIdOnRecord);
    const kinds = new Set(order.lineItems.map((li) => isNewCommerce(li.offerId)));
    if (
      order.lineItems.length === 0 ||
      kinds.size > 1 ||
      order.lineItems.some((li) => !Number.isInteger(li.quantity) || li.quantity < 1)
    ) {
      throw new AppError('invalid_input', { field: 'lineItems' });
    }
    if (kinds.has(true)) return checkout(this.http, providerTenantId, order, partnerIdOnRecord, requestId);
    // https://learn.microsoft.com/en-us/partner-center/developer/create-an-order
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
