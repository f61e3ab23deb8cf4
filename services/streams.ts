import type { Document } from 'mongodb';
import { VOID_EVENT, type NewEvent, type StoredEvent } from '../data/events/event.js';
import type { SnapshotStore } from '../data/read-models/snapshot-store.js';
import type { Repositories } from '../data/repositories.js';
import { AppError } from './errors.js';
import { holds, inTurn } from './stream-turns.js';

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

  private turnKey(tenantId: string, streamId: string): string {
    return `${tenantId}\n${this.definition.type}\n${streamId}`;
  }

  /**
   * Folds the events past the snapshot (the one kept in memory; `fresh`: the stored one; none
   * with `fromEvents`: every event from the first).
   */
  private async fold(
    tenantId: string,
    streamId: string,
    options: { fresh?: boolean; fromEvents?: boolean },
  ): Promise<Folded<State>> {
    const snapshot = options.fromEvents
      ? undefined
      : await this.snapshots.get(tenantId, streamId, { fresh: options.fresh ?? false });
    let seq = snapshot?.seq ?? 0;
    const before: State = snapshot ? stripSnapshot(snapshot) : this.definition.initial(tenantId, streamId);
    let state = before;
    const newer = await this.repos.events.readAfter(tenantId, this.definition.type, streamId, seq);
    for (const event of newer) {
      if (event.type !== VOID_EVENT) state = this.definition.apply(state, event);
      seq = event.seq;
    }
    return {
      state,
      seq,
      before,
      behind: newer.length > 0,
      ...(snapshot ? { snapshotSeq: snapshot.seq } : {}),
    };
  }

  /**
   * The stream's current state; stores the read model again when it was behind the events.
   * That store happens in the stream's turn, from a fold taken in it, so this process never
   * stores an older state (or derived document) after a writer stored a newer one. `fresh`
   * starts from the stored snapshot, not the one kept in memory (the projector repairs a stored
   * snapshot another instance set back).
   */
  async load(tenantId: string, streamId: string, options: { fresh?: boolean } = {}): Promise<Loaded<State>> {
    const first = await this.fold(tenantId, streamId, options);
    if (!first.behind) return loadedOf(first);
    const key = this.turnKey(tenantId, streamId);
    const held = holds(key);
    return inTurn(this.repos.log, key, async () => {
      const folded = held ? first : await this.fold(tenantId, streamId, options);
      if (!folded.behind) return loadedOf(folded);
      await this.store(tenantId, streamId, folded.seq, folded.state, folded.before, folded.snapshotSeq);
      return { state: folded.state, seq: folded.seq, snapshotSeq: folded.seq };
    });
  }

  /**
   * Drops the tenant's read model of this stream type and folds it again from the events. Each
   * stream is folded from its events alone and stored whole, derived document included: a writer
   * may store its snapshot between the clear and the fold, and it writes no derived document
   * when its own change left that unchanged.
   */
  async rebuild(tenantId: string): Promise<number> {
    await this.snapshots.clear(tenantId);
    await this.derived?.clear(tenantId);
    const streamIds = await this.repos.events.streamIds(tenantId, this.definition.type);
    for (const streamId of streamIds)
      await inTurn(this.repos.log, this.turnKey(tenantId, streamId), async () => {
        const { state, seq } = await this.fold(tenantId, streamId, { fromEvents: true });
        await this.derived?.write(tenantId, streamId, state);
        await this.snapshots.save(tenantId, streamId, seq, state);
      });
    return streamIds.length;
  }

  /**
   * Loads the stream in its turn (from the stored snapshot) and writes its derived document
   * again unless `current` says the stored one matches the state: what a sweep does with a
   * derived document that turned out stale or missing (a crash, another instance's late write).
   */
  async repairDerived(
    tenantId: string,
    streamId: string,
    current: (state: State) => boolean,
  ): Promise<{ loaded: Loaded<State>; repaired: boolean }> {
    return inTurn(this.repos.log, this.turnKey(tenantId, streamId), async () => {
      const loaded = await this.load(tenantId, streamId, { fresh: true });
      if (!this.derived || current(loaded.state)) return { loaded, repaired: false };
      await this.derived.write(tenantId, streamId, loaded.state);
      return { loaded, repaired: true };
    });
  }

  /** The state of the snapshot kept in memory (no command), as a load from it would start. */
  private keptState(tenantId: string, streamId: string): Loaded<State> | undefined {
    const snapshot = this.snapshots.forDecision(tenantId, streamId);
    if (!snapshot) return undefined;
    return { state: stripSnapshot(snapshot), seq: snapshot.seq, snapshotSeq: snapshot.seq };
  }

  /**
   * Decides on the stream's state and appends the decision's event. `fromLoad`: for a decision
   * that reads the database or a backend itself, which a decision from the kept snapshot would
   * make it read twice whenever it refuses or changes nothing.
   */
  async execute<R>(
    tenantId: string,
    streamId: string,
    decide: (current: Loaded<State>) => Decision<R, State> | Promise<Decision<R, State>>,
    options: { fromLoad?: boolean } = {},
  ): Promise<R> {
    return inTurn(this.repos.log, this.turnKey(tenantId, streamId), () =>
      this.decideAndAppend(tenantId, streamId, decide, options.fromLoad === true),
    );
  }

  /**
   * The first decision starts from the snapshot this process keeps in memory, without looking
   * for events past it (one round trip less per write). That is safe because only the stream's
   * next sequence can be appended: a decision taken on a state behind the events loses its
   * insert (its feed entry is then read as lost) and is taken again from a load, and the stream
   * is decided from loads for a minute (`SnapshotStore.forDecision`). A refusal or a "no change"
   * is only ever answered from a load, never from the kept state alone.
   */
  private async decideAndAppend<R>(
    tenantId: string,
    streamId: string,
    decide: (current: Loaded<State>) => Decision<R, State> | Promise<Decision<R, State>>,
    fromLoad: boolean,
  ): Promise<R> {
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      const kept = attempt === 0 && !fromLoad ? this.keptState(tenantId, streamId) : undefined;
      const current = kept ?? (await this.load(tenantId, streamId));
      let decision: Decision<R, State>;
      try {
        decision = await decide(current);
      } catch (error) {
        if (kept) continue;
        throw error;
      }
      if ('noChange' in decision) {
        if (kept) continue;
        return decision.noChange;
      }
      const result = await this.repos.log.commit(this.definition.type, streamId, current.seq + 1, {
        ...decision.append,
        tenantId,
      });
      if (!result.appended) {
        if (kept) this.snapshots.lostDecision(tenantId, streamId);
        continue;
      }
      const state = this.definition.apply(current.state, result.event);
      await this.store(tenantId, streamId, result.event.seq, state, current.state, current.snapshotSeq);
      return decision.answer(result.event, state);
    }
    throw new AppError('concurrent_change');
  }
}

interface Folded<State> extends Loaded<State> {
  /** The state the fold started from (the snapshot's, or the initial one). */
  before: State;
  /** Whether there were events past the snapshot (it is behind them). */
  behind: boolean;
}

function loadedOf<State>({ state, seq, snapshotSeq }: Folded<State>): Loaded<State> {
  return { state, seq, ...(snapshotSeq !== undefined ? { snapshotSeq } : {}) };
}

function stripSnapshot<State extends Document>(snapshot: State & { _id: string; seq: number }): State {
  const { _id: _ignoredId, seq: _ignoredSeq, ...state } = snapshot;
  return state as unknown as State;
}
