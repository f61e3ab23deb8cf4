import { expect } from 'chai';
import type { CommittedEntry } from '../../data/feed/tenant-feed.js';
import type { RelationshipRow } from '../../data/read-models/relationship-queries.js';
import type { IndexSnapshot } from '../../data/read-models/index-snapshot-store.js';
import type { Repositories } from '../../data/repositories.js';
import { ResellerIndex } from '../../services/relationships/reseller-index.js';

const TENANT = 'tenant-x';

function row(partnerId: string, name: string, status = 'active'): RelationshipRow {
  return {
    tenantId: TENANT,
    partnerId,
    resellerName: name,
    resellerNameLower: name.toLowerCase(),
    country: 'CN',
    status,
    activeSince: new Date('2026-11-01T00:00:00Z'),
  };
}

/**
 * The index's two sources, in memory: the read model (one scan per load) and the feed. Loads can
 * be held open to see who waits for them; every call is counted.
 */
class Sources {
  stored = new Map<string, RelationshipRow>();
  entries: CommittedEntry[] = [];
  scans = 0;
  heads = 0;
  hold: Promise<void> | undefined;
  /** The stored copy of the index (what a process leaves for the next one). */
  snapshots = new Map<string, IndexSnapshot>();
  snapshotLoads = 0;
  /** Entries handed out by `readAfter`, and who listens for this process's appends. */
  entriesRead = 0;
  listeners = new Set<(tenantId: string) => void>();
  /** Reads of the feed (each catch-up makes one when nothing is new). */
  catchUps = 0;
  /** This process's appends, per tenant (`TenantFeed.appendedTo`). */
  appended = new Map<string, number>();

  repos(): Pick<Repositories, 'feed' | 'relationshipQueries' | 'resellerIndexSnapshots' | 'events'> {
    return {
      // The funnel's scan (the resellers tab's; its own tests use a real database).
      events: { ofTypesSince: async () => [] } as unknown as Repositories['events'],
      resellerIndexSnapshots: {
        load: async (tenant: string) => {
          this.snapshotLoads += 1;
          const kept = this.snapshots.get(tenant);
          return kept && { ...kept, rows: [...kept.rows] };
        },
        save: async (tenant: string, snapshot: IndexSnapshot) => {
          this.snapshots.set(tenant, snapshot);
        },
      } as unknown as Repositories['resellerIndexSnapshots'],
      feed: {
        appendedTo: (tenant: string) => this.appended.get(tenant) ?? 0,
        head: async () => this.entries.length,
        // Every entry here is settled (see the world test of a writer in flight); one per load.
        settledHead: async () => {
          this.heads += 1;
          return this.entries.length;
        },
        readAfter: async (_tenant: string, after: number) => {
          this.catchUps += 1;
          this.entriesRead += this.entries.length - after;
          return { entries: this.entries.slice(after), scannedTo: this.entries.length };
        },
        onAppend: (listener: (tenantId: string) => void) => {
          this.listeners.add(listener);
          return () => this.listeners.delete(listener);
        },
      } as unknown as Repositories['feed'],
      relationshipQueries: {
        listByStatus: async (_tenant: string, statuses: string[]) => {
          this.scans += 1;
          const snapshot = [...this.stored.values()].filter((r) => statuses.includes(r.status));
          await this.hold;
          return snapshot;
        },
      } as unknown as Repositories['relationshipQueries'],
    };
  }

  loadRow = async (_tenant: string, partnerId: string) =>
    this.stored.get(partnerId) ?? row(partnerId, '', 'none');

  /** A change of one relationship: the read model moves on and the feed says so. */
  change(next: RelationshipRow): void {
    this.stored.set(next.partnerId, next);
    const seq = this.entries.length + 1;
    this.entries.push({
      tenantId: TENANT,
      seq,
      eventId: `e${seq}`,
      stream: `relationship:${next.partnerId}`,
      streamType: 'relationship',
      type: 'relationship.accepted',
      at: new Date(),
    } as CommittedEntry);
    for (const listener of this.listeners) listener(TENANT);
  }
}

const names = async (index: ResellerIndex, prefix?: string) =>
  (
    await index.search(TENANT, {
      statuses: ['active'],
      skip: 0,
      limit: 100,
      ...(prefix ? { prefix } : {}),
    })
  ).rows.map((r) => r.resellerName);

