// Builds and runs the local FerretDB (MongoDB wire protocol over an embedded SQLite store).
// Used when MONGODB_URI is unset: by tests, `npm start`, `npm run seed` and the CLI scripts.
import { spawn, spawnSync } from 'node:child_process';
import { Buffer } from 'node:buffer';
import { createHash } from 'node:crypto';
import {
  closeSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readdirSync,
  readFileSync,
  readSync,
  rmSync,
  statSync,
} from 'node:fs';
import { createServer, connect } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const sourceDir = join(root, 'scripts', 'ferretdb');
const cacheDir = join(root, '.cache', 'ferretdb');
// The binary is named after a hash of its sources, so a change to the launcher builds it again.
const sourceHash = createHash('sha256');
for (const file of readdirSync(sourceDir).sort())
  sourceHash.update(file).update(readFileSync(join(sourceDir, file)));
export const binary = join(cacheDir, `ferretdb-local-${sourceHash.digest('hex').slice(0, 12)}`);

function fail(message) {
  console.error(`local-db: ${message}`);
  process.exit(1);
}

/** Builds the launcher once; go.sum pins FerretDB v1.24.2 and every dependency. */
export function buildFerretDb() {
  if (existsSync(binary)) return binary;
  const go = spawnSync('go', ['version'], { encoding: 'utf8' });
  if (go.error || go.status !== 0) {
    fail(
      'MONGODB_URI is not set and Go is not installed. Either set MONGODB_URI to a MongoDB server, or install Go (1.22+) so the local FerretDB can be built.',
    );
  }
  mkdirSync(cacheDir, { recursive: true });
  console.error('local-db: building FerretDB v1.24.2 (once; cached in .cache/ferretdb)…');
  const build = (extra) =>
    spawnSync('go', ['build', '-trimpath', '-buildvcs=false', ...extra, '-o', binary, '.'], {
      cwd: sourceDir,
      stdio: 'inherit',
    });
  let result = build([]);
  // Newer Go linkers refuse some pull-style linknames used by FerretDB's dependencies.
  if (result.status !== 0) result = build(['-ldflags=-checklinkname=0']);
  if (result.status !== 0) fail('the FerretDB build failed (see the Go output above)');
  return binary;
}

async function freePort() {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolvePort(port));
    });
  });
}

function portAnswers(port) {
  return new Promise((resolveAnswer) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolveAnswer(true);
    });
    socket.once('error', () => resolveAnswer(false));
  });
}

/**
 * How the local store syncs its commits to disk (LOCAL_DB_SYNC): `normal` (the default) keeps
 * every acknowledged write through a crash or kill of FerretDB or of the bot, `full` through a
 * power loss too, at the cost of an fsync per write (scripts/ferretdb/main.go says more).
 */
export function syncSetting(env = process.env) {
  const value = env.LOCAL_DB_SYNC?.trim().toLowerCase() || 'normal';
  if (value !== 'normal' && value !== 'full')
    fail(`LOCAL_DB_SYNC=${env.LOCAL_DB_SYNC} must be normal or full`);
  return value;
}

/**
 * Starts FerretDB and resolves once it accepts connections.
 * `indexPoll` (a Go duration, "200ms" when unset) is how often the id indexer looks for new
 * collections; a test shortens it to meet FerretDB's creation of a database as often as it can.
 * @param {{ dataDir?: string, port?: number, quiet?: boolean, synchronous?: 'normal' | 'full', indexPoll?: string }} options
 */
