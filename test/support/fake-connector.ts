import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A local Bot Connector: the REST service Teams runs at a conversation's `serviceUrl`. It answers
 * the two calls the bot makes proactively, with the documented shapes
 * (https://learn.microsoft.com/en-us/azure/bot-service/rest-api/bot-framework-rest-connector-api-reference):
 * `POST /v3/conversations/{id}/activities[/{replyToId}]` (send, or reply: what `sendActivity`
 * inside `continueConversationAsync` calls) → 201 `{ id }`, and `POST /v3/conversations` → 201
 * `{ id, activityId? }`. Answers can be scripted per conversation: a status (429 with
 * Retry-After, 412, 502, 503, 403, 404…), a slow answer, or a dropped connection.
 */
export type Scripted =
  | { status: number; retryAfter?: string; body?: unknown }
  | { drop: true }
  | { delayMs: number; then?: Scripted };

export interface Delivery {
  conversationId: string;
  activity: Record<string, unknown>;
  /** Milliseconds since the epoch when the connector accepted it. */
  at: number;
}

export interface Attempt {
  conversationId: string;
  answer: number | 'dropped';
  at: number;
}

export class FakeConnector {
  readonly deliveries: Delivery[] = [];
  readonly attempts: Attempt[] = [];
  /** Bodies of POST /v3/conversations (new 1:1 chats). */
  readonly created: Record<string, unknown>[] = [];
  private readonly scripts = new Map<string, Scripted[]>();
  private sequence = 0;

  private constructor(
    private readonly server: Server,
    readonly url: string,
  ) {}

  static async start(): Promise<FakeConnector> {
    const holder: { connector?: FakeConnector } = {};
    const server = createServer((req, res) => void holder.connector?.handle(req, res));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    holder.connector = new FakeConnector(server, `http://127.0.0.1:${port}/`);
    return holder.connector;
  }

  /** The next answers for a conversation ('*': any conversation), in order; then 201s again. */
  script(conversationId: string, ...answers: Scripted[]): void {
    this.scripts.set(conversationId, [...(this.scripts.get(conversationId) ?? []), ...answers]);
  }

  /** The cards delivered to one conversation, in order. */
  cardsTo(conversationId: string): Record<string, unknown>[] {
    return this.deliveries
      .filter((d) => d.conversationId === conversationId)
      .flatMap((d) => (d.activity.attachments as { content: Record<string, unknown> }[] | undefined) ?? [])
      .map((a) => a.content);
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = chunks.length
      ? (JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>)
      : {};
    const path = decodeURIComponent(new URL(req.url ?? '/', this.url).pathname);
    const activities = /^\/v3\/conversations\/([^/]+)\/activities(?:\/[^/]+)?\/?$/.exec(path);
    if (req.method === 'POST' && activities?.[1]) {
      const conversationId = activities[1];
      const scripted = this.next(conversationId);
      await this.answer(res, req, scripted, conversationId, () => {
        this.deliveries.push({ conversationId, activity: body, at: Date.now() });
        return { id: `activity-${++this.sequence}` };
      });
      return;
    }
    if (req.method === 'POST' && path.replace(/\/$/, '') === '/v3/conversations') {
      this.created.push(body);
      const member = (body.members as { id?: string }[] | undefined)?.[0]?.id ?? 'someone';
      const conversationId = `a:created-${member}`;
      await this.answer(res, req, this.next('create'), conversationId, () => ({ id: conversationId }));
      return;
    }
    res.writeHead(404, { 'Content-Type': 'application/json' });
    res.end(JSON.stringify({ error: { code: 'NotFound', message: 'no such route' } }));
  }

  private next(conversationId: string): Scripted | undefined {
    for (const key of [conversationId, '*']) {
      const queue = this.scripts.get(key);
      if (queue?.length) return queue.shift();
    }
    return undefined;
  }

  private async answer(
    res: ServerResponse,
    req: IncomingMessage,
    scripted: Scripted | undefined,
    conversationId: string,
    accept: () => unknown,
  ): Promise<void> {
    let step = scripted;
    while (step && 'delayMs' in step) {
      await new Promise((resolve) => setTimeout(resolve, step && 'delayMs' in step ? step.delayMs : 0));
      step = step.then;
    }
    if (step && 'drop' in step) {
      this.attempts.push({ conversationId, answer: 'dropped', at: Date.now() });
      req.socket.destroy();
      return;
    }
    if (step && step.status >= 300) {
      this.attempts.push({ conversationId, answer: step.status, at: Date.now() });
      res.writeHead(step.status, {
        'Content-Type': 'application/json',
        ...(step.retryAfter ? { 'Retry-After': step.retryAfter } : {}),
      });
      res.end(JSON.stringify(step.body ?? { error: { code: `Status${step.status}`, message: 'scripted' } }));
      return;
    }
    this.attempts.push({ conversationId, answer: 201, at: Date.now() });
    res.writeHead(201, { 'Content-Type': 'application/json' });
    res.end(JSON.stringify(accept()));
  }
}
