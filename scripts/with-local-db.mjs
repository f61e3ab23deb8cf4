// Runs a command with MONGODB_URI pointing at a database: the one configured, or else a local
// FerretDB started for the command's lifetime (a throw-away one unless --keep-data is given).
// Usage: node scripts/with-local-db.mjs [--keep-data] <command> [args…]
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import 'dotenv/config';
import { startFerretDb } from './local-db.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const keepData = args[0] === '--keep-data';
if (keepData) args.shift();
const [command, ...commandArgs] = args;
if (!command) {
  console.error('usage: with-local-db.mjs [--keep-data] <command> [args…]');
  process.exit(2);
}

let db;
if (!process.env.MONGODB_URI) {
  db = await startFerretDb(keepData ? { dataDir: join(root, '.cache', 'ferretdb', 'data') } : {});
  console.error(
    `with-local-db: FerretDB on ${db.uri}${keepData ? ' (data kept in .cache/ferretdb/data)' : ''}`,
  );
}

const local = join(root, 'node_modules', '.bin', command);
const child = spawn(existsSync(local) ? local : command, commandArgs, {
  stdio: 'inherit',
  env: db
    ? { ...process.env, MONGODB_URI: db.uri, LOCAL_DB_DATA_DIR: db.dataDir, LOCAL_DB_BINARY: db.binary }
    : process.env,
});
const forward = (signal) => child.kill(signal);
process.on('SIGINT', forward);
process.on('SIGTERM', forward);
child.on('exit', async (code, signal) => {
  // FerretDB exits before its temporary folder goes (nothing writes in it while it is removed).
  // A folder left behind is said, and does not change the command's answer.
  await db?.stop().catch((error) => console.error(`with-local-db: ${error.message}`));
  // A stall of the database (every client waiting) is the likeliest cause of a run's timeouts:
  // the launcher's watchdog logged it with the stacks that say what FerretDB waited for.
  try {
    for (const line of db?.stalls() ?? []) console.error(`with-local-db: ${line}`);
  } catch (error) {
    console.error(`with-local-db: the database log could not be read (${error.message})`);
  }
  process.exit(code ?? (signal ? 1 : 0));
});
