import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { MongoClient } from 'mongodb';

/** `npm run seed` must load the demo data, and load it again without an error or a duplicate. */
describe('npm run seed', () => {
  const database = `test_seed_${randomBytes(6).toString('hex')}`;
  const run = (...args: string[]) =>
    spawnSync('node_modules/.bin/tsx', ['scripts/seed.ts', ...args], {
      encoding: 'utf8',
      env: { ...process.env, MONGODB_DB: database, PARTNER_BACKEND: 'local', BOOTSTRAP_ADMINS: '' },
    });

  after(async () => {
    const client = await new MongoClient(process.env.MONGODB_URI ?? '').connect();
    await client.db(database).dropDatabase();
    await client.close();
  });

  it('loads the demo provider and its relationships, and can run again days later', async () => {
    const first = run();
    expect(first.status, first.stderr).to.equal(0);
    expect(first.stdout).to.match(/24 active and 4 pending relationships/);
    // Days later the idempotency keys no longer replay: the seed must still change nothing.
    const client = await new MongoClient(process.env.MONGODB_URI ?? '').connect();
    await client.db(database).collection('idempotency_keys').deleteMany({});
    await client.close();
    // A start on a seeded database writes nothing (one cheap check)…
    const second = run();
    expect(second.status, second.stderr).to.equal(0);
    expect(second.stdout).to.match(/already loaded.*nothing written/);
    // …and walking every step again changes nothing either.
    const forced = run('--force');
    expect(forced.status, forced.stderr).to.equal(0);
    expect(forced.stdout).to.match(/24 active and 4 pending relationships/);
    // Three full processes on a shared machine.
  }).timeout(120_000);
});
