import { createHash } from 'node:crypto';
import type { StoredEvent } from '../../data/events/event.js';
import { COMMERCE_EVENTS } from '../commerce/activity-stream.js';
import { CONNECTION_EVENTS } from '../partner-center/auth/connection-stream.js';
import { RELATIONSHIP_EVENTS } from '../relationships/relationship-stream.js';
import type { StreamDefinition } from '../streams.js';

/**
 * The events a manager can be told about, by the short code a subscription stores. Each code
 * names one event type of the log (the about-to-expire reminder has its own event).
 */
export const NOTIFY_TYPES = {
  requestSent: RELATIONSHIP_EVENTS.requestSent,
  accepted: RELATIONSHIP_EVENTS.accepted,
  declined: RELATIONSHIP_EVENTS.declined,
  cancelled: RELATIONSHIP_EVENTS.cancelled,
  expired: RELATIONSHIP_EVENTS.expired,
  expiring: 'relationship.expiring',
  removed: RELATIONSHIP_EVENTS.removed,
  resellerOfRecord: COMMERCE_EVENTS.resellerOfRecordSet,
  supportContact: COMMERCE_EVENTS.supportContactSet,
  customerAdded: COMMERCE_EVENTS.customerAdded,
  orderSubmitted: COMMERCE_EVENTS.orderSubmitted,
  // The provider's Partner Center sign-in (PARTNER_BACKEND=partner-center): lost, and made again.
  partnerCenterLost: CONNECTION_EVENTS.disconnected,
  partnerCenterReconnected: CONNECTION_EVENTS.reconnected,
} as const;

export type NotifyType = keyof typeof NOTIFY_TYPES;
export const NOTIFY_TYPE_CODES = Object.keys(NOTIFY_TYPES) as NotifyType[];

/** The notify code of an event type, or undefined when the event never notifies managers. */
export function notifyTypeOf(eventType: string): NotifyType | undefined {
  return NOTIFY_TYPE_CODES.find((code) => NOTIFY_TYPES[code] === eventType);
}

export const SUBSCRIPTION_EVENTS = {
  added: 'notification.subscription_added',
  typesChanged: 'notification.types_changed',
  removed: 'notification.subscription_removed',
  gone: 'notification.recipient_gone',
} as const;

/** Why Teams no longer takes notifications for a recipient (403: bot blocked or removed; 404: no such conversation). */
export type GoneReason = 'blocked' | 'not_found';

/** One manager subscription: a person's 1:1 chat with the bot, or a Teams channel. */
export interface ManagerSubscription {
  /** A short hash of the recipient key; what cards carry. */
  recipientId: string;
  kind: 'person' | 'channel';
  /** The person (Entra object id), for `person`. */
  userId?: string;
  /** The channel conversation, for `channel`. */
  conversationId?: string;
  name?: string;
  types: NotifyType[];
  active: boolean;
  goneReason?: GoneReason;
  addedBy: string;
  addedAt: Date;
}

/** A provider's manager subscriptions: one stream per provider tenant. */
export interface SubscriptionsState {
  [key: string]: unknown;
  subscriptions: ManagerSubscription[];
  updatedAt?: Date;
}

/** The stream id of a provider's subscriptions. */
export const SUBSCRIPTIONS_STREAM_ID = 'managers';

/** The key a person or channel is known by in delivery jobs, whatever subscription names it. */
export function recipientKey(target: {
  kind: 'person' | 'channel';
  userId?: string;
  conversationId?: string;
}): string {
  return target.kind === 'person'
    ? `person:${target.userId ?? ''}`
    : `channel:${target.conversationId ?? ''}`;
}

/** A short, card-safe id for a recipient of a provider. */
export function recipientIdOf(tenantId: string, key: string): string {
  return createHash('sha256').update(`${tenantId}|${key}`).digest('hex').slice(0, 24);
}

export const subscriptionStream: StreamDefinition<SubscriptionsState> = {
  type: 'notifications',
  initial: () => ({ subscriptions: [] }),
  apply(state, event: StoredEvent): SubscriptionsState {
    const data = event.data as Record<string, unknown>;
    const recipientId = String(data.recipientId ?? '');
    const others = state.subscriptions.filter((s) => s.recipientId !== recipientId);
    const current = state.subscriptions.find((s) => s.recipientId === recipientId);
    switch (event.type) {
      case SUBSCRIPTION_EVENTS.added: {
        const added: ManagerSubscription = {
          recipientId,
          kind: data.kind === 'channel' ? 'channel' : 'person',
          ...(typeof data.userId === 'string' ? { userId: data.userId } : {}),
          ...(typeof data.conversationId === 'string' ? { conversationId: data.conversationId } : {}),
          ...(typeof data.name === 'string' ? { name: data.name } : {}),
          types: (data.types as NotifyType[] | undefined) ?? [...NOTIFY_TYPE_CODES],
          active: true,
          addedBy: event.actor.id,
          addedAt: event.at,
        };
        return { subscriptions: [...others, added], updatedAt: event.at };
      }
      case SUBSCRIPTION_EVENTS.typesChanged:
        if (!current) return state;
        return {
          subscriptions: [...others, { ...current, types: data.types as NotifyType[] }],
          updatedAt: event.at,
        };
      case SUBSCRIPTION_EVENTS.removed:
        return { subscriptions: others, updatedAt: event.at };
      case SUBSCRIPTION_EVENTS.gone:
        if (!current) return state;
        return {
          subscriptions: [...others, { ...current, active: false, goneReason: data.reason as GoneReason }],
          updatedAt: event.at,
        };
      default:
        return state;
    }
  },
};
