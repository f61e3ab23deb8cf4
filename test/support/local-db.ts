// @ts-expect-error: a plain ES module of the project's scripts, without type declarations
import { startFerretDb } from '../../scripts/local-db.mjs';

/** A FerretDB of the project's own started by a test (scripts/local-db.mjs), to stop or to kill. */
export interface LocalDb {
  uri: string;
  port: number;
  child: { pid: number; once(event: 'exit', listener: () => void): void };
  /** Its data folder, and the launcher's binary (which also holds a file's write lock for tests). */
  dataDir: string;
  binary: string;
  /** Stops it and waits until it has exited (a temporary data folder is then removed). */
  stop(): Promise<void>;
  /** What its watchdog logged of stalls, as `npm test` prints it after a run. */
  stalls(): string[];
}

/**
 * Starts one (a temporary data folder unless `dataDir`), answering once it accepts connections.
 * `indexPoll` shortens the id indexer's poll interval (a Go duration such as "1ms").
 */
export async function startLocalDb(options: { dataDir?: string; indexPoll?: string } = {}): Promise<LocalDb> {
  return (await startFerretDb(options)) as LocalDb;
}
