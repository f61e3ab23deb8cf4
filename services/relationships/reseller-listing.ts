import { z } from 'zod';
import type { RelationshipRow } from '../../data/read-models/relationship-queries.js';
import type { AccessService } from '../access/access-service.js';
import type { Actor } from '../actor.js';
import type { ServiceContext } from '../context.js';
import { lastPage } from '../paging.js';
import type { StreamRepository } from '../streams.js';
import { parseInput } from '../validation.js';
import type { RelationshipState } from './relationship-stream.js';
import { toView, withPartnerCenter, type RelationshipView } from './relationship-view.js';
import { ResellerIndex, type CatchUp } from './reseller-index.js';
import type { ChannelFunnel } from './channel-funnel.js';

const listSchema = z.object({
  query: z.string().trim().max(100).optional(),
  page: z.number().int().min(0).max(10_000).default(0),
  pageSize: z.number().int().min(1).max(100).default(20),
  /** Rows to pass over instead of whole pages (typeahead windows start anywhere). */
  skip: z.number().int().min(0).max(1_000_000).optional(),
  include: z.enum(['active', 'pending', 'open']).default('active'),
});

/** The resellers list and its search, served from the per-provider in-memory index. */
export class ResellerListing {
  private readonly index: ResellerIndex;
  /** Catch-ups started at a turn's start for the list that turn (one actor object) shows. */
  private readonly prepared = new WeakMap<Actor, CatchUp>();

  constructor(
    private readonly ctx: ServiceContext,
    private readonly access: AccessService,
    streams: StreamRepository<RelationshipState>,
    /** Marks a request past its expiry expired (the relationship service's). */
    private readonly expireIfDue: (tenantId: string, partnerId: string) => Promise<unknown>,
  ) {
    this.index = new ResellerIndex(ctx.repos, async (tenantId, partnerId) =>
      toView(tenantId, (await streams.load(tenantId, partnerId)).state),
    );
  }

  /**
   * Loads the resellers index of every registered provider whose people have a stored
   * conversation with the bot, one after another, so their first list or search does not wait
   * for a full load (the bot runs this in the background at start). Answers how many it loaded.
   */
  async warm(): Promise<number> {
    let warmed = 0;
    for (const tenantId of await this.ctx.repos.conversations.tenants()) {
      if (!(await this.ctx.repos.providers.get(tenantId))) continue;
      await this.index.warm(tenantId);
      warmed += 1;
    }
    return warmed;
  }

  /** Keeps the resellers index following this process's writes in the background (see ResellerIndex). */
  followAppends(): () => void {
    return this.index.followAppends();
  }

  /**
   * Starts what the caller's next list waits for (the index's catch-up with the feed) while the
   * turn reads anything else: its `list` (the same actor object) then sees every entry committed
   * before this call, unless this process wrote to the provider since (then it catches up
   * itself, so a turn's own write always shows).
   */
  prepare(actor: Actor): void {
    const caughtUp = this.index.catchUpNow(actor.tenantId);
    if (caughtUp) this.prepared.set(actor, caughtUp);
  }

  /**
   * The provider's relationships in these states, in list order, at most `limit`, and how many
   * there are: every change committed before the call shows. No role check (the caller's).
   */
  rows(
    tenantId: string,
    statuses: string[],
    limit: number,
  ): Promise<{ rows: RelationshipRow[]; total: number }> {
    return this.index.search(tenantId, { statuses, skip: 0, limit });
  }

  /** The channel funnel of `from`…`to`, as current as `rows`. No role check (the caller's). */
  async funnel(tenantId: string, from: Date, to: Date): Promise<ChannelFunnel> {
    return (await this.index.funnel(tenantId, from)).funnel(from, to);
  }

  /** The provider's resellers by state, with prefix search on name and Partner ID, paged. */
  async list(
    actor: Actor,
    input: unknown = {},
  ): Promise<{ rows: RelationshipView[]; total: number; page: number; pageSize: number }> {
    // The index catches up with the feed beside the role check: one round trip of waiting, not two.
    const caughtUp = this.prepared.get(actor) ?? this.index.catchUpNow(actor.tenantId);
    this.prepared.delete(actor);
    await this.access.require(actor, 'viewResellers');
    const parsed = parseInput(listSchema, input);
    const { query, pageSize, include, skip } = parsed;
    let page = parsed.page;
    const statuses = include === 'open' ? ['active', 'pending'] : [include];
    const search = (after?: CatchUp) =>
      this.index.search(
        actor.tenantId,
        { statuses, ...(query ? { prefix: query } : {}), skip: skip ?? page * pageSize, limit: pageSize },
        after,
      );
    let found = await search(caughtUp);
    // A page past the end (a Next click after rows went away, or a typed page) shows the last one.
    if (skip === undefined && found.rows.length === 0 && page > 0) {
      page = lastPage(found.total, pageSize);
      if (found.total > 0) found = await search(caughtUp);
    }
    // A request past its expiry reads as expired now, not only after the next sweep.
    const now = this.ctx.clock.now();
    const overdue = found.rows.filter(
      (row) => row.status === 'pending' && row.invitation && row.invitation.expiresAt <= now,
    );
    if (overdue.length > 0) {
      for (const row of overdue) await this.expireIfDue(actor.tenantId, row.partnerId);
      found = await search();
    }
    return {
      rows: found.rows.map((row) => withPartnerCenter(row, this.ctx.settings)),
      total: found.total,
      page,
      pageSize,
    };
  }
}
