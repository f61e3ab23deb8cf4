import type { Collection, Db } from 'mongodb';
import { isInsertConflict } from '../database.js';
import { eventId, streamKey, VOID_EVENT, type NewEvent, type StoredEvent } from './event.js';
import { lastPosition, walkBack } from './walk-back.js';

export type AppendResult = { appended: true; event: StoredEvent } | { appended: false };

/**
 * The append-only event log. Appending sequence n of a stream succeeds for exactly one writer,
 * on MongoDB and on FerretDB alike, because `_id` is unique. Writers go through `EventLog`, which
 * writes the tenant-feed entry first.
 */
export class EventStore {
  private readonly events: Collection<StoredEvent>;
  /** The same collection through the scan pool (longer deadline), for the queries that scan. */
  private readonly scanned: Collection<StoredEvent>;

  constructor(db: Db, scanDb: Db = db) {
    this.events = db.collection<StoredEvent>('events');
    this.scanned = scanDb.collection<StoredEvent>('events');
  }

  /** Appends the event as sequence `seq` of the stream, or reports that another writer had it. */
  async append(
    streamType: string,
    streamId: string,
    seq: number,
    event: NewEvent,
    feedSeq?: number,
  ): Promise<AppendResult> {
    const stream = streamKey(streamType, streamId);
    const stored: StoredEvent = {
      _id: eventId(event.tenantId, stream, seq),
      stream,
      streamType,
      seq,
      ...event,
      ...(feedSeq !== undefined ? { feedSeq } : {}),
    };
    try {
      await this.events.insertOne(stored);
      return { appended: true, event: stored };
    } catch (error) {
      if (isInsertConflict(error)) return { appended: false };
      throw error;
    }
  }

  /** One event by id (a primary-key lookup). */
  async get(id: string): Promise<StoredEvent | undefined> {
    return (await this.events.findOne({ _id: id })) ?? undefined;
  }

  /**
   * Fills a stream position with a void event, unless its writer's event is there first (then
   * that one stands: exactly one of the two inserts wins).
   */
  async fillVoid(entry: { eventId: string; tenantId: string; stream: string; streamType: string }, at: Date) {
    const seq = Number(entry.eventId.slice(entry.eventId.lastIndexOf(':') + 1));
    try {
      await this.events.insertOne({
        _id: entry.eventId,
        tenantId: entry.tenantId,
        stream: entry.stream,
        streamType: entry.streamType,
        seq,
        type: VOID_EVENT,
        at,
        actor: { kind: 'system', id: 'system' },
        data: {},
      });
    } catch (error) {
      if (!isInsertConflict(error)) throw error;
    }
  }

  /**
   * Reads the events of one stream after `afterSeq`, in order (void ones included: they hold
   * their position). Walks by `_id`, the one lookup every store answers from an index.
   */
  async readAfter(
    tenantId: string,
    streamType: string,
    streamId: string,
    afterSeq: number,
  ): Promise<StoredEvent[]> {
    const stream = streamKey(streamType, streamId);
    const found: StoredEvent[] = [];
    for (let seq = afterSeq + 1; ; seq++) {
      const event = await this.events.findOne({ _id: eventId(tenantId, stream, seq) });
      if (!event) return found;
      found.push(event);
    }
  }

  /** The ids of every stream of one type that a provider has (a maintenance scan). */
  async streamIds(tenantId: string, streamType: string): Promise<string[]> {
    const streams = await this.scanned.distinct('stream', { tenantId, streamType });
    return streams.map((stream) => stream.slice(streamType.length + 1));
  }

  /**
   * The provider's events of these types on streams of one type since a time, oldest first (a
   * scan: the channel funnel of the resellers tab reads the last 90 days of requests with it).
   */
  async ofTypesSince(
    tenantId: string,
    streamType: string,
    types: readonly string[],
    since: Date,
  ): Promise<StoredEvent[]> {
    return this.scanned
      .find({ tenantId, streamType, type: { $in: [...types] }, at: { $gte: since } })
      .sort({ at: 1, _id: 1 })
      .toArray();
  }

  /**
   * A stream's events before `beforeSeq` (from its last when absent, or past it), newest first,
   * void ones left out: the audit trail of one record, and the position to continue before.
   * Primary-key lookups only: finding the last event takes about 2·log2(events) of them, one
   * after another; the page is read in batches.
   */
  async readBefore(
    tenantId: string,
    stream: string,
    beforeSeq: number | undefined,
    limit: number,
  ): Promise<{ events: StoredEvent[]; next?: number }> {
    const at = (seq: number) => ({ _id: eventId(tenantId, stream, seq) });
    const exists = async (seq: number) =>
      (await this.events.findOne(at(seq), { projection: { _id: 1 } })) !== null;
    // A stream's positions have no gaps: one that exists is not past its end.
    const from =
      beforeSeq !== undefined && beforeSeq > 1 && (await exists(beforeSeq - 1))
        ? beforeSeq - 1
        : Math.min((beforeSeq ?? Infinity) - 1, await lastPosition(exists));
    const walked = await walkBack(from, limit, async (seq) => {
      const event = await this.events.findOne(at(seq));
      return event && event.type !== VOID_EVENT ? event : undefined;
    });
    return { events: walked.found.map(({ value }) => value), ...(walked.next ? { next: walked.next } : {}) };
  }
}
