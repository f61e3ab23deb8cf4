import type { Collection, Db } from 'mongodb';
import { isInsertConflict } from '../database.js';
import { VOID_EVENT, type StoredEvent } from '../events/event.js';
import type { EventStore } from '../events/event-store.js';
import { lastPosition, walkBack } from '../events/walk-back.js';

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

/** A feed entry whose event committed, with the event. */
export interface CommittedEntry extends FeedEntry {
  event: StoredEvent;
}

/** What one `readAfter` found: the committed entries, and how far a reader may move on. */
export interface FeedPage {
  entries: CommittedEntry[];
  /** The last position settled (committed or lost); the next read starts after it. */
  scannedTo: number;
}

interface FeedDocument extends FeedEntry {
  _id: string;
  /** The writer's wall-clock time, to tell a writer in flight from one that died. */
  writtenAt: Date;
}

const SEQ_WIDTH = 12;
/**
 * An entry whose event is still missing after this long belongs to a writer that died between
 * its two inserts; a reader then fills the event's position with a void event. A writer that is
 * only slow loses that race and retries: correctness never depends on the clocks.
 */
export const IN_FLIGHT_GRACE_MS = 10_000;
/** How recent an entry `settledHead` reads again, and how many entries back at most. */
const SETTLE_MS = 60_000;
const SETTLE_MAX_ENTRIES = 500;

/**
 * A provider's events in one order, numbered 1, 2, 3… by inserting unique `_id`s (the one atomic
 * write on every MongoDB-compatible store). Each entry is written *before* its event (see
 * `EventLog`), so no committed event can lack an entry; `readAfter` answers only the entries whose
 * event committed. Readers follow the feed by `_id` lookups from a checkpoint.
 */
export class TenantFeed {
  private readonly feed: Collection<FeedDocument>;
  /** Highest sequence known to exist per tenant (entries are never deleted). */
  private readonly heads = new Map<string, number>();
  /** Appends of one tenant wait for each other in this process, so they never collide here. */
  private readonly tails = new Map<string, Promise<unknown>>();
  /** Inserts that lost to another instance's entry (a measure of contention). */
  collisions = 0;
  /** Entries this process has written: a turn that moved it has something to tell the outbox. */
  appended = 0;
  /** The same, per tenant. */
  private readonly appendedByTenant = new Map<string, number>();
  private readonly appendListeners = new Set<(tenantId: string) => void>();

  constructor(
    db: Db,
    private readonly events: EventStore,
    private readonly wallClock: () => number = Date.now,
  ) {
    this.feed = db.collection<FeedDocument>('tenant_feed');
  }

  private static id(tenantId: string, seq: number): string {
    return `${tenantId}:${String(seq).padStart(SEQ_WIDTH, '0')}`;
  }

  /** Writes the next entry of the tenant's feed. */
  async append(entry: Omit<FeedEntry, 'seq'>): Promise<FeedEntry> {
    const previous = this.tails.get(entry.tenantId) ?? Promise.resolve();
    const mine = previous.catch(() => undefined).then(() => this.insertNext(entry));
    this.tails.set(entry.tenantId, mine);
    try {
      return await mine;
    } finally {
      if (this.tails.get(entry.tenantId) === mine) this.tails.delete(entry.tenantId);
    }
  }

  private async insertNext(entry: Omit<FeedEntry, 'seq'>): Promise<FeedEntry> {
    let seq = (this.heads.get(entry.tenantId) ?? (await this.head(entry.tenantId))) + 1;
    for (;;) {
      const doc: FeedDocument = {
        _id: TenantFeed.id(entry.tenantId, seq),
        ...entry,
        seq,
        writtenAt: new Date(this.wallClock()),
      };
      try {
        await this.feed.insertOne(doc);
        this.appended += 1;
        this.appendedByTenant.set(entry.tenantId, (this.appendedByTenant.get(entry.tenantId) ?? 0) + 1);
        this.heads.set(entry.tenantId, seq);
        for (const listener of this.appendListeners) listener(entry.tenantId);
        return { ...entry, seq };
      } catch (error) {
        if (!isInsertConflict(error)) throw error;
        // Another instance wrote there: move past everything it wrote.
        this.collisions += 1;
        seq = (await this.walk(entry.tenantId, seq)) + 1;
      }
    }
  }

  /** Entries this process has written to the tenant's feed. */
  appendedTo(tenantId: string): number {
    return this.appendedByTenant.get(tenantId) ?? 0;
  }

  /**
   * Calls `listener` (synchronously, so it must only schedule work) after each entry this process
   * writes; answers the function that stops it. Other instances' entries are not seen here.
   */
  onAppend(listener: (tenantId: string) => void): () => void {
    this.appendListeners.add(listener);
    return () => this.appendListeners.delete(listener);
  }

  private async exists(tenantId: string, seq: number): Promise<boolean> {
    return (
      (await this.feed.findOne({ _id: TenantFeed.id(tenantId, seq) }, { projection: { _id: 1 } })) !== null
    );
  }