describe('reseller index', () => {
  it('answers concurrent first searches from one load, with one feed head', async () => {
    const sources = new Sources();
    sources.stored.set('1000001', row('1000001', 'Contoso'));
    let open: () => void = () => undefined;
    sources.hold = new Promise((resolve) => (open = resolve));
    const index = new ResellerIndex(sources.repos(), sources.loadRow);
    const searches = Array.from({ length: 8 }, () => names(index));
    open();
    for (const found of await Promise.all(searches)) expect(found).to.deep.equal(['Contoso']);
    expect(sources.scans).to.equal(1);
    expect(sources.heads).to.equal(1);
  });

  it('reloads in the background: a search past the interval answers without waiting for it', async () => {
    const sources = new Sources();
    sources.stored.set('1000001', row('1000001', 'Contoso'));
    let now = 0;
    const index = new ResellerIndex(sources.repos(), sources.loadRow, () => now);
    await names(index);
    // A change the feed never told (a read model repaired by hand): only a reload finds it.
    sources.stored.set('1000002', row('1000002', 'Fabrikam'));
    let open: () => void = () => undefined;
    sources.hold = new Promise((resolve) => (open = resolve));
    now = 2 * 60 * 60_000;
    // The reload is held open, yet these searches answer (from the rows in memory).
    expect(await Promise.all([names(index), names(index)])).to.deep.equal([['Contoso'], ['Contoso']]);
    expect(sources.scans).to.equal(2);
    open();
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(await names(index)).to.deep.equal(['Contoso', 'Fabrikam']);
    expect(sources.scans).to.equal(2);
  });

  it('starts a fresh process from the stored copy without a scan, and replays the feed since', async () => {
    const sources = new Sources();
    sources.stored.set('1000001', row('1000001', 'Contoso'));
    sources.stored.set('1000003', row('1000003', 'Northwind'));
    let now = 0;
    const first = new ResellerIndex(sources.repos(), sources.loadRow, () => now);
    expect(await names(first)).to.deep.equal(['Contoso', 'Northwind']);
    expect(sources.scans).to.equal(1);
    expect(sources.snapshots.get(TENANT)?.rows.map((r) => r.resellerName)).to.deep.equal([
      'Contoso',
      'Northwind',
    ]);
    // Changes after the copy was stored reach the next process through the feed.
    sources.change(row('1000002', 'Litware'));
    sources.change(row('1000003', 'Northwind', 'ended'));
    now = 60_000;
    const next = new ResellerIndex(sources.repos(), sources.loadRow, () => now);
    expect(await names(next)).to.deep.equal(['Contoso', 'Litware']);
    expect(sources.scans, 'no scan: the stored copy and the feed').to.equal(1);
    // A copy older than the reload interval is scanned again, in the background.
    now = 2 * 60 * 60_000;
    const late = new ResellerIndex(sources.repos(), sources.loadRow, () => now);
    expect(await names(late)).to.deep.equal(['Contoso', 'Litware']);
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(sources.scans).to.equal(2);
  });

  it('keeps list order through changes, and drops rows that leave the list', async () => {
    const sources = new Sources();
    sources.stored.set('1000003', row('1000003', 'Northwind'));
    sources.stored.set('1000001', row('1000001', 'Contoso'));
    const index = new ResellerIndex(sources.repos(), sources.loadRow);
    expect(await names(index)).to.deep.equal(['Contoso', 'Northwind']);
    sources.change(row('1000002', 'Litware'));
    sources.change(row('1000004', 'Adatum'));
    sources.change(row('1000003', 'Northwind', 'removed'));
    sources.change(row('1000005', 'Contoso'));
    expect(await names(index)).to.deep.equal(['Adatum', 'Contoso', 'Contoso', 'Litware']);
    expect(await names(index, 'con')).to.deep.equal(['Contoso', 'Contoso']);
    const found = await index.search(TENANT, { statuses: ['active'], skip: 1, limit: 2 });
    expect(found.rows.map((r) => r.partnerId)).to.deep.equal(['1000001', '1000005']);
    expect(found.total).to.equal(4);
  });

  it('keeps only what lists show, and bounds rows over providers, not providers', async () => {
    const sources = new Sources();
    const full = {
      ...row('1000001', 'Contoso', 'pending'),
      streamId: '1000001',
      seq: 2,
      invitation: {
        invitationId: 'inv-1',
        resellerEmail: 'a@contoso.example',
        expiresAt: new Date('2026-11-15T00:00:00Z'),
        requestedAt: new Date('2026-11-01T00:00:00Z'),
        tokenHash: 'secret-hash',
      },
    };
    sources.stored.set('1000001', full);
    sources.stored.set('1000002', { ...full, ...row('1000002', 'Fabrikam') });
    const index = new ResellerIndex(sources.repos(), sources.loadRow, Date.now, { maxRows: 3 });
    const [kept] = (await index.search(TENANT, { statuses: ['pending'], skip: 0, limit: 1 })).rows;
    expect(kept).to.not.have.any.keys('streamId', 'seq');
    expect(kept?.invitation).to.not.have.key('tokenHash');
    expect(kept?.invitation?.invitationId).to.equal('inv-1');
    // An active row shows no request: it keeps none.
    const [active] = (await index.search(TENANT, { statuses: ['active'], skip: 0, limit: 1 })).rows;
    expect(active?.partnerId).to.equal('1000002');
    expect(active).to.not.have.key('invitation');
    // Two providers of two rows each do not fit in three rows: the least recent one leaves.
    await index.search('tenant-y', { statuses: ['active'], skip: 0, limit: 1 });
    expect(index.size).to.equal(2);
    await index.search(TENANT, { statuses: ['active'], skip: 0, limit: 1 });
    expect(sources.snapshotLoads, 'the evicted provider is loaded again').to.equal(3);
    expect(sources.scans, 'from its stored copy').to.equal(2);
  });
});

