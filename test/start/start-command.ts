import { existsSync, readdirSync, readFileSync } from 'node:fs';
import WebSocket from 'ws';

export { freePort, runStartCommand, type StartCommand } from '../../scripts/start/child.js';

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
