import type { Collection, Db } from 'mongodb';
import { isInsertConflict } from '../database.js';

interface IdempotencyRecord {
  _id: string;
  tenantId: string;
  key: string;
  operation: string;
  actorId: string;
  status: 'started' | 'completed';
  startedAt: Date;
  completedAt?: Date;
  result?: unknown;
}

export type ClaimOutcome =
  | { claimed: true }
  | { claimed: false; status: 'completed'; operation: string; result: unknown; completedAt: Date }
  | { claimed: false; status: 'started'; operation: string; startedAt: Date };

/** Idempotency keys: the first caller of a key claims it by insert; later callers read its result. */
export class IdempotencyStore {
  private readonly records: Collection<IdempotencyRecord>;
  private readonly scanned: Collection<IdempotencyRecord>;

  constructor(db: Db, scanDb: Db = db) {
    this.records = db.collection<IdempotencyRecord>('idempotency_keys');
    this.scanned = scanDb.collection<IdempotencyRecord>('idempotency_keys');
  }

  private static id(tenantId: string, key: string): string {
    return `${tenantId}:${key}`;
  }

  async claim(
    tenantId: string,
    key: string,
    operation: string,
    actorId: string,
    now: Date,
  ): Promise<ClaimOutcome> {
    const _id = IdempotencyStore.id(tenantId, key);
    try {
      await this.records.insertOne({
        _id,
        tenantId,
        key,
        operation,
        actorId,
        status: 'started',
        startedAt: now,
      });
      return { claimed: true };
    } catch (error) {
      if (!isInsertConflict(error)) throw error;
    }
    const existing = await this.records.findOne({ _id });
    if (!existing) return this.claim(tenantId, key, operation, actorId, now);
    return existing.status === 'completed'
      ? {
          claimed: false,
          status: 'completed',
          operation: existing.operation,
          result: existing.result,
          completedAt: existing.completedAt ?? existing.startedAt,
        }
      : { claimed: false, status: 'started', operation: existing.operation, startedAt: existing.startedAt };
  }

  async complete(tenantId: string, key: string, result: unknown, now: Date): Promise<void> {
    await this.records.updateOne(
      { _id: IdempotencyStore.id(tenantId, key) },
      { $set: { status: 'completed', result, completedAt: now } },
    );
  }

  /**
   * Forgets a completed key (it has aged out), unless someone completed it again meanwhile.
   * Answers whether it removed it.
   */
  async forget(tenantId: string, key: string, completedAt: Date): Promise<boolean> {
    // Single-key reads and writes only: FerretDB scans for any compound filter.
    const _id = IdempotencyStore.id(tenantId, key);
    const current = await this.records.findOne({ _id });
    if (current?.status !== 'completed' || current.completedAt?.getTime() !== completedAt.getTime())
      return false;
    return (await this.records.deleteOne({ _id })).deletedCount > 0;
  }

  /**
   * Gives the key back (the operation was refused or failed, so nothing changed); with
   * `startedAt`, only the claim started then. Answers whether it removed it.
   */
  async release(tenantId: string, key: string, startedAt?: Date): Promise<boolean> {
    const _id = IdempotencyStore.id(tenantId, key);
    if (startedAt) {
      const current = await this.records.findOne({ _id });
      if (current?.status !== 'started' || current.startedAt.getTime() !== startedAt.getTime()) return false;
    }
    return (await this.records.deleteOne({ _id })).deletedCount > 0;
  }

  /**
   * Keys a sweep frees, at most `limit`: claims still `started` since before `startedBefore`
   * (their callers died) and results completed before `completedBefore` (past the replay
   * window). One scan of the keys, on the scan pool (its longer deadline), off every turn.
   */
  async sweepable(startedBefore: Date, completedBefore: Date, limit: number): Promise<SweepableKey[]> {
    const found = await this.scanned
      .find(
        {
          $or: [
            { status: 'started', startedAt: { $lt: startedBefore } },
            { status: 'completed', completedAt: { $lt: completedBefore } },
          ],
        },
        { projection: { tenantId: 1, key: 1, status: 1, startedAt: 1, completedAt: 1 } },
      )
      .limit(limit)
      .toArray();
    return found.map(({ tenantId, key, status, startedAt, completedAt }) =>
      status === 'completed'
        ? { tenantId, key, status, completedAt: completedAt ?? startedAt }
        : { tenantId, key, status, startedAt },
    );
  }
}

/** A key the sweep frees (see `IdempotencyStore.sweepable`). */
export type SweepableKey =
  | { tenantId: string; key: string; status: 'started'; startedAt: Date }
  | { tenantId: string; key: string; status: 'completed'; completedAt: Date };
