import { z } from 'zod';
import { actorSchema, idSchema, type Actor } from '../actor.js';
import type { AccessService } from '../access/access-service.js';
import type { ServiceContext } from '../context.js';
import { AppError } from '../errors.js';
import { StreamRepository } from '../streams.js';
import { parseInput } from '../validation.js';
import {
  NOTIFY_TYPE_CODES,
  recipientIdOf,
  recipientKey,
  SUBSCRIPTION_EVENTS,
  SUBSCRIPTIONS_STREAM_ID,
  subscriptionStream,
  type GoneReason,
  type ManagerSubscription,
  type NotifyType,
  type SubscriptionsState,
} from './subscription-stream.js';

/** A subscription as the notifications card shows it. */
export interface SubscriptionView extends ManagerSubscription {
  /** False when the bot has no stored conversation to reach the recipient in (they never wrote to it). */
  reachable: boolean;
}

export interface NotificationsOverview {
  subscriptions: SubscriptionView[];
  canManage: boolean;
  /** Notifications that failed after their last attempt and wait for an admin. */
  deadLetters: number;
}

const nameSchema = z.string().trim().max(200).optional();
const personSchema = z.object({ userId: idSchema.optional(), name: nameSchema });
const channelSchema = z.object({
  conversationId: z.string().min(1).max(300),
  conversationType: z.string().max(40),
  name: nameSchema,
});
const recipientSchema = z.object({ recipientId: z.string().regex(/^[0-9a-f]{24}$/) });
const typesSchema = recipientSchema.extend({ types: z.array(z.enum(NOTIFY_TYPE_CODES)).max(20) });

/**
 * Who of a provider hears about what: manager subscriptions as a stream of events, so every
 * change is in the audit trail. Admins change them; every role may look.
 */
export class NotificationSubscriptionService {
  private readonly streams: StreamRepository<SubscriptionsState>;

  constructor(
    private readonly ctx: ServiceContext,
    private readonly access: AccessService,
  ) {
    this.streams = new StreamRepository(ctx.repos, 'notification_subscriptions', subscriptionStream);
  }

  async overview(actor: Actor): Promise<NotificationsOverview> {
    await this.access.require(actor, 'viewNotifications');
    const roles = await this.access.rolesOf(actor);
    const { state } = await this.streams.load(actor.tenantId, SUBSCRIPTIONS_STREAM_ID);
    const subscriptions: SubscriptionView[] = [];
    for (const subscription of sortByAdded(state.subscriptions)) {
      subscriptions.push({ ...subscription, reachable: await this.reachable(actor.tenantId, subscription) });
    }
    return {
      subscriptions,
      canManage: roles.includes('admin'),
      deadLetters: await this.ctx.repos.notifications.countDead(actor.tenantId),
    };
  }

  /** Subscribes a person (the caller unless another agent is named) to every event type. */
  async addPerson(actor: Actor, input: unknown, idempotencyKey?: string): Promise<ManagerSubscription> {
    await this.access.require(actor, 'manageNotifications');
    const person = parseInput(personSchema, input);
    const userId = person.userId ?? actor.agentId;
    const name = person.name ?? (userId === actor.agentId ? actor.displayName : undefined);
    return this.add(actor, { kind: 'person', userId, ...(name ? { name } : {}) }, idempotencyKey);
  }

  /** Subscribes the Teams channel the command was typed in. */
  async addChannel(actor: Actor, input: unknown, idempotencyKey?: string): Promise<ManagerSubscription> {
    await this.access.require(actor, 'manageNotifications');
    const channel = parseInput(channelSchema, input);
    if (channel.conversationType !== 'channel') throw new AppError('notification_channel_only');
    const known = await this.ctx.repos.conversations.get(actor.tenantId, channel.conversationId);
    if (known?.conversationType !== 'channel') throw new AppError('notification_channel_only');
    return this.add(
      actor,
      {
        kind: 'channel',
        conversationId: known.conversationId,
        ...(channel.name ? { name: channel.name } : {}),
      },
      idempotencyKey,
    );
  }

  async remove(actor: Actor, input: unknown, idempotencyKey?: string): Promise<void> {
    await this.access.require(actor, 'manageNotifications');
    const { recipientId } = parseInput(recipientSchema, input);
    await this.change(actor, 'remove', idempotencyKey, (state) => {
      const current = state.subscriptions.find((s) => s.recipientId === recipientId);
      if (!current) return undefined;
      return {
        type: SUBSCRIPTION_EVENTS.removed,
        before: { recipient: recipientLabel(current) },
        data: { recipientId },
      };
    });
  }

  async setTypes(actor: Actor, input: unknown, idempotencyKey?: string): Promise<ManagerSubscription> {
    await this.access.require(actor, 'manageNotifications');
    const { recipientId, types } = parseInput(typesSchema, input);
    if (types.length === 0) throw new AppError('notification_types_required');
    const state = await this.change(actor, 'types', idempotencyKey, (current) => {
      const found = current.subscriptions.find((s) => s.recipientId === recipientId);
      if (!found) throw new AppError('notification_recipient_unknown');
      const ordered = NOTIFY_TYPE_CODES.filter((code) => types.includes(code));
      if (sameTypes(found.types, ordered)) return undefined;
      return {
        type: SUBSCRIPTION_EVENTS.typesChanged,
        before: { types: found.types },
        after: { types: ordered },
        data: { recipientId, types: ordered },
      };
    });
    const found = state.subscriptions.find((s) => s.recipientId === recipientId);
    if (!found) throw new AppError('notification_recipient_unknown');
    return found;
  }

