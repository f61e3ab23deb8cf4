import { randomUUID } from 'node:crypto';
import type { Actor } from '../actor.js';
import type { ServiceContext } from '../context.js';
import { AppError, isAppError } from '../errors.js';
import type { StreamRepository } from '../streams.js';
import { agentActor } from './relationship-service.js';
import {
  RELATIONSHIP_EVENTS,
  relationshipStreams,
  type OpenTransaction,
  type RelationshipState,
} from './relationship-stream.js';

/** A transaction older than this with no outcome belongs to a process that died (see `Maintenance`). */
export const ABANDONED_TRANSACTION_MS = 60_000;

/** A transaction just started, or the one this caller's same click started before (resumed). */
export interface Begun {
  open: OpenTransaction;
  resumed: boolean;
}

export interface TransactionStart {
  kind: string;
  input: Record<string, unknown>;
  before?: Record<string, unknown>;
  after?: Record<string, unknown>;
}

/**
 * Orders every transaction with a reseller against its relationship (SPEC rules 6 to 8). A
 * transaction first appends `transaction.started` to the relationship's stream at the next
 * sequence number — so it and a removal cannot both win: one insert takes the number, the other
 * re-reads and decides again — then calls the backend with the intent id as request id, then
 * appends the outcome. A removal waits until no transaction is open, so nothing reaches the
 * backend after it; a transaction left open by a dead process is finished by maintenance.
 */
export class RelationshipTransactions {
  private readonly streams: StreamRepository<RelationshipState>;

  constructor(private readonly ctx: ServiceContext) {
    this.streams = relationshipStreams(ctx.repos);
  }

  /**
   * Refuses early when the relationship is not active, before checks that ask the backend (the
   * order's terms, the customer's agreement); `begin` decides again, atomically.
   */
  async requireActive(tenantId: string, reseller: { partnerId: string; name: string }): Promise<void> {
    const { state } = await this.streams.load(tenantId, reseller.partnerId);
    if (state.status !== 'active')
      throw new AppError('relationship_not_active', { resellerName: reseller.name });
  }

  /**
   * Starts a transaction with an active reseller, or answers the one this caller's same click
   * already started (a retry after a crash resumes it with the same request id and before value).
   */
  async begin(
    actor: Actor,
    reseller: { partnerId: string; name: string },
    key: string | undefined,
    start: TransactionStart,
  ) {
    return this.streams.execute<Begun>(actor.tenantId, reseller.partnerId, ({ state }) => {
      const resumed = Object.values(state.openTransactions ?? {}).find(
        (open) => key !== undefined && open.idempotencyKey === key && open.actorId === actor.agentId,
      );
      if (resumed) return { noChange: { open: resumed, resumed: true } };
      if (state.status !== 'active')
        throw new AppError('relationship_not_active', { resellerName: reseller.name });
      const intentId = randomUUID();
      return {
        append: {
          type: RELATIONSHIP_EVENTS.transactionStarted,
          at: this.ctx.clock.now(),
          actor: agentActor(actor),
          ...(key ? { idempotencyKey: key } : {}),
          ...(start.before ? { before: start.before } : {}),
          ...(start.after ? { after: start.after } : {}),
          data: { intentId, kind: start.kind, input: start.input },
        },
        answer: (_event, next) => ({
          open: next.openTransactions?.[intentId] as OpenTransaction,
          resumed: false,
        }),
      };
    });
  }

  /** Ends a transaction with its outcome (once: a second end of the same intent changes nothing). */
  async end(
    tenantId: string,
    partnerId: string,
    intentId: string,
    outcome: { ok: true } | { ok: false; code: string },
  ): Promise<void> {
    await this.streams.execute<void>(tenantId, partnerId, ({ state }) => {
      if (!state.openTransactions?.[intentId]) return { noChange: undefined };
      return {
        append: {
          type: outcome.ok ? RELATIONSHIP_EVENTS.transactionCompleted : RELATIONSHIP_EVENTS.transactionFailed,
          at: this.ctx.clock.now(),
          actor: { kind: 'system', id: 'system' },
          data: { intentId, ...(outcome.ok ? {} : { code: outcome.code }) },
        },
        answer: () => undefined,
      };
    });
  }

  /**
   * Runs `call` as the transaction `open`, ending it with its outcome. A refusal by the backend
   * ends it failed; a failure that may have reached the backend (network, database) leaves it
   * open for a retry with the same request id.
   */
  async run<R>(
    tenantId: string,
    partnerId: string,
    open: OpenTransaction,
    call: () => Promise<R>,
  ): Promise<R> {
    let result: R;
    try {
      result = await call();
    } catch (error) {
      if (isAppError(error) && error.code !== 'external_unavailable' && error.code !== 'external_throttled')
        await this.end(tenantId, partnerId, open.intentId, { ok: false, code: error.code });
      throw error;
    }
    await this.end(tenantId, partnerId, open.intentId, { ok: true });
    return result;
  }

  /** Refuses a removal while a transaction is open (see the class comment). */
  static refuseWhileOpen(state: RelationshipState): void {
    if (Object.keys(state.openTransactions ?? {}).length > 0)
      throw new AppError('transaction_in_progress', { resellerName: state.resellerName });
  }
}
