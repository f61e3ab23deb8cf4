import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { AccessService } from '../access/access-service.js';
import { idSchema, type Actor } from '../actor.js';
import type { ServiceContext } from '../context.js';
import { AppError } from '../errors.js';
import type {
  AdminCredentials,
  CommerceCustomer,
  CommerceOrder,
  CommerceSubscription,
  SubscriptionRef,
} from '../ports.js';
import type { RelationshipService } from '../relationships/relationship-service.js';
import { agentActor } from '../relationships/relationship-service.js';
import { StreamRepository } from '../streams.js';
import { parseInput } from '../validation.js';
import {
  COMMERCE_EVENTS,
  customerStream,
  orderStream,
  subscriptionStream,
  type ActivityState,
} from './activity-stream.js';

const subscriptionRefSchema = z.object({ customerId: idSchema, subscriptionId: idSchema });
const resellerOnSubscriptionSchema = subscriptionRefSchema.extend({ partnerId: z.string() });
const newCustomerSchema = z.object({
  companyName: z.string().trim().min(1).max(200),
  domain: z
    .string()
    .trim()
    .toLowerCase()
    .regex(/^[a-z0-9-]+(\.[a-z0-9-]+)+$/),
  azure: z.boolean().default(false),
  partnerId: z.string(),
});
const orderSchema = z.object({
  customerId: idSchema,
  partnerId: z.string(),
  lineItems: z
    .array(
      z.object({
        offerId: z.string().trim().min(1).max(200),
        quantity: z.number().int().min(1).max(100_000),
      }),
    )
    .min(1)
    .max(50),
});

export interface AddCustomerResult {
  customer: CommerceCustomer;
  /**
   * The new customer's first admin sign-in (Partner Center answers it once). Shown once: a replay
   * of the same action answers without it, and it is in no event.
   */
  adminCredentials?: AdminCredentials;
  /** For an Azure customer: change the reseller's default permissions under Entra "User settings". */
  showEntraUserSettingsGuidance: boolean;
}

/** Transactions with a reseller: each needs an active relationship, checked here on every call. */
export class CommerceService {
  private readonly subscriptions: StreamRepository<ActivityState>;
  private readonly customers: StreamRepository<ActivityState>;
  private readonly orders: StreamRepository<ActivityState>;

  constructor(
    private readonly ctx: ServiceContext,
    private readonly access: AccessService,
    private readonly relationships: RelationshipService,
  ) {
    this.subscriptions = new StreamRepository<ActivityState>(
      ctx.repos,
      'subscription_activity',
      subscriptionStream,
    );
    this.customers = new StreamRepository<ActivityState>(ctx.repos, 'customer_activity', customerStream);
    this.orders = new StreamRepository<ActivityState>(ctx.repos, 'order_activity', orderStream);
  }

  async listCustomers(actor: Actor): Promise<CommerceCustomer[]> {
    await this.access.require(actor, 'viewCommerce');
    return this.ctx.commerce.listCustomers(actor.tenantId);
  }

  async getCustomer(actor: Actor, rawCustomerId: unknown): Promise<CommerceCustomer> {
    await this.access.require(actor, 'viewCommerce');
    return this.customerOrRefuse(actor.tenantId, parseInput(idSchema, rawCustomerId));
  }

  async listSubscriptions(actor: Actor, rawCustomerId: unknown): Promise<CommerceSubscription[]> {
    await this.access.require(actor, 'viewCommerce');
    const customerId = parseInput(idSchema, rawCustomerId);
    await this.customerOrRefuse(actor.tenantId, customerId);
    return this.ctx.commerce.listSubscriptions(actor.tenantId, customerId);
  }

  async getSubscription(actor: Actor, rawRef: unknown): Promise<CommerceSubscription> {
    await this.access.require(actor, 'viewCommerce');
    return this.subscriptionOrRefuse(actor.tenantId, parseInput(subscriptionRefSchema, rawRef));
  }

  /** Names the reseller of record (incentive credit) on a new or existing subscription. */
  async setResellerOfRecord(
    actor: Actor,
    input: unknown,
    idempotencyKey?: string,
  ): Promise<CommerceSubscription> {
    return this.changeSubscription(actor, input, idempotencyKey, 'setResellerOfRecord');
  }

  /** Designates the reseller as support contact for one subscription (admin only). */
  async designateSupportContact(
    actor: Actor,
    input: unknown,
    idempotencyKey?: string,
  ): Promise<CommerceSubscription> {
    return this.changeSubscription(actor, input, idempotencyKey, 'designateSupportContact');
  }

