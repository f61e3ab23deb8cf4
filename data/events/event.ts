/** Who caused an event: an agent of the provider, a reseller's user, or the bot itself. */
export interface EventActor {
  kind: 'agent' | 'reseller' | 'system';
  id: string;
  name?: string;
}

/** One entry of the append-only log; it is also the audit entry and the notification source. */
export interface StoredEvent<Data = Record<string, unknown>> {
  /** `${tenantId}:${stream}:${seq}` with the sequence zero-padded; unique, so one insert decides a race. */
  _id: string;
  tenantId: string;
  /** `${streamType}:${streamId}`, e.g. `relationship:1234567`. */
  stream: string;
  streamType: string;
  seq: number;
  type: string;
  at: Date;
  actor: EventActor;
  idempotencyKey?: string;
  /**
   * The tenant-feed entry written for this event before it (see `EventLog`). A feed entry
   * whose event carries another number lost its race; a void event carries none.
   */
  feedSeq?: number;
  /** What changed, for the audit trail: the relevant fields before and after. */
  before?: Record<string, unknown>;
  after?: Record<string, unknown>;
  data: Data;
}

export type NewEvent<Data = Record<string, unknown>> = Omit<
  StoredEvent<Data>,
  '_id' | 'stream' | 'seq' | 'streamType' | 'feedSeq'
>;

/**
 * The type of a placeholder that fills a stream position whose writer died after writing its
 * feed entry and before its event. Folds and the audit trail skip it.
 */
export const VOID_EVENT = 'void';

const SEQ_WIDTH = 8;

export function streamKey(streamType: string, streamId: string): string {
  return `${streamType}:${streamId}`;
}

export function eventId(tenantId: string, stream: string, seq: number): string {
  return `${tenantId}:${stream}:${String(seq).padStart(SEQ_WIDTH, '0')}`;
}
