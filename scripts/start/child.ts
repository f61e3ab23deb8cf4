/**
 * The real `scripts/start.mjs` (`npm start`) in a child process: no TTY, no DISPLAY, its own ports
 * and a throw-away data directory. The start command's tests, the browser walk-through and
 * `npm run screenshots` all start the bot, the local database and both Agents Playgrounds this
 * one way.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

export interface StartCommand {
  child: ChildProcess;
  ports: { bot: number; playground: number };
  /** Everything it printed so far (stdout and stderr). */
  output(): string;
  /** Resolves with the first match of the pattern in the output printed after `from`. */
  waitFor(pattern: RegExp, timeoutMs: number, from?: number): Promise<RegExpMatchArray>;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Removes the data directory (call after the process exited). */
  cleanUp(): void;
}

export async function runStartCommand(
  args: string[] = [],
  extraEnv: Record<string, string> = {},
): Promise<StartCommand> {
  const ports = { bot: await freePort(), playground: await freePortPair() };
  const dataDir = mkdtempSync(join(tmpdir(), 'rrb-start-'));
  const env: NodeJS.ProcessEnv = { ...process.env };
  // The caller's own database and desktop are not the start command's.
  for (const name of ['MONGODB_URI', 'DISPLAY', 'WAYLAND_DISPLAY', 'LOCAL_DB_DATA_DIR', 'LOCAL_DB_PORT']) {
    delete env[name];
  }
  Object.assign(env, {
    PORT: String(ports.bot),
    PLAYGROUND_PORT: String(ports.playground),
    LOCAL_DB_DATA_DIR: dataDir,
    ...extraEnv,
  });
  const child = spawn(process.execPath, [join(root, 'scripts', 'start.mjs'), ...args], {
    cwd: root,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let text = '';
  const waiters = new Set<() => void>();
  const append = (chunk: Buffer) => {
    text += chunk.toString('utf8');
    for (const wake of waiters) wake();
  };
  child.stdout?.on('data', append);
  child.stderr?.on('data', append);
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((done) =>
    child.once('exit', (code, signal) => done({ code, signal })),
  );
  let hasExited = false;
  void exited.then(() => {
    hasExited = true;
    for (const wake of waiters) wake();
  });

  const waitFor = (pattern: RegExp, timeoutMs: number, from = 0) =>
    new Promise<RegExpMatchArray>((done, fail) => {
      const check = () => {
        const match = text.slice(from).match(pattern);
        if (match) finish(() => done(match));
        else if (hasExited) finish(() => fail(new Error(`exited before printing ${pattern}:\n${text}`)));
      };
      const timer = setTimeout(
        () => finish(() => fail(new Error(`no ${pattern} within ${timeoutMs} ms:\n${text}`))),
        timeoutMs,
      );
      const finish = (settle: () => void) => {
        clearTimeout(timer);
        waiters.delete(check);
        settle();
      };
      waiters.add(check);
      check();
    });

  return {
    child,
    ports,
    output: () => text,
    waitFor,
    exited,
    cleanUp: () => rmSync(dataDir, { recursive: true, force: true }),
  };
}

export function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer();
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => done(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

/** A port P with P+1 free as well (the two Playgrounds). */
async function freePortPair(): Promise<number> {
  for (;;) {
    const port = await freePort();
    if (port < 65535 && (await isFree(port + 1))) return port;
  }
}

function isFree(port: number): Promise<boolean> {
  return new Promise((done) => {
    const server = createServer();
    server.once('error', () => done(false));
    server.listen(port, () => server.close(() => done(true)));
  });
}
