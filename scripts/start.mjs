// `npm start`: everything a developer needs, with the embedded defaults: the local database
// (unless MONGODB_URI is set), the demo data, the bot on PORT, and two Microsoft 365 Agents
// Playgrounds pointed at it. Flags: --no-seed, --no-playground, --inspect[=port] (the bot's
// Node inspector on 127.0.0.1, 9239 by default: VS Code's F5 attaches to it).
//
// It needs no desktop, no TTY and no process manager: it never opens a browser (it prints the
// URLs), reads nothing from stdin, and stops everything on SIGINT or SIGTERM. When one of its
// children exits on its own, it says which and why, then stops the others; the local FerretDB
// alone is restarted when it dies (the bot's MongoDB driver reconnects by itself).
//
// Ports (environment or .env): PORT (bot, 3978), PLAYGROUND_PORT (provider's Playground, 56150;
// the reseller's is PLAYGROUND_PORT+1), LOCAL_DB_PORT (local FerretDB, a free one by default).
// LOCAL_DB_DATA_DIR moves the local database's data (default .cache/ferretdb/data); LOCAL_DB_SYNC
// (normal or full) is how it syncs commits to disk.
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import 'dotenv/config';
import { startFerretDb, syncSetting } from './local-db.mjs';
import { describeExit, launch, portFree, terminate, waitForUrl } from './start/processes.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const args = new Set(process.argv.slice(2));
const withPlayground = !args.has('--no-playground');
const inspectArg = process.argv.slice(2).find((arg) => arg === '--inspect' || arg.startsWith('--inspect='));
const inspectPort = inspectArg ? Number(inspectArg.split('=')[1] ?? 9239) : undefined;
/** How long a child may take to stop after SIGTERM before it is killed. */
const STOP_GRACE_MS = 5_000;
/** More restarts of the local database than this within RESTART_WINDOW_MS: give up. */
const MAX_DB_RESTARTS = 5;
const RESTART_WINDOW_MS = 60_000;

const say = (line) => console.log(`start: ${line}`);
const fail = (line) => {
  console.error(`start: ${line}`);
  process.exit(1);
};

function portSetting(name, fallback) {
  const raw = process.env[name];
  if (raw === undefined || raw.trim() === '') return fallback;
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 1 || port > 65534) fail(`${name}=${raw} is not a port number`);
  return port;
}
const port = portSetting('PORT', 3978);
const playgroundPort = portSetting('PLAYGROUND_PORT', 56150);
const dbPort = portSetting('LOCAL_DB_PORT', undefined);
const dataDir = resolve(process.env.LOCAL_DB_DATA_DIR?.trim() || join(root, '.cache', 'ferretdb', 'data'));

const env = {
  // The Playground opens a browser with xdg-open unless told not to; machines without a desktop
  // have none, and the Playground then exits.
  TEAMSAPPTESTER_BROWSER: 'none',
  ...process.env,
  PORT: String(port),
  PUBLIC_BASE_URL: process.env.PUBLIC_BASE_URL?.trim() || `http://localhost:${port}`,
};
const useLocalDb = !env.MONGODB_URI;
const synchronous = useLocalDb ? syncSetting() : undefined;

// Every port is checked before anything starts: the Playground would silently take another one.
const wanted = [[port, 'the bot', 'PORT']];
if (withPlayground) {
  wanted.push([playgroundPort, "the provider's Agents Playground", 'PLAYGROUND_PORT']);
  wanted.push([playgroundPort + 1, "the reseller's Agents Playground, PLAYGROUND_PORT+1", 'PLAYGROUND_PORT']);
}
if (useLocalDb && dbPort) wanted.push([dbPort, 'the local FerretDB', 'LOCAL_DB_PORT']);
for (const [number, what, setting] of wanted) {
  if (!(await portFree(number))) {
    const named = what.includes(setting) ? what : `${what}, ${setting}`;
    fail(`port ${number} (${named}) is already in use: stop what uses it or set ${setting}`);
  }
}

/** Running children; all are stopped together, the local database after them. */
const running = [];
let db;
let stopping = false;

async function stopAll(code) {
  if (stopping) return;
  stopping = true;
  await Promise.all(running.map((proc) => terminate(proc, STOP_GRACE_MS)));
  if (db) await terminate(db, STOP_GRACE_MS);
  process.exit(code);
}
function onSignal(signal) {
  if (stopping) {
    // A second Ctrl+C: no more waiting.
    for (const { child } of [...running, ...(db ? [db] : [])]) child.kill('SIGKILL');
    process.exit(130);
  }
  say(`${signal}: stopping everything`);
  void stopAll(0);
}
process.on('SIGINT', onSignal);
process.on('SIGTERM', onSignal);
// Whatever ends this process (an uncaught error, a failed database start), no child outlives it.
process.on('exit', () => {
  for (const { child } of [...running, ...(db ? [db] : [])]) {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
  }
});

/** Starts a child that must keep running: when it exits on its own, everything stops. */
function keep(proc) {
  running.push(proc);
  void proc.exited.then((exit) => {
    if (stopping) return;
    const why = describeExit(exit);
    const last = proc.tail.length ? `; its last output:\n  ${proc.tail.join('\n  ')}` : '';
    console.error(`start: ${proc.name} (pid ${proc.child.pid}) ${why}${last}`);
    console.error('start: stopping everything');
    void stopAll(1);
  });
  return proc;
}

