import type { Repositories } from '../../../data/repositories.js';
import type { Clock } from '../../clock.js';
import { StreamRepository } from '../../streams.js';
import {
  CONNECTION_EVENTS,
  CONNECTION_STREAM_ID,
  connectionStream,
  type ConnectionState,
  type DisconnectReason,
} from './connection-stream.js';

const SYSTEM = { kind: 'system' as const, id: 'system' };

/** Each provider's Partner Center connection as events: connected by whom, lost and why (audited). */
export class ConnectionLog {
  private readonly streams: StreamRepository<ConnectionState>;

  constructor(
    repos: Pick<Repositories, 'events' | 'log' | 'snapshots'>,
    private readonly clock: Clock,
  ) {
    this.streams = new StreamRepository<ConnectionState>(
      repos,
      'partner_center_connections',
      connectionStream,
    );
  }

  async state(tenantId: string): Promise<ConnectionState> {
    return (await this.streams.load(tenantId, CONNECTION_STREAM_ID)).state;
  }

  /** The provider's admin signed in; a repeat of the same sign-in changes nothing. */
  async connected(tenantId: string, sign: { username: string; accountId: string }): Promise<ConnectionState> {
    return this.streams.execute<ConnectionState>(tenantId, CONNECTION_STREAM_ID, ({ state }) => {
      if (state.status === 'connected' && state.accountId === sign.accountId) return { noChange: state };
      return {
        append: {
          type:
            state.status === 'reconnect_required'
              ? CONNECTION_EVENTS.reconnected
              : CONNECTION_EVENTS.connected,
          at: this.clock.now(),
          actor: { kind: 'agent', id: sign.accountId, name: sign.username },
          before: { status: state.status },
          after: { status: 'connected' },
          data: { username: sign.username, accountId: sign.accountId, providerTenantId: tenantId },
        },
        answer: (_event, next) => next,
      };
    });
  }

  /** Entra refused the stored sign-in: every Partner Center action now asks for a reconnect. */
  async lost(tenantId: string, reason: DisconnectReason): Promise<ConnectionState> {
    return this.streams.execute<ConnectionState>(tenantId, CONNECTION_STREAM_ID, ({ state }) => {
      if (state.status !== 'connected') return { noChange: state };
      return {
        append: {
          type: CONNECTION_EVENTS.disconnected,
          at: this.clock.now(),
          actor: SYSTEM,
          before: { status: 'connected' },
          after: { status: 'reconnect_required' },
          data: {
            reason,
            providerTenantId: tenantId,
            ...(state.username ? { username: state.username } : {}),
          },
        },
        answer: (_event, next) => next,
      };
    });
  }
}
