import type { Collection, Db } from 'mongodb';
import { putById } from '../database.js';

interface CheckpointDocument {
  _id: string;
  seq: number;
  updatedAt: Date;
}

/**
 * How far a feed follower (projector, dispatcher) has read a provider's feed. Single-key writes;
 * two instances may race and store an older position, which only makes a follower read some
 * entries again: every follower is idempotent.
 */
export class CheckpointStore {
  private readonly checkpoints: Collection<CheckpointDocument>;

  constructor(db: Db) {
    this.checkpoints = db.collection<CheckpointDocument>('feed_checkpoints');
  }

  private static id(follower: string, tenantId: string): string {
    return `${follower}:${tenantId}`;
  }

  async get(follower: string, tenantId: string): Promise<number> {
    return (await this.checkpoints.findOne({ _id: CheckpointStore.id(follower, tenantId) }))?.seq ?? 0;
  }

  async save(follower: string, tenantId: string, seq: number, now: Date): Promise<void> {
    await putById(this.checkpoints, CheckpointStore.id(follower, tenantId), { seq, updatedAt: now });
  }
}
