// `npm start`: everything a developer needs, with the embedded defaults: the local database
// (unless MONGODB_URI is set), the demo data, the bot on PORT, and the Microsoft 365 Agents
// Playground pointed at it. Flags: --no-seed, --no-playground.
import { spawn, spawnSync } from 'node:child_process';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import 'dotenv/config';
import { startFerretDb } from './local-db.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const args = new Set(process.argv.slice(2));
const port = Number(process.env.PORT ?? 3978);
const playgroundPort = Number(process.env.PLAYGROUND_PORT ?? 56150);
const tsx = join(root, 'node_modules', '.bin', 'tsx');
const children = [];
let db;

function stopAll(code = 0) {
  for (const child of children) if (child.exitCode === null) child.kill('SIGTERM');
  db?.stop();
  process.exit(code);
}
process.on('SIGINT', () => stopAll(0));
process.on('SIGTERM', () => stopAll(0));

// The Playground opens a browser with xdg-open unless told not to; machines without a desktop
// have none, and the Playground then exits. The URLs are printed instead.
const env = { TEAMSAPPTESTER_BROWSER: 'none', ...process.env };
if (!env.MONGODB_URI) {
  db = await startFerretDb({ dataDir: join(root, '.cache', 'ferretdb', 'data') });
  env.MONGODB_URI = db.uri;
  console.log(`start: local FerretDB on ${db.uri} (data in .cache/ferretdb/data)`);
}

if (!args.has('--no-seed') && (env.PARTNER_BACKEND ?? 'local') === 'local') {
  const seed = spawnSync(tsx, [join(root, 'scripts', 'seed.ts')], { stdio: 'inherit', env });
  if (seed.status !== 0) stopAll(1);
}

const bot = spawn(tsx, [join(root, 'bot', 'index.ts')], { stdio: 'inherit', env });
children.push(bot);
bot.on('exit', (code) => stopAll(code ?? 1));

const healthy = await waitFor(`http://127.0.0.1:${port}/healthz`, 30_000);
if (!healthy) {
  console.error(`start: the bot did not answer on http://127.0.0.1:${port}/healthz`);
  stopAll(1);
}

if (!args.has('--no-playground')) {
  // Two Playgrounds, each reading the .m365agentsplayground.yml of its working directory: the
  // provider's agents (repository root) and a reseller's user in its own tenant (playground/reseller).
  const cli = join(root, 'node_modules', '@microsoft', 'm365agentsplayground', 'cli.js');
  const endpoint = `http://127.0.0.1:${port}/api/messages`;
  for (const [cwd, uiPort] of [
    [root, playgroundPort],
    [join(root, 'playground', 'reseller'), playgroundPort + 1],
  ]) {
    const playground = spawn(
      process.execPath,
      [cli, '-e', endpoint, '-c', 'msteams', '-p', String(uiPort), '--dt'],
      {
        stdio: 'inherit',
        env,
        cwd,
      },
    );
    children.push(playground);
    playground.on('exit', (code) => stopAll(code ?? 1));
  }
  console.log(
    `start: Agents Playground for the provider on http://localhost:${playgroundPort} (you are Alex Wilber, admin agent), ` +
      `and for a reseller on http://localhost:${playgroundPort + 1} (Chen Jie of Relecloud). ` +
      `Type "help"; "language zh-CN" switches to Chinese. Ctrl+C stops everything.`,
  );
}

async function waitFor(url, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      if ((await fetch(url)).ok) return true;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  return false;
}
