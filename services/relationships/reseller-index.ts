import type { Repositories } from '../../data/repositories.js';
import type { RelationshipRow } from '../../data/read-models/relationship-queries.js';
import { FUNNEL_EVENT_TYPES, startFunnelLog, type FunnelLog } from './channel-funnel.js';
import { INDEXED_STATUSES, loadEach, loadRows } from './reseller-index-load.js';
import { place, searchRows, slim, type RowQuery, type Rows } from './reseller-rows.js';
import { started } from '../reads.js';
import { outsideTurns } from '../stream-turns.js';

/**
 * Rows (and funnel events) kept in memory over all providers; the least recently searched
 * providers leave first.
 */
const MAX_ROWS = 200_000;
/**
 * A full reload heals anything the feed could not tell (a read model repaired by hand). It is a
 * scan of the provider's relationships (12–20 s of the local store's time at 50,000), so rare.
 */
const FULL_RELOAD_MS = 60 * 60_000;
/** How long after this process's write its own index follows the feed (writes come in runs). */
const FOLLOW_AFTER_APPEND_MS = 100;

export type SearchOptions = RowQuery;

/** A catch-up with the feed started ahead of a search (`ResellerIndex.catchUpNow`). */
export interface CatchUp {
  readonly index: object;
  /** This process's appends to the provider's feed when it started (`TenantFeed.appendedTo`). */
  readonly appended: number;
  readonly done: Promise<void>;
}

export interface ResellerIndexLimits {
  maxRows?: number;
  reloadMs?: number;
}

interface TenantIndex {
  rows: Rows;
  loadedAt: number;
  /** A background reload, and its result once done (swapped in by the next feed catch-up). */
  reloading?: Promise<void>;
  reloaded?: Rows;
  /** The catch-up with the feed that is running, and the one queued behind it. */
  following?: Promise<void>;
  queued?: Promise<void>;
  /** The funnel's events, once the resellers tab asked (`ready`: their first scan is done). */
  funnel?: { log: FunnelLog; ready: Promise<void> };
}

/**
 * Per-provider in-memory index of listed resellers for the list and its prefix search. FerretDB
 * scans a collection for every secondary-key query (~0.6 s at 10,000 resellers), so the list is
 * served from memory, loaded once and kept fresh by following the provider's feed by `_id`.
 * Correct on every instance: each one follows the same feed.
 *
 * Only the first search of a provider waits for its load (concurrent first searches share it);
 * later full reloads run in the background while searches go on from the rows in memory. A
 * change moves one row in the sorted array instead of sorting again, and rows keep only what
 * lists and searches show.
 */
export class ResellerIndex {
  private readonly tenants = new Map<string, TenantIndex>();
  private readonly loading = new Map<string, Promise<TenantIndex>>();
  private readonly maxRows: number;
  private readonly reloadMs: number;
  /** Statuses and countries repeat on every row: one string each instead of one per row. */
  private readonly strings = new Map<string, string>();
  private readonly shared = (value: string): string => {
    const kept = this.strings.get(value);
    if (kept !== undefined) return kept;
    if (value.length <= 16 && this.strings.size < 1_000) this.strings.set(value, value);
    return value;
  };

  constructor(
    private readonly repos: Pick<
      Repositories,
      'feed' | 'relationshipQueries' | 'resellerIndexSnapshots' | 'events'
    >,
    /** Loads one relationship's current state (catching up its events). */
    private readonly loadRow: (tenantId: string, partnerId: string) => Promise<RelationshipRow>,
    private readonly now: () => number = Date.now,
    limits: ResellerIndexLimits = {},
  ) {
    this.maxRows = limits.maxRows ?? MAX_ROWS;
    this.reloadMs = limits.reloadMs ?? FULL_RELOAD_MS;
  }

