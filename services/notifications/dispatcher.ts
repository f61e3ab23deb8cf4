import { createHash } from 'node:crypto';
import type { StoredEvent } from '../../data/events/event.js';
import type { Audience, DeliveryJob, DeliveryTarget } from '../../data/notifications/notification-store.js';
import type { ServiceContext } from '../context.js';
import { FeedFollower } from '../feed-follower.js';
import {
  RELATIONSHIP_EVENTS,
  relationshipStreams,
  type RelationshipState,
} from '../relationships/relationship-stream.js';
import type { StreamRepository } from '../streams.js';
import type { ConnectionRecipients } from './connection-recipients.js';
import { MAX_ATTEMPTS } from './delivery-policy.js';
import type { NotificationSubscriptionService } from './subscription-service.js';
import { notifyTypeOf, recipientKey } from './subscription-stream.js';

/** The dispatcher's name among the feed's followers (its checkpoint is `notifications:<tenant>`). */
export const DISPATCHER_FOLLOWER = 'notifications';

/** The id of the job that delivers an event to a target: the same for every dispatcher and every replay. */
export function jobIdOf(eventId: string, target: DeliveryTarget): string {
  const key = `${eventId}|${target.tenantId}|${recipientKey(target)}`;
  return createHash('sha256').update(key).digest('hex').slice(0, 32);
}

/**
 * The outbox's first half: follows each provider's tenant feed (a `FeedFollower`, like the
 * projector) and turns every event that notifies into delivery jobs. Jobs are inserted with ids
 * derived from (event, recipient), so a second dispatcher, a crash before the checkpoint was
 * saved, or a replayed batch never makes a second job. The feed answers committed entries only
 * and never past one whose writer may still be in flight, so the checkpoint never passes an
 * event that has not been read.
 */
export class NotificationDispatcher {
  private readonly relationships: StreamRepository<RelationshipState>;

  constructor(
    private readonly ctx: Pick<ServiceContext, 'repos' | 'clock'>,
    private readonly subscriptions: NotificationSubscriptionService,
    private readonly connectionRecipients?: ConnectionRecipients,
  ) {
    this.relationships = relationshipStreams(ctx.repos);
  }

  /** One pass over every provider's feed; answers how many jobs it created. */
  async runOnce(): Promise<number> {
    let created = 0;
    for (const tenantId of await this.ctx.repos.notifications.tenants())
      created += await this.dispatchTenant(tenantId);
    return created;
  }

  async dispatchTenant(tenantId: string): Promise<number> {
    let created = 0;
    const follower = new FeedFollower(
      this.ctx.repos,
      this.ctx.clock,
      DISPATCHER_FOLLOWER,
      async (_t, entries) => {
        for (const entry of entries) created += await this.jobsFor(entry.event);
      },
    );
    await follower.catchUp(tenantId);
    return created;
  }

  /** The jobs of one event: its managers, the agent who sent the request, the reseller's user who accepted. */
  private async jobsFor(event: StoredEvent): Promise<number> {
    const code = notifyTypeOf(event.type);
    if (!code) return 0;
    const facts = await this.factsOf(event);
    const targets: { audience: Audience; target: DeliveryTarget; recipientId?: string; name?: string }[] = [];
    for (const subscription of await this.subscriptions.recipientsFor(event.tenantId, code)) {
      targets.push({
        audience: 'manager',
        target: {
          tenantId: event.tenantId,
          kind: subscription.kind,
          ...(subscription.userId ? { userId: subscription.userId } : {}),
          ...(subscription.conversationId ? { conversationId: subscription.conversationId } : {}),
        },
        recipientId: subscription.recipientId,
        ...(subscription.name ? { name: subscription.name } : {}),
      });
    }
    if (event.type === RELATIONSHIP_EVENTS.accepted || event.type === RELATIONSHIP_EVENTS.declined) {
      const requester = facts.requestedBy;
      // Requests are made in a 1:1 chat with the bot (the draft holds the secret link), so that is where the answer goes.
      if (requester)
        targets.push({
          audience: 'requester',
          target: { tenantId: event.tenantId, kind: 'person', userId: requester },
        });
    }
    const resellerTenantId = event.data.resellerTenantId;
    const resellerUserId = event.data.resellerUserId;
    if (
      event.type === RELATIONSHIP_EVENTS.accepted &&
      typeof resellerTenantId === 'string' &&
      typeof resellerUserId === 'string'
    ) {
      targets.push({
        audience: 'reseller',
        target: { tenantId: resellerTenantId, kind: 'person', userId: resellerUserId },
      });
    }
    if (this.connectionRecipients) targets.push(...(await this.connectionRecipients.targetsFor(event)));
    let created = 0;
    const seen = new Set<string>();
    const now = this.ctx.clock.now();
    // A person's chat is looked up when the job is sent (by `_id`: their newest 1:1 chat then).
    for (const { audience, target, recipientId, name } of targets) {
      const _id = jobIdOf(event._id, target);
      // A manager who also sent the request hears once (the first target wins: the subscription).
      if (seen.has(_id)) continue;
      seen.add(_id);
      const job: DeliveryJob = {
        _id,
        tenantId: event.tenantId,
        eventId: event._id,
        eventType: event.type,
        eventAt: event.at,
        audience,
        target,
        ...(recipientId ? { recipientId } : {}),
        facts: { ...facts, ...(name ? { recipientName: name } : {}) },
        status: 'pending',
        attempt: 0,
        attemptLimit: MAX_ATTEMPTS,
        dueAt: now,
        createdAt: now,
      };
      if (await this.ctx.repos.notifications.insertJob(job)) created += 1;
    }
    return created;
  }

  /** What the card will say, as names and ids recorded now (the card is rendered from these alone). */
  private async factsOf(event: StoredEvent): Promise<Record<string, string>> {
    const facts: Record<string, string> = {};
    const put = (name: string, value: unknown) => {
      if (typeof value === 'string' && value) facts[name] = value;
    };
    const provider = await this.ctx.repos.providers.get(event.tenantId);
    put('providerName', provider?.name);
    put('actorName', event.actor.name ?? (event.actor.kind === 'system' ? undefined : event.actor.id));
    for (const field of [
      'partnerId',
      'resellerName',
      'customerId',
      'subscriptionId',
      'offerName',
      'companyName',
      'orderId',
      'invitationId',
      'expiresAt',
    ])
      put(field, event.data[field]);
    if (event.streamType === 'relationship') {
      const partnerId = event.stream.slice('relationship:'.length);
      put('partnerId', partnerId);
      const { state } = await this.relationships.load(event.tenantId, partnerId);
      put('resellerName', state.resellerName);
      if (state.invitation && state.invitation.invitationId === event.data.invitationId)
        put('requestedBy', state.invitation.requestedBy);
    } else if (facts.partnerId && !facts.resellerName) {
      const { state } = await this.relationships.load(event.tenantId, facts.partnerId);
      put('resellerName', state.resellerName);
    }
    return facts;
  }
}
