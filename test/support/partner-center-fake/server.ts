import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { catalogRoute } from './catalog-routes.js';
import { customerRoute } from './customer-routes.js';
import { directoryRoute, type RouteContext } from './directory-routes.js';
import { routeOf, type StubRoute } from './routes.js';
import {
  DEFAULT_PROVIDER,
  pcError,
  providerState,
  type ProviderState,
  type Reply,
  type StubCustomer,
  type StubSeed,
  type StubSubscription,
} from './shapes.js';
import { subscriptionRoute } from './subscription-routes.js';

/** How the next `times` requests to a route fail: a status (429 may carry Retry-After) or a delay. */
export interface StubFault {
  times: number;
  status?: number;
  code?: number;
  retryAfter?: string;
  /** Let the request take effect, then answer with `status` (a lost response). */
  afterHandling?: boolean;
  /** Answer normally, but only after this many milliseconds. */
  delayMs?: number;
}

export interface RecordedRequest {
  route: StubRoute | 'unknown';
  method: string;
  /** Path and query as sent. */
  path: string;
  query: URLSearchParams;
  headers: Record<string, string | undefined>;
  body: unknown;
  /** The provider the bearer token acted for ('' for a single-provider seed, undefined: refused). */
  provider?: string;
}

const MUTATING = new Set(['POST', 'PUT', 'PATCH']);

/**
 * A stateful stand-in for the Partner Center REST API on 127.0.0.1, answering the documented
 * response shapes and error bodies for the calls the bot makes. Each provider tenant has its own
 * data, chosen by the bearer token; every request is recorded; paged collections follow
 * continuation tokens; the next requests to a route can be made to fail (429 with Retry-After,
 * 5xx, an error code, a lost answer, a delay). Mutating calls are idempotent per MS-RequestId, as
 * Partner Center documents for retries.
 */
export class PartnerCenterStub {
  readonly requests: RecordedRequest[] = [];
  private readonly providers = new Map<string, ProviderState>();
  private readonly authorize: (token: string) => string | undefined;
  private readonly faults = new Map<StubRoute, StubFault>();
  private readonly replays = new Map<string, Reply>();
  private server: Server | undefined;
  private port = 0;

  private constructor(private readonly seed: StubSeed) {
    this.providers.set(DEFAULT_PROVIDER, providerState(seed));
    for (const [tenantId, data] of Object.entries(seed.providers ?? {})) {
      this.providers.set(tenantId, providerState(data));
    }
    this.authorize =
      seed.authorize ??
      ((token) => (seed.token !== undefined && token === seed.token ? DEFAULT_PROVIDER : undefined));
  }

  /** Starts a stub on 127.0.0.1 with an ephemeral port. */
  static async start(seed: StubSeed): Promise<PartnerCenterStub> {
    const stub = new PartnerCenterStub(seed);
    const server = createServer((req, res) => void stub.handle(req, res));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    stub.server = server;
    stub.port = (server.address() as AddressInfo).port;
    return stub;
  }

  get baseUrl(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** One provider's data, to inspect or change between calls (default: the seed's own). */
  state(tenantId: string = DEFAULT_PROVIDER): ProviderState {
    const state = this.providers.get(tenantId);
    if (!state) throw new Error(`the stub has no provider ${tenantId}`);
    return state;
  }

  get customers(): StubCustomer[] {
    return this.state().customers;
  }

  get subscriptions(): StubSubscription[] {
    return this.state().subscriptions;
  }

  get orders(): Record<string, unknown>[] {
    return this.state().orders;
  }

  /** Makes the next `fault.times` requests to `route` fail as described. */
  fail(route: StubRoute, fault: StubFault): void {
    this.faults.set(route, { ...fault });
  }

  requestsTo(route: StubRoute): RecordedRequest[] {
    return this.requests.filter((r) => r.route === route);
  }

  async stop(): Promise<void> {
    const server = this.server;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', this.baseUrl);
    const text = await readBody(req);
    let body: unknown;
    try {
      body = text === '' ? undefined : (JSON.parse(text) as unknown);
    } catch {
      body = text;
    }
    const method = req.method ?? 'GET';
    const route = routeOf(method, url.pathname);
    const headers: Record<string, string | undefined> = {};
    for (const [key, value] of Object.entries(req.headers))
      headers[key] = Array.isArray(value) ? value.join(',') : value;
    const bearer = /^Bearer (.+)$/.exec(headers.authorization ?? '')?.[1];
    const provider = bearer === undefined ? undefined : this.authorize(bearer);
    this.requests.push({
      route: route?.name ?? 'unknown',
      method,
      path: url.pathname + url.search,
      query: url.searchParams,
      headers,
      body,
      ...(provider !== undefined ? { provider } : {}),
    });

    const send = (reply: Reply): void => {
      if (res.destroyed) return;
      res.writeHead(reply.status, { 'Content-Type': 'application/json; charset=utf-8', ...reply.headers });
      res.end(reply.body === undefined ? '' : JSON.stringify(reply.body));
    };
    const state = provider === undefined ? undefined : this.providers.get(provider);
    if (!state) return send(pcError(401, 400, 'Access denied'));
    if (!route) return send(pcError(501, 0, 'Exception not defined'));
    const ctx: RouteContext = {
      state,
      params: route.params,
      query: url.searchParams,
      body,
      headers,
      maxPageSize: this.seed.maxPageSize ?? 2,
    };

    const fault = this.faults.get(route.name);
    if (fault && fault.times > 0) {
      fault.times -= 1;
      if (fault.delayMs !== undefined) await new Promise((resolve) => setTimeout(resolve, fault.delayMs));
      if (fault.status !== undefined) {
        if (fault.afterHandling) this.dispatch(route.name, ctx, provider ?? '', method);
        if (fault.status === 429) {
          // https://learn.microsoft.com/en-us/partner-center/developer/api-throttling-guidance
          const seconds = fault.retryAfter ?? '1';
          return send({
            status: 429,
            headers: fault.retryAfter === '' ? {} : { 'Retry-After': seconds },
            body: { statusCode: 429, message: `Rate limit is exceeded. Try again in ${seconds} seconds.` },
          });
        }
        return send(pcError(fault.status, fault.code ?? 0, 'Injected failure'));
      }
    }
    send(this.dispatch(route.name, ctx, provider ?? '', method));
  }

  private dispatch(name: StubRoute, ctx: RouteContext, provider: string, method: string): Reply {
    const requestId = ctx.headers['ms-requestid'];
    const replayKey = `${provider} ${name} ${requestId ?? ''}`;
    if (MUTATING.has(method) && requestId) {
      const seen = this.replays.get(replayKey);
      if (seen) return seen;
    }
    const reply =
      directoryRoute(name, ctx) ??
      customerRoute(name, ctx) ??
      catalogRoute(name, ctx) ??
      subscriptionRoute(name, ctx) ??
      pcError(501, 0, 'Exception not defined');
    if (MUTATING.has(method) && requestId) this.replays.set(replayKey, reply);
    return reply;
  }
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}
