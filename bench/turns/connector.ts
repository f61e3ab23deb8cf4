import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A stand-in for the Bot Connector on 127.0.0.1: answers what the bot sends to a conversation
 * (`POST /v3/conversations/{id}/activities[/{replyToId}]`, `PUT …/activities/{id}` for a
 * replaced card) with `{ id }`, as the real service does, and counts the replies per activity
 * they answer, so the benchmark knows every message turn got its answer.
 */
export class FakeConnector {
  private server: Server | undefined;
  private readonly replies = new Map<string, number>();
  received = 0;
  url = '';

  async start(): Promise<void> {
    this.server = createServer((req, res) => {
      req.resume();
      req.on('end', () => {
        this.received += 1;
        // …/activities/{replyToId}: the bot answers that activity (sendActivity in a turn).
        const match = /\/activities\/([^/?]+)/.exec(req.url ?? '');
        const replyTo = match?.[1] ? decodeURIComponent(match[1]) : '';
        if (replyTo) this.replies.set(replyTo, (this.replies.get(replyTo) ?? 0) + 1);
        res.writeHead(200, { 'Content-Type': 'application/json' });
        res.end(JSON.stringify({ id: `reply-${this.received}` }));
      });
    });
    this.server.keepAliveTimeout = 60_000;
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/`;
  }

  /** Replies the bot sent for this activity id (and forgets them). */
  take(activityId: string): number {
    const count = this.replies.get(activityId) ?? 0;
    this.replies.delete(activityId);
    return count;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}
