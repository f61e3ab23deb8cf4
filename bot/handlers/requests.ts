import { draftCard, requestReplayedCard, requestSentCard } from '../../cards/draft.js';
import { requestFormCard } from '../../cards/request-form.js';
import { route, type RouteTable } from '../route.js';
import type { Turn } from '../turn.js';
import type { Payload } from '../verbs.js';
import { inlineFor, RESELLER_REFUSALS } from './refusals.js';
import { currentStateFor } from './resellers.js';
import type { RelationshipRequestResult } from '../../services/relationships/relationship-service.js';

type DraftInput = Payload<'draft.review'>;

/** Re-renders the draft the agent edited, with a notice or the reason it was refused. */
async function draftAgain(
  turn: Turn,
  input: DraftInput,
  extra: { copy?: boolean; notice?: string; error?: string; mailtoUrl?: string },
) {
  const view = await turn.services.relationships.getRelationship(turn.actor, input.partnerId);
  const to = view.invitation?.resellerEmail ?? '';
  return {
    card: draftCard(
      {
        partnerId: view.partnerId,
        resellerName: view.resellerName,
        to,
        subject: input.subject,
        body: input.body,
        link: input.link,
        // Until the text passes the check, the e-mail button only opens a message to the reseller.
        mailtoUrl: extra.mailtoUrl ?? `mailto:${encodeURIComponent(to)}`,
        mailtoText: extra.mailtoUrl ? 'checked' : 'unchecked',
        expiresAt: view.invitation?.expiresAt,
        ...extra,
      },
      turn.ui,
    ),
  };
}

/** The e-mail draft of a new link (a request or its resend); a replay without it says why. */
function draftReply(turn: Turn, result: RelationshipRequestResult) {
  const { draft } = result;
  if (!draft) return { card: requestReplayedCard(result, turn.ui) };
  return {
    card: draftCard(
      {
        partnerId: result.partnerId,
        resellerName: result.resellerName,
        to: draft.to,
        subject: draft.subject,
        body: draft.body,
        link: draft.link,
        mailtoUrl: draft.mailtoUrl,
        mailtoText: 'original',
        expiresAt: result.expiresAt,
      },
      turn.ui,
    ),
  };
}

const DRAFT_REFUSALS = ['draft_link_missing', 'draft_too_long', 'invalid_input'] as const;
const redraw = inlineFor<DraftInput>(DRAFT_REFUSALS, (turn, input, error) =>
  draftAgain(turn, input, { error }),
);

/** Request a relationship: the form, the e-mail draft (update, copy) and Done. */
export const requestRoutes: Pick<
  RouteTable,
  'request.start' | 'request.create' | 'request.resend' | 'draft.review' | 'draft.copy' | 'draft.done'
> = {
  'request.start': route('request.start', {
    handle: async (turn, { partnerId }) => {
      // Only admins may send requests: say so now rather than after the form is filled in.
      await turn.services.access.require(turn.actor, 'requestRelationship');
      return { card: requestFormCard({ partnerId }, turn.ui) };
    },
  }),
  'request.create': route('request.create', {
    handle: async (turn, { resellerEmail, partnerId, actionId }) => {
      const result = await turn.services.relationships.requestRelationship(
        turn.actor,
        { resellerEmail: resellerEmail.trim(), partnerId, locale: turn.locale },
        actionId,
      );
      return draftReply(turn, result);
    },
    refused: inlineFor([...RESELLER_REFUSALS, 'relationship_already_open'], (turn, input, error) => ({
      card: requestFormCard(
        { resellerEmail: input.resellerEmail, partnerId: input.partnerId, error },
        turn.ui,
      ),
    })),
  }),
  // "Resend" on the reminder that a request is about to expire: a fresh link, the old one void.
  'request.resend': route('request.resend', {
    handle: async (turn, { partnerId, invitationId, actionId }) =>
      draftReply(
        turn,
        await turn.services.relationships.renewRequest(
          turn.actor,
          { partnerId, invitationId, locale: turn.locale },
          actionId,
        ),
      ),
    refused: currentStateFor(),
  }),
  'draft.review': route('draft.review', {
    handle: async (turn, input) => {
      const { mailtoUrl } = await turn.services.relationships.reviewDraft(turn.actor, input);
      return draftAgain(turn, input, { mailtoUrl, notice: turn.ui.t('draft.reviewed') });
    },
    refused: redraw,
  }),
  'draft.copy': route('draft.copy', {
    handle: async (turn, input) => {
      const { mailtoUrl } = await turn.services.relationships.reviewDraft(turn.actor, input);
      return draftAgain(turn, input, { mailtoUrl, copy: true });
    },
    refused: redraw,
  }),
  'draft.done': route('draft.done', {
    handle: async (turn, { actionId, ...input }) => {
      const view = await turn.services.relationships.markRequestSent(turn.actor, input, actionId);
      return {
        card: requestSentCard(
          {
            resellerName: view.resellerName,
            partnerId: view.partnerId,
            to: view.invitation?.resellerEmail ?? '',
            expiresAt: view.invitation?.expiresAt,
          },
          turn.ui,
        ),
      };
    },
    refused: redraw,
  }),
};
