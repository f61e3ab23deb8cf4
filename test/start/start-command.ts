import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import WebSocket from 'ws';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** The real `scripts/start.mjs` in a child process: no TTY, no DISPLAY, its own ports and data. */
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

export async function runStartCommand(args: string[] = [], extraEnv: Record<string, string> = {}) {
  const ports = { bot: await freePort(), playground: await freePortPair() };
  const dataDir = mkdtempSync(join(tmpdir(), 'rrb-start-'));
  const env: NodeJS.ProcessEnv = { ...process.env };
  // The test runner's own database and desktop are not the start command's.
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
  } satisfies StartCommand;
}

/** The PIDs of every living descendant of a process, read from /proc. */
export function descendants(pid: number): number[] {
  const parents = new Map<number, number[]>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      // pid (comm) state ppid …; comm may hold spaces and parentheses.
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      parents.set(ppid, [...(parents.get(ppid) ?? []), Number(entry)]);
    } catch {
      // the process ended while we looked
    }
  }
  const found: number[] = [];
  const visit = (parent: number) => {
    for (const child of parents.get(parent) ?? []) {
      found.push(child);
      visit(child);
    }
  };
  visit(pid);
  return found;
}

/** True while the PID names a process that has not ended (a zombie counts as ended). */
export function alive(pid: number): boolean {
  if (!existsSync(`/proc/${pid}/stat`)) return false;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2)[0] !== 'Z';
  } catch {
    return false;
  }
}

/** The Playground's conversation API: what its web page calls to send and to show messages. */
export class PlaygroundClient {
  private readonly socket: WebSocket;
  private readonly received: unknown[] = [];
  private readonly ready: Promise<void>;

  constructor(private readonly port: number) {
    this.socket = new WebSocket(`ws://127.0.0.1:${port}/_ws_conversation/v1/conversations/stream`);
    this.socket.on('message', (data: Buffer) => this.received.push(JSON.parse(data.toString('utf8'))));
    this.ready = new Promise((done, fail) => {
      this.socket.once('open', () => done());
      this.socket.once('error', fail);
    });
  }

  /** Types a message as the Playground's current user in its personal chat with the bot. */
  async send(text: string): Promise<void> {
    await this.ready;
    const config = (await (await fetch(`http://127.0.0.1:${this.port}/_internal/v1/config`)).json()) as {
      config: { currentUser: { id: string }; personalChat: { id: string } };
    };
    const { currentUser, personalChat } = config.config;
    const response = await fetch(
      `http://127.0.0.1:${this.port}/_conversation/v1/conversations/${encodeURIComponent(personalChat.id)}/messages`,
      {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ from: { id: currentUser.id }, text, textFormat: 'plain' }),
      },
    );
    if (!response.ok) throw new Error(`the Playground refused the message: ${response.status}`);
  }

  /** Waits for a message from the bot whose JSON contains the text. */
  async answerContaining(text: string, timeoutMs: number): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      const hit = this.received.map((m) => JSON.stringify(m)).find((json) => json.includes(text));
      if (hit) return hit;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`no answer containing "${text}" within ${timeoutMs} ms`);
  }

  close(): void {
    this.socket.close();
  }
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