  /** Adds a customer associated with the reseller (delegated admin over its subscriptions). */
  async addCustomer(actor: Actor, input: unknown, idempotencyKey?: string): Promise<AddCustomerResult> {
    const provider = await this.access.require(actor, 'addCustomer');
    const customer = parseInput(newCustomerSchema, input);
    const scope = { tenantId: actor.tenantId, actorId: actor.agentId, operation: 'customer.add' };
    return this.ctx.idempotency.run(
      scope,
      idempotencyKey,
      async (key) => {
        const reseller = await this.relationships.requireActiveReseller(provider, customer.partnerId);
        const added = await this.ctx.commerce.addCustomer(
          actor.tenantId,
          {
            companyName: customer.companyName,
            domain: customer.domain,
            azure: customer.azure,
            associatedPartnerId: reseller.partnerId,
          },
          key ?? randomUUID(),
        );
        await this.record(this.customers, actor, added.customerId, key, {
          type: COMMERCE_EVENTS.customerAdded,
          after: { associatedPartnerId: reseller.partnerId },
          data: {
            customerId: added.customerId,
            companyName: added.companyName,
            partnerId: reseller.partnerId,
            azure: added.azure,
          },
        });
        const { adminCredentials, ...shown } = added;
        return {
          customer: shown,
          showEntraUserSettingsGuidance: added.azure,
          ...(adminCredentials ? { adminCredentials } : {}),
        };
      },
      ({ adminCredentials: _secret, ...kept }) => kept,
    );
  }

  /** Submits an order for a customer with the reseller on record. */
  async submitOrder(actor: Actor, input: unknown, idempotencyKey?: string): Promise<CommerceOrder> {
    const provider = await this.access.require(actor, 'submitOrder');
    const order = parseInput(orderSchema, input);
    const scope = { tenantId: actor.tenantId, actorId: actor.agentId, operation: 'order.submit' };
    return this.ctx.idempotency.run(scope, idempotencyKey, async (key) => {
      const reseller = await this.relationships.requireActiveReseller(provider, order.partnerId);
      await this.customerOrRefuse(actor.tenantId, order.customerId);
      const submitted = await this.ctx.commerce.submitOrder(
        actor.tenantId,
        { customerId: order.customerId, partnerIdOnRecord: reseller.partnerId, lineItems: order.lineItems },
        key ?? randomUUID(),
      );
      await this.record(this.orders, actor, submitted.orderId, key, {
        type: COMMERCE_EVENTS.orderSubmitted,
        after: { partnerIdOnRecord: reseller.partnerId },
        data: {
          orderId: submitted.orderId,
          customerId: order.customerId,
          partnerId: reseller.partnerId,
          lineItems: order.lineItems,
        },
      });
      return submitted;
    });
  }

  private async changeSubscription(
    actor: Actor,
    input: unknown,
    idempotencyKey: string | undefined,
    change: 'setResellerOfRecord' | 'designateSupportContact',
  ): Promise<CommerceSubscription> {
    const provider = await this.access.require(actor, change);
    const { partnerId, ...ref } = parseInput(resellerOnSubscriptionSchema, input);
    const scope = { tenantId: actor.tenantId, actorId: actor.agentId, operation: `subscription.${change}` };
    return this.ctx.idempotency.run(scope, idempotencyKey, async (key) => {
      const reseller = await this.relationships.requireActiveReseller(provider, partnerId);
      const before = await this.subscriptionOrRefuse(actor.tenantId, ref);
      const requestId = key ?? randomUUID();
      const updated =
        change === 'setResellerOfRecord'
          ? await this.ctx.commerce.setResellerOfRecord(actor.tenantId, ref, reseller.partnerId, requestId)
          : await this.ctx.commerce.setSupportContact(actor.tenantId, ref, reseller, requestId);
      const field = change === 'setResellerOfRecord' ? 'partnerId' : 'supportContactPartnerId';
      await this.record(this.subscriptions, actor, `${ref.customerId}/${ref.subscriptionId}`, key, {
        type:
          change === 'setResellerOfRecord'
            ? COMMERCE_EVENTS.resellerOfRecordSet
            : COMMERCE_EVENTS.supportContactSet,
        before: { [field]: before[field] ?? null },
        after: { [field]: reseller.partnerId },
        data: {
          ...ref,
          partnerId: reseller.partnerId,
          resellerName: reseller.name,
          offerName: updated.offerName,
        },
      });
      return updated;
    });
  }

  /** Appends the change to the record's stream; if a retry of the same key got there first, that entry stands. */
  private async record(
    stream: StreamRepository<ActivityState>,
    actor: Actor,
    streamId: string,
    key: string | undefined,
    entry: {
      type: string;
      before?: Record<string, unknown>;
      after: Record<string, unknown>;
      data: Record<string, unknown>;
    },
  ): Promise<void> {
    await stream.execute<void>(actor.tenantId, streamId, () => ({
      append: {
        ...entry,
        at: this.ctx.clock.now(),
        actor: agentActor(actor),
        ...(key ? { idempotencyKey: key } : {}),
      },
      answer: () => undefined,
    }));
  }

  private async customerOrRefuse(tenantId: string, customerId: string): Promise<CommerceCustomer> {
    const customer = await this.ctx.commerce.getCustomer(tenantId, customerId);
    if (!customer) throw new AppError('customer_not_found', { customerId });
    return customer;
  }

  private async subscriptionOrRefuse(tenantId: string, ref: SubscriptionRef): Promise<CommerceSubscription> {
    const subscription = await this.ctx.commerce.getSubscription(tenantId, ref);
    if (!subscription) throw new AppError('subscription_not_found', { subscriptionId: ref.subscriptionId });
    return subscription;
  }
}
