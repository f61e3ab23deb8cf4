import { expect } from 'chai';
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { MongoClient } from 'mongodb';

/** What a child process answered: its exit status and output. */
interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}

/**
 * `npm run seed` must load the demo data, and load it again without an error or a duplicate.
 * The test runs the real script as child processes: a first run writes ~50 directory resellers
 * with 28 relationships (24 accepted) through the services, a second one only finds them there,
 * a third (`--force`) walks every step again and must change nothing. A full run
 * takes 6–7 s on an idle 2-core machine and 12–18 s on a busy one, near the suite's 20 s, so
 * this file has its own timeout (a slow machine is no failure of the seed; a hang still is,
 * after 2 minutes).
 */
import { DEMO_TENANT } from '../../scripts/demo-data.js';
import { DISPATCHER_FOLLOWER } from '../../services/notifications/dispatcher.js';

describe('npm run seed', function () {
  this.timeout(120_000);
  const database = `test_seed_${randomBytes(6).toString('hex')}`;
  const run = (...args: string[]) =>
    new Promise<Run>((resolve) => {
      execFile(
        'node_modules/.bin/tsx',
        ['scripts/seed.ts', ...args],
        {
          encoding: 'utf8',
          timeout: 110_000,
          env: { ...process.env, MONGODB_DB: database, PARTNER_BACKEND: 'local', BOOTSTRAP_ADMINS: '' },
        },
        (error, stdout, stderr) =>
          resolve({ status: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr }),
      );
    });

  after(async () => {
    const client = await new MongoClient(process.env.MONGODB_URI ?? '').connect();
    await client.db(database).dropDatabase();
    await client.close();
  });

  it('loads the demo provider and its relationships, and can run again days later', async () => {
    const first = await run();
    expect(first.status, first.stderr).to.equal(0);
    expect(first.stdout).to.match(/24 active and 4 pending relationships/);
    // Days later the idempotency keys no longer replay: the seed must still change nothing.
    const client = await new MongoClient(process.env.MONGODB_URI ?? '').connect();
    // The seeded history notifies nobody: the dispatcher starts after it.
    const db = client.db(database);
    const feedEntries = await db.collection('tenant_feed').countDocuments({ tenantId: DEMO_TENANT });
    expect(feedEntries).to.be.greaterThan(50);
    const checkpoint = await db
      .collection<{ _id: string; seq: number }>('feed_checkpoints')
      .findOne({ _id: `${DISPATCHER_FOLLOWER}:${DEMO_TENANT}` });
    expect(checkpoint?.seq).to.equal(feedEntries);
    await db.collection('idempotency_keys').deleteMany({});
    await client.close();
    // A start on a seeded database writes nothing (one cheap check)…
    const second = await run();
    expect(second.status, second.stderr).to.equal(0);
    expect(second.stdout).to.match(/already loaded.*nothing written/);
    // …and walking every step again changes nothing either.
    const forced = await run('--force');
    expect(forced.status, forced.stderr).to.equal(0);
    expect(forced.stdout).to.match(/24 active and 4 pending relationships/);
  });
});
