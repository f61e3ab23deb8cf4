import { expect } from 'chai';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { TestAdapter } from 'botbuilder';
import type { RunningServer } from '../../bot/server.js';
import { turnErrorHandler } from '../../bot/turn-error.js';
import { createLogger } from '../../services/logger.js';
import { serveWorld } from '../support/server.js';
import { createWorld, TENANT_A, type World } from '../support/world.js';
import { activeContoso, CONTOSO, requestContoso } from './fixtures.js';

interface Received {
  method: string;
  url: string;
  body: Record<string, unknown>;
}

/** A stand-in for the Bot Connector: records what the bot sends to the conversation. */
async function fakeConnector(): Promise<{ url: string; received: Received[]; server: Server }> {
  const received: Received[] = [];
  const server = createServer((req: IncomingMessage, res) => {
    let raw = '';
    req.on('data', (chunk: Buffer) => (raw += chunk.toString('utf8')));
    req.on('end', () => {
      received.push({ method: req.method ?? '', url: req.url ?? '', body: raw ? JSON.parse(raw) : {} });
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify({ id: `sent-${received.length}` }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`, received, server };
}

const teams = (fields: Record<string, unknown>, serviceUrl = 'http://127.0.0.1:9/') => ({
  channelId: 'msteams',
  serviceUrl,
  id: `act-${Math.random().toString(36).slice(2)}`,
  from: { id: '29:agent-admin', aadObjectId: 'agent-admin', name: 'Ada Admin' },
  recipient: { id: '28:bot', name: 'Reseller Bot' },
  conversation: { id: 'a:conv-1', conversationType: 'personal', tenantId: TENANT_A },
  channelData: { tenant: { id: TENANT_A } },
  locale: 'en-US',
  ...fields,
});

describe('bot server (HTTP, local mode)', () => {
  let world: World;
  let running: RunningServer;
  beforeEach(async () => {
    world = await createWorld();
    running = await serveWorld(world, { options: { expirySweepMs: 50 } });
  });
  afterEach(async () => {
    await running.stop();
    await world.close();
  });

  const post = (body: unknown) =>
    fetch(`${running.url}/api/messages`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
    });

  it('binds to 127.0.0.1 without credentials and reports the database in /healthz', async () => {
    expect(running.local).to.equal(true);
    expect(running.url).to.match(/^http:\/\/127\.0\.0\.1:\d+$/);
    const health = await fetch(`${running.url}/healthz`);
    expect(health.status).to.equal(200);
    expect(await health.json()).to.deep.equal({
      status: 'ok',
      database: 'ok',
      outbox: { pending: 0, oldestPendingSeconds: 0, deadLetters: 0 },
    });
  });

  it('answers the typeahead search invoke in the HTTP response', async () => {
    await activeContoso(world);
    const response = await post(
      teams({
        type: 'invoke',
        name: 'application/search',
        value: { kind: 'search', dataset: 'resellers', queryText: '1000' },
      }),
    );
    expect(response.status).to.equal(200);
    expect(await response.json()).to.deep.equal({
      statusCode: 200,
      type: 'application/vnd.microsoft.search.searchResponse',
      value: { results: [{ title: 'Contoso Cloud Partners (1000001)', value: CONTOSO.partnerId }] },
    });
  });

  it('answers Action.Execute with the card in the HTTP response, and a forged one with 400', async () => {
    await activeContoso(world);
    const execute = (data: unknown) =>
      post(
        teams({
          type: 'invoke',
          name: 'adaptiveCard/action',
          value: { action: { type: 'Action.Execute', verb: 'reseller.details', data } },
        }),
      );
    const ok = await execute({ partnerId: CONTOSO.partnerId });
    expect(ok.status).to.equal(200);
    const body = (await ok.json()) as { type: string; value: { body: unknown[] } };
    expect(body.type).to.equal('application/vnd.microsoft.card.adaptive');
    expect(JSON.stringify(body.value)).to.contain('Contoso Cloud Partners');
    const forged = await execute({ partnerId: { $ne: null } });
    expect(forged.status).to.equal(400);
    expect(((await forged.json()) as { type: string }).type).to.equal('application/vnd.microsoft.error');
  });

  it('refuses an invoke from another channel with 403 and answers none of its messages', async () => {
    await activeContoso(world);
    const invoke = await post(
      teams({
        type: 'invoke',
        channelId: 'directline',
        name: 'adaptiveCard/action',
        value: {
          action: { type: 'Action.Execute', verb: 'reseller.details', data: { partnerId: '1000001' } },
        },
      }),
    );
    expect(invoke.status).to.equal(403);
    const body = (await invoke.json()) as { type: string; value: { code: string } };
    expect(body.type).to.equal('application/vnd.microsoft.error');
    expect(body.value.code).to.equal('channel_not_supported');
    const connector = await fakeConnector();
    try {
      const message = await post(
        teams({ type: 'message', text: 'help', channelId: 'directline' }, connector.url),
      );
      expect(message.status).to.equal(200);
      expect(connector.received).to.deep.equal([]);
    } finally {
      connector.server.close();
    }
  });

  it('sends the answer to a message through the Bot Connector of the activity', async () => {
    const connector = await fakeConnector();
    try {
      const response = await post(teams({ type: 'message', text: 'help' }, connector.url));
      expect(response.status).to.equal(200);
      const reply = connector.received.find((r) =>
        r.url.startsWith('/v3/conversations/a%3Aconv-1/activities'),
      );
      expect(reply?.method).to.equal('POST');
      expect(JSON.stringify(reply?.body)).to.contain('What you can type');
    } finally {
      connector.server.close();
    }
  });

  it('shows the invitation page in the reader’s language, escaped, without leaking the token', async () => {
    await world.repos.providers.upsert({
      ...(await world.repos.providers.get(TENANT_A))!,
      name: 'Adatum <script>alert(1)</script> & Co',
    });
    const token = await requestContoso(world);
    const zh = await fetch(`${running.url}/invite/${token}`, {
      headers: { 'Accept-Language': 'zh-CN,zh;q=0.9,en;q=0.8' },
    });
    expect(zh.status).to.equal(200);
    expect(zh.headers.get('content-type')).to.contain('text/html');
    expect(zh.headers.get('referrer-policy')).to.equal('no-referrer');
    expect(zh.headers.get('content-security-policy')).to.contain("default-src 'none'");
    const page = await zh.text();
    expect(page).to.contain('<html lang="zh-CN">').and.contain('邀请你建立 CSP 间接经销商合作关系');
    expect(page).to.contain(`invite ${token}`);
    expect(page).not.to.contain('<script>');
    expect(page).to.contain('Adatum &lt;script&gt;alert(1)&lt;/script&gt; &amp; Co');
    const en = await (
      await fetch(`${running.url}/invite/${token}`, { headers: { 'Accept-Language': 'en-GB' } })
    ).text();
    expect(en).to.contain('Accept or decline in Microsoft Teams');
  });

  it('explains an unknown or malformed link with 404', async () => {
    const unknown = await fetch(`${running.url}/invite/${'C'.repeat(43)}`);
    expect(unknown.status).to.equal(404);
    expect(await unknown.text()).to.contain('This invitation link is not valid');
    const malformed = await fetch(`${running.url}/invite/%3Cb%3Ehi`, {
      headers: { 'Accept-Language': 'zh' },
    });
    expect(malformed.status).to.equal(404);
    const page = await malformed.text();
    expect(page).to.contain('此邀请链接无效');
    expect(page).not.to.contain('<b>hi');
  });

  it('expires overdue requests on its timer', async () => {
    await requestContoso(world);
    world.clock.advanceDays(15);
    // Watch the audit trail, which only reads: a read of the relationship would expire the
    // request itself, and the test would pass without the timer.
    const types = async () =>
      (
        await world.services.audit.page(world.admin, { subject: `relationship:${CONTOSO.partnerId}` })
      ).entries.map((entry) => entry.type);
    const deadline = Date.now() + 5000;
    while (!(await types()).includes('relationship.expired') && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(await types()).to.deep.equal(['relationship.expired', 'relationship.requested']);
  });

  it('stops accepting on stop()', async () => {
    await running.stop();
    const refused = await fetch(`${running.url}/healthz`).then(
      () => false,
      () => true,
    );
    expect(refused).to.equal(true);
  });
});

describe('turn error handler', () => {
  it('logs and tells the user in their language that something went wrong', async () => {
    const adapter = new TestAdapter(async () => {
      throw new Error('boom');
    });
    adapter.onTurnError = turnErrorHandler(createLogger('silent'));
    await adapter.processActivity({ type: 'message', text: 'hi', locale: 'zh-CN' });
    expect(adapter.activeQueue.map((a) => a.text)).to.deep.equal(['抱歉，我们这边出了问题。请稍后重试。']);
  });

  it('answers a failed invoke with a 500 error body', async () => {
    const adapter = new TestAdapter(async () => {
      throw new Error('boom');
    });
    adapter.onTurnError = turnErrorHandler(createLogger('silent'));
    await adapter.processActivity({ type: 'invoke', name: 'adaptiveCard/action', locale: 'en-US' });
    const reply = adapter.activeQueue[0];
    expect(reply?.type).to.equal('invokeResponse');
    expect(
      (reply?.value as { status: number; body: { value: { message: string } } }).body.value.message,
    ).to.contain('something went wrong');
  });
});
