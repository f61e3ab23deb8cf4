import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { translate } from '../../i18n/index.js';
import {
  alive,
  descendants,
  freePort,
  PlaygroundClient,
  runStartCommand,
  type StartCommand,
} from './start-command.js';

/** Long enough for a cold tsx start of the seed, the bot and two Playgrounds on a busy 2-core machine. */
const READY_MS = 120_000;
/** "Everything exits within a few seconds" of SIGTERM (the bot drains in-flight turns first). */
const STOP_MS = 10_000;

async function gone(pids: number[], withinMs: number): Promise<number[]> {
  const deadline = Date.now() + withinMs;
  let living = pids.filter(alive);
  while (living.length > 0 && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 100));
    living = living.filter(alive);
  }
  return living;
}

describe('npm start (scripts/start.mjs) without a TTY or a desktop', function () {
  this.timeout(READY_MS + 60_000);
  let start: StartCommand;
  let pids: number[] = [];

  before(async () => {
    start = await runStartCommand();
    await start.waitFor(/start: ready/, READY_MS);
    pids = descendants(start.child.pid ?? 0);
  });

  after(async () => {
    if (start.child.exitCode === null && start.child.signalCode === null) start.child.kill('SIGKILL');
    for (const pid of pids.filter(alive)) process.kill(pid, 'SIGKILL');
    start.cleanUp();
  });

  it('prints the URLs to open, and the bot and both Playgrounds answer on the configured ports', async () => {
    const { bot, playground } = start.ports;
    expect(start.output()).to.include(`http://localhost:${playground} `);
    expect(start.output()).to.include(`http://localhost:${playground + 1} `);
    const health = await fetch(`http://127.0.0.1:${bot}/healthz`);
    expect(health.status).to.equal(200);
    expect(await health.json()).to.include({ status: 'ok', database: 'ok' });
    for (const port of [playground, playground + 1]) {
      const page = await fetch(`http://127.0.0.1:${port}/`);
      expect(page.status, `Playground on ${port}`).to.equal(200);
      expect(await page.text()).to.match(/<html/i);
    }
    // The local database, the bot and two Playgrounds are its children.
    expect(pids.length).to.be.at.least(4);
  });

  it('answers a message typed in the provider Playground (its own conversation API)', async () => {
    const playground = new PlaygroundClient(start.ports.playground);
    try {
      await playground.send('role');
      const answer = await playground.answerContaining(translate('en-US', 'role.title'), 20_000);
      expect(answer).to.include('Alex Wilber');
    } finally {
      playground.close();
    }
  });

  it('restarts the local FerretDB when it is killed, says so, and the bot answers again', async () => {
    const [, dbPid] = start.output().match(/local FerretDB on \S+ \(pid (\d+)/) ?? [];
    expect(dbPid, 'FerretDB pid printed').to.be.a('string');
    const from = start.output().length;
    process.kill(Number(dbPid), 'SIGKILL');
    await start.waitFor(/the local FerretDB \(pid \d+\) was stopped by SIGKILL; restarting it/, 10_000, from);
    const [, newPid] = await start.waitFor(/the local FerretDB is back \(pid (\d+)\)/, 30_000, from);
    expect(Number(newPid)).to.not.equal(Number(dbPid));
    pids.push(Number(newPid));

    // The driver reconnects by itself: no restart of the bot.
    let status = 0;
    for (let i = 0; i < 50 && status !== 200; i++) {
      status = (await fetch(`http://127.0.0.1:${start.ports.bot}/healthz`)).status;
      if (status !== 200) await new Promise((r) => setTimeout(r, 200));
    }
    expect(status).to.equal(200);
    const playground = new PlaygroundClient(start.ports.playground);
    try {
      await playground.send('help');
      await playground.answerContaining('Alex Wilber', 20_000);
    } finally {
      playground.close();
    }
  });

  it('stops everything on SIGTERM within a few seconds, leaving no process behind', async () => {
    const all = [...new Set([...pids, ...descendants(start.child.pid ?? 0)])];
    start.child.kill('SIGTERM');
    const timer = new Promise<'late'>((r) => setTimeout(() => r('late'), STOP_MS).unref());
    const exit = await Promise.race([start.exited, timer]);
    expect(exit, start.output().slice(-2000)).to.deep.equal({ code: 0, signal: null });
    expect(await gone(all, 2_000), 'processes left').to.deep.equal([]);
  });
});

describe('npm start when something goes wrong', function () {
  this.timeout(READY_MS);

  it('names a port already in use in one line and starts nothing', async () => {
    const port = await freePort();
    const holder: Server = createServer();
    await new Promise<void>((r) => holder.listen(port, '127.0.0.1', () => r()));
    const start = await runStartCommand(['--no-seed'], { PORT: String(port) });
    try {
      const exit = await start.exited;
      expect(exit.code).to.equal(1);
      expect(start.output().trim().split('\n')).to.deep.equal([
        `start: port ${port} (the bot, PORT) is already in use: stop what uses it or set PORT`,
      ]);
    } finally {
      holder.close();
      start.cleanUp();
    }
  });

  it('names a sync setting the local database does not know in one line and starts nothing', async () => {
    const start = await runStartCommand(['--no-seed'], { LOCAL_DB_SYNC: 'off' });
    try {
      const exit = await start.exited;
      expect(exit.code).to.equal(1);
      expect(start.output().trim().split('\n')).to.deep.equal([
        'local-db: LOCAL_DB_SYNC=off must be normal or full',
      ]);
    } finally {
      start.cleanUp();
    }
  });

  it('says which child stopped and why, then stops the others', async () => {
    const start = await runStartCommand(['--no-seed', '--no-playground']);
    let others: number[] = [];
    try {
      await start.waitFor(/start: ready/, READY_MS);
      others = descendants(start.child.pid ?? 0);
      const bot = others.find((pid) => commandOf(pid).includes('bot/index.ts'));
      expect(bot, 'bot pid').to.be.a('number');
      process.kill(Number(bot), 'SIGKILL');
      const exit = await start.exited;
      expect(exit.code).to.equal(1);
      expect(start.output()).to.match(/start: the bot \(pid \d+\) was stopped by SIGKILL/);
      expect(start.output()).to.include('start: stopping everything');
      expect(await gone(others, 2_000), 'processes left').to.deep.equal([]);
    } finally {
      // A failed run leaves nothing behind either.
      for (const pid of [start.child.pid ?? 0, ...others].filter(alive)) process.kill(pid, 'SIGKILL');
      start.cleanUp();
    }
  });
});

function commandOf(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ');
  } catch {
    return '';
  }
}
