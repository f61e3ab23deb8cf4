import { rolesCard } from '../../cards/roles.js';
import { ROLES } from '../../services/access/roles.js';
import { route, type RouteTable } from '../route.js';
import type { Turn } from '../turn.js';
import { inlineFor } from './refusals.js';

/** The roles card again, with the agents as they are now and a line about what just happened. */
async function roster(turn: Turn, extra: { notice?: string; error?: string } = {}) {
  // Any role may read the list; the card that changes it is for those who may change it.
  await turn.services.access.require(turn.actor, 'manageRoles');
  const agents = await turn.services.access.listAgents(turn.actor);
  return { card: rolesCard({ agents, selfId: turn.actor.agentId, ...extra }, turn.ui) };
}

/** Refusals shown on the card itself: the last admin, a bad id or role typed in the form. */
const ROLE_REFUSALS = ['last_admin', 'invalid_input'] as const;
const redraw = inlineFor<unknown>(ROLE_REFUSALS, (turn, _input, error) => roster(turn, { error }));

/** Agent roles from Teams (admin only): list, grant, revoke; each change is an audited event. */
export const roleRoutes: Pick<RouteTable, 'roles.manage' | 'roles.change' | 'roles.add'> = {
  'roles.manage': route('roles.manage', { handle: async (turn) => roster(turn) }),
  'roles.change': route('roles.change', {
    handle: async (turn, { actionId, agentId, role, change }) => {
      const input = { agentId, role };
      const agent =
        change === 'grant'
          ? await turn.services.access.grantRole(turn.actor, input, actionId)
          : await turn.services.access.revokeRole(turn.actor, input, actionId);
      const params = {
        name: agent.displayName ?? agentId,
        role: turn.ui.t(`roleName.${role}`),
      };
      return roster(turn, {
        notice: turn.ui.t(change === 'grant' ? 'roles.granted' : 'roles.revoked', params),
      });
    },
    refused: redraw,
  }),
  'roles.add': route('roles.add', {
    handle: async (turn, { actionId, newAgentId, newName, newRole }) => {
      const input = {
        agentId: newAgentId?.trim() ?? '',
        role: newRole,
        ...(newName?.trim() ? { displayName: newName.trim() } : {}),
      };
      const agent = await turn.services.access.grantRole(turn.actor, input, actionId);
      // The service accepted the role, so it is one of ROLES.
      const role = ROLES.find((known) => known === newRole) ?? 'sales';
      const params = { name: agent.displayName ?? input.agentId, role: turn.ui.t(`roleName.${role}`) };
      return roster(turn, { notice: turn.ui.t('roles.granted', params) });
    },
    refused: redraw,
  }),
};
