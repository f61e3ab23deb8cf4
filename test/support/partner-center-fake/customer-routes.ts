import { randomBytes, randomUUID } from 'node:crypto';
import type { RouteContext } from './directory-routes.js';
import { page } from './paging.js';
import type { StubRoute } from './routes.js';
import {
  asRecord,
  customerResource,
  link,
  pcError,
  subscriptionUri,
  type ProviderState,
  type Reply,
  type StubCustomer,
  type StubSubscription,
} from './shapes.js';

/** Customers, their orders (legacy), carts and checkout (new commerce), and agreements. */
export function customerRoute(name: StubRoute, ctx: RouteContext): Reply | undefined {
  const { state, query: q, body } = ctx;
  const [customerId = '', cartId = ''] = ctx.params;
  switch (name) {
    // https://learn.microsoft.com/en-us/partner-center/developer/get-a-list-of-customers
    case 'listCustomers':
      return page(
        state.customers,
        '/v1/customers',
        q,
        ctx.headers['ms-continuationtoken'],
        ctx.maxPageSize,
        customerResource,
      );
    // https://learn.microsoft.com/en-us/partner-center/developer/create-a-customer-for-an-indirect-reseller
    case 'createCustomer':
      return createCustomer(state, asRecord(body));
    // https://learn.microsoft.com/en-us/partner-center/developer/get-a-customer-by-id
    case 'getCustomer': {
      const customer = state.customers.find((c) => c.id === customerId);
      return customer ? { status: 200, body: customerResource(customer) } : pcError(404, 1000, 'Not found');
    }
    // https://learn.microsoft.com/en-us/partner-center/developer/create-an-order
    case 'createOrder': {
      if (!state.customers.some((c) => c.id === customerId)) return pcError(404, 1000, 'Not found');
      const b = asRecord(body);
      const lineItems = Array.isArray(b.lineItems) ? b.lineItems.map(asRecord) : [];
      if (b.referenceCustomerId !== customerId || lineItems.length === 0) {
        return pcError(400, 800002, 'Invalid request input');
      }
      const order = placeOrder(state, customerId, lineItems, (li) => String(li.offerId));
      return { status: 201, body: order };
    }
    // https://learn.microsoft.com/en-us/partner-center/developer/create-a-cart
    case 'createCart': {
      if (!state.customers.some((c) => c.id === customerId)) return pcError(404, 1000, 'Not found');
      const lineItems = Array.isArray(asRecord(body).lineItems)
        ? (asRecord(body).lineItems as unknown[]).map(asRecord)
        : [];
      if (
        lineItems.length === 0 ||
        lineItems.some((li) => typeof li.catalogItemId !== 'string' || !(Number(li.quantity) >= 1))
      ) {
        return pcError(400, 800002, 'Invalid request input');
      }
      const cart = {
        id: randomUUID(),
        customerId,
        creationTimestamp: new Date().toISOString(),
        expirationTimestamp: new Date(Date.now() + 7 * 86_400_000).toISOString(),
        lineItems: lineItems.map((li, i) => ({ ...li, id: i })),
        status: 'Active',
        attributes: { objectType: 'Cart' },
      };
      state.carts.push(cart);
      return { status: 201, body: cart };
    }
    // https://learn.microsoft.com/en-us/partner-center/developer/checkout-a-cart
    // Idempotent per cart, as documented: a second checkout answers the first result.
    case 'checkoutCart': {
      const cart = state.carts.find((c) => c.id === cartId && c.customerId === customerId);
      if (!cart) return pcError(404, 800005, `Cart ${cartId} not found`);
      if (!cart.checkout) {
        const order = placeOrder(state, customerId, cart.lineItems, (li) => String(li.catalogItemId));
        cart.checkout = {
          orders: [order],
          orderErrors: [],
          attributes: { objectType: 'CartCheckoutResult' },
        };
        cart.status = 'Ordered';
      }
      return { status: 201, body: cart.checkout };
    }
    default:
      return undefined;
  }
}

function createCustomer(state: ProviderState, b: Record<string, unknown>): Reply {
  const company = asRecord(b.companyProfile);
  const billing = asRecord(b.billingProfile);
  const tenantIds = state.partners.map((p) => p.relationship?.tenantId).filter(Boolean);
  if (typeof company.domain !== 'string' || typeof billing.email !== 'string' || !billing.defaultAddress) {
    return pcError(400, 800002, 'Invalid request input');
  }
  if (b.associatedPartnerId !== undefined && !tenantIds.includes(b.associatedPartnerId as string)) {
    return pcError(400, 800002, 'The indirect reseller has no relationship with the partner');
  }
  const customer: StubCustomer = {
    id: randomUUID(),
    companyName: String(billing.companyName ?? ''),
    domain: company.domain,
    ...(typeof b.associatedPartnerId === 'string' ? { associatedPartnerId: b.associatedPartnerId } : {}),
  };
  state.customers.push(customer);
  // The answer alone carries the new tenant's first admin and its one-time password.
  const userCredentials = { userName: 'admin', password: randomBytes(9).toString('base64url') };
  return {
    status: 201,
    body: {
      ...customerResource(customer),
      billingProfile: billing,
      userCredentials,
      relationshipToPartner: 'reseller',
    },
  };
}

function placeOrder(
  state: ProviderState,
  customerId: string,
  lineItems: Record<string, unknown>[],
  offerOf: (li: Record<string, unknown>) => string,
): Record<string, unknown> {
  const order = {
    id: randomUUID(),
    referenceCustomerId: customerId,
    billingCycle: 'monthly',
    lineItems: lineItems.map((li, i) => {
      const sub: StubSubscription = {
        id: randomUUID(),
        customerId,
        offerId: offerOf(li),
        offerName: offerOf(li),
        quantity: Number(li.quantity),
        partnerId: typeof li.partnerIdOnRecord === 'string' ? li.partnerIdOnRecord : '',
        autoRenewEnabled: true,
        ...(typeof li.termDuration === 'string' ? { termDuration: li.termDuration } : {}),
        ...(typeof li.billingCycle === 'string' ? { billingCycle: li.billingCycle } : {}),
      };
      state.subscriptions.push(sub);
      return {
        lineItemNumber: i,
        offerId: offerOf(li),
        quantity: Number(li.quantity),
        ...(typeof li.partnerIdOnRecord === 'string' ? { partnerIdOnRecord: li.partnerIdOnRecord } : {}),
        subscriptionId: sub.id,
        links: { subscription: link(subscriptionUri(sub)) },
      };
    }),
    creationDate: new Date().toISOString(),
    status: 'completed',
    attributes: { objectType: 'Order' },
  };
  state.orders.push(order);
  return order;
}
