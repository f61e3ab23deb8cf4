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
export function channelFunnel(events: readonly StoredEvent[], from: Date, to: Date): ChannelFunnel {
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
