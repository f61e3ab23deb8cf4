import type { RelationshipRow } from '../../data/read-models/relationship-queries.js';
import type { Actor } from '../actor.js';
import { AppError } from '../errors.js';
import type { RelationshipState } from './relationship-stream.js';

/** What a relationship looks like to the bot and the cards (with what Partner Center says of it). */
export type RelationshipView = RelationshipRow &
  Pick<RelationshipState, 'source' | 'partnerCenter' | 'endedIn'> & {
    /** With the Partner Center backend, an active relationship is confirmed there or still waiting. */
    partnerCenterState?: 'confirmed' | 'waiting';
  };

/** The agent as an event's actor. */
export function agentActor(actor: Actor) {
  return {
    kind: 'agent' as const,
    id: actor.agentId,
    ...(actor.displayName ? { name: actor.displayName } : {}),
  };
}

export function toView(tenantId: string, state: RelationshipState): RelationshipView {
  const { invitation, ...rest } = state;
  return {
    ...rest,
    tenantId,
    ...(invitation
      ? {
          invitation: {
            invitationId: invitation.invitationId,
            resellerEmail: invitation.resellerEmail,
            expiresAt: invitation.expiresAt,
            requestedAt: invitation.requestedAt,
            ...(invitation.sentAt ? { sentAt: invitation.sentAt } : {}),
          },
        }
      : {}),
  };
}

/** A card shown for one request (or the relationship it opened) cannot act on a newer one. */
export function refuseIfStale(state: RelationshipState, invitationId: string | undefined): void {
  if (invitationId !== undefined && state.invitation?.invitationId !== invitationId) {
    throw new AppError('stale_action', { resellerName: state.resellerName || state.partnerId });
  }
}

/** The request of a pending relationship; anything else is refused as not pending. */
export function pendingInvitation(state: RelationshipState) {
  if (state.status !== 'pending' || !state.invitation) {
    throw new AppError('relationship_not_pending', { resellerName: state.resellerName || state.partnerId });
  }
  return state.invitation;
}

/** Accepting in the bot is not enough: until Partner Center lists it, the reseller has to accept there. */
export function withPartnerCenter(
  view: RelationshipView,
  settings: { partnerCenter?: unknown },
): RelationshipView {
  if (!settings.partnerCenter || view.status !== 'active') return view;
  return { ...view, partnerCenterState: view.partnerCenter ? 'confirmed' : 'waiting' };
}
