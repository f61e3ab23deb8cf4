import type { StoredEvent } from '../../data/events/event.js';
import type { Repositories } from '../../data/repositories.js';
import type { Actor } from '../actor.js';
import type { Clock } from '../clock.js';
import { AppError } from '../errors.js';
import { StreamRepository, type StreamDefinition } from '../streams.js';

export const ADMIN_ROSTER_EVENTS = { changeStarted: 'agent.admin_change_started' } as const;

/** The last admin change ordered for each agent of a provider (one stream per provider). */
export interface AdminRosterState {
  [key: string]: unknown;
  last: Record<string, 'grant' | 'revoke'>;
}

const ROSTER_STREAM_ID = 'admins';

const rosterStream: StreamDefinition<AdminRosterState> = {
  type: 'admin_roster',
  initial: () => ({ last: {} }),
  apply(state, event: StoredEvent): AdminRosterState {
    if (event.type !== ADMIN_ROSTER_EVENTS.changeStarted) return state;
    const agentId = event.data.agentId as string;
    return { last: { ...state.last, [agentId]: event.data.change as 'grant' | 'revoke' } };
  },
};

/**
 * Orders every change of the admin role on one stream per provider, the way removals are
 * ordered against transactions: "count the admins, then revoke" is decided by the append of
 * `agent.admin_change_started` on this stream, so two admins revoking each other at the same
 * moment cannot both succeed (the second append loses, is decided again, and sees one admin).
 * The agent's own `agent.role_revoked` follows. A crash in between leaves a revoke ordered but
 * not done: that agent then counts as no admin here (the safe side) until its role changes again.
 */
export class AdminRoster {
  private readonly streams: StreamRepository<AdminRosterState>;

  constructor(
    private readonly repos: Pick<Repositories, 'events' | 'log' | 'snapshots' | 'agentQueries'>,
    private readonly clock: Clock,
  ) {
    this.streams = new StreamRepository(repos, 'admin_rosters', rosterStream);
  }

  /** Orders an admin change of `agentId`; refuses a revoke that would leave the provider without admin. */
  async order(
    actor: Actor,
    actorKind: 'agent' | 'system',
    agentId: string,
    change: 'grant' | 'revoke',
    idempotencyKey?: string,
  ): Promise<void> {
    await this.streams.execute<void>(
      actor.tenantId,
      ROSTER_STREAM_ID,
      async ({ state }) => {
        // Admins as the agents' read model has them, less those whose revoke is ordered (maybe not done yet).
        const admins = (await this.repos.agentQueries.list(actor.tenantId))
          .filter((agent) => agent.roles.includes('admin'))
          .map((agent) => agent.agentId)
          .filter((id) => state.last[id] !== 'revoke');
        const isAdmin = admins.includes(agentId);
        if (change === 'revoke') {
          if (!isAdmin) return { noChange: undefined };
          if (admins.length <= 1) throw new AppError('last_admin');
        } else if (isAdmin && state.last[agentId] !== 'revoke') {
          return { noChange: undefined };
        }
        return {
          append: {
            type: ADMIN_ROSTER_EVENTS.changeStarted,
            at: this.clock.now(),
            actor: {
              kind: actorKind,
              id: actor.agentId,
              ...(actor.displayName ? { name: actor.displayName } : {}),
            },
            ...(idempotencyKey ? { idempotencyKey } : {}),
            data: { agentId, change },
          },
          answer: () => undefined,
        };
      },
      // The decision reads the agents' read model (a scan): once, from a load.
      { fromLoad: true },
    );
  }
}
