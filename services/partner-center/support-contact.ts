import { isAppError } from '../errors.js';
import type { CommerceSubscription, SubscriptionRef } from '../ports.js';
import {
  isNewCommerce,
  subscriptionPath,
  supportContactSchema,
  toCommerceSubscription,
  type PcSubscription,
} from './commerce-shapes.js';
import type { PartnerCenterHttp } from './http.js';

/**
 * The Subscription resource does not carry its support contact: GET …/supportcontact, only for
 * license-based (legacy) subscriptions, the ones the support-contact pages are about; a
 * new-commerce subscription is not asked. The support contact is extra: whatever that call
 * answers (an error, throttling, an outage), the subscription itself is still returned.
 * https://learn.microsoft.com/en-us/partner-center/developer/get-a-subscription-s-support-contact
 */
export async function withSupportContact(
  http: PartnerCenterHttp,
  providerTenantId: string,
  ref: SubscriptionRef,
  sub: PcSubscription,
): Promise<CommerceSubscription> {
  const mpnId = isNewCommerce(sub.offerId) ? undefined : await supportContactOf(http, providerTenantId, ref);
  return toCommerceSubscription(sub, ref.customerId, providerTenantId, mpnId);
}

async function supportContactOf(
  http: PartnerCenterHttp,
  providerTenantId: string,
  ref: SubscriptionRef,
): Promise<string | undefined> {
  const path = `${subscriptionPath(ref)}/supportcontact`;
  try {
    const res = await http.send({ method: 'GET', path, providerTenantId });
    // Not documented: what a subscription without a support contact returns. 404 or no body reads as "none".
    if (!res.ok || res.body === undefined) return undefined;
    const parsed = supportContactSchema.safeParse(res.body);
    const mpnId = parsed.success ? parsed.data.supportMpnId : undefined;
    return mpnId ? String(mpnId) : undefined;
  } catch (error) {
    // A lost sign-in is everybody's business: the subscription read fails with it as well.
    if (isAppError(error) && error.code === 'partner_center_reconnect_required') throw error;
    return undefined;
  }
}
