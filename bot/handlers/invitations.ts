import { invitationCard, invitationOutcomeCard } from '../../cards/invitation.js';
import { noticeCard } from '../../cards/notice.js';
import type { AppError } from '../../services/errors.js';
import { route, type RouteTable } from '../route.js';
import type { Reply, Turn } from '../turn.js';
import { messageOnCard } from './refusals.js';

/**
 * A refused answer shows the invitation as it now stands (expired, cancelled, already used) with
 * the reason; a token that resolves to nothing shows just the reason.
 */
async function invitationAsItStands(turn: Turn, token: string, error: AppError): Promise<Reply> {
  const message = messageOnCard(turn, error);
  if (error.code === 'invitation_unknown') return { card: unknownInvitation(turn, message) };
  const view = await turn.services.invitations.open(token);
  return { card: invitationCard(view, token, turn.ui, message) };
}

function unknownInvitation(turn: Turn, message: string) {
  return noticeCard({ tone: 'error', title: turn.ui.t('invitation.unknownTitle'), text: message });
}

/** The reseller's side: open an invitation (typed token or pasted link), Accept, Decline. */
export const invitationRoutes: Pick<
  RouteTable,
  'invitation.open' | 'invitation.accept' | 'invitation.decline'
> = {
  'invitation.open': route('invitation.open', {
    handle: async (turn, { token }) => ({
      card: invitationCard(await turn.services.invitations.open(token), token, turn.ui),
    }),
    refused: async (turn, _input, error) =>
      error.code === 'invitation_unknown'
        ? { card: unknownInvitation(turn, messageOnCard(turn, error)) }
        : undefined,
  }),
  'invitation.accept': route('invitation.accept', {
    handle: async (turn, { token, actionId }) => ({
      card: invitationOutcomeCard(
        await turn.services.invitations.accept({ token, user: turn.resellerUser }, actionId),
        turn.ui,
      ),
    }),
    refused: async (turn, { token }, error) => invitationAsItStands(turn, token, error),
  }),
  'invitation.decline': route('invitation.decline', {
    handle: async (turn, { token, actionId }) => ({
      card: invitationOutcomeCard(
        await turn.services.invitations.decline({ token, user: turn.resellerUser }, actionId),
        turn.ui,
      ),
    }),
    refused: async (turn, { token }, error) => invitationAsItStands(turn, token, error),
  }),
};
