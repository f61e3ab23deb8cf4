import type { StoredEvent } from '../../../data/events/event.js';
import type { StreamDefinition } from '../../streams.js';

export const CONNECTION_EVENTS = {
  connected: 'partner_center.connected',
  /** A connection made again after it was lost (what the admins were told to do). */
  reconnected: 'partner_center.reconnected',
  disconnected: 'partner_center.disconnected',
} as const;

/** Why the stored sign-in stopped working: Entra's answer, reduced to what an admin can act on. */
export type DisconnectReason = 'invalid_grant' | 'consent_revoked' | 'no_account' | 'unreadable';

/** One provider's Partner Center connection (the admin sign-in the bot acts with). */
export interface ConnectionState {
  [key: string]: unknown;
  status: 'never' | 'connected' | 'reconnect_required';
  /** The admin who signed in (user principal name), for the audit and the cards. */
  username?: string;
  /** MSAL's home account id of that sign-in. */
  accountId?: string;
  connectedAt?: Date;
  disconnectedAt?: Date;
  reason?: DisconnectReason;
}

/** The stream id: one connection per provider tenant. */
export const CONNECTION_STREAM_ID = 'partner-center';

export const connectionStream: StreamDefinition<ConnectionState> = {
  type: 'partner_center_connection',
  initial: () => ({ status: 'never' }),
  apply(state, event: StoredEvent): ConnectionState {
    switch (event.type) {
      case CONNECTION_EVENTS.connected:
      case CONNECTION_EVENTS.reconnected:
        return {
          status: 'connected',
          username: event.data.username as string,
          accountId: event.data.accountId as string,
          connectedAt: event.at,
        };
      case CONNECTION_EVENTS.disconnected:
        return {
          ...state,
          status: 'reconnect_required',
          disconnectedAt: event.at,
          reason: event.data.reason as DisconnectReason,
        };
      default:
        return state;
    }
  },
};
