import type { RelationshipRow } from '../../data/read-models/relationship-queries.js';
import type { Repositories } from '../../data/repositories.js';
import { inBatches } from '../reads.js';
import { RELATIONSHIP_STATUSES } from './relationship-stream.js';
import { byListOrder, rowsOf, slim, type Rows } from './reseller-rows.js';

/** The states the resellers index holds: every relationship but one that never was (`none`). */
export const INDEXED_STATUSES: string[] = RELATIONSHIP_STATUSES.filter((status) => status !== 'none');
/** A stored index further behind the feed than this is not worth replaying: scan instead. */
const MAX_SNAPSHOT_REPLAY = 2_000;
/** Relationships a catch-up loads at once (one after a load can read hundreds again). */
const LOADS_AT_ONCE = 16;

/** The current rows of these relationships, in their order, a few loaded at once. */
export function loadEach(
  partners: string[],
  loadRow: (partnerId: string) => Promise<RelationshipRow>,
): Promise<RelationshipRow[]> {
  return inBatches(partners, LOADS_AT_ONCE, loadRow);
}

/**
 * A provider's rows for the resellers index: from the stored copy when asked and it is close
 * enough to the feed (~10 `_id` lookups at 50,000 rows; the feed replays what changed since, and
 * `at` is when it was stored, so an old copy is scanned again soon, in the background), else from
 * a scan of the read model, which is then stored for the next process.
 */
export async function loadRows(
  repos: Pick<Repositories, 'feed' | 'relationshipQueries' | 'resellerIndexSnapshots'>,
  tenantId: string,
  options: { fromStored: boolean; shared: (value: string) => string; now: () => number },
): Promise<{ rows: Rows; at: number }> {
  const { shared } = options;
  // The feed position is taken first, below every writer that may still be storing its change:
  // whatever changes during the scan, or was written but not stored yet, is replayed after it.
  const feedSeq = await repos.feed.settledHead(tenantId);
  if (options.fromStored) {
    const stored = await repos.resellerIndexSnapshots.load(tenantId).catch(() => undefined);
    // How far the copy is behind is counted to the head: everything after it is read again.
    const head = await repos.feed.head(tenantId);
    if (stored && stored.feedSeq <= head && head - stored.feedSeq <= MAX_SNAPSHOT_REPLAY) {
      const sorted = stored.rows.map((row) => slim(tenantId, row, shared));
      return { rows: rowsOf(sorted, stored.feedSeq), at: stored.savedAt.getTime() };
    }
  }
  const found = await repos.relationshipQueries.listByStatus(tenantId, INDEXED_STATUSES);
  const sorted = found.map((row) => slim(tenantId, row, shared)).sort(byListOrder);
  const at = options.now();
  // A copy: the array moves with the feed while the chunks are written.
  repos.resellerIndexSnapshots
    .save(tenantId, { rows: sorted.slice(), feedSeq, savedAt: new Date(at) })
    .catch(() => undefined);
  return { rows: rowsOf(sorted, feedSeq), at };
}
