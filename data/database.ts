import { MongoClient, MongoServerError, type Db } from 'mongodb';

/** An open connection to the bot's database. */
export interface Database {
  client: MongoClient;
  db: Db;
  close(): Promise<void>;
}

/** Connects and waits until the server answers `ping`. */
export async function connectDatabase(uri: string, dbName: string): Promise<Database> {
  const client = new MongoClient(uri, {
    serverSelectionTimeoutMS: 10_000,
    appName: 'reseller-relationship-bot',
    // Optional fields left undefined are not stored (instead of being stored as null).
    ignoreUndefined: true,
  });
  await client.connect();
  const db = client.db(dbName);
  await db.command({ ping: 1 });
  return { client, db, close: () => client.close() };
}

/** True when the server says the database answers. */
export async function pingDatabase(database: Database): Promise<boolean> {
  try {
    await database.db.command({ ping: 1 });
    return true;
  } catch {
    return false;
  }
}

/**
 * True when an insert lost a race on a unique key. FerretDB answers a broken unique index on
 * some paths with a generic error, so any server-side write error on an insert counts as lost:
 * the caller re-reads and decides again, which is always safe.
 */
export function isInsertConflict(error: unknown): boolean {
  return error instanceof MongoServerError;
}
