import { BSON, type Collection, type Db, type Document, type Filter } from 'mongodb';
import { isInsertConflict } from '../database.js';
import { BoundedMap } from '../bounded-map.js';

/** A stream's folded state as stored: the state's own fields plus where in the stream it stands. */
export type Snapshot<State extends Document> = State & {
  _id: string;
  tenantId: string;
  streamId: string;
  seq: number;
};

/** Snapshots kept in memory per collection (the least recently used leave first). */
export const SNAPSHOT_CACHE_ENTRIES = 5_000;
/** How long a stream whose decision from the kept snapshot lost is decided from loads. */
export const CONTENDED_MS = 60_000;
const MAX_CONTENDED = 1_000;

/**
 * Read model of one stream type: one document per stream, the fold of its events up to `seq`.
 * It is a cache of the event log: losing or rebuilding it loses nothing.
 *
 * The snapshots this process read or stored last are kept in memory, so loading a stream costs
 * one command (the look for events past the snapshot) instead of two, and a write's first
 * decision none (`forDecision`). A kept snapshot may be older than the events (another instance
 * wrote since, or a store failed): that is as correct as a stored one, because every load folds
 * the events past whatever snapshot it starts from, and a decision taken on it loses its insert.
 * A kept copy is never replaced by an older one (a stored snapshot another instance set back).
 * They are kept as BSON, so a caller gets what the database would answer and can change nothing
 * that is kept.
 */
export class SnapshotStore<State extends Document> {
  readonly collection: Collection<Snapshot<State>>;
  /** As the database would answer them (BSON, fields left undefined dropped as the client does). */
  private readonly kept: BoundedMap<string, { bson: Uint8Array; seq: number }>;
  /** Streams a decision from the kept snapshot lost its insert on lately, and when. */
  private readonly contended = new BoundedMap<string, number>(MAX_CONTENDED);

  constructor(
    db: Db,
    name: string,
    maxKept: number = SNAPSHOT_CACHE_ENTRIES,
    private readonly now: () => number = Date.now,
  ) {
    this.kept = new BoundedMap(maxKept);
    this.collection = db.collection<Snapshot<State>>(name);
  }

  /** Snapshots held in memory (what the bound counts). */
  get keptCount(): number {
    return this.kept.size;
  }

  private keep(doc: Snapshot<State>): void {
    const kept = this.kept.get(doc._id);
    if (kept && kept.seq > doc.seq) return;
    this.kept.set(doc._id, { bson: BSON.serialize(doc, { ignoreUndefined: true }), seq: doc.seq });
  }

  private use(_id: string): Snapshot<State> | undefined {
    const kept = this.kept.use(_id);
    return kept ? (BSON.deserialize(kept.bson) as Snapshot<State>) : undefined;
  }

  private async read(_id: string): Promise<Snapshot<State> | undefined> {
    const found = await this.collection.findOne({ _id } as Filter<Snapshot<State>>);
    return (found as Snapshot<State> | null) ?? undefined;
  }

  static id(tenantId: string, streamId: string): string {
    return `${tenantId}:${streamId}`;
  }

  /**
   * The kept snapshot a write may take its first decision from (no command: it may be behind the
   * stream's events), unless such a decision lost its insert on this stream lately: another
   * instance writes it too, and each loss would leave a lost feed entry.
   */
  forDecision(tenantId: string, streamId: string): Snapshot<State> | undefined {
    const _id = SnapshotStore.id(tenantId, streamId);
    const lost = this.contended.get(_id);
    if (lost !== undefined) {
      if (this.now() - lost < CONTENDED_MS) return undefined;
      this.contended.delete(_id);
    }
    return this.use(_id);
  }

  /** A decision from the kept snapshot lost its insert: decide from loads for a while. */
  lostDecision(tenantId: string, streamId: string): void {
    this.contended.set(SnapshotStore.id(tenantId, streamId), this.now());
  }

  /** `fresh`: the stored snapshot, not the one kept (the projector repairs what is stored). */
  async get(
    tenantId: string,
    streamId: string,
    options: { fresh?: boolean } = {},
  ): Promise<Snapshot<State> | undefined> {
    const _id = SnapshotStore.id(tenantId, streamId);
    const kept = options.fresh ? undefined : this.use(_id);
    if (kept) return kept;
    const found = await this.read(_id);
    if (found) this.keep(found);
    return found;
  }

  /**
   * Stores the state at `seq`, over the snapshot the caller read at `readSeq` (undefined: none).
   * A single-key write (FerretDB pushes down nothing else). Two writers racing may leave the
   * older of their two states stored: the snapshot is a cache, every load folds the events past
   * it, and the next load or the projector stores the newer state again.
   */
  async save(tenantId: string, streamId: string, seq: number, state: State, readSeq?: number): Promise<void> {
    if (readSeq !== undefined && readSeq >= seq) return;
    const _id = SnapshotStore.id(tenantId, streamId);
    const doc = { ...state, _id, tenantId, streamId, seq } as Snapshot<State>;
    const filter = { _id } as Filter<Snapshot<State>>;
    // Over the snapshot read (unless it was removed meanwhile, by a rebuild: then stored anew).
    if (readSeq !== undefined && (await this.collection.replaceOne(filter, doc)).matchedCount > 0) {
      this.keep(doc);
      return;
    }
    try {
      await this.collection.insertOne(doc as Parameters<Collection<Snapshot<State>>['insertOne']>[0]);
      this.keep(doc);
    } catch (error) {
      if (!isInsertConflict(error)) throw error;
      // Someone stored one meanwhile: keep the newer of the two.
      const stored = await this.read(_id);
      if (stored && stored.seq < seq) {
        await this.collection.replaceOne(filter, doc);
        this.keep(doc);
      } else if (stored) this.keep(stored);
    }
  }

  /** Removes every snapshot of a tenant (for a rebuild from the log). */
  async clear(tenantId: string): Promise<void> {
    for (const _id of this.kept.keys()) if (_id.startsWith(`${tenantId}:`)) this.kept.delete(_id);
    await this.collection.deleteMany({ tenantId } as Filter<Snapshot<State>>);
  }
}
