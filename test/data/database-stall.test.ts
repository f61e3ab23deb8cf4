import { expect } from 'chai';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { RunningServer } from '../../bot/server.js';
import { startLocalDb, type LocalDb } from '../support/local-db.js';
import { serveWorld } from '../support/server.js';
import { createWorld, TENANT_A, type World } from '../support/world.js';

/** A stand-in for the Bot Connector that keeps the texts the bot sent. */
async function connector(): Promise<{ url: string; texts: string[]; server: Server }> {
  const texts: string[] = [];
  const server = createServer((req: IncomingMessage, res) => {
    let raw = '';
    req.on('data', (chunk: Buffer) => (raw += chunk.toString('utf8')));
    req.on('end', () => {
      texts.push(raw);
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify({ id: `sent-${texts.length}` }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`, texts, server };
}

/** The database stops answering (SIGSTOP of its process) and comes back (SIGCONT). */
describe('a stalled database', function () {
  this.timeout(60_000);
  let db: LocalDb;
  let world: World;
  let running: RunningServer;
  let teams: Awaited<ReturnType<typeof connector>>;

  before(function () {
    if (!process.env.LOCAL_DB_BINARY) this.skip(); // needs the project's own FerretDB to stop
  });

  beforeEach(async () => {
    db = await startLocalDb();
    world = await createWorld({ uri: db.uri });
    running = await serveWorld(world);
    teams = await connector();
  });

  afterEach(async () => {
    process.kill(db.child.pid, 'SIGCONT');
    teams.server.close();
    await running.stop();
    await world.close().catch(() => undefined);
    await db.stop();
  });

  const say = (text: string, locale = 'en-US') =>
    fetch(`${running.url}/api/messages`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      // An upper bound only, so a hanging turn fails the test instead of the suite.
      signal: AbortSignal.timeout(15_000),
      body: JSON.stringify({
        type: 'message',
        text,
        channelId: 'msteams',
        serviceUrl: teams.url,
        id: `act-${Math.random().toString(36).slice(2)}`,
        from: { id: '29:agent-admin', aadObjectId: 'agent-admin', name: 'Ada Admin' },
        recipient: { id: '28:bot', name: 'Reseller Bot' },
        conversation: { id: 'a:conv-1', conversationType: 'personal', tenantId: TENANT_A },
        channelData: { tenant: { id: TENANT_A } },
        locale,
      }),
    });
  const health = () => fetch(`${running.url}/healthz`, { signal: AbortSignal.timeout(15_000) });

  it('answers turns with the localised "not answering" message and fails /healthz, then recovers without a restart', async () => {
    expect((await health()).status).to.equal(200);
    process.kill(db.child.pid, 'SIGSTOP');
    // The signal takes effect asynchronously: a ping already answered may still arrive.
    let stalled = 0;
    for (let attempt = 0; attempt < 5 && stalled !== 503; attempt++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      stalled = (await health()).status;
    }
    expect(stalled).to.equal(503);
    await say('resellers');
    await say('经销商', 'zh-CN');
    const during = teams.texts.join('\n');
    expect(during).to.contain('The database is not answering right now. Nothing was changed');
    expect(during).to.contain('数据库暂时没有响应。未做任何更改');

    process.kill(db.child.pid, 'SIGCONT');
    let status = 0;
    for (let attempt = 0; attempt < 40 && status !== 200; attempt++) {
      status = (await health()).status;
      if (status !== 200) await new Promise((resolve) => setTimeout(resolve, 250));
    }
    expect(status).to.equal(200);
    teams.texts.length = 0;
    await say('help');
    expect(teams.texts.join('\n')).to.contain('What you can type');
  });
});
