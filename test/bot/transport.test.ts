import { expect } from 'chai';
import { generateKeyPairSync } from 'node:crypto';
import { Writable } from 'node:stream';
import { pino } from 'pino';
import type { RunningServer } from '../../bot/server.js';
import { json, jwt, localServer } from '../support/openid-server.js';
import { serveWorld } from '../support/server.js';
import { createWorld, TENANT_A, type World } from '../support/world.js';

const APP_ID = '00000000-0000-4000-8000-00000000b07a';
const CHANNEL_ISSUER = 'https://api.botframework.com';

/** Log lines the server wrote, parsed. */
function capturingLogger() {
  const lines: Record<string, unknown>[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString('utf8').split('\n').filter(Boolean)) lines.push(JSON.parse(line));
      done();
    },
  });
  return { logger: pino({ level: 'info' }, stream), lines };
}

const activity = (fields: Record<string, unknown> = {}) => ({
  type: 'message',
  text: 'help',
  channelId: 'msteams',
  serviceUrl: 'http://127.0.0.1:9/',
  id: 'act-1',
  from: { id: '29:agent-admin', aadObjectId: 'agent-admin', name: 'Ada Admin' },
  recipient: { id: '28:bot', name: 'Reseller Bot' },
  conversation: { id: 'a:conv-1', conversationType: 'personal', tenantId: TENANT_A },
  channelData: { tenant: { id: TENANT_A } },
  ...fields,
});

describe('bot server: what /api/messages accepts', () => {
  let world: World;
  let running: RunningServer;
  let connector: Awaited<ReturnType<typeof localServer>>;
  let log: ReturnType<typeof capturingLogger>;
  beforeEach(async () => {
    world = await createWorld();
    connector = await localServer((_req, res) => json(res, 200, { id: 'sent' }));
    log = capturingLogger();
    running = await serveWorld(world, { options: { logger: log.logger } });
  });
  afterEach(async () => {
    await running.stop();
    connector.server.close();
    await world.close();
  });

  const post = (body: string, contentType?: string) =>
    fetch(`${running.url}/api/messages`, {
      method: 'POST',
      headers: contentType ? { 'Content-Type': contentType } : {},
      body,
    });

  it('refuses a form post, text and multipart with 415, and runs nothing', async () => {
    const message = activity({ serviceUrl: `${connector.url}/` });
    const form = new URLSearchParams({ type: 'message', text: 'help', channelId: 'msteams' }).toString();
    for (const [body, type] of [
      [form, 'application/x-www-form-urlencoded'],
      [JSON.stringify(message), 'text/plain'],
      [JSON.stringify(message), 'multipart/form-data; boundary=x'],
      [JSON.stringify(message), undefined],
    ] as const) {
      const response = await post(body, type);
      expect(response.status, String(type)).to.equal(415);
      expect(await response.json()).to.deep.equal({ code: 'unsupported_media_type' });
    }
    expect(connector.received).to.deep.equal([]);
    // The same message as JSON (with a charset, as Bot Service sends it) is answered.
    const ok = await post(JSON.stringify(message), 'application/json; charset=utf-8');
    expect(ok.status).to.equal(200);
    expect(connector.received.map((r) => r.method)).to.deep.equal(['POST']);
  });

  it('answers a body that is no activity with 400 and no internal message; the log keeps it', async () => {
    for (const body of ['{}', '{"type":""}', '[]', '"message"', '{"type": 1}', '{not json']) {
      const response = await post(body, 'application/json');
      expect(response.status, body).to.equal(400);
      expect(await response.text(), body).to.equal('{"code":"malformed_activity"}');
    }
    expect(log.lines.filter((line) => line.msg === 'refused a body that is not an activity')).to.have.length(
      6,
    );
  });
});

