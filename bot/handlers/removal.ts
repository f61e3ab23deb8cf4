import { keptCard, removalCard, removedCard } from '../../cards/removal.js';
import { route, type RouteTable } from '../route.js';
import { inlineFor } from './refusals.js';

/** Removing a reseller: the confirmation card, Remove (with attestation) and Keep. */
export const removalRoutes: Pick<RouteTable, 'removal.start' | 'removal.confirm' | 'removal.keep'> = {
  'removal.start': route('removal.start', {
    handle: async (turn, { partnerId }) => {
      await turn.services.access.require(turn.actor, 'removeRelationship');
      return {
        card: removalCard(await turn.services.relationships.getRelationship(turn.actor, partnerId), turn.ui),
      };
    },
  }),
  'removal.confirm': route('removal.confirm', {
    handle: async (turn, { actionId, partnerId, invitationId, confirmed, attestation }) => {
      // The provider's name goes into the suggested messages; the removal checks the role again.
      const provider = await turn.services.access.require(turn.actor, 'removeRelationship');
      // A card shown for an earlier relationship is refused (stale_action), as a card-level error.
      const result = await turn.services.relationships.removeRelationship(
        turn.actor,
        { partnerId, invitationId, confirmed, attestation },
        actionId,
      );
      return { card: removedCard(result, provider.name, turn.ui) };
    },
    refused: inlineFor(
      ['attestation_required', 'confirmation_required'],
      async (turn, { partnerId }, message) => ({
        card: removalCard(
          await turn.services.relationships.getRelationship(turn.actor, partnerId),
          turn.ui,
          message,
        ),
      }),
    ),
  }),
  'removal.keep': route('removal.keep', {
    handle: async (turn, { partnerId }) => ({
      card: keptCard(await turn.services.relationships.getRelationship(turn.actor, partnerId), turn.ui),
    }),
  }),
};
