import { expect } from 'chai';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { MongoClient } from 'mongodb';
import { startLocalDb, type LocalDb } from '../support/local-db.js';

/**
 * FerretDB v1 creates a collection under a lock its `ping` (and every client) needs; while the
 * creation waits for another connection's write lock, everything waits. The launcher's watchdog
 * reports such a stall with what FerretDB was waiting for, and `npm test` prints that report.
 */
describe('local database: the stall watchdog', function () {
  this.timeout(60_000);
  let db: LocalDb;

  before(async function () {
    if (!process.env.LOCAL_DB_BINARY) this.skip(); // the project's own FerretDB has the watchdog
    db = await startLocalDb();
  });

  after(async () => db?.stop());

  it('reports a stall of every client, with the registry call that waited, and its end', async () => {
    const client = new MongoClient(db.uri);
    const other = new MongoClient(db.uri);
    try {
      await client
        .db('held')
        .collection('first')
        .insertOne({ _id: 'one' } as never);
      await other.db('elsewhere').command({ ping: 1 });
      expect(db.stalls()).to.deep.equal([]);

      // Another connection holds the database file's write lock for 4 s.
      const holder = spawn(
        db.binary,
        ['-hold-write-lock', join(db.dataDir, 'held.sqlite'), '-hold-for', '4s'],
        {
          stdio: ['ignore', 'pipe', 'inherit'],
        },
      );
      const exited = new Promise((resolve) => holder.once('exit', resolve));
      const held = await Promise.race([
        new Promise((resolve) => holder.stdout.once('data', () => resolve(true))),
        exited.then(() => false),
      ]);
      expect(held, 'the write lock was taken').to.equal(true);
      const creating = client.db('held').createCollection('second');
      await new Promise((resolve) => setTimeout(resolve, 300));
      const started = Date.now();
      await other.db('elsewhere').command({ ping: 1 });
      const pingWaited = Date.now() - started;
      await creating;
      await exited;
      // A client of another database waited for the creation too.
      expect(pingWaited).to.be.greaterThan(2_000);
      await new Promise((resolve) => setTimeout(resolve, 1_500));
    } finally {
      await Promise.all([client.close(), other.close()]);
    }

    const report = db.stalls();
    expect(report[0]).to.equal('FerretDB stall: a ping has waited 1.5s; every goroutine:');
    // The creation that held the registry, waiting in SQLite's busy handler for the write lock.
    const creation = report.findIndex((line) => line.includes('metadata.(*Registry).collectionCreate()'));
    expect(creation, 'the creation named').to.be.greaterThan(0);
    expect(report.slice(creation - 2, creation).some((line) => line.includes('BusyHandler()'))).to.equal(
      true,
    );
    expect(report.some((line) => /^FerretDB stall: the ping was answered after \d/.test(line))).to.equal(
      true,
    );
    expect(report.at(-1)).to.match(/^\(every goroutine's stack: .*ferretdb\.log\)$/);
  });
});