describe('reseller index: a catch-up started ahead of the search', () => {
  it('is the one the search waits for, and it saw what was committed before it started', async () => {
    const sources = new Sources();
    sources.stored.set('1000001', row('1000001', 'Contoso'));
    const index = new ResellerIndex(sources.repos(), sources.loadRow);
    expect(index.catchUpNow(TENANT), 'nothing in memory: the search loads after the check').to.equal(
      undefined,
    );
    expect(await names(index)).to.deep.equal(['Contoso']);

    sources.change(row('1000002', 'Fabrikam'));
    const before = sources.catchUps;
    const early = index.catchUpNow(TENANT);
    expect(sources.catchUps, 'started at once').to.equal(before + 1);
    const found = await index.search(TENANT, { statuses: ['active'], skip: 0, limit: 10 }, early);
    expect(found.rows.map((r) => r.resellerName)).to.deep.equal(['Contoso', 'Fabrikam']);
    // That catch-up read the feed twice (the entry, then nothing new); the search did not again.
    expect(sources.catchUps, 'no catch-up of the search’s own').to.equal(before + 2);

    // Without one, a search catches up itself: it sees what was committed before it asked.
    sources.change(row('1000003', 'Litware'));
    expect(await names(index)).to.deep.equal(['Contoso', 'Fabrikam', 'Litware']);
    expect(sources.catchUps).to.equal(before + 4);
  });

  it('is not used once this process wrote since: the turn’s own write shows', async () => {
    const sources = new Sources();
    sources.stored.set('1000001', row('1000001', 'Contoso'));
    const index = new ResellerIndex(sources.repos(), sources.loadRow);
    await names(index);
    const early = index.catchUpNow(TENANT);
    await early?.done;
    // Another provider's write changes nothing: the catch-up stands.
    sources.appended.set('tenant-other', 1);
    const reads = sources.catchUps;
    await index.search(TENANT, { statuses: ['active'], skip: 0, limit: 10 }, early);
    expect(sources.catchUps, 'the early catch-up served').to.equal(reads);
    // The turn writes (this process's feed for the provider moves), then lists.
    sources.appended.set(TENANT, 1);
    sources.change(row('1000002', 'Fabrikam'));
    const found = await index.search(TENANT, { statuses: ['active'], skip: 0, limit: 10 }, early);
    expect(found.rows.map((r) => r.resellerName)).to.deep.equal(['Contoso', 'Fabrikam']);
  });
});

