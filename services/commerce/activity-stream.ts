import type { StoredEvent } from '../../data/events/event.js';
import type { StreamDefinition } from '../streams.js';

export const COMMERCE_EVENTS = {
  resellerOfRecordSet: 'subscription.reseller_of_record_set',
  supportContactSet: 'subscription.support_contact_set',
  changeStarted: 'subscription.change_started',
  changeFailed: 'subscription.change_failed',
  customerAdded: 'customer.added',
  agreementAccepted: 'customer.agreement_accepted',
  orderSubmitted: 'order.submitted',
} as const;

/**
 * Customers, subscriptions and orders live in Partner Center; the bot keeps only the log of what
 * its agents changed there (audit and notifications), one stream per record.
 */
export interface ActivityState {
  [key: string]: unknown;
  lastEvent?: string;
  /** The transaction whose entry came last (a resumed transaction records once). */
  lastIntentId?: string;
  partnerId?: string;
  supportContactPartnerId?: string;
  updatedAt?: Date;
  /** A subscription change started and not yet recorded or failed (see SubscriptionChanges). */
  changeInProgress?: { intentId: string; before: Record<string, unknown> };
  /** The transaction that recorded the customer's Microsoft Customer Agreement acceptance. */
  agreementIntentId?: string;
}

function activityStream(type: string): StreamDefinition<ActivityState> {
  return {
    type,
    initial: () => ({}),
    apply(state, event: StoredEvent): ActivityState {
      const next: ActivityState = { ...state, lastEvent: event.type, updatedAt: event.at };
      if (typeof event.data.intentId === 'string' && event.type !== COMMERCE_EVENTS.changeStarted)
        next.lastIntentId = event.data.intentId;
      if (event.type === COMMERCE_EVENTS.agreementAccepted)
        next.agreementIntentId = event.data.intentId as string;
      if (event.type === COMMERCE_EVENTS.resellerOfRecordSet) next.partnerId = event.data.partnerId as string;
      if (event.type === COMMERCE_EVENTS.supportContactSet) {
        next.supportContactPartnerId = event.data.partnerId as string;
      }
      if (event.type === COMMERCE_EVENTS.changeStarted) {
        next.changeInProgress = { intentId: event.data.intentId as string, before: event.before ?? {} };
      } else if (state.changeInProgress?.intentId === event.data.intentId) {
        next.changeInProgress = undefined;
      }
      return next;
    },
  };
}

export const subscriptionStream = activityStream('subscription');
export const customerStream = activityStream('customer');
export const orderStream = activityStream('order');