  /**
   * Searches the rows once they hold every entry committed before the search was asked, or,
   * with `caughtUp` (from `catchUpNow`), before that catch-up was started.
   */
  async search(
    tenantId: string,
    options: SearchOptions,
    caughtUp?: CatchUp,
  ): Promise<{ rows: RelationshipRow[]; total: number }> {
    const { rows } = await this.fresh(tenantId, caughtUp);
    return searchRows(rows, options);
  }

  /**
   * The provider's funnel events since `from` (the resellers tab's funnel), as current as a
   * search. The first call for a provider in this process scans the events of the window (on the
   * scan pool; concurrent first calls share it); the index's catch-ups keep the log from then on.
   */
  async funnel(tenantId: string, from: Date, attempts = 2): Promise<FunnelLog> {
    const scan = () => this.repos.events.ofTypesSince(tenantId, 'relationship', FUNNEL_EVENT_TYPES, from);
    if (attempts === 0) {
      // Evicted under two loads in a row (memory is short): this answer from the scan alone.
      const alone = startFunnelLog(scan);
      await alone.ready;
      return alone.log;
    }
    const index = await this.fresh(tenantId);
    if (!index.funnel) {
      const started = startFunnelLog(scan);
      index.funnel = started;
      started.ready.catch(() => {
        if (index.funnel === started) index.funnel = undefined;
      });
    }
    const { log, ready } = index.funnel;
    await ready;
    // Evicted and loaded again meanwhile: ask the new index.
    if ((await this.fresh(tenantId)) !== index) return this.funnel(tenantId, from, attempts - 1);
    return log;
  }

  /**
   * Starts the catch-up with the feed that a search would wait for, so that it runs beside the
   * caller's other reads (the role check): `search` given its answer waits for it instead of
   * starting its own. Only for a provider whose index is in memory (a first load waits for the
   * search, after the check); a failure is reported by the search.
   */
  catchUpNow(tenantId: string): CatchUp | undefined {
    const index = this.tenants.get(tenantId);
    if (!index) return undefined;
    const appended = this.repos.feed.appendedTo(tenantId);
    return { index, appended, done: started(this.follow(tenantId, index)) };
  }

  /**
   * Loads the provider's index if it is not in memory (a search arriving meanwhile shares the
   * load); for warming it before anyone asks. Never throws: a failed load is tried again by the
   * next search.
   */
  async warm(tenantId: string): Promise<void> {
    if (this.tenants.has(tenantId)) return;
    await this.firstLoad(tenantId).then(
      () => this.evict(tenantId),
      () => undefined,
    );
  }

  /**
   * Follows the feed of a provider whose index is in memory shortly after this process writes to
   * it, in the background, so the next search does not pay for reading what was written meanwhile
   * (a burst of writes then a search: one catch-up of hundreds of entries, ~1 s, in that search).
   * Writes of other instances are still read by the next search. Answers the function that stops it.
   */
  followAppends(delayMs = FOLLOW_AFTER_APPEND_MS): () => void {
    const scheduled = new Set<string>();
    const stop = this.repos.feed.onAppend((tenantId) => {
      const index = this.tenants.get(tenantId);
      if (!index || scheduled.has(tenantId)) return;
      scheduled.add(tenantId);
      // Scheduled from inside the writer's turn: the follow waits for turns like any reader.
      outsideTurns(() =>
        setTimeout(() => {
          scheduled.delete(tenantId);
          this.follow(tenantId, index).catch(() => undefined);
        }, delayMs).unref(),
      );
    });
    return stop;
  }

  /** Rows and funnel events held in memory over every provider (what the row bound counts). */
  get size(): number {
    let rows = 0;
    for (const index of this.tenants.values()) rows += weight(index);
    return rows;
  }

  private async fresh(tenantId: string, caughtUp?: CatchUp): Promise<TenantIndex> {
    const index = this.tenants.get(tenantId) ?? (await this.firstLoad(tenantId));
    // Most recently used last, so the first key is the one to evict.
    this.tenants.delete(tenantId);
    this.tenants.set(tenantId, index);
    this.evict(tenantId);
    if (this.now() - index.loadedAt > this.reloadMs) this.reloadInBackground(tenantId, index);
    // The catch-up started early counts for the index it was started on (not one evicted since),
    // and only while this process wrote nothing to the provider since (the turn's own write must
    // show; other providers' writes do not matter).
    const early = caughtUp?.index === index && caughtUp.appended === this.repos.feed.appendedTo(tenantId);
    await (early ? caughtUp.done : this.follow(tenantId, index));
    return index;
  }

