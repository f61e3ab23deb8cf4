import {
  MongoClient,
  MongoNetworkError,
  MongoOperationTimeoutError,
  MongoServerSelectionError,
  MongoServerError,
  type Db,
} from 'mongodb';

/** How long one database operation may take before the caller hears "not answering". */
export const OPERATION_TIMEOUT_MS = 2_500;
/** Scans that only maintenance runs (rebuilds, sweeps) may take longer. */
export const SCAN_TIMEOUT_MS = 30_000;

/** An open connection to the bot's database. */
export interface Database {
  client: MongoClient;
  db: Db;
  close(): Promise<void>;
}

/** Connects and waits until the server answers `ping`. */
export async function connectDatabase(uri: string, dbName: string): Promise<Database> {
  const client = new MongoClient(uri, {
    // Every operation has a deadline (client-side operation timeout), so a stalled server costs a
    // turn at most this long, and the connection pool recovers on its own when it answers again.
    timeoutMS: OPERATION_TIMEOUT_MS,
    serverSelectionTimeoutMS: OPERATION_TIMEOUT_MS,
    connectTimeoutMS: OPERATION_TIMEOUT_MS,
    appName: 'reseller-relationship-bot',
    // Optional fields left undefined are not stored (instead of being stored as null).
    ignoreUndefined: true,
  });
  await client.connect();
  const db = client.db(dbName);
  await db.command({ ping: 1 });
  return { client, db, close: () => client.close() };
}

/** True when the server answers `ping` within `deadlineMs`. */
export async function pingDatabase(database: Database, deadlineMs = 1_000): Promise<boolean> {
  try {
    await database.db.command({ ping: 1 }, { timeoutMS: deadlineMs });
    return true;
  } catch {
    return false;
  }
}

/** True for the errors of a database that did not answer (as opposed to one that refused). */
export function isDatabaseUnavailable(error: unknown): boolean {
  return (
    error instanceof MongoOperationTimeoutError ||
    error instanceof MongoServerSelectionError ||
    error instanceof MongoNetworkError
  );
}

/**
 * True when an insert lost a race on a unique key. FerretDB answers a broken unique index on
 * some paths with a generic error, so any server-side write error on an insert counts as lost:
 * the caller re-reads and decides again, which is always safe.
 */
export function isInsertConflict(error: unknown): boolean {
  return error instanceof MongoServerError;
}
