import type { RouteContext } from './directory-routes.js';
import type { StubRoute } from './routes.js';
import { asRecord, pcError, subscriptionResource, supportContactResource, type Reply } from './shapes.js';

/** A customer's subscriptions, the reseller of record and the support contact. */
export function subscriptionRoute(name: StubRoute, ctx: RouteContext): Reply | undefined {
  const { state } = ctx;
  const [customerId = '', subscriptionId = ''] = ctx.params;
  if (name === 'listSubscriptions') {
    // https://learn.microsoft.com/en-us/partner-center/developer/get-all-of-a-customer-s-subscriptions
    if (!state.customers.some((c) => c.id === customerId)) return pcError(404, 1000, 'Not found');
    const items = state.subscriptions.filter((s) => s.customerId === customerId).map(subscriptionResource);
    return {
      status: 200,
      body: { totalCount: items.length, items, attributes: { objectType: 'Collection' } },
    };
  }
  if (!['getSubscription', 'patchSubscription', 'getSupportContact', 'putSupportContact'].includes(name)) {
    return undefined;
  }
  const sub = state.subscriptions.find(
    (s) => s.customerId === customerId && s.id.toLowerCase() === subscriptionId.toLowerCase(),
  );
  if (!sub) return pcError(404, 20003, `Subscription with id ${subscriptionId} not found.`);
  const b = asRecord(ctx.body);
  switch (name) {
    // https://learn.microsoft.com/en-us/partner-center/developer/get-a-subscription-by-id
    case 'getSubscription':
      return { status: 200, body: subscriptionResource(sub) };
    // https://learn.microsoft.com/en-us/partner-center/developer/update-the-nickname-for-a-subscription
    case 'patchSubscription':
      // The docs require the full resource: a body without it is refused here, and a missing
      // autoRenewEnabled switches auto-renew off, as the docs warn.
      if (String(b.id).toLowerCase() !== sub.id.toLowerCase() || b.offerId !== sub.offerId) {
        return pcError(400, 800002, 'Invalid request input');
      }
      sub.partnerId = typeof b.partnerId === 'string' ? b.partnerId : '';
      sub.autoRenewEnabled = b.autoRenewEnabled === true;
      if (typeof b.quantity === 'number') sub.quantity = b.quantity;
      return { status: 200, body: subscriptionResource(sub) };
    // https://learn.microsoft.com/en-us/partner-center/developer/get-a-subscription-s-support-contact
    case 'getSupportContact':
      if (sub.newCommerce)
        return pcError(400, 800002, 'Support contact is not supported for this subscription');
      if (!sub.supportContact) return pcError(404, 1000, 'Not found');
      return { status: 200, body: supportContactResource(sub) };
    // https://learn.microsoft.com/en-us/partner-center/developer/update-a-subscription-s-support-contact
    default: {
      if (sub.newCommerce)
        return pcError(400, 800002, 'Support contact is not supported for this subscription');
      const related = state.partners.find(
        (p) => p.mpnId === b.supportMpnId && p.relationship?.tenantId === b.supportTenantId,
      );
      if (!related || typeof b.name !== 'string') return pcError(400, 800002, 'Invalid request input');
      sub.supportContact = {
        supportTenantId: String(b.supportTenantId),
        supportMpnId: related.mpnId,
        name: b.name,
      };
      return { status: 200, body: supportContactResource(sub) };
    }
  }
}
