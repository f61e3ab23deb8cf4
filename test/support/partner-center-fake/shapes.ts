/**
 * What the Partner Center fake holds and how it answers: the seed types (one provider's view of
 * Partner Center) and the documented resource shapes built from them.
 * Error body: { code, description, data, source }
 * https://learn.microsoft.com/en-us/partner-center/developer/error-codes
 */

export interface StubError {
  status: number;
  code: number;
  description?: string;
}

export interface StubPartner {
  mpnId: string;
  partnerName?: string;
  /** Answered by GET /v1/profiles/mpn instead of the profile. */
  profileError?: StubError;
  /** isAgreementSigned, or the error GET …/agreementstatus answers with. Default true. */
  agreement?: boolean | StubError;
  /** Present when the provider has an indirect-reseller relationship with this partner. */
  relationship?: { tenantId: string; location: string };
}

export interface StubCustomer {
  id: string;
  companyName: string;
  domain: string;
  /** As Partner Center stores it: the reseller's tenant id. */
  associatedPartnerId?: string;
}

export interface StubSubscription {
  id: string;
  customerId: string;
  offerId: string;
  offerName: string;
  quantity: number;
  partnerId?: string;
  autoRenewEnabled?: boolean;
  supportContact?: { supportTenantId: string; supportMpnId: string; name: string };
  /** As ordered (new commerce: the cart line's); default P1Y billed monthly. */
  termDuration?: string;
  billingCycle?: string;
  /**
   * Bought through new commerce (offer ids `product:sku[:availability]`). Its support contact
   * cannot be read: the docs do not say what Partner Center answers; the fake answers a 400.
   */
  newCommerce?: boolean;
}

/** One of the provider's own Partner Center roles (GET /v1/roles) and its user members. */
export interface StubRole {
  id: string;
  name: string;
  members: { id: string; userPrincipalName: string; displayName?: string }[];
}

/** A new-commerce product SKU's availability in some countries, with its terms (duration, billing cycle). */
export interface StubAvailability {
  productId: string;
  skuId: string;
  id: string;
  countries: string[];
  terms: { duration: string; billingCycle: string; description?: string }[];
}

/** The Microsoft Customer Agreement template Partner Center lists (GET /v1/agreements). */
export const MCA_TEMPLATE_ID = '117a77b0-9360-443b-8795-c6dedc750cf9';

/** Everything one provider tenant sees in Partner Center. */
export interface ProviderSeed {
  partners?: StubPartner[];
  customers?: StubCustomer[];
  subscriptions?: StubSubscription[];
  roles?: StubRole[];
  availabilities?: StubAvailability[];
}

/** The mutable state of one provider, which tests may change between calls. */
export interface ProviderState {
  partners: StubPartner[];
  customers: StubCustomer[];
  subscriptions: StubSubscription[];
  orders: Record<string, unknown>[];
  roles: StubRole[];
  carts: StubCart[];
  /** Microsoft Customer Agreement acceptances, as posted. */
  agreements: { customerId: string; agreement: Record<string, unknown> }[];
  availabilities: StubAvailability[];
}

export interface StubCart {
  id: string;
  customerId: string;
  lineItems: Record<string, unknown>[];
  status: string;
  checkout?: Record<string, unknown>;
  [key: string]: unknown;
}

export interface StubSeed extends ProviderSeed {
  /** The bearer token of the single provider (the seed's own data); optional with `providers`. */
  token?: string;
  /** More providers, each with its own data, told apart by `authorize`. */
  providers?: Record<string, ProviderSeed>;
  /**
   * Which provider a bearer token acts for (e.g. the fake Entra's `tenantOf`); undefined is a
   * 401. Default: `token` acts for the seed's own data.
   */
  authorize?: (token: string) => string | undefined;
  /** Largest page the paged collections answer with; default 2 so paging shows up in tests. */
  maxPageSize?: number;
}

/** The provider key of the seed's own data (single-provider seeds). */
export const DEFAULT_PROVIDER = '';

export function providerState(seed: ProviderSeed): ProviderState {
  return {
    partners: [...(seed.partners ?? [])],
    customers: [...(seed.customers ?? [])],
    subscriptions: (seed.subscriptions ?? []).map((s) => ({ autoRenewEnabled: true, ...s })),
    orders: [],
    roles: (seed.roles ?? []).map((r) => ({ ...r, members: [...r.members] })),
    carts: [],
    agreements: [],
    availabilities: [...(seed.availabilities ?? [])],
  };
}

export interface Reply {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

export function pcError(status: number, code: number, description: string): Reply {
  return { status, body: { code, description, data: [], source: 'PartnerFD' } };
}

export function link(uri: string): { uri: string; method: string; headers: never[] } {
  return { uri, method: 'GET', headers: [] };
}

// https://learn.microsoft.com/en-us/partner-center/developer/customer-resources#customer
export function customerResource(c: StubCustomer): Record<string, unknown> {
  return {
    id: c.id,
    commerceId: c.id,
    companyProfile: {
      tenantId: c.id,
      domain: c.domain,
      companyName: c.companyName,
      attributes: { objectType: 'CustomerCompanyProfile' },
    },
    ...(c.associatedPartnerId ? { associatedPartnerId: c.associatedPartnerId } : {}),
    relationshipToPartner: 'reseller',
    links: { self: link(`/customers/${c.id}`) },
    attributes: { objectType: 'Customer' },
  };
}

export function subscriptionUri(s: StubSubscription): string {
  return `/customers/${s.customerId}/subscriptions/${s.id}`;
}

// https://learn.microsoft.com/en-us/partner-center/developer/subscription-resources#subscription
export function subscriptionResource(s: StubSubscription): Record<string, unknown> {
  return {
    id: s.id,
    offerId: s.offerId,
    offerName: s.offerName,
    friendlyName: s.offerName,
    quantity: s.quantity,
    unitType: 'Licenses',
    creationDate: '2024-01-01T00:00:00Z',
    status: 'active',
    autoRenewEnabled: s.autoRenewEnabled ?? true,
    billingType: 'license',
    billingCycle: s.billingCycle ?? 'monthly',
    termDuration: s.termDuration ?? 'P1Y',
    partnerId: s.partnerId ?? '',
    contractType: 'subscription',
    links: { self: link(subscriptionUri(s)) },
    attributes: { etag: `etag-${s.id}`, objectType: 'Subscription' },
  };
}

// https://learn.microsoft.com/en-us/partner-center/developer/subscription-resources#supportcontact
export function supportContactResource(s: StubSubscription): Record<string, unknown> {
  return {
    ...s.supportContact,
    links: { self: link(`${subscriptionUri(s)}/supportcontact`) },
    attributes: { objectType: 'SupportContact' },
  };
}

// https://learn.microsoft.com/en-us/partner-center/developer/retrieve-a-list-of-indirect-resellers#response-example
export function relationshipResource(p: StubPartner): Record<string, unknown> {
  return {
    id: p.relationship?.tenantId,
    name: p.partnerName,
    relationshipType: 'is_indirect_cloud_solution_provider_of',
    state: 'Active',
    mpnId: p.mpnId,
    location: p.relationship?.location,
    attributes: { objectType: 'PartnerRelationship' },
  };
}

export function asRecord(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : {};
}
