import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { expect } from 'chai';
import { MongoClient } from 'mongodb';
import { connectDatabase, type Database } from '../../data/database.js';
import { startLocalDb, type LocalDb } from '../support/local-db.js';

const dataDir = process.env.LOCAL_DB_DATA_DIR;
const binary = process.env.LOCAL_DB_BINARY;

function plan(dbName: string, collection: string): string {
  const run = spawnSync(
    binary ?? '',
    ['-data', dataDir ?? '', '-explain-id-lookup', `${dbName}.${collection}`],
    {
      encoding: 'utf8',
    },
  );
  return `${run.stdout}${run.stderr}`;
}

/** The plan, once it uses the index (or the last one shown, after 5 s). */
async function indexedPlan(dbName: string, collection: string): Promise<string> {
  let shown = '';
  for (let attempt = 0; attempt < 50; attempt++) {
    shown = plan(dbName, collection);
    if (shown.includes('USING INDEX')) break;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return shown;
}

const INDEXED = /SEARCH things_[0-9a-f]+ USING INDEX things_[0-9a-f]+_rrb_id/;

describe('local database: _id lookups use an index', function () {
  let database: Database;
  let dbName: string;

  before(function () {
    // Only the project's own FerretDB has the id indexer; a MongoDB server indexes _id itself.
    if (!dataDir || !binary) this.skip();
  });

  beforeEach(async () => {
    dbName = `test_${randomBytes(6).toString('hex')}`;
    database = await connectDatabase(process.env.MONGODB_URI ?? '', dbName);
  });

  afterEach(async () => {
    await database.db.dropDatabase();
    await database.close();
  });

  it('indexes a new collection the way FerretDB queries it, and lookups still find the document', async () => {
    const things = database.db.collection<{ _id: string; n: number }>('things');
    await things.insertMany(Array.from({ length: 500 }, (_, n) => ({ _id: `thing:${n}`, n })));
    expect(await indexedPlan(dbName, 'things')).to.match(INDEXED);
    expect(await things.findOne({ _id: 'thing:377' })).to.deep.equal({ _id: 'thing:377', n: 377 });
    expect(await things.findOne({ _id: 'thing:500' })).to.equal(null);
    await things.deleteOne({ _id: 'thing:377' });
    expect(await things.countDocuments()).to.equal(499);
  });

  it('indexes a collection dropped and created again, and a database dropped and created again at once', async () => {
    const things = database.db.collection<{ _id: string }>('things');
    await things.insertOne({ _id: 'thing:1' });
    expect(await indexedPlan(dbName, 'things')).to.match(INDEXED);
    await things.drop();
    await things.insertOne({ _id: 'thing:2' });
    expect(await indexedPlan(dbName, 'things')).to.match(INDEXED);
    // The same name at once: another file, which the indexer must not take for the one it knew.
    await database.db.dropDatabase();
    await things.insertOne({ _id: 'thing:3' });
    expect(await indexedPlan(dbName, 'things')).to.match(INDEXED);
    expect(await things.findOne({ _id: 'thing:3' })).to.deep.equal({ _id: 'thing:3' });
  });

  it('names an unknown collection instead of printing a plan', async () => {
    // The plan of a collection that does not exist fails: the check above is not vacuous.
    expect(plan(dbName, 'missing')).to.match(/collection .*missing/);
  });
});

describe('local database: the id indexer beside FerretDB creating databases', function () {
  this.timeout(60_000);
  let db: LocalDb;

  before(async function () {
    if (!dataDir || !binary) this.skip();
    // Looking every millisecond, the indexer meets FerretDB's creation of a new database file as
    // often as it can. When it asked for WAL mode on a file FerretDB was switching to WAL, about
    // one creation in 50 failed with "database is locked" (4 to 10 of 300, measured).
    db = await startLocalDb({ indexPoll: '1ms' });
  });

  after(async () => db?.stop());

  it('never makes the creation of a database fail, in 500 databases created and dropped', async () => {
    const client = new MongoClient(db.uri);
    const failures: string[] = [];
    try {
      for (let n = 0; n < 500; n++) {
        const created = client.db(`race_${n}`);
        await created
          .collection<{ _id: number }>('things')
          .insertOne({ _id: n })
          .catch((error: Error) => failures.push(`race_${n}: ${error.message}`));
        await created.dropDatabase();
      }
    } finally {
      await client.close();
    }
    expect(failures).to.deep.equal([]);
  });
});