describe('bot server (production mode): authentication failures', () => {
  let world: World;
  let running: RunningServer;
  let openId: Awaited<ReturnType<typeof localServer>>;
  let log: ReturnType<typeof capturingLogger>;
  /** The key the fake OpenID endpoint publishes (the "real" Bot Service key of this test). */
  const published = generateKeyPairSync('rsa', { modulusLength: 2048 });
  /** Someone else's key: a forged token is signed with it. */
  const forger = generateKeyPairSync('rsa', { modulusLength: 2048 });
  let keysAnswer: 'ok' | 'fail' = 'ok';

  const consoleError = console.error;
  beforeEach(async () => {
    // The SDK prints the key it tried on console.error; the server's own log is what is checked.
    console.error = () => undefined;
    world = await createWorld();
    keysAnswer = 'ok';
    openId = await localServer((_req, res, base) => {
      const path = _req.url ?? '';
      if (keysAnswer === 'fail') return json(res, 500, { error: 'upstream exploded at 10.0.0.7' });
      if (path === '/openid') return json(res, 200, { issuer: CHANNEL_ISSUER, jwks_uri: `${base}/keys` });
      const jwk = published.publicKey.export({ format: 'jwk' });
      return json(res, 200, { keys: [{ ...jwk, kid: 'kid-1', use: 'sig', endorsements: ['msteams'] }] });
    });
    log = capturingLogger();
    running = await serveWorld(world, {
      env: {
        NODE_ENV: 'production',
        HOST: '127.0.0.1',
        MicrosoftAppId: APP_ID,
        MicrosoftAppPassword: 'not-a-real-secret',
        EXPORT_LINK_SECRET: 'x'.repeat(40),
        DRAFT_REPLAY_SECRET: 'y'.repeat(40),
      },
      options: {
        logger: log.logger,
        // Every URL the SDK would fetch points at the local endpoint: nothing leaves the machine.
        botAuthentication: {
          ToBotFromChannelOpenIdMetadataUrl: `${openId.url}/openid`,
          ToBotFromEmulatorOpenIdMetadataUrl: `${openId.url}/openid`,
          ToBotFromChannelTokenIssuer: CHANNEL_ISSUER,
          ToChannelFromBotLoginUrl: 'http://127.0.0.1:9/login',
          ToChannelFromBotOAuthScope: 'http://127.0.0.1:9/scope',
          OAuthUrl: 'http://127.0.0.1:9/oauth',
          CallerId: 'urn:botframework:azure',
        },
      },
    });
  });
  afterEach(async () => {
    console.error = consoleError;
    await running.stop();
    openId.server.close();
    await world.close();
  });

  const post = (token: string | undefined) =>
    fetch(`${running.url}/api/messages`, {
      method: 'POST',
      headers: {
        'Content-Type': 'application/json',
        ...(token ? { Authorization: `Bearer ${token}` } : {}),
      },
      body: JSON.stringify(activity()),
    });
  const claims = () => {
    const now = Math.floor(Date.now() / 1000);
    return {
      iss: CHANNEL_ISSUER,
      aud: APP_ID,
      serviceurl: 'http://127.0.0.1:9/',
      nbf: now - 60,
      exp: now + 600,
    };
  };

  it('answers a forged but well-formed token with 401, without the reason; the log has it', async () => {
    expect(running.local).to.equal(false);
    const forged = jwt(forger.privateKey, 'kid-1', claims());
    const response = await post(forged);
    expect(response.status).to.equal(401);
    expect(await response.text()).to.equal('{"code":"unauthorized"}');
    // The keys came from the local endpoint.
    expect(openId.received.map((r) => r.url)).to.deep.equal(['/openid', '/keys']);
    const logged = log.lines.find((line) => line.msg === 'request not authenticated');
    expect(JSON.stringify(logged?.err)).to.contain('invalid signature');
    // An unknown key id, and no token at all, are refused the same way.
    for (const token of [jwt(forger.privateKey, 'kid-unknown', claims()), undefined]) {
      const again = await post(token);
      expect(again.status).to.equal(401);
      expect(await again.text()).to.equal('{"code":"unauthorized"}');
    }
  });

  it('serves a token signed with the published key (the refusals above are the forgery’s)', async () => {
    const response = await fetch(`${running.url}/api/messages`, {
      method: 'POST',
      headers: {
        'Content-Type': 'application/json',
        Authorization: `Bearer ${jwt(published.privateKey, 'kid-1', claims())}`,
      },
      body: JSON.stringify(
        activity({
          type: 'invoke',
          name: 'application/search',
          value: { kind: 'search', dataset: 'resellers', queryText: '1000' },
        }),
      ),
    });
    expect(response.status).to.equal(200);
    expect(((await response.json()) as { type: string }).type).to.equal(
      'application/vnd.microsoft.search.searchResponse',
    );
  });

  it('answers 503 without the upstream error when the signing keys do not load', async () => {
    keysAnswer = 'fail';
    const response = await post(jwt(forger.privateKey, 'kid-1', claims()));
    expect(response.status).to.equal(503);
    const body = await response.text();
    expect(body).to.equal('{"code":"authentication_unavailable"}');
    const logged = log.lines.find((line) => String(line.msg).startsWith('could not check the request'));
    expect(JSON.stringify(logged?.err)).to.contain('Failed to load openID config: 500');
  });
});
