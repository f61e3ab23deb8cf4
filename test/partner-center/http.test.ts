import { expect } from 'chai';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { z } from 'zod';
import { expectOk, PartnerCenterHttp } from '../../services/partner-center/http.js';
import type { PartnerCenterHttpOptions } from '../../services/partner-center/http.js';
import { PartnerCenterStub } from '../support/partner-center-stub.js';
import { refusal } from '../support/world.js';

const TOKEN = 'token-of-provider-a';
const PROVIDER = 'provider-a';
const CUSTOMER_SCHEMA = z.object({ id: z.string() });
const CUSTOMER = { id: 'c-1', companyName: 'Northwind', domain: 'northwind.onmicrosoft.com' };

describe('Partner Center HTTP core', () => {
  let stub: PartnerCenterStub;
  let sleeps: number[];
  let tokenTenants: string[];

  beforeEach(async () => {
    stub = await PartnerCenterStub.start({ token: TOKEN, customers: [CUSTOMER] });
    sleeps = [];
    tokenTenants = [];
  });
  afterEach(() => stub.stop());

  function client(options: Partial<PartnerCenterHttpOptions> = {}): PartnerCenterHttp {
    return new PartnerCenterHttp({
      baseUrl: stub.baseUrl,
      tokenProvider: async (tenant) => {
        tokenTenants.push(tenant);
        return TOKEN;
      },
      sleep: async (ms) => {
        sleeps.push(ms);
      },
      random: () => 0.5,
      ...options,
    });
  }

  const getCustomer = { method: 'GET', path: '/v1/customers/c-1', providerTenantId: PROVIDER } as const;
  const postOrder = {
    method: 'POST',
    path: '/v1/customers/c-1/orders',
    providerTenantId: PROVIDER,
    body: { referenceCustomerId: 'c-1', lineItems: [{ lineItemNumber: 0, offerId: 'o', quantity: 1 }] },
  } as const;

  it('sends the bearer token of the provider tenant and the tracing headers', async () => {
    const http = client();
    expect((await http.send(getCustomer)).ok).to.equal(true);
    await http.send(getCustomer);

    expect(tokenTenants).to.deep.equal([PROVIDER, PROVIDER]);
    const [first, second] = stub.requestsTo('getCustomer');
    expect(first?.headers.authorization).to.equal(`Bearer ${TOKEN}`);
    expect(first?.headers.accept).to.equal('application/json');
    expect(first?.headers['ms-correlationid']).to.match(/^[0-9a-f-]{36}$/);
    expect(first?.headers['ms-requestid']).to.match(/^[0-9a-f-]{36}$/);
    // Reads get a fresh request id each time.
    expect(second?.headers['ms-requestid']).to.not.equal(first?.headers['ms-requestid']);
  });

  it('maps a refused token (401) to external_rejected', async () => {
    const http = client({ tokenProvider: async () => 'expired-token' });
    const error = await refusal(http.send(getCustomer).then((r) => expectOk(r, CUSTOMER_SCHEMA)));
    expect(error.code).to.equal('external_rejected');
    expect(error.params).to.deep.equal({ status: 401, code: 400 });
  });

  it('waits for Retry-After on 429, then succeeds', async () => {
    stub.fail('getCustomer', { times: 1, status: 429, retryAfter: '2' });
    const res = await client().send(getCustomer);
    expect(res.ok).to.equal(true);
    expect(sleeps).to.deep.equal([2000]);
    expect(stub.requestsTo('getCustomer')).to.have.length(2);
  });

  it('backs off with jitter when a 429 has no Retry-After', async () => {
    stub.fail('getCustomer', { times: 2, status: 429, retryAfter: '' });
    const res = await client({ random: () => 0 }).send(getCustomer);
    expect(res.ok).to.equal(true);
    // Half of 500 ms, then half of 1000 ms, with the random half at zero.
    expect(sleeps).to.deep.equal([250, 500]);
  });

  it('gives up with external_throttled once retries are exhausted', async () => {
    stub.fail('getCustomer', { times: 10, status: 429, retryAfter: '1' });
    const error = await refusal(client({ maxRetries: 3 }).send(getCustomer));
    expect(error.code).to.equal('external_throttled');
    expect(error.params).to.deep.equal({ retryAfterSeconds: 1 });
    expect(stub.requestsTo('getCustomer')).to.have.length(4);
    expect(sleeps).to.deep.equal([1000, 1000, 1000]);
  });

  it('does not wait for a Retry-After beyond the cap', async () => {
    stub.fail('getCustomer', { times: 1, status: 429, retryAfter: '120' });
    const error = await refusal(client({ maxRetryAfterSeconds: 30 }).send(getCustomer));
    expect(error.code).to.equal('external_throttled');
    expect(error.params).to.deep.equal({ retryAfterSeconds: 120 });
    expect(stub.requestsTo('getCustomer')).to.have.length(1);
    expect(sleeps).to.deep.equal([]);
  });

  it('retries a read after 503 and maps a persistent 503 to external_unavailable', async () => {
    stub.fail('getCustomer', { times: 1, status: 503 });
    expect((await client().send(getCustomer)).ok).to.equal(true);

    stub.fail('getCustomer', { times: 10, status: 503 });
    const error = await refusal(client({ maxRetries: 2 }).send(getCustomer));
    expect(error.code).to.equal('external_unavailable');
    expect(error.params).to.deep.equal({ status: 503 });
    expect(stub.requestsTo('getCustomer')).to.have.length(2 + 3);
  });

  it('retries a mutating call with the same MS-RequestId and MS-CorrelationId', async () => {
    stub.fail('createOrder', { times: 2, status: 503 });
    const res = await client().send({ ...postOrder, requestId: 'order-request-1' });
    expect(res.ok).to.equal(true);
    const attempts = stub.requestsTo('createOrder');
    expect(attempts).to.have.length(3);
    expect(attempts.map((r) => r.headers['ms-requestid'])).to.deep.equal(Array(3).fill('order-request-1'));
    expect(new Set(attempts.map((r) => r.headers['ms-correlationid'])).size).to.equal(1);
  });

  it('does not retry a mutating call that carries no request id', async () => {
    stub.fail('createOrder', { times: 1, status: 503 });
    const error = await refusal(client().send(postOrder));
    expect(error.code).to.equal('external_unavailable');
    expect(stub.requestsTo('createOrder')).to.have.length(1);
  });

  it('maps a timeout to external_unavailable', async () => {
    stub.fail('getCustomer', { times: 5, delayMs: 400 });
    const error = await refusal(client({ timeoutMs: 50, maxRetries: 1 }).send(getCustomer));
    expect(error.code).to.equal('external_unavailable');
    expect(error.params).to.deep.equal({ reason: 'timeout' });
    expect(stub.requestsTo('getCustomer')).to.have.length(2);
  });

  it('maps a refused connection to external_unavailable after retrying', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const { port } = closed.address() as AddressInfo;
    await new Promise<void>((resolve) => closed.close(() => resolve()));

    const error = await refusal(client({ baseUrl: `http://127.0.0.1:${port}` }).send(getCustomer));
    expect(error.code).to.equal('external_unavailable');
    expect(error.params).to.deep.equal({ reason: 'network' });
    expect(sleeps).to.have.length(3);
  });

  it('hands a 4xx back with the Partner Center error code and maps it to external_rejected', async () => {
    stub.fail('getCustomer', { times: 1, status: 400, code: 2000 });
    const res = await client().send(getCustomer);
    expect(res).to.deep.include({ ok: false, status: 400, code: 2000 });
    expect(stub.requestsTo('getCustomer')).to.have.length(1);
    const error = await refusal(Promise.resolve(res).then((r) => expectOk(r, CUSTOMER_SCHEMA)));
    expect(error.code).to.equal('external_rejected');
    expect(error.params).to.deep.equal({ status: 400, code: 2000 });
  });
});
