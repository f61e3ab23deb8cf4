import {
  MongoBulkWriteError,
  MongoClient,
  MongoNetworkError,
  MongoOperationTimeoutError,
  MongoServerSelectionError,
  MongoDriverError,
  MongoServerError,
  type Collection,
  type Db,
  type Document,
  type Filter,
  type WithoutId,
} from 'mongodb';

/**
 * How long one database operation may wait on a silent server before the caller hears "not
 * answering". The driver retries a failed read once, so a stalled server costs a turn about
 * twice this: within 3 s.
 */
export const OPERATION_TIMEOUT_MS = 1_500;
/** Scans that only maintenance runs (rebuilds, sweeps) may take longer. */
export const SCAN_TIMEOUT_MS = 30_000;

/** An open connection to the bot's database. */
export interface Database {
  client: MongoClient;
  db: Db;
  /** The same database through a connection pool whose deadline fits maintenance scans. */
  scanDb: Db;
  /** The client of `scanDb`. */
  scanClient: MongoClient;
  close(): Promise<void>;
}

function client(uri: string, deadlineMs: number): MongoClient {
  return new MongoClient(uri, {
    // A socket that hears nothing for this long fails its operation (a stalled server), and the
    // pool opens new connections on its own once the server answers again. The driver's own
    // operation timeout (`timeoutMS`) has no effect in this driver version.
    socketTimeoutMS: deadlineMs,
    serverSelectionTimeoutMS: OPERATION_TIMEOUT_MS,
    connectTimeoutMS: OPERATION_TIMEOUT_MS,
    waitQueueTimeoutMS: OPERATION_TIMEOUT_MS,
    appName: 'reseller-relationship-bot',
    // Optional fields left undefined are not stored (instead of being stored as null).
    ignoreUndefined: true,
  });
}

/** Connects and waits until the server answers `ping`. */
export async function connectDatabase(uri: string, dbName: string): Promise<Database> {
  const main = client(uri, OPERATION_TIMEOUT_MS);
  const scans = client(uri, SCAN_TIMEOUT_MS);
  await main.connect();
  const db = main.db(dbName);
  await db.command({ ping: 1 });
  return {
    client: main,
    db,
    scanDb: scans.db(dbName),
    scanClient: scans,
    close: async () => {
      await Promise.all([main.close(), scans.close()]);
    },
  };
}

/** True when the server answers `ping` within `deadlineMs`. */
export async function pingDatabase(database: Database, deadlineMs = 1_000): Promise<boolean> {
  try {
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<never>((_resolve, reject) => {
      timer = setTimeout(() => reject(new Error('ping deadline')), deadlineMs);
    });
    await Promise.race([database.db.command({ ping: 1 }), deadline]).finally(() => clearTimeout(timer));
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
    error instanceof MongoNetworkError ||
    // No connection came free in time (the pool's are all waiting on the server); the driver
    // does not export this class.
    (error instanceof MongoDriverError && error.name === 'MongoWaitQueueTimeoutError')
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

/** Whether an insert failed only because some documents were there already (duplicate keys, 11000). */
function onlyDuplicateKeys(error: unknown): boolean {
  if (error instanceof MongoBulkWriteError) {
    const errors = Array.isArray(error.writeErrors) ? error.writeErrors : [error.writeErrors];
    return errors.length > 0 && errors.every((e) => e.code === 11000);
  }
  return error instanceof MongoServerError && error.code === 11000;
}

/**
 * Inserts the documents that are not there yet, in one command (unordered): a duplicate `_id` is
 * one written already, which is kept. Answers how many it inserted.
 */
export async function insertNew<T extends Document & { _id: string }>(
  collection: Collection<T>,
  docs: T[],
): Promise<number> {
  if (docs.length === 0) return 0;
  try {
    return (await collection.insertMany(docs as never, { ordered: false })).insertedCount;
  } catch (error) {
    if (!onlyDuplicateKeys(error)) throw error;
    return error instanceof MongoBulkWriteError ? error.insertedCount : 0;
  }
}

/**
 * Writes the document under its `_id`, creating it when absent. Two writers creating the same new
 * `_id` at once both succeed: FerretDB v1 answers the second upsert with a duplicate key error,
 * and since the document exists then, the write is made again without upsert (last writer wins).
 */
export async function putById<T extends Document & { _id: string }>(
  collection: Collection<T>,
  _id: string,
  doc: WithoutId<T>,
): Promise<void> {
  const filter = { _id } as Filter<T>;
  try {
    await collection.replaceOne(filter, doc, { upsert: true });
  } catch (error) {
    if (!isInsertConflict(error)) throw error;
    await collection.replaceOne(filter, doc);
  }
}
