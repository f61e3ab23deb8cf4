import type { Collection, Db, Document, Filter } from 'mongodb';
import { isInsertConflict } from '../database.js';

/** A stream's folded state as stored: the state's own fields plus where in the stream it stands. */
export type Snapshot<State extends Document> = State & {
  _id: string;
  tenantId: string;
  streamId: string;
  seq: number;
};

/**
 * Read model of one stream type: one document per stream, the fold of its events up to `seq`.
 * It is a cache of the event log: losing or rebuilding it loses nothing.
 */
export class SnapshotStore<State extends Document> {
  readonly collection: Collection<Snapshot<State>>;

  constructor(db: Db, name: string) {
    this.collection = db.collection<Snapshot<State>>(name);
  }

  static id(tenantId: string, streamId: string): string {
    return `${tenantId}:${streamId}`;
  }

  async get(tenantId: string, streamId: string): Promise<Snapshot<State> | undefined> {
    const filter = { _id: SnapshotStore.id(tenantId, streamId) } as Filter<Snapshot<State>>;
    const found = await this.collection.findOne(filter);
    return (found as Snapshot<State> | null) ?? undefined;
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
    if (readSeq !== undefined) {
      await this.collection.replaceOne(filter, doc);
      return;
    }
    try {
      await this.collection.insertOne(doc as Parameters<Collection<Snapshot<State>>['insertOne']>[0]);
    } catch (error) {
      if (!isInsertConflict(error)) throw error;
      // Someone stored one meanwhile: keep the newer of the two.
      const stored = await this.get(tenantId, streamId);
      if (stored && stored.seq < seq) await this.collection.replaceOne(filter, doc);
    }
  }

  /** Removes every snapshot of a tenant (for a rebuild from the log). */
  async clear(tenantId: string): Promise<void> {
    await this.collection.deleteMany({ tenantId } as Filter<Snapshot<State>>);
  }
}
