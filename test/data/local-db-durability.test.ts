import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MongoClient } from 'mongodb';
import { startLocalDb, type LocalDb } from '../support/local-db.js';

const DB = 'durability';

/**
 * The local store acknowledges a write once SQLite committed it to its write-ahead log in the
 * operating system (synchronous=normal, scripts/ferretdb/main.go): a kill of FerretDB itself
 * must then lose nothing it acknowledged.
 */
describe('local database: acknowledged writes survive a SIGKILL of FerretDB', function () {
  this.timeout(90_000);
  let dataDir: string;
  let db: LocalDb | undefined;

  before(function () {
    if (!process.env.LOCAL_DB_BINARY) this.skip(); // the project's own FerretDB, to kill
  });
  beforeEach(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'rrb-durability-'));
  });
  afterEach(async () => {
    await db?.stop();
    db = undefined;
    rmSync(dataDir, { recursive: true, force: true });
  });

  const open = async (): Promise<MongoClient> => {
    db = await startLocalDb({ dataDir });
    return new MongoClient(db.uri, { serverSelectionTimeoutMS: 2_000, socketTimeoutMS: 5_000 });
  };
  /** SIGKILLs the running FerretDB and waits until it has exited. */
  const kill = async (): Promise<void> => {
    const dead = db!;
    const exited = new Promise<void>((resolve) => dead.child.once('exit', resolve));
    process.kill(dead.child.pid, 'SIGKILL');
    await exited;
  };

  it('finds every insert and update it acknowledged before the kill, after a restart on the same data', async () => {
    let client = await open();
    const things = client
      .db(DB)
      .collection<{ _id: string; writer: number; n: number; done?: boolean }>('things');
    await things.insertOne({ _id: 'first', writer: -1, n: -1 });
    const inserted: string[] = [];
    const updated: string[] = [];
    let killed = false;
    // Four writers at once, each inserting a document and then marking it done, until the kill.
    const writer = async (w: number) => {
      for (let n = 0; !killed; n++) {
        const _id = `${w}:${n}`;
        try {
          await things.insertOne({ _id, writer: w, n });
          inserted.push(_id);
          await things.updateOne({ _id }, { $set: { done: true } });
          updated.push(_id);
        } catch {
          return; // the server is gone
        }
      }
    };
    const writers = [0, 1, 2, 3].map(writer);
    while (updated.length < 400) await new Promise((resolve) => setTimeout(resolve, 5));
    killed = true;
    await kill();
    await Promise.all(writers);
    await client.close(true);
    // The commits were still in the write-ahead log, not yet in the database file.
    expect(readdirSync(dataDir).some((file) => file.endsWith('-wal'))).to.equal(true);

    client = await open();
    const after = client.db(DB).collection<{ _id: string; done?: boolean }>('things');
    const found = new Map((await after.find({}).toArray()).map((doc) => [doc._id, doc.done === true]));
    await client.close();
    expect(found.has('first')).to.equal(true);
    expect(
      inserted.filter((id) => !found.has(id)),
      'acknowledged inserts missing',
    ).to.deep.equal([]);
    expect(
      updated.filter((id) => found.get(id) !== true),
      'acknowledged updates missing',
    ).to.deep.equal([]);
    expect(updated.length).to.be.at.least(400);
  });

  it('keeps them when another process opened the database meanwhile (the id indexer must not drop its locks)', async () => {
    let client = await open();
    const things = client.db(DB).collection<{ _id: number }>('things');
    await things.insertMany(Array.from({ length: 50 }, (_, n) => ({ _id: n })));
    // A few passes of the id indexer over the live file, then another process opens and closes it.
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    const explain = spawnSync(db!.binary, ['-data', dataDir, '-explain-id-lookup', `${DB}.things`], {
      encoding: 'utf8',
      timeout: 10_000,
    });
    expect(explain.stdout).to.match(/USING INDEX/);
    await things.insertMany(Array.from({ length: 50 }, (_, n) => ({ _id: 50 + n })));
    await kill();
    await client.close(true);

    client = await open();
    const count = await client.db(DB).collection('things').countDocuments();
    await client.close();
    expect(count).to.equal(100);
  });

  it('refuses an unknown sync setting at start, naming it', () => {
    const binary = process.env.LOCAL_DB_BINARY ?? '';
    expect(existsSync(binary)).to.equal(true);
    const run = spawnSync(binary, ['-data', dataDir, '-synchronous', 'off'], {
      encoding: 'utf8',
      timeout: 10_000,
    });
    expect(run.status).to.not.equal(0);
    expect(run.stderr).to.contain('-synchronous takes normal or full, not "off"');
  });
});
