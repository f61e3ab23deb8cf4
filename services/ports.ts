/**
 * Interfaces to the systems outside the bot. Partner Center owns resellers, customers,
 * subscriptions and orders; the bot owns the relationship between a provider and its resellers.
 * Each port has a local MongoDB-backed implementation (demo data) and a Partner Center REST one.
 */

/** What the partner directory knows about one partner location account. */
export interface DirectoryReseller {
  partnerId: string;
  name: string;
  /** ISO 3166-1 alpha-2 country code. */
  country: string;
  enrolledAsIndirectReseller: boolean;
  mpaStatus: 'active' | 'expired' | 'not_signed';
  /** The reseller's Microsoft Entra tenant id, when known. */
  entraTenantId?: string;
}

/** Why the directory could not answer about a Partner ID. */
export type DirectoryLookup =
  { found: true; reseller: DirectoryReseller } | { found: false; reason: 'not_found' | 'region_mismatch' };

export interface PartnerDirectory {
  /** Looks a Partner ID up; never throws for "not found". */
  lookup(partnerId: string, context: { providerTenantId: string }): Promise<DirectoryLookup>;
  /** Finds the reseller whose users sign in from this Entra tenant, if the directory can tell. */
  findByEntraTenant(entraTenantId: string): Promise<DirectoryReseller | undefined>;
}

export interface CommerceCustomer {
  customerId: string;
  providerTenantId: string;
  companyName: string;
  domain: string;
  /** The reseller associated when the customer was added (delegated admin), if any. */
  associatedPartnerId?: string;
  /** True when the customer buys Azure (the Entra "User settings" guidance applies). */
  azure: boolean;
}

export interface CommerceSubscription {
  subscriptionId: string;
  customerId: string;
  providerTenantId: string;
  offerName: string;
  quantity: number;
  /** Reseller of record (Partner ID) for incentive credit. */
  partnerId?: string;
  /** Reseller designated as support contact (Partner ID). */
  supportContactPartnerId?: string;
}

/** A term an offer is sold with: its length (ISO 8601: P1M, P1Y, P3Y) and billing cycle (monthly, annual, …). */
export interface OfferTerm {
  termDuration: string;
  billingCycle: string;
}

/** One line of an order; the term only for offers sold with one (new commerce). */
export interface OrderLine {
  offerId: string;
  quantity: number;
  termDuration?: string;
  billingCycle?: string;
}

export interface CommerceOrder {
  orderId: string;
  customerId: string;
  providerTenantId: string;
  partnerIdOnRecord: string;
  lineItems: OrderLine[];
  createdAt: Date;
}

/** Partner Center addresses a subscription through its customer. */
export interface SubscriptionRef {
  customerId: string;
  subscriptionId: string;
}

/** The new customer tenant's first admin sign-in, as Partner Center answers it once. */
export interface AdminCredentials {
  userName: string;
  password: string;
}

export interface NewCustomer {
  companyName: string;
  domain: string;
  azure: boolean;
  associatedPartnerId: string;
}

/** The customer's person who accepted the Microsoft Customer Agreement, and when. */
export interface AgreementAcceptance {
  firstName: string;
  lastName: string;
  email: string;
  phoneNumber?: string;
  dateAgreed: Date;
}

export interface NewOrder {
  customerId: string;
  partnerIdOnRecord: string;
  lineItems: OrderLine[];
}

/**
 * Failures of the outside systems surface as AppError with one of the `external_*` codes
 * (throttled: the call may be retried later; unavailable: network or 5xx; rejected: 4xx that
 * no retry will fix) or a domain code such as `customer_not_found`.
 *
 * Customers, subscriptions and orders. Every call names the provider tenant it acts for, and a
 * request id that the remote side may use to recognise a retry.
 */
export interface CommerceGateway {
  getCustomer(providerTenantId: string, customerId: string): Promise<CommerceCustomer | undefined>;
  listCustomers(providerTenantId: string): Promise<CommerceCustomer[]>;
  /** The new customer, and (Partner Center) its first admin's one-time credentials, never stored. */
  addCustomer(
    providerTenantId: string,
    customer: NewCustomer,
    requestId: string,
  ): Promise<CommerceCustomer & { adminCredentials?: AdminCredentials }>;
  getSubscription(providerTenantId: string, ref: SubscriptionRef): Promise<CommerceSubscription | undefined>;
  listSubscriptions(providerTenantId: string, customerId: string): Promise<CommerceSubscription[]>;
  /** Sets the reseller of record (Partner Center: PATCH subscription `partnerId`). */
  setResellerOfRecord(
    providerTenantId: string,
    ref: SubscriptionRef,
    partnerId: string,
    requestId: string,
  ): Promise<CommerceSubscription>;
  /** Designates the reseller as support contact (Partner Center: PUT …/supportcontact). */
  setSupportContact(
    providerTenantId: string,
    ref: SubscriptionRef,
    reseller: { partnerId: string; name: string; entraTenantId?: string },
    requestId: string,
  ): Promise<CommerceSubscription>;
  submitOrder(providerTenantId: string, order: NewOrder, requestId: string): Promise<CommerceOrder>;
  /** Records the customer's acceptance of the Microsoft Customer Agreement (a repeat changes nothing). */
  recordCustomerAgreement(
    providerTenantId: string,
    customerId: string,
    acceptance: AgreementAcceptance,
    requestId: string,
  ): Promise<void>;
  /** Whether the backend holds an acceptance of the Microsoft Customer Agreement for the customer. */
  hasCustomerAgreement(providerTenantId: string, customerId: string): Promise<boolean>;
  /**
   * The terms the offer is sold with in the provider's country (ISO 3166-1 alpha-2); none when
   * the offer has no term to choose. An unknown offer: `invalid_input` (field offerId).
   */
  offerTerms(providerTenantId: string, offerId: string, country: string): Promise<OfferTerm[]>;
}
