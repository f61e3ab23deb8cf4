import {
  requestCancelledCard,
  resellerDetailsCard,
  resellersCard,
  type ResellerAbilities,
} from '../../cards/resellers.js';
import { route, type RouteTable } from '../route.js';
import type { Turn } from '../turn.js';
import { inlineFor } from './refusals.js';

/** Rows per page of the resellers card (each row has buttons; the card must stay small). */
export const RESELLERS_PAGE_SIZE = 10;

export async function resellerAbilities(turn: Turn): Promise<ResellerAbilities> {
  const may = await turn.permissions();
  return {
    remove: may.has('removeRelationship'),
    cancel: may.has('cancelRelationship'),
    request: may.has('requestRelationship'),
    addCustomer: may.has('addCustomer'),
  };
}

/**
 * A click on a request that is no longer pending (accepted, declined, expired meanwhile) answers
 * with where the relationship stands now, the refusal shown in the card.
 */
export const currentStateFor = <I extends { partnerId: string }>() =>
  inlineFor<I>(['relationship_not_pending'], async (turn, { partnerId }, message) => ({
    card: resellerDetailsCard(
      await turn.services.relationships.getRelationship(turn.actor, partnerId),
      await resellerAbilities(turn),
      turn.ui,
      message,
    ),
  }));

/** The resellers list, one reseller's details, and cancelling a pending request. */
export const resellerRoutes: Pick<RouteTable, 'resellers.list' | 'reseller.details' | 'request.cancel'> = {
  'resellers.list': route('resellers.list', {
    handle: async (turn, { include, page, query }) => {
      const list = await turn.services.relationships.listResellers(turn.actor, {
        include,
        page,
        pageSize: RESELLERS_PAGE_SIZE,
        ...(query?.trim() ? { query: query.trim() } : {}),
      });
      return {
        card: resellersCard(
          { ...list, include, query: query?.trim(), can: await resellerAbilities(turn) },
          turn.ui,
        ),
      };
    },
  }),
  'reseller.details': route('reseller.details', {
    handle: async (turn, { partnerId }) => {
      const view = await turn.services.relationships.getRelationship(turn.actor, partnerId);
      return { card: resellerDetailsCard(view, await resellerAbilities(turn), turn.ui) };
    },
  }),
  // A card shown for an older request is refused (stale_action), as a card-level error; a
  // request answered (accepted, declined, expired) since the card was shown answers with where
  // the relationship stands now.
  'request.cancel': route('request.cancel', {
    handle: async (turn, { partnerId, invitationId, actionId }) => {
      const view = await turn.services.relationships.cancelRequest(
        turn.actor,
        { partnerId, invitationId },
        actionId,
      );
      return { card: requestCancelledCard(view, turn.ui) };
    },
    refused: currentStateFor(),
  }),
};
