import { spawn, type ChildProcess } from 'node:child_process';
import { expect } from 'chai';
import { createRepositories } from '../../data/repositories.js';
import type { StoredEvent } from '../../data/events/event.js';
import { createServices } from '../../services/index.js';
import {
  relationshipStream,
  type RelationshipState,
} from '../../services/relationships/relationship-stream.js';
import { createWorld, customerWithSubscriptions, TENANT_A, type World } from '../support/world.js';

const PARTNER_IDS = Array.from({ length: 10 }, (_, i) => String(2000001 + i));
const SUBSCRIPTIONS = ['sub-1', 'sub-2', 'sub-3', 'sub-4'];
const INITIAL_RESELLER = '1000002';

function startBurst(world: World): Promise<ChildProcess> {
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      'test/support/burst-child.ts',
      process.env.MONGODB_URI ?? '',
      world.database.db.databaseName,
      TENANT_A,
      world.admin.agentId,
      world.sales.agentId,
      PARTNER_IDS.join(','),
    ],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  return new Promise((resolve, reject) => {
    child.stdout?.once('data', () => resolve(child));
    child.once('exit', (code) => reject(new Error(`the burst process exited early (${code})`)));
  });
}

function kill(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGKILL');
  });
}

/** Folds a relationship from the log alone, ignoring every read model. */
function fold(partnerId: string, events: StoredEvent[]): RelationshipState {
  return events
    .filter((e) => e.type !== 'void')
    .reduce(
      (state, event) => relationshipStream.apply(state, event),
      relationshipStream.initial(TENANT_A, partnerId),
    );
}

describe('crash safety: SIGKILL of a busy bot process, then a restart', function () {
  this.timeout(180_000);
  let world: World;
  beforeEach(async () => {
    world = await createWorld();
    await world.directory.upsert(
      PARTNER_IDS.map((partnerId) => ({
        partnerId,
        name: `Reseller ${partnerId}`,
        country: 'CN',
        enrolledAsIndirectReseller: true,
        mpaStatus: 'active' as const,
        entraTenantId: `tenant-${partnerId}`,
      })),
    );
    await customerWithSubscriptions(world, SUBSCRIPTIONS, INITIAL_RESELLER);
  });
  afterEach(async () => world.close());

  it('leaves nothing permanently wrong, whatever the kill point (5 rounds)', async () => {
    for (let round = 0; round < 5; round++) {
      const child = await startBurst(world);
      await new Promise((resolve) => setTimeout(resolve, 400 + Math.random() * 1200));
      await kill(child);
    }
    // The restart: a new instance whose clock is past every deadline a dead writer left behind.
    const later = Date.now() + 5 * 60_000;
    const repos = createRepositories(world.database.db, world.database.scanDb, () => later);
    const restarted = createServices({
      repos,
      clock: { now: () => new Date(later) },
      directory: world.directory,
      commerce: world.commerce,
      settings: { publicBaseUrl: 'https://bot.example.test', invitationTtlDays: 14 },
    });
    await restarted.maintenance.runOnce();
    const report = await restarted.maintenance.runOnce();
    expect(report.transactionsStillOpen, 'open transactions after repair').to.equal(0);

    const events = await world.database.db
      .collection<StoredEvent>('events')
      .find({ tenantId: TENANT_A })
      .toArray();
    const real = events.filter((e) => e.type !== 'void');
    expect(real.length, 'the burst did something').to.be.greaterThan(20);

    // Every event has its feed entry (and no entry stands for an event that is not there).
    const { entries: committed } = await repos.feed.readAfter(TENANT_A, 0, 100_000);
    expect(committed.map((e) => e.eventId).sort()).to.deep.equal(real.map((e) => e._id).sort());

    // The active list equals the fold of the event log.
    const byStream = (partnerId: string) =>
      real.filter((e) => e.stream === `relationship:${partnerId}`).sort((a, b) => a.seq - b.seq);
    const activeInLog = PARTNER_IDS.filter((id) => fold(id, byStream(id)).status === 'active').sort();
    const listed = await restarted.relationships.listResellers(world.admin, {
      include: 'active',
      pageSize: 50,
    });
    expect(listed.rows.map((r) => r.partnerId).sort()).to.deep.equal(activeInLog);
    for (const id of PARTNER_IDS) {
      const snapshot = await world.database.db
        .collection('relationships')
        .findOne({ _id: `${TENANT_A}:${id}` } as never);
      if (snapshot) expect(snapshot.status, `read model of ${id}`).to.equal(fold(id, byStream(id)).status);
      expect(fold(id, byStream(id)).openTransactions, `open transactions of ${id}`).to.equal(undefined);
    }

    // Every subscription's changes are audited once each, before = the previous after, ending at the backend's value.
    for (const subscriptionId of SUBSCRIPTIONS) {
      const trail = real
        .filter(
          (e) =>
            e.stream === `subscription:cust-1/${subscriptionId}` &&
            e.type === 'subscription.reseller_of_record_set',
        )
        .sort((a, b) => a.seq - b.seq);
      let value: unknown = INITIAL_RESELLER;
      for (const entry of trail) {
        expect(entry.before?.partnerId, `${subscriptionId} seq ${entry.seq}`).to.equal(value);
        value = entry.after?.partnerId;
      }
      const intents = trail.map((e) => e.data.intentId);
      expect(new Set(intents).size, 'each transaction audited once').to.equal(intents.length);
      const backend = await world.commerce.getSubscription(TENANT_A, {
        customerId: 'cust-1',
        subscriptionId,
      });
      expect(backend?.partnerId, `${subscriptionId} in the backend`).to.equal(value);
    }

    // No transaction reached the backend after its relationship's removal.
    for (const id of PARTNER_IDS) {
      let active = false;
      for (const event of byStream(id)) {
        if (event.type === 'relationship.accepted') active = true;
        if (event.type === 'relationship.removed') active = false;
        if (event.type === 'transaction.started') expect(active, `${id} seq ${event.seq}`).to.equal(true);
      }
    }

    // No claim is left started.
    const started = await world.database.db
      .collection('idempotency_keys')
      .countDocuments({ status: 'started' });
    expect(started).to.equal(0);
  });
});
