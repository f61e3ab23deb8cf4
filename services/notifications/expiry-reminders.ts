import type { Document } from 'mongodb';
import type { ServiceContext } from '../context.js';
import type { DueRelationship } from '../../data/read-models/relationship-due.js';
import { BoundedMap } from '../../data/bounded-map.js';
import {
  checkDue,
  relationshipStreams,
  type RelationshipState,
} from '../relationships/relationship-stream.js';
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

/** Due rows read at a time (a sweep pages through every one in its window). */
const PAGE = 500;
/** Requests this process knows reminded (a sweep skips them without a lookup); the oldest leave first. */
const KNOWN_REMINDED = 50_000;

/**
 * Reminds managers that a relationship request expires in `days` days unless the reseller
 * answers. Every instance may sweep: the reminder is event 1 of the request's own stream, an
 * insert with a unique id, so it is written once; the outbox then delivers it like any event.
 */
export class ExpiryReminders {
  private readonly reminders: StreamRepository<ReminderState>;
  private readonly relationships: StreamRepository<RelationshipState>;
  private readonly reminded = new BoundedMap<string, true>(KNOWN_REMINDED);

  constructor(
    private readonly ctx: Pick<ServiceContext, 'repos' | 'clock'>,
    private readonly days: number,
    private readonly page: number = PAGE,
  ) {
    this.reminders = new StreamRepository(ctx.repos, 'expiry_reminders', reminderStream);
    this.relationships = relationshipStreams(ctx.repos);
  }

  /**
   * Writes the reminders that are due; answers how many were new. It reads every pending request
   * expiring within `days` (not yet expired: the expiry sweep ends those, and "expired" is the
   * notification), a page at a time, so requests reminded already never crowd out the rest.
   */
  async sweep(): Promise<number> {
    if (this.days <= 0) return 0;
    const now = this.ctx.clock.now();
    const horizon = new Date(now.getTime() + this.days * 86_400_000);
    let written = 0;
    let from: DueRelationship | undefined;
    for (;;) {
      const rows = await this.ctx.repos.relationshipDue.pendingExpiring(
        { after: now, before: horizon },
        { ...(from ? { from } : {}), limit: this.page },
      );
      for (const row of rows) if (await this.remind(row, now, horizon)) written += 1;
      if (rows.length < this.page) return written;
      from = rows[rows.length - 1];
    }
  }

  /** Writes the reminder of one request unless it was written before or the row is stale. */
  private async remind(row: DueRelationship, now: Date, horizon: Date): Promise<boolean> {
    const invitation = row.pending;
    if (!invitation || this.reminded.has(invitation.invitationId)) return false;
    let before = false;
    const wrote = await this.reminders.execute<boolean>(
      row.tenantId,
      invitation.invitationId,
      async ({ seq }) => {
        before = seq > 0;
        if (before) return { noChange: false };
        // The row may be stale (a crash, a backfill): the request must still be the pending one.
        const { state } = await checkDue(this.relationships, row.tenantId, row.partnerId, row);
        const current = state.invitation;
        if (state.status !== 'pending' || current?.invitationId !== invitation.invitationId)
          return { noChange: false };
        const expiresAt = current.expiresAt.getTime();
        if (expiresAt <= now.getTime() || expiresAt > horizon.getTime()) return { noChange: false };
        return {
          append: {
            type: EXPIRY_REMINDER_EVENT,
            at: now,
            actor: { kind: 'system', id: 'system' },
            data: {
              partnerId: row.partnerId,
              resellerName: row.resellerName,
              invitationId: invitation.invitationId,
              expiresAt: current.expiresAt.toISOString(),
            },
          },
          answer: () => true,
        };
      },
      // The decision loads the relationship (and may repair its due document): once, from a load.
      { fromLoad: true },
    );
    // Written, or written before: never again. Not written for a later expiry: the next sweep looks.
    if (wrote || before) this.reminded.set(invitation.invitationId, true);
    return wrote;
  }
}