describe('reseller index: following this process’s writes', () => {
  it('reads what this process wrote in the background, so the next search reads nothing more', async () => {
    const sources = new Sources();
    sources.stored.set('1000001', row('1000001', 'Contoso'));
    const index = new ResellerIndex(sources.repos(), sources.loadRow);
    const stop = index.followAppends(5);
    try {
      expect(await names(index)).to.deep.equal(['Contoso']);
      for (let i = 0; i < 50; i++) sources.change(row(String(2_000_000 + i), `Reseller ${i}`));
      await new Promise((resolve) => setTimeout(resolve, 50));
      // All 50 were read by the background catch-up, once.
      expect(sources.entriesRead).to.equal(50);
      expect(await names(index)).to.have.length(51);
      expect(sources.entriesRead, 'the search itself read no entry').to.equal(50);
    } finally {
      stop();
    }
    // Stopped: a write is read by the next search again.
    sources.change(row('1000002', 'Fabrikam'));
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(sources.entriesRead).to.equal(50);
    expect(await names(index)).to.have.length(52);
    expect(sources.entriesRead).to.equal(51);
  });
});

describe('reseller index: lists and searches', () => {
  const WORDS = ['Contoso', 'contoso', 'Fabrikam', 'Northwind', '华云', '蓝海', '3D Systems', 'Zeta'];
  const statusOf = (i: number) => (i % 7 === 3 ? 'pending' : i % 11 === 5 ? 'removed' : 'active');
  const nameOf = (i: number) => `${WORDS[i % WORDS.length]} ${String(i % 97).padStart(3, '0')}`;
  /** What a list or search must answer, by the plain definition: every row, filtered, in order. */
  const expected = (
    all: RelationshipRow[],
    statuses: string[],
    prefix: string,
    skip: number,
    limit: number,
  ) => {
    const p = prefix.trim().toLowerCase();
    const matches = all
      .filter((r) => statuses.includes(r.status))
      .filter((r) => !p || r.resellerNameLower.startsWith(p) || r.partnerId.startsWith(p))
      .sort((a, b) =>
        a.resellerNameLower < b.resellerNameLower
          ? -1
          : a.resellerNameLower > b.resellerNameLower
            ? 1
            : a.partnerId < b.partnerId
              ? -1
              : 1,
      );
    return { names: matches.slice(skip, skip + limit).map((r) => r.partnerId), total: matches.length };
  };

  it('answers every page, total and prefix as a pass over all rows would, before and after changes', async () => {
    const sources = new Sources();
    for (let i = 0; i < 3_000; i++) {
      const partnerId = String(4_000_000 + i);
      sources.stored.set(partnerId, row(partnerId, nameOf(i), statusOf(i)));
    }
    const index = new ResellerIndex(sources.repos(), sources.loadRow);
    const check = async () => {
      const listed = [...sources.stored.values()].filter((r) => ['active', 'pending'].includes(r.status));
      for (const statuses of [['active'], ['pending'], ['active', 'pending']])
        for (const prefix of [
          '',
          'contoso',
          'Contoso 01',
          ' fab',
          '华',
          '蓝海 09',
          '3d',
          '40000',
          '4',
          'zz',
          'zeta 096',
        ])
          for (const [skip, limit] of [
            [0, 10],
            [10, 10],
            [95, 15],
            [2_000, 50],
          ] as const) {
            const found = await index.search(TENANT, { statuses, prefix, skip, limit });
            const want = expected(listed, statuses, prefix, skip, limit);
            const label = `${statuses.join('+')} "${prefix}" ${skip}/${limit}`;
            expect(
              found.rows.map((r) => r.partnerId),
              label,
            ).to.deep.equal(want.names);
            expect(found.total, label).to.equal(want.total);
          }
    };
    await check();
    // Rows move, leave and arrive through the feed: the per-status totals and the order follow.
    sources.change(row('4000000', 'Aardvark 000', 'active'));
    sources.change(row('4000003', nameOf(3), 'active'));
    sources.change(row('4000001', nameOf(1), 'removed'));
    sources.change(row('4003000', 'Contoso 500', 'pending'));
    await check();
  });
});
