import type { Document } from 'mongodb';
import type { ServiceContext } from '../context.js';
import { relationshipStreams, type RelationshipState } from '../relationships/relationship-stream.js';
import { StreamRepository, type StreamDefinition } from '../streams.js';

/** The event of the reminder that a pending request is about to expire (one per request). */
export const EXPIRY_REMINDER_EVENT = 'relationship.expiring';

interface ReminderState extends Document {
  remindedAt?: Date;
}

/** One stream per request (`reminder:<invitationId>`): its first event is the reminder, so there is never a second. */
const reminderStream: StreamDefinition<ReminderState> = {
  type: 'reminder',
  initial: () => ({}),
  apply: (state, event) => (event.type === EXPIRY_REMINDER_EVENT ? { remindedAt: event.at } : state),
};

const BATCH = 500;

/**
 * Reminds managers that a relationship request expires in `days` days unless the reseller
 * answers. Every instance may sweep: the reminder is event 1 of the request's own stream, an
 * insert with a unique id, so it is written once; the outbox then delivers it like any event.
 */
export class ExpiryReminders {
  private readonly reminders: StreamRepository<ReminderState>;
  private readonly relationships: StreamRepository<RelationshipState>;

  constructor(
    private readonly ctx: Pick<ServiceContext, 'repos' | 'clock'>,
    private readonly days: number,
  ) {
    this.reminders = new StreamRepository(ctx.repos, 'expiry_reminders', reminderStream);
    this.relationships = relationshipStreams(ctx.repos);
  }

  /** Whether the request is still the pending one (a due document can outlive it: a crash, a backfill). */
  private async stillPending(tenantId: string, partnerId: string, invitationId: string): Promise<boolean> {
    const { state } = await this.relationships.load(tenantId, partnerId);
    return state.status === 'pending' && state.invitation?.invitationId === invitationId;
  }

  /** Writes the reminders that are due; answers how many were new. */
  async sweep(): Promise<number> {
    if (this.days <= 0) return 0;
    const now = this.ctx.clock.now();
    const horizon = new Date(now.getTime() + this.days * 86_400_000);
    const due = await this.ctx.repos.relationshipDue.pendingExpiringBy(horizon, BATCH);
    let written = 0;
    for (const row of due) {
      const invitation = row.pending;
      // Already past its expiry: the expiry sweep ends it, and "expired" is the notification.
      if (!invitation || invitation.expiresAt.getTime() <= now.getTime()) continue;
      const wrote = await this.reminders.execute(row.tenantId, invitation.invitationId, async ({ seq }) =>
        seq > 0 || !(await this.stillPending(row.tenantId, row.partnerId, invitation.invitationId))
          ? { noChange: false }
          : {
              append: {
                type: EXPIRY_REMINDER_EVENT,
                at: now,
                actor: { kind: 'system', id: 'system' },
                data: {
                  partnerId: row.partnerId,
                  resellerName: row.resellerName,
                  invitationId: invitation.invitationId,
                  expiresAt: invitation.expiresAt.toISOString(),
                },
              },
              answer: () => true,
            },
      );
      if (wrote) written += 1;
    }
    return written;
  }
}
