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

  /** Stores the state at `seq` unless a newer one is already stored. */
  async save(tenantId: string, streamId: string, seq: number, state: State): Promise<void> {
    const _id = SnapshotStore.id(tenantId, streamId);
    const doc = { ...state, _id, tenantId, streamId, seq } as Snapshot<State>;
    const filter = { _id, seq: { $lt: seq } } as Filter<Snapshot<State>>;
    const replaced = await this.collection.replaceOne(filter, doc);
    if (replaced.matchedCount > 0) return;
    try {
      await this.collection.insertOne(doc as Parameters<Collection<Snapshot<State>>['insertOne']>[0]);
    } catch (error) {
      // Present already at the same or a newer sequence: nothing to do.
      if (!isInsertConflict(error)) throw error;
    }
  }

  /** Removes every snapshot of a tenant (for a rebuild from the log). */
  async clear(tenantId: string): Promise<void> {
    await this.collection.deleteMany({ tenantId } as Filter<Snapshot<State>>);
  }
}
