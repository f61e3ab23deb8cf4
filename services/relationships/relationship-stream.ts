import type { StoredEvent } from '../../data/events/event.js';
import type { StreamDefinition } from '../streams.js';

export const RELATIONSHIP_STATUSES = [
  'none',
  'pending',
  'active',
  'removed',
  'declined',
  'expired',
  'cancelled',
] as const;
export type RelationshipStatus = (typeof RELATIONSHIP_STATUSES)[number];

/** Only these two count as an open relationship (at most one per provider and reseller). */
export const OPEN_STATUSES: readonly RelationshipStatus[] = ['pending', 'active'];

export const RELATIONSHIP_EVENTS = {
  requested: 'relationship.requested',
  requestSent: 'relationship.request_sent',
  accepted: 'relationship.accepted',
  declined: 'relationship.declined',
  cancelled: 'relationship.cancelled',
  expired: 'relationship.expired',
  removed: 'relationship.removed',
} as const;

export interface InvitationState {
  invitationId: string;
  resellerEmail: string;
  tokenHash: string;
  expiresAt: Date;
  requestedBy: string;
  requestedAt: Date;
  sentAt?: Date;
}

/** One provider's relationship with one reseller (Partner ID), over all its cycles. */
export interface RelationshipState {
  [key: string]: unknown;
  partnerId: string;
  resellerName: string;
  /** Lower-cased name, for prefix search. */
  resellerNameLower: string;
  country: string;
  status: RelationshipStatus;
  invitation?: InvitationState;
  activeSince?: Date;
  endedAt?: Date;
  updatedAt?: Date;
}

interface RequestedData {
  invitationId: string;
  resellerEmail: string;
  tokenHash: string;
  expiresAt: Date;
  resellerName: string;
  country: string;
}

export const relationshipStream: StreamDefinition<RelationshipState> = {
  type: 'relationship',
  initial: (_tenantId, partnerId) => ({
    partnerId,
    resellerName: '',
    resellerNameLower: '',
    country: '',
    status: 'none',
  }),
  apply(state, event: StoredEvent): RelationshipState {
    const base = { ...state, updatedAt: event.at };
    switch (event.type) {
      case RELATIONSHIP_EVENTS.requested: {
        const data = event.data as unknown as RequestedData;
        return {
          ...base,
          status: 'pending',
          resellerName: data.resellerName,
          resellerNameLower: data.resellerName.toLowerCase(),
          country: data.country,
          invitation: {
            invitationId: data.invitationId,
            resellerEmail: data.resellerEmail,
            tokenHash: data.tokenHash,
            expiresAt: data.expiresAt,
            requestedBy: event.actor.id,
            requestedAt: event.at,
          },
          activeSince: undefined,
          endedAt: undefined,
        };
      }
      case RELATIONSHIP_EVENTS.requestSent:
        return base.invitation ? { ...base, invitation: { ...base.invitation, sentAt: event.at } } : base;
      case RELATIONSHIP_EVENTS.accepted:
        return { ...base, status: 'active', activeSince: event.at };
      case RELATIONSHIP_EVENTS.declined:
        return { ...base, status: 'declined', endedAt: event.at };
      case RELATIONSHIP_EVENTS.cancelled:
        return { ...base, status: 'cancelled', endedAt: event.at };
      case RELATIONSHIP_EVENTS.expired:
        return { ...base, status: 'expired', endedAt: event.at };
      case RELATIONSHIP_EVENTS.removed:
        return { ...base, status: 'removed', endedAt: event.at };
      default:
        return base;
    }
  },
};
