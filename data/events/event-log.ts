import type { TenantFeed } from '../feed/tenant-feed.js';
import { eventId, streamKey, type NewEvent } from './event.js';
import type { AppendResult, EventStore } from './event-store.js';

/**
 * The write path of the log: the tenant-feed entry first, the event second. A crash between the
 * two leaves an entry without its event, which readers skip (and, once its writer is surely gone,
 * void); the reverse order would leave an event that no feed reader ever sees. The event records
 * the feed sequence it was written under, so an entry whose event lost its race is recognised.
 */
export class EventLog {
  constructor(
    private readonly events: EventStore,
    private readonly feed: TenantFeed,
  ) {}

  async commit(streamType: string, streamId: string, seq: number, event: NewEvent): Promise<AppendResult> {
    const stream = streamKey(streamType, streamId);
    const entry = await this.feed.append({
      tenantId: event.tenantId,
      eventId: eventId(event.tenantId, stream, seq),
      stream,
      streamType,
      type: event.type,
      at: event.at,
    });
    return this.events.append(streamType, streamId, seq, event, entry.seq);
  }
}
