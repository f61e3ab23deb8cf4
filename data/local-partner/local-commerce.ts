import { createHash } from 'node:crypto';
import type { Collection, Db } from 'mongodb';
import { isInsertConflict } from '../database.js';
import type {
  AgreementAcceptance,
  CommerceCustomer,
  CommerceGateway,
  CommerceOrder,
  CommerceSubscription,
  NewCustomer,
  NewOrder,
  OfferTerm,
  SubscriptionRef,
} from '../../services/ports.js';

type Doc<T> = T & { _id: string };

/**
 * The terms every local (demo) offer is sold with: a one-month term billed monthly, a one-year
 * term billed monthly or annually (the usual new-commerce choices for licence-based products).
 */
export const LOCAL_OFFER_TERMS: readonly OfferTerm[] = [
  { termDuration: 'P1M', billingCycle: 'monthly' },
  { termDuration: 'P1Y', billingCycle: 'monthly' },
  { termDuration: 'P1Y', billingCycle: 'annual' },
];

/**
 * Customers, subscriptions and orders kept in MongoDB, standing in for Partner Center locally.
 * Like Partner Center with MS-RequestId, a repeated request id creates nothing twice.
 */
export class LocalCommerce implements CommerceGateway {
  private readonly customers: Collection<Doc<CommerceCustomer>>;
  private readonly subscriptions: Collection<Doc<CommerceSubscription>>;
  private readonly orders: Collection<Doc<CommerceOrder>>;
  private readonly agreements: Collection<Doc<AgreementAcceptance & { customerId: string }>>;

  constructor(db: Db) {
    this.agreements = db.collection('commerce_agreements');
    this.customers = db.collection('commerce_customers');
    this.subscriptions = db.collection('commerce_subscriptions');
    this.orders = db.collection('commerce_orders');
  }

  async getCustomer(tenantId: string, customerId: string): Promise<CommerceCustomer | undefined> {
    return strip(await this.customers.findOne({ _id: key(tenantId, customerId) }));
  }

  async listCustomers(tenantId: string): Promise<CommerceCustomer[]> {
    const docs = await this.customers
      .find({ providerTenantId: tenantId })
      .sort({ companyName: 1 })
      .limit(500)
      .toArray();
    return docs.map((doc) => strip(doc) as CommerceCustomer);
  }

  async addCustomer(tenantId: string, customer: NewCustomer, requestId: string): Promise<CommerceCustomer> {
    const customerId = idFromRequest(tenantId, 'customer', requestId);
    const created: CommerceCustomer = { customerId, providerTenantId: tenantId, ...customer };
    await this.insertOnce(this.customers, { _id: key(tenantId, customerId), ...created });
    return (await this.getCustomer(tenantId, customerId)) ?? created;
  }

  async getSubscription(tenantId: string, ref: SubscriptionRef): Promise<CommerceSubscription | undefined> {
    const found = strip(await this.subscriptions.findOne({ _id: key(tenantId, ref.subscriptionId) }));
    return found?.customerId === ref.customerId ? found : undefined;
  }

  async listSubscriptions(tenantId: string, customerId: string): Promise<CommerceSubscription[]> {
    const docs = await this.subscriptions
      .find({ providerTenantId: tenantId, customerId })
      .sort({ offerName: 1 })
      .limit(500)
      .toArray();
    return docs.map((doc) => strip(doc) as CommerceSubscription);
  }

  async setResellerOfRecord(
    tenantId: string,
    ref: SubscriptionRef,
    partnerId: string,
  ): Promise<CommerceSubscription> {
    return this.updateSubscription(tenantId, ref, { partnerId });
  }

  async setSupportContact(
    tenantId: string,
    ref: SubscriptionRef,
    reseller: { partnerId: string },
  ): Promise<CommerceSubscription> {
    return this.updateSubscription(tenantId, ref, { supportContactPartnerId: reseller.partnerId });
  }

  async submitOrder(tenantId: string, order: NewOrder, requestId: string): Promise<CommerceOrder> {
    const orderId = idFromRequest(tenantId, 'order', requestId);
    const created: CommerceOrder = { orderId, providerTenantId: tenantId, ...order, createdAt: new Date() };
    await this.insertOnce(this.orders, { _id: key(tenantId, orderId), ...created });
    return strip(await this.orders.findOne({ _id: key(tenantId, orderId) })) ?? created;
  }

  /** The first acceptance recorded for a customer stays (as Partner Center answers a repeat). */
  async recordCustomerAgreement(
    tenantId: string,
    customerId: string,
    acceptance: AgreementAcceptance,
  ): Promise<void> {
    await this.insertOnce(this.agreements, { _id: key(tenantId, customerId), customerId, ...acceptance });
  }

  async hasCustomerAgreement(tenantId: string, customerId: string): Promise<boolean> {
    return (await this.agreements.findOne({ _id: key(tenantId, customerId) })) !== null;
  }

  async offerTerms(): Promise<OfferTerm[]> {
    return LOCAL_OFFER_TERMS.map((term) => ({ ...term }));
  }

  /** Seed data and tests: adds or replaces customers and subscriptions. */
  async upsert(records: {
    customers?: CommerceCustomer[];
    subscriptions?: CommerceSubscription[];
  }): Promise<void> {
    for (const customer of records.customers ?? []) {
      await this.customers.replaceOne(
        { _id: key(customer.providerTenantId, customer.customerId) },
        customer,
        {
          upsert: true,
        },
      );
    }
    for (const subscription of records.subscriptions ?? []) {
      await this.subscriptions.replaceOne(
        { _id: key(subscription.providerTenantId, subscription.subscriptionId) },
        subscription,
        { upsert: true },
      );
    }
  }

  private async updateSubscription(
    tenantId: string,
    ref: SubscriptionRef,
    change: Partial<CommerceSubscription>,
  ): Promise<CommerceSubscription> {
    // Single-key filter (FerretDB scans for any other); the customer is checked on the read.
    if (!(await this.getSubscription(tenantId, ref)))
      throw new Error(`subscription ${ref.subscriptionId} of customer ${ref.customerId} not found`);
    await this.subscriptions.updateOne({ _id: key(tenantId, ref.subscriptionId) }, { $set: change });
    const updated = await this.getSubscription(tenantId, ref);
    if (!updated) throw new Error(`subscription ${ref.subscriptionId} vanished during update`);
    return updated;
  }

  private async insertOnce<T extends { _id: string }>(collection: Collection<T>, doc: T): Promise<void> {
    try {
      await collection.insertOne(doc as Parameters<Collection<T>['insertOne']>[0]);
    } catch (error) {
      if (!isInsertConflict(error)) throw error;
    }
  }
}

function key(tenantId: string, id: string): string {
  return `${tenantId}:${id}`;
}

/** The same request id always names the same record, so a retry finds what the first call made. */
function idFromRequest(tenantId: string, kind: string, requestId: string): string {
  const hex = createHash('sha256').update(`${tenantId}|${kind}|${requestId}`).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

function strip<T>(doc: (T & { _id: string }) | null): T | undefined {
  if (!doc) return undefined;
  const { _id: _ignored, ...rest } = doc;
  return rest as T;
}