export async function startFerretDb(options = {}) {
  const synchronous = options.synchronous ?? syncSetting();
  const exe = buildFerretDb();
  const port = options.port ?? (await freePort());
  const temporary = !options.dataDir;
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'rrb-ferretdb-'));
  mkdirSync(dataDir, { recursive: true });
  // FerretDB logs every connection; keep that out of test output unless asked for.
  const logFile = join(cacheDir, 'ferretdb.log');
  const logStart = existsSync(logFile) ? statSync(logFile).size : 0;
  const log = options.quiet === false ? 'inherit' : openSync(logFile, 'a');
  const args = ['-listen', `127.0.0.1:${port}`, '-data', dataDir, '-synchronous', synchronous];
  if (options.indexPoll) args.push('-id-index-poll', options.indexPoll);
  const child = spawn(exe, args, {
    stdio: ['ignore', log, log],
  });
  let exited = false;
  child.once('exit', () => (exited = true));
  const deadline = Date.now() + 30_000;
  while (!(await portAnswers(port))) {
    if (exited) fail(`FerretDB exited during start (port ${port}); see .cache/ferretdb/ferretdb.log`);
    if (Date.now() > deadline) fail(`FerretDB did not answer on port ${port} within 30 s`);
    await new Promise((r) => setTimeout(r, 100));
  }
  /** Stops FerretDB, waits until it has exited (killed after 5 s), then removes a temporary folder. */
  const stop = async () => {
    if (!exited) {
      const gone = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      const killer = setTimeout(() => child.kill('SIGKILL'), 5_000);
      await gone;
      clearTimeout(killer);
    }
    if (temporary) rmSync(dataDir, { recursive: true, force: true, maxRetries: 5, retryDelay: 100 });
  };
  /** What the launcher's watchdog logged of this FerretDB's stalls (scripts/ferretdb/watchdog.go). */
  const stalls = () => (options.quiet === false ? [] : stallReport(logFile, logStart, port));
  return { uri: `mongodb://127.0.0.1:${port}/`, port, dataDir, binary: exe, stop, stalls, child };
}

/** Calls worth showing in a stall: FerretDB's registry and pool, SQLite waiting, the indexer, logging. */
const WAITING =
  /metadata\.\(\*Registry\)|pool\.\(\*Pool\)|main\.\(\*idIndexer\)|BusyHandler|RWMutex\)\.|Xfsync|_unixSync|_walCheckpoint|_sqlite3WalClose|log\.\(\*Logger\)/;
/** The most of a log read after a run (its end), and of lines shown per stall. */
const LOG_READ_MAX = 32 << 20;
const LINES_PER_STALL = 40;

/** The part of the log written since `from` (its last LOG_READ_MAX bytes at most). */
function logSince(logFile, from) {
  const size = statSync(logFile).size;
  const start = Math.max(from, size - LOG_READ_MAX);
  const buffer = Buffer.alloc(Math.max(0, size - start));
  const fd = openSync(logFile, 'r');
  try {
    readSync(fd, buffer, 0, buffer.length, start);
  } finally {
    closeSync(fd);
  }
  return buffer.toString('utf8');
}

/**
 * The watchdog's lines about one FerretDB, from a log position on. Each stall shows the goroutines
 * whose stacks name one of the WAITING calls, identical stacks counted once (the full stacks stay
 * in the log).
 */
export function stallReport(logFile, from, port) {
  if (!existsSync(logFile)) return [];
  const marker = `ferretdb-local: stall on 127.0.0.1:${port}:`;
  const report = [];
  for (const [index, part] of logSince(logFile, from).split(marker).entries()) {
    if (index === 0) continue;
    const [headline, ...rest] = part.split('\n');
    report.push(`FerretDB stall:${headline}`);
    // The stacks end where the next log line (a date) begins.
    const end = rest.findIndex((line) => /^\d{4}\/\d\d\/\d\d /.test(line));
    const stacks = rest
      .slice(0, end === -1 ? rest.length : end)
      .join('\n')
      .split(/\n\s*\n/);
    const shown = new Map();
    for (const stack of stacks) {
      const [first = '', ...frames] = stack.trim().split('\n');
      const calls = frames
        .filter((line) => WAITING.test(line))
        .map((line) => line.replace(/\([^()]*\)$/, '()'));
      if (calls.length === 0) continue;
      const key = [first.replace(/^goroutine \d+ /, 'goroutine '), ...calls].join('\n    ');
      shown.set(key, (shown.get(key) ?? 0) + 1);
    }
    const lines = [...shown].flatMap(([key, count]) =>
      `  ${count > 1 ? `${count} × ` : ''}${key}`.split('\n'),
    );
    report.push(...lines.slice(0, LINES_PER_STALL));
  }
  if (report.length > 0) report.push(`(every goroutine's stack: ${logFile})`);
  return report;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  if (process.argv.includes('--build-only')) {
    console.log(buildFerretDb());
  } else {
    const db = await startFerretDb({ dataDir: join(cacheDir, 'data'), quiet: false });
    console.log(`MONGODB_URI=${db.uri}`);
    const stop = () => void db.stop().then(() => process.exit(0));
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  }
}
