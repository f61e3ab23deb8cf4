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

/**
 * Read model of one stream type: one document per stream, the fold of its events up to `seq`.
 * It is a cache of the event log: losing or rebuilding it loses nothing.
 *
 * The snapshots this process read or stored last are kept in memory, so loading a stream costs
 * one command (the look for events past the snapshot) instead of two. A kept snapshot may be
 * older than the stored one (another instance wrote since): that is as correct as a stored one,
 * because every load folds the events past whatever snapshot it starts from, and it only costs
 * reading those events. They are kept as BSON, so a caller gets what the database would answer
 * and can change nothing that is kept.
 */
export class SnapshotStore<State extends Document> {
  readonly collection: Collection<Snapshot<State>>;
  /** As the database would answer them (BSON, fields left undefined dropped as the client does). */
  private readonly kept: BoundedMap<string, Uint8Array>;

  constructor(db: Db, name: string, maxKept: number = SNAPSHOT_CACHE_ENTRIES) {
    this.kept = new BoundedMap(maxKept);
    this.collection = db.collection<Snapshot<State>>(name);
  }

  /** Snapshots held in memory (what the bound counts). */
  get keptCount(): number {
    return this.kept.size;
  }

  private keep(doc: Snapshot<State>): void {
    this.kept.set(doc._id, BSON.serialize(doc, { ignoreUndefined: true }));
  }

  private async read(_id: string): Promise<Snapshot<State> | undefined> {
    const found = await this.collection.findOne({ _id } as Filter<Snapshot<State>>);
    return (found as Snapshot<State> | null) ?? undefined;
  }

  static id(tenantId: string, streamId: string): string {
    return `${tenantId}:${streamId}`;
  }

  /** The snapshot kept in memory, if any (no command: it may be behind the stream's events). */
  inMemory(tenantId: string, streamId: string): Snapshot<State> | undefined {
    const kept = this.kept.use(SnapshotStore.id(tenantId, streamId));
    return kept ? (BSON.deserialize(kept) as Snapshot<State>) : undefined;
  }

  /** `fresh`: the stored snapshot, not the one kept (the projector repairs what is stored). */
  async get(
    tenantId: string,
    streamId: string,
    options: { fresh?: boolean } = {},
  ): Promise<Snapshot<State> | undefined> {
    const _id = SnapshotStore.id(tenantId, streamId);
    const kept = options.fresh ? undefined : this.kept.use(_id);
    if (kept) {
      return BSON.deserialize(kept) as Snapshot<State>;
    }
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
