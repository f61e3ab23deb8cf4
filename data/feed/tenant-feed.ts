import type { Collection, Db } from 'mongodb';
import { isInsertConflict } from '../database.js';

/** One entry of a provider's feed: "this event was appended", in a per-tenant total order. */
export interface FeedEntry {
  tenantId: string;
  seq: number;
  eventId: string;
  stream: string;
  streamType: string;
  type: string;
  at: Date;
}

interface FeedDocument extends FeedEntry {
  _id: string;
}

const SEQ_WIDTH = 12;

/**
 * A provider's events in one order, numbered 1, 2, 3… by inserting unique `_id`s (the one atomic
 * write on every MongoDB-compatible store). Readers follow it by `_id` lookups from a checkpoint,
 * which every store answers from its primary key, FerretDB included.
 */
export class TenantFeed {
  private readonly feed: Collection<FeedDocument>;
  /** Last sequence this process saw per tenant: a hint, never trusted without a probe. */
  private readonly heads = new Map<string, number>();

  constructor(db: Db) {
    this.feed = db.collection<FeedDocument>('tenant_feed');
  }

  private static id(tenantId: string, seq: number): string {
    return `${tenantId}:${String(seq).padStart(SEQ_WIDTH, '0')}`;
  }

  async append(entry: Omit<FeedEntry, 'seq'>): Promise<FeedEntry> {
    let seq = (this.heads.get(entry.tenantId) ?? (await this.head(entry.tenantId))) + 1;
    for (;;) {
      const doc: FeedDocument = { _id: TenantFeed.id(entry.tenantId, seq), ...entry, seq };
      try {
        await this.feed.insertOne(doc);
        this.heads.set(entry.tenantId, seq);
        const { _id: _ignored, ...stored } = doc;
        return stored;
      } catch (error) {
        if (!isInsertConflict(error)) throw error;
        seq += 1;
      }
    }
  }

  /** Entries after `afterSeq`, in order, at most `limit`. */
  async readAfter(tenantId: string, afterSeq: number, limit = 1000): Promise<FeedEntry[]> {
    const entries: FeedEntry[] = [];
    for (let seq = afterSeq + 1; entries.length < limit; seq++) {
      const doc = await this.feed.findOne({ _id: TenantFeed.id(tenantId, seq) });
      if (!doc) break;
      const { _id: _ignored, ...entry } = doc;
      entries.push(entry);
    }
    return entries;
  }

  /** The highest sequence written for the tenant: an exponential probe, then a binary search. */
  async head(tenantId: string): Promise<number> {
    const exists = async (seq: number) =>
      (await this.feed.findOne({ _id: TenantFeed.id(tenantId, seq) }, { projection: { _id: 1 } })) !== null;
    let low = this.heads.get(tenantId) ?? 0;
    if (low > 0 && !(await exists(low))) low = 0;
    let high = Math.max(1, low * 2);
    while (await exists(high)) {
      low = high;
      high *= 2;
    }
    while (high - low > 1) {
      const middle = Math.floor((low + high) / 2);
      if (await exists(middle)) low = middle;
      else high = middle;
    }
    this.heads.set(tenantId, low);
    return low;
  }
}
