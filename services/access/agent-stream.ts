import type { StoredEvent } from '../../data/events/event.js';
import type { StreamDefinition } from '../streams.js';
import type { Role } from './roles.js';

export const AGENT_EVENTS = { roleGranted: 'agent.role_granted', roleRevoked: 'agent.role_revoked' } as const;

/** An agent of a provider and the roles it holds there. */
export interface AgentState {
  [key: string]: unknown;
  agentId: string;
  displayName?: string;
  roles: Role[];
  updatedAt?: Date;
}

export const agentStream: StreamDefinition<AgentState> = {
  type: 'agent',
  initial: (_tenantId, agentId) => ({ agentId, roles: [] }),
  apply(state, event: StoredEvent): AgentState {
    const role = event.data.role as Role;
    const displayName = (event.data.displayName as string | undefined) ?? state.displayName;
    switch (event.type) {
      case AGENT_EVENTS.roleGranted:
        return {
          ...state,
          displayName,
          roles: state.roles.includes(role) ? state.roles : [...state.roles, role],
          updatedAt: event.at,
        };
      case AGENT_EVENTS.roleRevoked:
        return { ...state, roles: state.roles.filter((r) => r !== role), updatedAt: event.at };
      default:
        return state;
    }
  },
};
