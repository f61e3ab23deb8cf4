import type { StoredEvent } from '../../data/events/event.js';
import type { Audience, DeliveryTarget } from '../../data/notifications/notification-store.js';
import type { Repositories } from '../../data/repositories.js';
import type { Role } from '../access/roles.js';
import type { Actor } from '../actor.js';
import { CONNECTION_EVENTS } from '../partner-center/auth/connection-stream.js';

/** A recipient the dispatcher makes a job for, besides the manager subscriptions. */
export interface ExtraTarget {
  audience: Audience;
  target: DeliveryTarget;
}

const CONNECTION_CHANGES = new Set<string>([CONNECTION_EVENTS.disconnected, CONNECTION_EVENTS.reconnected]);

/**
 * The recipient rule of the Partner Center connection: when a provider's sign-in is lost
 * (invalid_grant, consent withdrawn) or made again, every admin agent of that provider who has
 * a stored 1:1 chat with the bot is told, besides the managers subscribed to these events. One
 * event per loss (the connection stream appends it once), and one job per (event, person), so
 * an admin who is also a manager hears once.
 *
 * Admins are the people the bot knows a personal chat with, whose roles (bot grants, and
 * Partner Center's admin agents as last read: the sign-in is gone, so they cannot be read now)
 * include admin.
 */
export class ConnectionRecipients {
  constructor(
    private readonly repos: Pick<Repositories, 'conversations'>,
    private readonly access: { rolesOf(actor: Actor): Promise<Role[]> },
  ) {}

  /** The admins to tell about this event; none for any other event. */
  async targetsFor(event: StoredEvent): Promise<ExtraTarget[]> {
    if (!CONNECTION_CHANGES.has(event.type)) return [];
    const targets: ExtraTarget[] = [];
    // The chat itself is looked up when the card is sent (the newest then).
    for (const userId of await this.repos.conversations.peopleWithPersonalChat(event.tenantId)) {
      const roles = await this.access
        .rolesOf({ tenantId: event.tenantId, agentId: userId })
        .catch((): Role[] => []);
      if (!roles.includes('admin')) continue;
      targets.push({
        audience: 'admin',
        target: { tenantId: event.tenantId, kind: 'person', userId },
      });
    }
    return targets;
  }
}
