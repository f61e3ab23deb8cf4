import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface StubError {
  status: number;
  code: number;
  description?: string;
}

export interface StubPartner {
  mpnId: string;
  partnerName?: string;
  /** Answered by GET /v1/profiles/mpn instead of the profile. */
  profileError?: StubError;
  /** isAgreementSigned, or the error GET …/agreementstatus answers with. Default true. */
  agreement?: boolean | StubError;
  /** Present when the provider has an indirect-reseller relationship with this partner. */
  relationship?: { tenantId: string; location: string };
}

export interface StubCustomer {
  id: string;
  companyName: string;
  domain: string;
  /** As Partner Center stores it: the reseller's tenant id. */
  associatedPartnerId?: string;
}

export interface StubSubscription {
  id: string;
  customerId: string;
  offerId: string;
  offerName: string;
  quantity: number;
  partnerId?: string;
  autoRenewEnabled?: boolean;
  supportContact?: { supportTenantId: string; supportMpnId: string; name: string };
}

export interface StubSeed {
  /** The only bearer token accepted. */
  token: string;
  partners?: StubPartner[];
  customers?: StubCustomer[];
  subscriptions?: StubSubscription[];
  /** Largest page GET /v1/customers answers with; default 2 so paging shows up in tests. */
  maxPageSize?: number;
}

export type StubRoute =
  | 'mpnProfile'
  | 'agreementStatus'
  | 'relationships'
  | 'listCustomers'
  | 'createCustomer'
  | 'getCustomer'
  | 'listSubscriptions'
  | 'getSubscription'
  | 'patchSubscription'
  | 'getSupportContact'
  | 'putSupportContact'
  | 'createOrder';

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
}

interface Reply {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

const MUTATING = new Set(['POST', 'PUT', 'PATCH']);

function pcError(status: number, code: number, description: string): Reply {
  return { status, body: { code, description, data: [], source: 'PartnerFD' } };
}

function link(uri: string): { uri: string; method: string; headers: never[] } {
  return { uri, method: 'GET', headers: [] };
}

/**
 * In-memory stand-in for the Partner Center REST API on 127.0.0.1, answering the documented
 * response shapes and error bodies ({ code, description, data, source }) for the routes the
 * client uses. It records every request and can be told to fail the next requests to a route.
 */
export class PartnerCenterStub {
  readonly requests: RecordedRequest[] = [];
  readonly customers: StubCustomer[];
  readonly subscriptions: StubSubscription[];
  readonly orders: Record<string, unknown>[] = [];
  private readonly partners: StubPartner[];
  private readonly faults = new Map<StubRoute, StubFault>();
  private readonly replays = new Map<string, Reply>();
  private server: Server | undefined;
  private port = 0;

