import { AsyncLocalStorage } from 'node:async_hooks';
import type { Document } from 'mongodb';
import { VOID_EVENT, type NewEvent, type StoredEvent } from '../data/events/event.js';
import type { SnapshotStore } from '../data/read-models/snapshot-store.js';
import type { Repositories } from '../data/repositories.js';
import { AppError } from './errors.js';

/** How the events of one stream type fold into its state. */
export interface StreamDefinition<State extends Document> {
  type: string;
  initial(tenantId: string, streamId: string): State;
  apply(state: State, event: StoredEvent): State;
}

export interface Loaded<State> {
  state: State;
  seq: number;
  /** The sequence of the stored snapshot this was folded from (undefined: none stored). */
  snapshotSeq?: number;
}

/** What a decision wants: append this event (then answer), or answer without a change. */
export type Decision<R, State> =
  { append: Omit<NewEvent, 'tenantId'>; answer: (event: StoredEvent, state: State) => R } | { noChange: R };

const MAX_ATTEMPTS = 20;

/**
 * Writers of one stream in one process (one set of repositories) take turns: each waits for the
 * one before it, so they never race each other's insert and only another instance's writer can
 * make an append lose (32 agents assigning the same reseller at once otherwise lost up to 31
 * rounds each, and ran out of attempts). A write that writes the same stream again inside its
 * own decision goes on without waiting for itself.
 */
const tails = new WeakMap<object, Map<string, Promise<unknown>>>();
const holding = new AsyncLocalStorage<ReadonlySet<string>>();

async function inTurn<R>(space: object, key: string, run: () => Promise<R>): Promise<R> {
  const held = holding.getStore();
  if (held?.has(key)) return run();
  let streams = tails.get(space);
  if (!streams) tails.set(space, (streams = new Map()));
  const queue = streams;
  const mine = (queue.get(key) ?? Promise.resolve())
    .catch(() => undefined)
    .then(() => holding.run(new Set([...(held ?? []), key]), run));
  queue.set(key, mine);
  try {
    return await mine;
  } finally {
    if (queue.get(key) === mine) queue.delete(key);
  }
}

/**
 * A document kept from a stream's state beside its read model (the relationships due for the
 * sweeps). It is written before the snapshot, and only when `key` changes: a crash between the
 * event and the snapshot leaves the snapshot behind, so the next load folds the event again and
 * writes both.
 */
export interface Derived<State> {
  key(state: State): string;
  write(tenantId: string, streamId: string, state: State): Promise<void>;
  /** Removes the tenant's documents (before a rebuild writes them again). */
  clear(tenantId: string): Promise<void>;
}

/**
 * Loads a stream's state (read model plus any events it has not folded yet) and appends the
 * next event. When another writer appends first, the decision is taken again on the new state,
 * so the loser of a race answers from the winner's outcome.
 */
export class StreamRepository<State extends Document> {
  private readonly snapshots: SnapshotStore<State>;

  constructor(
    private readonly repos: Pick<Repositories, 'events' | 'log' | 'snapshots'>,
    snapshotCollection: string,
    private readonly definition: StreamDefinition<State>,
    private readonly derived?: Derived<State>,
  ) {
    this.snapshots = repos.snapshots<State>(snapshotCollection);
  }

  /** Stores the state at `seq` (the derived document first, when it changed from `before`). */
  private async store(
    tenantId: string,
    streamId: string,
    seq: number,
    state: State,
    before: State,
    readSeq: number | undefined,
  ): Promise<void> {
    const derived = this.derived;
    if (derived && derived.key(state) !== derived.key(before)) await derived.write(tenantId, streamId, state);
    await this.snapshots.save(tenantId, streamId, seq, state, readSeq);
  }

  /** The stream's current state; stores the read model again when it was behind the events. */
  async load(tenantId: string, streamId: string): Promise<Loaded<State>> {
    const snapshot = await this.snapshots.get(tenantId, streamId);
    let seq = snapshot?.seq ?? 0;
    const stored: State = snapshot ? stripSnapshot(snapshot) : this.definition.initial(tenantId, streamId);
    let state = stored;
    const newer = await this.repos.events.readAfter(tenantId, this.definition.type, streamId, seq);
    for (const event of newer) {
      if (event.type !== VOID_EVENT) state = this.definition.apply(state, event);
      seq = event.seq;
    }
    if (newer.length === 0) return { state, seq, ...(snapshot ? { snapshotSeq: snapshot.seq } : {}) };
    await this.store(tenantId, streamId, seq, state, stored, snapshot?.seq);
    return { state, seq, snapshotSeq: seq };
  }

  /** Drops the tenant's read model of this stream type and folds it again from the events. */
  async rebuild(tenantId: string): Promise<number> {
    await this.snapshots.clear(tenantId);
    await this.derived?.clear(tenantId);
    const streamIds = await this.repos.events.streamIds(tenantId, this.definition.type);
    for (const streamId of streamIds) await this.load(tenantId, streamId);
    return streamIds.length;
  }

  async execute<R>(
    tenantId: string,
    streamId: string,
    decide: (current: Loaded<State>) => Decision<R, State> | Promise<Decision<R, State>>,
  ): Promise<R> {
    const key = `${tenantId}\n${this.definition.type}\n${streamId}`;
    return inTurn(this.repos.log, key, () => this.decideAndAppend(tenantId, streamId, decide));
  }

  private async decideAndAppend<R>(
    tenantId: string,
    streamId: string,
    decide: (current: Loaded<State>) => Decision<R, State> | Promise<Decision<R, State>>,
  ): Promise<R> {
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      const current = await this.load(tenantId, streamId);
      const decision = await decide(current);
      if ('noChange' in decision) return decision.noChange;
      const result = await this.repos.log.commit(this.definition.type, streamId, current.seq + 1, {
        ...decision.append,
        tenantId,
      });
      if (!result.appended) continue;
      const state = this.definition.apply(current.state, result.event);
      await this.store(tenantId, streamId, result.event.seq, state, current.state, current.snapshotSeq);
      return decision.answer(result.event, state);
    }
    throw new AppError('concurrent_change');
  }
}

function stripSnapshot<State extends Document>(snapshot: State & { _id: string; seq: number }): State {
  const { _id: _ignoredId, seq: _ignoredSeq, ...state } = snapshot;
  return state as unknown as State;
}