async function startDb(restartsSoFar) {
  const started = await startFerretDb({
    dataDir,
    synchronous,
    ...(db ? { port: db.port } : dbPort ? { port: dbPort } : {}),
  });
  const exited = new Promise((resolveExit) =>
    started.child.once('exit', (code, signal) => resolveExit({ code, signal })),
  );
  db = { name: 'the local FerretDB', child: started.child, exited, port: started.port, uri: started.uri };
  void exited.then((exit) => {
    if (stopping) return;
    const now = Date.now();
    const recent = [...restartsSoFar, now].filter((at) => now - at < RESTART_WINDOW_MS);
    if (recent.length > MAX_DB_RESTARTS) {
      console.error(
        `start: the local FerretDB ${describeExit(exit)} ${recent.length} times in a minute; see .cache/ferretdb/ferretdb.log. Stopping everything`,
      );
      void stopAll(1);
      return;
    }
    console.error(
      `start: the local FerretDB (pid ${started.child.pid}) ${describeExit(exit)}; restarting it on port ${started.port}`,
    );
    void startDb(recent).then(() =>
      say(`the local FerretDB is back (pid ${db.child.pid}); the bot reconnects by itself`),
    );
  });
  return db;
}

const tsxNode = (script) => [process.execPath, ['--import', 'tsx', join(root, script)]];

if (useLocalDb) {
  await startDb([]);
  env.MONGODB_URI = db.uri;
  say(
    `local FerretDB on ${db.uri} (pid ${db.child.pid}, data in ${dataDir.startsWith(root) ? relative(root, dataDir) : dataDir})`,
  );
}

/** Runs a child that does one job before the others start; its failure stops everything. */
async function runToEnd(proc) {
  running.push(proc);
  const exit = await proc.exited;
  running.splice(running.indexOf(proc), 1);
  if (stopping) await new Promise(() => undefined); // a signal came: stopAll ends the process
  if (exit.code !== 0) {
    console.error(`start: ${proc.name} ${describeExit(exit)}; stopping everything`);
    await stopAll(1);
  }
}

if (!args.has('--no-seed') && (env.PARTNER_BACKEND ?? 'local') === 'local') {
  await runToEnd(launch('the demo data seed', ...tsxNode('scripts/seed.ts'), { env, cwd: root }));
}

// The pages' scripts (teams-js, bundled by esbuild) are served by the bot.
await runToEnd(
  launch("the pages' build", process.execPath, [join(root, 'scripts', 'build-web.mjs')], { env, cwd: root }),
);

const [nodePath, botArgs] = tsxNode('bot/index.ts');
const inspect = inspectPort ? [`--inspect=127.0.0.1:${inspectPort}`] : [];
keep(launch('the bot', nodePath, [...inspect, ...botArgs], { env, cwd: root }));
const botUrl = `http://127.0.0.1:${port}`;
if (!(await waitForUrl(`${botUrl}/healthz`, 60_000, () => stopping))) {
  if (!stopping) {
    console.error(`start: the bot did not answer on ${botUrl}/healthz within 60 s; stopping everything`);
    await stopAll(1);
  }
}

const playgrounds = [
  [root, playgroundPort, "the provider's Agents Playground", 'provider'],
  [join(root, 'playground', 'reseller'), playgroundPort + 1, "the reseller's Agents Playground", 'reseller'],
];
if (withPlayground) {
  // Each Playground reads the .m365agentsplayground.yml of its working directory: the provider's
  // agents (repository root) and a reseller's user in its own tenant (playground/reseller).
  const cli = join(root, 'node_modules', '@microsoft', 'm365agentsplayground', 'cli.js');
  for (const [cwd, uiPort, name, log] of playgrounds) {
    const playgroundEnv = {
      ...env,
      M365_AGENTS_PLAYGROUND_LOGFILE: join(root, '.cache', 'playground', `${log}.log`),
    };
    const cliArgs = [cli, '-e', `${botUrl}/api/messages`, '-c', 'msteams', '-p', String(uiPort)];
    keep(launch(name, process.execPath, [...cliArgs, '--dt'], { env: playgroundEnv, cwd }));
  }
  for (const [, uiPort, name] of playgrounds) {
    if (!(await waitForUrl(`http://127.0.0.1:${uiPort}/`, 60_000, () => stopping)) && !stopping) {
      console.error(`start: ${name} did not answer on port ${uiPort} within 60 s; stopping everything`);
      await stopAll(1);
    }
  }
}

if (!stopping) {
  const lines = [
    'ready. Open in a browser:',
    ...(withPlayground
      ? [
          `  http://localhost:${playgroundPort}  the provider's chat: you are Alex Wilber, admin agent of Adatum Distribution`,
          `  http://localhost:${playgroundPort + 1}  a reseller's chat: you are Chen Jie of Relecloud (Partner ID 5000025)`,
        ]
      : []),
    `  http://localhost:${port}/tabs/resellers  the resellers tab (as Alex Wilber)`,
    `  ${botUrl}/healthz  the bot (messages on ${botUrl}/api/messages)`,
    'Type "help"; "language zh-CN" switches to Chinese. Ctrl+C (or SIGTERM) stops everything.',
  ];
  say(lines.join('\n'));
}