  private constructor(private readonly seed: StubSeed) {
    this.partners = seed.partners ?? [];
    this.customers = [...(seed.customers ?? [])];
    this.subscriptions = (seed.subscriptions ?? []).map((s) => ({ autoRenewEnabled: true, ...s }));
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
    this.requests.push({
      route: route?.name ?? 'unknown',
      method,
      path: url.pathname + url.search,
      query: url.searchParams,
      headers,
      body,
    });

    const send = (reply: Reply): void => {
      if (res.destroyed) return;
      res.writeHead(reply.status, { 'Content-Type': 'application/json; charset=utf-8', ...reply.headers });
      res.end(reply.body === undefined ? '' : JSON.stringify(reply.body));
    };
    if (headers.authorization !== `Bearer ${this.seed.token}`)
      return send(pcError(401, 400, 'Access denied'));
    if (!route) return send(pcError(501, 0, 'Exception not defined'));

    const fault = this.faults.get(route.name);
    if (fault && fault.times > 0) {
      fault.times -= 1;
      if (fault.delayMs !== undefined) await new Promise((resolve) => setTimeout(resolve, fault.delayMs));
      if (fault.status !== undefined) {
        if (fault.afterHandling) this.dispatch(route.name, route.params, url, body, headers, method);
        if (fault.status === 429) {
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
    send(this.dispatch(route.name, route.params, url, body, headers, method));
  }

  // Mutating calls are idempotent per MS-RequestId, as Partner Center documents for retries.
  private dispatch(
    name: StubRoute,
    params: string[],
    url: URL,
    body: unknown,
    headers: Record<string, string | undefined>,
    method: string,
  ): Reply {
    const requestId = headers['ms-requestid'];
    const replayKey = `${name} ${requestId ?? ''}`;
    if (MUTATING.has(method) && requestId) {
      const seen = this.replays.get(replayKey);
      if (seen) return seen;
    }
    const reply = this.route(name, params, url, body, headers);
    if (MUTATING.has(method) && requestId) this.replays.set(replayKey, reply);
    return reply;
  }

  private route(
    name: StubRoute,
    [customerId = '', subscriptionId = '']: string[],
    url: URL,
    body: unknown,
    headers: Record<string, string | undefined>,
  ): Reply {
    const q = url.searchParams;
    switch (name) {
      case 'mpnProfile': {
        const partner = this.partners.find((p) => p.mpnId === q.get('mpnId'));
        if (!partner) {
          return pcError(
            404,
            3000,
            `Partner Organization with partner_id ${q.get('mpnId')} could not be found`,
          );
        }
        if (partner.profileError) return this.error(partner.profileError);
        return {
          status: 200,
          body: {
            partnerName: partner.partnerName,
            mpnId: partner.mpnId,
            profileType: 'MpnProfile',
            links: { self: link('/profiles/mpn') },
            attributes: { objectType: 'MpnProfile' },
          },
        };
      }
      case 'agreementStatus': {
        const mpnId = q.get('mpnId') ?? q.get('mpnid') ?? '';
        if (!/^\d+$/.test(mpnId)) return pcError(400, 2000, 'MPN Id must be numeric.');
        const partner = this.partners.find((p) => p.mpnId === mpnId);
        if (!partner)
          return pcError(400, 2200, `Requested MPN Id ${mpnId} is either invalid or does not exist.`);
        const agreement = partner.agreement ?? true;
        if (typeof agreement !== 'boolean') return this.error(agreement);
        return { status: 200, body: { isAgreementSigned: agreement } };
      }
      case 'relationships': {
        if (q.get('relationship_type') !== 'IsIndirectCloudSolutionProviderOf') {
          return pcError(400, 800002, 'Invalid request input');
        }
        const items = this.partners
          .filter((p) => p.relationship)
          .map((p) => ({
            id: p.relationship?.tenantId,
            name: p.partnerName,
            relationshipType: 'is_indirect_cloud_solution_provider_of',
            state: 'Active',
            mpnId: p.mpnId,
            location: p.relationship?.location,
            attributes: { objectType: 'PartnerRelationship' },
          }));
        return {
          status: 200,
          body: { totalCount: items.length, items, attributes: { objectType: 'Collection' } },
        };
      }
      case 'listCustomers': {
        const maxPage = this.seed.maxPageSize ?? 2;
        let offset = 0;
        let size = Math.min(Number(q.get('size') ?? maxPage) || maxPage, maxPage);
        if (q.get('seekOperation') === 'Next') {
          const token = headers['ms-continuationtoken'] ?? '';
          const decoded = /^(\d+):(\d+)$/.exec(Buffer.from(token, 'base64').toString());
          if (!decoded) return pcError(400, 800002, 'Invalid continuation token');
          offset = Number(decoded[1]);
          size = Number(decoded[2]);
        }
        const page = this.customers.slice(offset, offset + size).map(customerResource);
        const more = offset + size < this.customers.length;
        const token = more ? Buffer.from(`${offset + size}:${size}`).toString('base64') : undefined;
        const next = token
          ? {
              next: {
                ...link('/v1/customers?seekOperation=Next'),
                headers: [{ key: 'MS-ContinuationToken', value: token }],
              },
            }
          : {};
        return {
          status: 200,
          body: {
            totalCount: page.length,
            items: page,
            ...(token ? { continuationToken: token } : {}),
            links: { self: link(`/v1/customers?size=${size}`), ...next },
            attributes: { objectType: 'Collection' },
          },
        };
      }
      case 'createCustomer': {
        const b = asRecord(body);
        const company = asRecord(b.companyProfile);
        const billing = asRecord(b.billingProfile);
        const tenantIds = this.partners.map((p) => p.relationship?.tenantId).filter(Boolean);
        if (
          typeof company.domain !== 'string' ||
          typeof billing.email !== 'string' ||
          !billing.defaultAddress
        ) {
          return pcError(400, 800002, 'Invalid request input');
        }
        if (b.associatedPartnerId !== undefined && !tenantIds.includes(b.associatedPartnerId as string)) {
          return pcError(400, 800002, 'The indirect reseller has no relationship with the partner');
        }
        const customer: StubCustomer = {
          id: randomUUID(),
          companyName: String(billing.companyName ?? ''),
          domain: company.domain,
          ...(typeof b.associatedPartnerId === 'string'
            ? { associatedPartnerId: b.associatedPartnerId }
            : {}),
        };
        this.customers.push(customer);
        return {
          status: 201,
          body: { ...customerResource(customer), billingProfile: billing, relationshipToPartner: 'reseller' },
        };
      }
      case 'getCustomer': {
        const customer = this.customers.find((c) => c.id === customerId);
        return customer ? { status: 200, body: customerResource(customer) } : pcError(404, 1000, 'Not found');
      }
      case 'listSubscriptions': {
        if (!this.customers.some((c) => c.id === customerId)) return pcError(404, 1000, 'Not found');
        const items = this.subscriptions.filter((s) => s.customerId === customerId).map(subscriptionResource);
        return {
          status: 200,
          body: { totalCount: items.length, items, attributes: { objectType: 'Collection' } },
        };
      }
      case 'createOrder': {
        if (!this.customers.some((c) => c.id === customerId)) return pcError(404, 1000, 'Not found');
        const b = asRecord(body);
        const lineItems = Array.isArray(b.lineItems) ? b.lineItems.map(asRecord) : [];
        if (b.referenceCustomerId !== customerId || lineItems.length === 0) {
          return pcError(400, 800002, 'Invalid request input');
        }
        const order = {
          id: randomUUID(),
          referenceCustomerId: customerId,
          billingCycle: 'monthly',
          lineItems: lineItems.map((li) => {
            const sub: StubSubscription = {
              id: randomUUID(),
              customerId,
              offerId: String(li.offerId),
              offerName: String(li.offerId),
              quantity: Number(li.quantity),
              partnerId: typeof li.partnerIdOnRecord === 'string' ? li.partnerIdOnRecord : '',
              autoRenewEnabled: true,
            };
            this.subscriptions.push(sub);
            return { ...li, subscriptionId: sub.id, links: { subscription: link(subscriptionUri(sub)) } };
          }),
          creationDate: new Date().toISOString(),
          attributes: { objectType: 'Order' },
        };
        this.orders.push(order);
        return { status: 201, body: order };
      }
      default:
        return this.subscriptionRoute(name, customerId, subscriptionId, body);
    }
  }

  private subscriptionRoute(
    name: StubRoute,
    customerId: string,
    subscriptionId: string,
    body: unknown,
  ): Reply {
    const sub = this.subscriptions.find(
      (s) => s.customerId === customerId && s.id.toLowerCase() === subscriptionId.toLowerCase(),
    );
    if (!sub) return pcError(404, 20003, `Subscription with id ${subscriptionId} not found.`);
    const b = asRecord(body);
    switch (name) {
      case 'getSubscription':
        return { status: 200, body: subscriptionResource(sub) };
      case 'patchSubscription':
        // The docs require the full resource: a body without it is refused here, and a missing
        // autoRenewEnabled switches auto-renew off, as the docs warn.
        if (String(b.id).toLowerCase() !== sub.id.toLowerCase() || b.offerId !== sub.offerId) {
          return pcError(400, 800002, 'Invalid request input');
        }
        sub.partnerId = typeof b.partnerId === 'string' ? b.partnerId : '';
        sub.autoRenewEnabled = b.autoRenewEnabled === true;
        if (typeof b.quantity === 'number') sub.quantity = b.quantity;
        return { status: 200, body: subscriptionResource(sub) };
      case 'getSupportContact':
        if (!sub.supportContact) return pcError(404, 1000, 'Not found');
        return { status: 200, body: supportContactResource(sub) };
      case 'putSupportContact': {
        const related = this.partners.find(
          (p) => p.mpnId === b.supportMpnId && p.relationship?.tenantId === b.supportTenantId,
        );
        if (!related || typeof b.name !== 'string') return pcError(400, 800002, 'Invalid request input');
        sub.supportContact = {
          supportTenantId: String(b.supportTenantId),
          supportMpnId: related.mpnId,
          name: b.name,
        };
        return { status: 200, body: supportContactResource(sub) };
      }
      default:
        return pcError(501, 0, 'Exception not defined');
    }
  }

  private error(e: StubError): Reply {
    return pcError(e.status, e.code, e.description ?? `Error ${e.code}`);
  }
}

const ROUTES: { method: string; pattern: RegExp; name: StubRoute }[] = [
  { method: 'GET', pattern: /^\/v1\/profiles\/mpn$/, name: 'mpnProfile' },
  { method: 'GET', pattern: /^\/v1\/compliance\/csp\/agreementstatus$/, name: 'agreementStatus' },
  { method: 'GET', pattern: /^\/v1\/relationships$/, name: 'relationships' },
  { method: 'GET', pattern: /^\/v1\/customers$/, name: 'listCustomers' },
  { method: 'POST', pattern: /^\/v1\/customers$/, name: 'createCustomer' },
  { method: 'GET', pattern: /^\/v1\/customers\/([^/]+)$/, name: 'getCustomer' },
  { method: 'GET', pattern: /^\/v1\/customers\/([^/]+)\/subscriptions$/, name: 'listSubscriptions' },
  { method: 'GET', pattern: /^\/v1\/customers\/([^/]+)\/subscriptions\/([^/]+)$/, name: 'getSubscription' },
  {
    method: 'PATCH',
    pattern: /^\/v1\/customers\/([^/]+)\/subscriptions\/([^/]+)$/,
    name: 'patchSubscription',
  },
  {
    method: 'GET',
    pattern: /^\/v1\/customers\/([^/]+)\/subscriptions\/([^/]+)\/supportcontact$/,
    name: 'getSupportContact',
  },
  {
    method: 'PUT',
    pattern: /^\/v1\/customers\/([^/]+)\/subscriptions\/([^/]+)\/supportcontact$/,
    name: 'putSupportContact',
  },
  { method: 'POST', pattern: /^\/v1\/customers\/([^/]+)\/orders$/, name: 'createOrder' },
];

function routeOf(method: string, pathname: string): { name: StubRoute; params: string[] } | undefined {
  for (const r of ROUTES) {
    const match = r.method === method ? r.pattern.exec(pathname) : null;
    if (match) return { name: r.name, params: match.slice(1).map((p) => decodeURIComponent(p)) };
  }
  return undefined;
}

function customerResource(c: StubCustomer): Record<string, unknown> {
  return {
    id: c.id,
    commerceId: c.id,
    companyProfile: {
      tenantId: c.id,
      domain: c.domain,
      companyName: c.companyName,
      attributes: { objectType: 'CustomerCompanyProfile' },
    },
    ...(c.associatedPartnerId ? { associatedPartnerId: c.associatedPartnerId } : {}),
    relationshipToPartner: 'reseller',
    links: { self: link(`/customers/${c.id}`) },
    attributes: { objectType: 'Customer' },
  };
}

function subscriptionUri(s: StubSubscription): string {
  return `/customers/${s.customerId}/subscriptions/${s.id}`;
}

function subscriptionResource(s: StubSubscription): Record<string, unknown> {
  return {
    id: s.id,
    offerId: s.offerId,
    offerName: s.offerName,
    friendlyName: s.offerName,
    quantity: s.quantity,
    unitType: 'Licenses',
    creationDate: '2024-01-01T00:00:00Z',
    status: 'active',
    autoRenewEnabled: s.autoRenewEnabled ?? true,
    billingType: 'license',
    billingCycle: 'monthly',
    termDuration: 'P1Y',
    partnerId: s.partnerId ?? '',
    contractType: 'subscription',
    links: { self: link(subscriptionUri(s)) },
    attributes: { etag: `etag-${s.id}`, objectType: 'Subscription' },
  };
}

function supportContactResource(s: StubSubscription): Record<string, unknown> {
  return {
    ...s.supportContact,
    links: { self: link(`${subscriptionUri(s)}/supportcontact`) },
    attributes: { objectType: 'SupportContact' },
  };
}

function asRecord(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : {};
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}