  /** The subscription, for the event-type form. */
  async get(actor: Actor, input: unknown): Promise<ManagerSubscription> {
    await this.access.require(actor, 'viewNotifications');
    const { recipientId } = parseInput(recipientSchema, input);
    const { state } = await this.streams.load(actor.tenantId, SUBSCRIPTIONS_STREAM_ID);
    const found = state.subscriptions.find((s) => s.recipientId === recipientId);
    if (!found) throw new AppError('notification_recipient_unknown');
    return found;
  }

  /** Active subscriptions of a provider that want this event type (for the dispatcher). */
  async recipientsFor(tenantId: string, type: NotifyType): Promise<ManagerSubscription[]> {
    const { state } = await this.streams.load(parseInput(idSchema, tenantId), SUBSCRIPTIONS_STREAM_ID);
    return state.subscriptions.filter((s) => s.active && s.types.includes(type));
  }

  /** Teams answered 403 or 404 for this recipient: no more notifications until an admin adds it again. */
  async markGone(tenantId: string, recipientId: string, reason: GoneReason): Promise<void> {
    const system: Actor = { tenantId, agentId: 'system' };
    await this.change(
      system,
      'gone',
      undefined,
      (state) => {
        const found = state.subscriptions.find((s) => s.recipientId === recipientId);
        if (!found?.active) return undefined;
        return {
          type: SUBSCRIPTION_EVENTS.gone,
          before: { active: true },
          after: { active: false },
          data: { recipientId, reason },
        };
      },
      'system',
    );
  }

  private async add(
    actor: Actor,
    target: { kind: 'person' | 'channel'; userId?: string; conversationId?: string; name?: string },
    idempotencyKey: string | undefined,
  ): Promise<ManagerSubscription> {
    const recipientId = recipientIdOf(actor.tenantId, recipientKey(target));
    const state = await this.change(actor, 'add', idempotencyKey, (current) => {
      const found = current.subscriptions.find((s) => s.recipientId === recipientId);
      if (found?.active) return undefined;
      return {
        type: SUBSCRIPTION_EVENTS.added,
        ...(found ? { before: { active: false } } : {}),
        after: { recipient: recipientLabel(target), active: true },
        // A recipient added again keeps the event types it had.
        data: { recipientId, ...target, types: found?.types ?? [...NOTIFY_TYPE_CODES] },
      };
    });
    const added = state.subscriptions.find((s) => s.recipientId === recipientId);
    if (!added) throw new AppError('concurrent_change');
    return added;
  }

  private async change(
    actor: Actor,
    operation: string,
    idempotencyKey: string | undefined,
    decide: (state: SubscriptionsState) =>
      | {
          type: string;
          before?: Record<string, unknown>;
          after?: Record<string, unknown>;
          data: Record<string, unknown>;
        }
      | undefined,
    actorKind: 'agent' | 'system' = 'agent',
  ): Promise<SubscriptionsState> {
    const checked = parseInput(actorSchema, actor);
    const scope = {
      tenantId: checked.tenantId,
      actorId: checked.agentId,
      operation: `notifications.${operation}`,
    };
    return this.ctx.idempotency.run(scope, idempotencyKey, (key) =>
      this.streams.execute<SubscriptionsState>(checked.tenantId, SUBSCRIPTIONS_STREAM_ID, ({ state }) => {
        const change = decide(state);
        if (!change) return { noChange: state };
        return {
          append: {
            ...change,
            at: this.ctx.clock.now(),
            actor: {
              kind: actorKind,
              id: checked.agentId,
              ...(checked.displayName ? { name: checked.displayName } : {}),
            },
            ...(key ? { idempotencyKey: key } : {}),
          },
          answer: (_event, next) => next,
        };
      }),
    );
  }

  private async reachable(tenantId: string, subscription: ManagerSubscription): Promise<boolean> {
    const { conversations } = this.ctx.repos;
    if (subscription.kind === 'channel') {
      return Boolean(
        subscription.conversationId && (await conversations.get(tenantId, subscription.conversationId)),
      );
    }
    return conversations.hasPersonalChat(tenantId, subscription.userId ?? '');
  }
}

function sortByAdded(subscriptions: ManagerSubscription[]): ManagerSubscription[] {
  return [...subscriptions].sort((a, b) => a.addedAt.getTime() - b.addedAt.getTime());
}

function sameTypes(a: readonly NotifyType[], b: readonly NotifyType[]): boolean {
  return a.length === b.length && a.every((type, i) => type === b[i]);
}

function recipientLabel(target: {
  kind: string;
  userId?: string;
  conversationId?: string;
  name?: string;
}): string {
  return target.name ?? (target.kind === 'person' ? (target.userId ?? '') : (target.conversationId ?? ''));
}