  /** From a sequence that exists, the last one of the run that follows it. */
  private async walk(tenantId: string, from: number): Promise<number> {
    let seq = from;
    while (await this.exists(tenantId, seq + 1)) seq += 1;
    this.heads.set(tenantId, Math.max(seq, this.heads.get(tenantId) ?? 0));
    return seq;
  }

  /**
   * The highest sequence written for the tenant. Known heads walk forward (usually one probe);
   * the first call of a process gallops and then bisects.
   */
  async head(tenantId: string): Promise<number> {
    const known = this.heads.get(tenantId);
    if (known !== undefined) return this.walk(tenantId, known);
    const seq = await lastPosition((position) => this.exists(tenantId, position));
    this.heads.set(tenantId, Math.max(seq, this.heads.get(tenantId) ?? 0));
    return seq;
  }

  /**
   * The head less the entries written in the last `SETTLE_MS` (by their writers' clocks), at most
   * `SETTLE_MAX_ENTRIES` back: a reader that loads a read model by a scan and follows the feed
   * from here reads again every change whose writer may not have stored it yet when the scan ran
   * (a timing assumption: a writer slower than that, or a clock that far behind, can be missed
   * until the reader's next full load). Found by bisecting on the entries' times (~9 lookups).
   */
  async settledHead(tenantId: string): Promise<number> {
    const since = this.wallClock() - SETTLE_MS;
    const head = await this.head(tenantId);
    const writtenAt = async (seq: number) =>
      (
        await this.feed.findOne({ _id: TenantFeed.id(tenantId, seq) }, { projection: { writtenAt: 1 } })
      )?.writtenAt.getTime() ?? Infinity;
    // The lowest position written since `since`, in (low, high]: `high` is, `low` is not (or the cap).
    let low = Math.max(0, head - SETTLE_MAX_ENTRIES);
    let high = head + 1;
    while (high - low > 1) {
      const middle = Math.floor((low + high) / 2);
      if ((await writtenAt(middle)) >= since) high = middle;
      else low = middle;
    }
    return high - 1;
  }

  /**
   * Committed entries before `beforeSeq` (from the head when absent, or past it), newest first:
   * the audit trail of a provider in the order its changes were written, and the position to
   * continue before. Lost entries are left out, and so are entries whose event is not there
   * (yet): a writer in flight shows at the next read, and one that died is voided by the
   * followers. An event of an older version, written before events carried their feed number,
   * counts for the entry that names it. Primary-key lookups only, sent in batches.
   */
  async readBefore(
    tenantId: string,
    beforeSeq: number | undefined,
    limit: number,
  ): Promise<{ entries: CommittedEntry[]; next?: number }> {
    const head = await this.head(tenantId);
    const from = beforeSeq === undefined ? head : Math.min(beforeSeq - 1, head);
    const walked = await walkBack(from, limit, async (seq) => {
      const doc = await this.feed.findOne({ _id: TenantFeed.id(tenantId, seq) });
      const event = doc ? await this.events.get(doc.eventId) : undefined;
      if (!doc || !event || event.type === VOID_EVENT) return undefined;
      if (event.feedSeq !== doc.seq && event.feedSeq !== undefined) return undefined;
      const { _id: _ignored, writtenAt: _written, ...entry } = doc;
      return { ...entry, event };
    });
    return { entries: walked.found.map(({ value }) => value), ...(walked.next ? { next: walked.next } : {}) };
  }

  /**
   * Committed entries after `afterSeq`, in order, looking at `limit` positions at most. An entry
   * whose event lost its race (or was voided) is skipped: the winner has an entry of its own. It
   * stops before an entry whose writer is still in flight, so a reader never moves past an event
   * it has not seen. `scannedTo` is the last position looked at that a reader may move past (the
   * last entry answered, or a lost one after it): a reader continues from there, so a run of lost
   * entries is read once, not on every catch-up. Equal to `afterSeq` when nothing new is settled.
   */
  async readAfter(tenantId: string, afterSeq: number, limit = 1000): Promise<FeedPage> {
    const entries: CommittedEntry[] = [];
    let scannedTo = afterSeq;
    for (let seq = afterSeq + 1; seq <= afterSeq + limit; seq++) {
      const doc = await this.feed.findOne({ _id: TenantFeed.id(tenantId, seq) });
      if (!doc) break;
      const event = await this.committedEvent(doc);
      if (event === 'in_flight') break;
      scannedTo = seq;
      if (event === 'lost') continue;
      const { _id: _ignored, writtenAt: _written, ...entry } = doc;
      entries.push({ ...entry, event });
    }
    return { entries, scannedTo };
  }

  private async committedEvent(doc: FeedDocument): Promise<StoredEvent | 'lost' | 'in_flight'> {
    let event = await this.events.get(doc.eventId);
    if (!event) {
      if (this.wallClock() - doc.writtenAt.getTime() < IN_FLIGHT_GRACE_MS) return 'in_flight';
      await this.events.fillVoid(doc, new Date(this.wallClock()));
      event = await this.events.get(doc.eventId);
      if (!event) return 'in_flight';
    }
    return event.feedSeq === doc.seq ? event : 'lost';
  }
}
