import type { Repositories } from '../../data/repositories.js';
import type { RelationshipRow } from '../../data/read-models/relationship-queries.js';

/** The states the resellers list shows; others leave the index. */
const LISTED_STATUSES = ['active', 'pending'];
const MAX_TENANTS = 200;
/** A full reload heals any feed entry lost to a crash between an event and its feed entry. */
const FULL_RELOAD_MS = 5 * 60_000;

interface TenantIndex {
  rows: Map<string, RelationshipRow>;
  /** Rows in list order (name, then Partner ID); rebuilt lazily after a change. */
  sorted: RelationshipRow[] | undefined;
  feedSeq: number;
  loadedAt: number;
}

export interface SearchOptions {
  statuses: string[];
  prefix?: string;
  skip: number;
  limit: number;
}

/**
 * Per-provider in-memory index of listed resellers for the list and its prefix search. FerretDB
 * scans a collection for every secondary-key query (~0.6 s at 10,000 resellers), so the list is
 * served from memory, loaded once and kept fresh by following the provider's feed by `_id`.
 * Correct on every instance: each one follows the same feed.
 */
export class ResellerIndex {
  private readonly tenants = new Map<string, TenantIndex>();

  constructor(
    private readonly repos: Pick<Repositories, 'feed' | 'relationshipQueries'>,
    /** Loads one relationship's current state (catching up its events). */
    private readonly loadRow: (tenantId: string, partnerId: string) => Promise<RelationshipRow>,
    private readonly now: () => number = Date.now,
  ) {}

  async search(
    tenantId: string,
    options: SearchOptions,
  ): Promise<{ rows: RelationshipRow[]; total: number }> {
    const index = await this.fresh(tenantId);
    index.sorted ??= [...index.rows.values()].sort(
      (a, b) => compare(a.resellerNameLower, b.resellerNameLower) || compare(a.partnerId, b.partnerId),
    );
    const prefix = options.prefix?.trim().toLowerCase();
    const matches = index.sorted.filter(
      (row) =>
        options.statuses.includes(row.status) &&
        (!prefix || row.resellerNameLower.startsWith(prefix) || row.partnerId.startsWith(prefix)),
    );
    return { rows: matches.slice(options.skip, options.skip + options.limit), total: matches.length };
  }

  private async fresh(tenantId: string): Promise<TenantIndex> {
    let index = this.tenants.get(tenantId);
    if (!index || this.now() - index.loadedAt > FULL_RELOAD_MS) index = await this.load(tenantId);
    // Most recently used last, so the first key is the one to evict.
    this.tenants.delete(tenantId);
    this.tenants.set(tenantId, index);
    if (this.tenants.size > MAX_TENANTS) this.tenants.delete(this.tenants.keys().next().value ?? tenantId);

    for (;;) {
      const entries = await this.repos.feed.readAfter(tenantId, index.feedSeq);
      if (entries.length === 0) return index;
      const changed = new Set(
        entries
          .filter((e) => e.streamType === 'relationship')
          .map((e) => e.stream.slice('relationship:'.length)),
      );
      for (const partnerId of changed) {
        const row = await this.loadRow(tenantId, partnerId);
        if (LISTED_STATUSES.includes(row.status)) index.rows.set(partnerId, row);
        else index.rows.delete(partnerId);
      }
      if (changed.size > 0) index.sorted = undefined;
      index.feedSeq = entries[entries.length - 1]?.seq ?? index.feedSeq;
    }
  }

  private async load(tenantId: string): Promise<TenantIndex> {
    // The feed position is taken first: whatever changes during the scan is replayed after it.
    const feedSeq = await this.repos.feed.head(tenantId);
    const rows = await this.repos.relationshipQueries.listByStatus(tenantId, LISTED_STATUSES);
    return {
      rows: new Map(rows.map((row) => [row.partnerId, row])),
      sorted: undefined,
      feedSeq,
      loadedAt: this.now(),
    };
  }
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