  private firstLoad(tenantId: string): Promise<TenantIndex> {
    let load = this.loading.get(tenantId);
    if (!load) {
      load = this.load(tenantId, true)
        .then(({ rows, at }): TenantIndex => {
          const index: TenantIndex = { rows, loadedAt: at };
          this.tenants.set(tenantId, index);
          return index;
        })
        .finally(() => this.loading.delete(tenantId));
      this.loading.set(tenantId, load);
    }
    return load;
  }

  private reloadInBackground(tenantId: string, index: TenantIndex): void {
    if (index.reloading) return;
    index.reloading = this.load(tenantId, false)
      .then(({ rows }) => {
        index.reloaded = rows;
      })
      // A failed reload keeps the rows the feed keeps fresh; the next interval tries again.
      .catch(() => undefined)
      .finally(() => {
        index.loadedAt = this.now();
        index.reloading = undefined;
      });
  }

  /**
   * Applies the feed's new entries. One catch-up runs at a time per provider; a caller arriving
   * while one runs waits for the next one (shared by everyone who arrived meanwhile), so it
   * always sees the entries committed before it asked.
   */
  private follow(tenantId: string, index: TenantIndex): Promise<void> {
    if (index.queued) return index.queued;
    if (!index.following) {
      index.following = this.catchUp(tenantId, index).finally(() => {
        index.following = undefined;
      });
      return index.following;
    }
    index.queued = index.following
      .catch(() => undefined)
      .then(() => {
        index.queued = undefined;
        return this.follow(tenantId, index);
      });
    return index.queued;
  }

  private async catchUp(tenantId: string, index: TenantIndex): Promise<void> {
    if (index.reloaded) {
      // From the older of the two positions: what the old rows had not read yet is read into the
      // new ones (again, if the reload saw it: applying a change twice changes nothing), and so
      // reaches the funnel's log too.
      index.reloaded.feedSeq = Math.min(index.reloaded.feedSeq, index.rows.feedSeq);
      index.rows = index.reloaded;
      index.reloaded = undefined;
    }
    const rows = index.rows;
    for (;;) {
      const { entries, scannedTo } = await this.repos.feed.readAfter(tenantId, rows.feedSeq);
      if (scannedTo === rows.feedSeq) return;
      const relationships = entries.filter((e) => e.streamType === 'relationship');
      for (const entry of relationships) index.funnel?.log.add(entry.event);
      const changed = new Set(relationships.map((e) => e.stream.slice('relationship:'.length)));
      const partners = [...changed];
      const loaded = await loadEach(partners, (partnerId) => this.loadRow(tenantId, partnerId));
      partners.forEach((partnerId, k) => {
        const row = loaded[k] as RelationshipRow;
        place(
          rows,
          partnerId,
          INDEXED_STATUSES.includes(row.status) ? slim(tenantId, row, this.shared) : undefined,
        );
      });
      rows.feedSeq = scannedTo;
    }
  }

  private load(tenantId: string, fromStored: boolean): Promise<{ rows: Rows; at: number }> {
    return loadRows(this.repos, tenantId, { fromStored, shared: this.shared, now: this.now });
  }

  /** Drops least recently searched providers until the rows fit, never the one just searched. */
  private evict(keep: string): void {
    let rows = this.size;
    for (const [tenantId, index] of this.tenants) {
      if (rows <= this.maxRows) return;
      if (tenantId === keep) continue;
      rows -= weight(index);
      this.tenants.delete(tenantId);
    }
  }
}

function weight(index: TenantIndex): number {
  return index.rows.sorted.length + (index.funnel?.log.size ?? 0);
}
