import { expect } from 'chai';
import { spawn, type ChildProcess } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CONTOSO, requestContoso } from '../bot/fixtures.js';
import type { Person } from '../bot/driver.js';
import { DISPATCHER_FOLLOWER } from '../../services/notifications/dispatcher.js';
import { OutboxWorld } from './outbox-support.js';

const CHILD = join(dirname(fileURLToPath(import.meta.url)), 'worker-child.ts');

async function accepted(ow: OutboxWorld): Promise<void> {
  const token = await requestContoso(ow.world);
  await ow.world.services.invitations.accept({
    token,
    user: { userId: 'contoso-user-9', entraTenantId: CONTOSO.entraTenantId },
  });
}

async function managers(ow: OutboxWorld, count: number): Promise<Person[]> {
  const people: Person[] = [];
  for (let i = 0; i < count; i++) {
    people.push(
      await ow.manager({ tenantId: ow.world.admin.tenantId, agentId: `agent-m${i}` }, ow.world.admin),
    );
  }
  return people;
}

/** A worker process of its own over the test database; resolves once it is polling. */
function startChild(ow: OutboxWorld): Promise<{ child: ChildProcess; outcomes: string[] }> {
  const child = spawn(process.execPath, ['--import', 'tsx', CHILD], {
    env: { ...process.env, TEST_DB: ow.world.database.db.databaseName, LEASE_MS: '6000' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const outcomes: string[] = [];
  return new Promise((resolve, reject) => {
    let buffer = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      buffer += chunk.toString('utf8');
      const lines = buffer.split('\n');
      buffer = lines.pop() ?? '';
      for (const line of lines) {
        const message = JSON.parse(line) as { ready?: boolean; outcome?: string };
        if (message.ready) resolve({ child, outcomes });
        if (message.outcome) outcomes.push(message.outcome);
      }
    });
    child.once('exit', (code) => reject(new Error(`worker exited early (${code})`)));
  });
}

async function until(
  condition: () => Promise<boolean> | boolean,
  deadlineMs: number,
  what: string,
): Promise<void> {
  const deadline = Date.now() + deadlineMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

describe('notifications: several workers, crashes and late feed entries', () => {
  let ow: OutboxWorld;
  beforeEach(async () => (ow = await OutboxWorld.create()));
  afterEach(() => ow.close());

  it('two dispatchers and two workers on one outbox: one job and one card per recipient', async () => {
    const people = await managers(ow, 20);
    await accepted(ow);
    const first = ow.notifier();
    const second = ow.notifier();
    await Promise.all([first.dispatcher.runOnce(), second.dispatcher.runOnce()]);
    await Promise.all([ow.settle(first), ow.settle(second)]);
    const jobs = await ow.world.repos.notifications.jobsOf(
      `${ow.world.admin.tenantId}:relationship:${CONTOSO.partnerId}:00000002`,
    );
    // 20 managers (Ada is not one) + Ada who sent the request + the reseller's user.
    expect(jobs).to.have.length(22);
    for (const person of people)
      expect(ow.connector.cardsTo(person.conversationId), person.userId).to.have.length(1);
  });

  it('never moves its checkpoint past a feed entry whose event has not arrived yet', async () => {
    const { world } = ow;
    const admin = await ow.manager(world.admin, world.admin);
    const notifier = ow.notifier();
    await notifier.dispatcher.runOnce();
    const before = await world.repos.checkpoints.get(DISPATCHER_FOLLOWER, world.admin.tenantId);
    // A writer put the feed entry first and is still writing its event.
    const eventId = `${world.admin.tenantId}:relationship:1000002:00000001`;
    const at = new Date();
    const entry = await world.repos.feed.append({
      tenantId: world.admin.tenantId,
      eventId,
      stream: 'relationship:1000002',
      streamType: 'relationship',
      type: 'relationship.declined',
      at,
    });
    await notifier.dispatcher.runOnce();
    expect(await world.repos.checkpoints.get(DISPATCHER_FOLLOWER, world.admin.tenantId)).to.equal(before);
    await world.database.db.collection('events').insertOne({
      _id: eventId as never,
      tenantId: world.admin.tenantId,
      stream: 'relationship:1000002',
      streamType: 'relationship',
      seq: 1,
      // The event names the feed entry it was written under (see EventLog).
      feedSeq: entry.seq,
      type: 'relationship.declined',
      at,
      actor: { kind: 'reseller', id: 'fabrikam-user-1' },
      data: { invitationId: 'inv-late' },
    });
    await ow.settle(notifier);
    expect(await world.repos.checkpoints.get(DISPATCHER_FOLLOWER, world.admin.tenantId)).to.equal(before + 1);
    expect(ow.connector.cardsTo(admin.conversationId)).to.have.length(1);
  });

  it('a worker killed mid-batch (SIGKILL): the next one delivers every job, at most once more for those in flight', async function () {
    this.timeout(60_000);
    const people = await managers(ow, 30);
    // Every send takes a while, so the kill finds sends in flight.
    ow.connector.script('*', ...people.map(() => ({ delayMs: 150 })));
    await accepted(ow);
    await ow.notifier().dispatcher.runOnce();
    const { child, outcomes } = await startChild(ow);
    await until(() => ow.connector.deliveries.length >= 10, 20_000, 'the first deliveries');
    child.removeAllListeners('exit');
    const killed = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGKILL');
    await killed;
    const recordedBeforeKill = outcomes.length;
    const next = await startChild(ow);
    await until(
      async () => (await ow.world.repos.notifications.stats(new Date())).pending === 0,
      30_000,
      'the outbox to drain',
    );
    next.child.removeAllListeners('exit');
    const stopped = new Promise((resolve) => next.child.once('exit', resolve));
    next.child.kill('SIGTERM');
    await stopped;

    const counts = people.map((person) => ow.connector.cardsTo(person.conversationId).length);
    expect(
      counts.filter((n) => n === 0),
      'lost',
    ).to.have.length(0);
    expect(Math.max(...counts), 'at most one duplicate per job').to.be.at.most(2);
    // Only sends that were in flight when the process died can arrive twice (8 lanes at most).
    expect(counts.filter((n) => n === 2).length).to.be.at.most(8);
    expect(recordedBeforeKill).to.be.lessThan(32);
  });
});
