import type { StoredEvent } from '../../data/events/event.js';
import { RELATIONSHIP_EVENTS } from './relationship-stream.js';

/** How far back the resellers tab's funnel looks. */
export const FUNNEL_DAYS = 90;

/** The event types the funnel reads: a request, and each way it can end. */
export const FUNNEL_EVENT_TYPES = [
  RELATIONSHIP_EVENTS.requested,
  RELATIONSHIP_EVENTS.accepted,
  RELATIONSHIP_EVENTS.declined,
  RELATIONSHIP_EVENTS.expired,
  RELATIONSHIP_EVENTS.cancelled,
] as const;

/**
 * The channel funnel: the requests made in the window, and what became of each of them so far
 * (`pending`: not answered yet). `medianMsToAccept` is over the accepted ones (absent when none).
 */
export interface ChannelFunnel {
  days: number;
  from: Date;
  to: Date;
  sent: number;
  accepted: number;
  declined: number;
  expired: number;
  cancelled: number;
  pending: number;
  medianMsToAccept?: number;
}

type Outcome = 'accepted' | 'declined' | 'expired' | 'cancelled';

/** What the funnel reads of an event. */
export type FunnelEvent = Pick<StoredEvent, '_id' | 'type' | 'at' | 'data'>;

const FUNNEL_TYPES = new Set<string>(FUNNEL_EVENT_TYPES);

/**
 * A provider's funnel events of the last `FUNNEL_DAYS`, kept in memory beside its resellers
 * index: filled once from a scan of the events, then from the feed entries the index follows.
 * An event added twice (the scan and the feed can both see it) is kept once.
 */
export class FunnelLog {
  private readonly events = new Map<string, FunnelEvent>();

  add(event: FunnelEvent): void {
    const invitationId = event.data.invitationId;
    if (!FUNNEL_TYPES.has(event.type) || typeof invitationId !== 'string') return;
    this.events.set(event._id, { _id: event._id, type: event.type, at: event.at, data: { invitationId } });
  }

  /** The funnel of `from`…`to`; events before `from` are dropped (the window only moves on). */
  funnel(from: Date, to: Date): ChannelFunnel {
    for (const [id, event] of this.events) if (event.at < from) this.events.delete(id);
    // Oldest first, as the scan read them (time, then stream and sequence).
    const sorted = [...this.events.values()].sort(
      (a, b) => a.at.getTime() - b.at.getTime() || (a._id < b._id ? -1 : a._id > b._id ? 1 : 0),
    );
    return channelFunnel(sorted, from, to);
  }

  get size(): number {
    return this.events.size;
  }
}

/**
 * A log, and its fill from `scan` (its `ready`). The log exists before the scan starts, so what
 * the scan misses (committed after it began) is what the feed hands over next, and what both see
 * is kept once.
 */
export function startFunnelLog(scan: () => Promise<FunnelEvent[]>): { log: FunnelLog; ready: Promise<void> } {
  const log = new FunnelLog();
  return { log, ready: scan().then((events) => events.forEach((event) => log.add(event))) };
}

const OUTCOMES: Record<string, Outcome> = {
  [RELATIONSHIP_EVENTS.accepted]: 'accepted',
  [RELATIONSHIP_EVENTS.declined]: 'declined',
  [RELATIONSHIP_EVENTS.expired]: 'expired',
  [RELATIONSHIP_EVENTS.cancelled]: 'cancelled',
};

/**
 * Folds the relationship events of the window (oldest first) into the funnel. Each request is one
 * invitation (`data.invitationId`); its first outcome event counts, and an outcome of a request
 * made before the window is left out with its request.
 */
export function channelFunnel(events: readonly FunnelEvent[], from: Date, to: Date): ChannelFunnel {
  const requested = new Map<string, Date>();
  const ended = new Map<string, { outcome: Outcome; at: Date }>();
  for (const event of events) {
    const invitationId = event.data.invitationId;
    if (typeof invitationId !== 'string' || event.at < from || event.at > to) continue;
    if (event.type === RELATIONSHIP_EVENTS.requested) {
      requested.set(invitationId, event.at);
      continue;
    }
    const outcome = OUTCOMES[event.type];
    if (outcome && requested.has(invitationId) && !ended.has(invitationId)) {
      ended.set(invitationId, { outcome, at: event.at });
    }
  }
  const counts = { accepted: 0, declined: 0, expired: 0, cancelled: 0 };
  const toAccept: number[] = [];
  for (const [invitationId, end] of ended) {
    counts[end.outcome] += 1;
    const at = requested.get(invitationId);
    if (end.outcome === 'accepted' && at) toAccept.push(end.at.getTime() - at.getTime());
  }
  const answered = counts.accepted + counts.declined + counts.expired + counts.cancelled;
  const median = medianOf(toAccept);
  return {
    days: Math.round((to.getTime() - from.getTime()) / 86_400_000),
    from,
    to,
    sent: requested.size,
    ...counts,
    pending: requested.size - answered,
    ...(median === undefined ? {} : { medianMsToAccept: median }),
  };
}

function medianOf(values: number[]): number | undefined {
  if (values.length === 0) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
}
