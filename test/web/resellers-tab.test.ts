import { expect } from 'chai';
import { generateKeyPairSync } from 'node:crypto';
import type { RunningServer } from '../../bot/server.js';
import { errorMessage, translate } from '../../i18n/index.js';
import { CHANNEL_EXPECTED, seedChannel } from '../support/channel-data.js';
import { json, jwt, localServer } from '../support/openid-server.js';
import { serveWorld } from '../support/server.js';
import { createWorld, TENANT_A, type World } from '../support/world.js';

const APP_ID = '00000000-0000-4000-8000-0000000007ab';
const ENTRA = 'https://login.entra.test';

describe('resellers tab: page and JSON call (local mode)', () => {
  let world: World;
  let server: RunningServer;
  before(async () => {
    world = await createWorld();
    await seedChannel(world);
  });
  after(async () => world.close());
  afterEach(async () => server?.stop());

  const serveAs = async (agentId: string) => {
    server = await serveWorld(world, {
      options: { localUsers: { agent: { tenantId: TENANT_A, userId: agentId, name: 'Local Agent' } } },
    });
  };

  it('serves the page with a strict CSP, no inline script, texts in the asked language', async () => {
    await serveAs('agent-admin');
    const page = await fetch(`${server.url}/tabs/resellers?locale=zh-CN`);
    expect(page.status).to.equal(200);
    const csp = page.headers.get('content-security-policy') ?? '';
    expect(csp)
      .to.contain("script-src 'self'")
      .and.contain("style-src 'self'")
      .and.not.contain('unsafe-inline');
    const html = await page.text();
    expect(html).to.contain('<html lang="zh-CN">').and.contain(translate('zh-CN', 'tab.pendingTitle'));
    expect(html).to.match(/<script type="module" src="\/web\/resellers-tab.js"><\/script>/);
    expect(html.match(/<script[^>]*>[^<]+<\/script>/)).to.equal(null);
  });

  it('answers the Playground’s user (admin) with the channel; someone without a role is refused in their language', async () => {
    await serveAs('agent-admin');
    const answer = await fetch(`${server.url}/api/tabs/resellers?locale=en-US`);
    expect(answer.status).to.equal(200);
    const body = (await answer.json()) as { funnel: Record<string, number>; relationships: unknown[] };
    expect(body.funnel.accepted).to.equal(CHANNEL_EXPECTED.funnel.accepted);
    expect(body.relationships).to.have.length(CHANNEL_EXPECTED.relationships);
    await server.stop();

    await serveAs('agent-nobody');
    const refused = await fetch(`${server.url}/api/tabs/resellers?locale=zh-CN`);
    expect(refused.status).to.equal(403);
    expect(await refused.json()).to.deep.include({
      code: 'not_authorised',
      error: errorMessage('zh-CN', 'not_authorised', { permission: 'viewResellers' }),
    });
  });
});

describe('resellers tab: the SSO token in production', () => {
  let world: World;
  let server: RunningServer;
  let openId: Awaited<ReturnType<typeof localServer>>;
  const published = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const forger = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const consoleError = console.error;

  before(async () => {
    // The SDK's validator prints the keys it tried on console.error; the answers are what is checked.
    console.error = () => undefined;
    world = await createWorld();
    await seedChannel(world);
    openId = await localServer((req, res, base) => {
      if (req.url === '/down/openid') return json(res, 500, { error: 'down' });
      if (req.url === '/openid')
        return json(res, 200, { issuer: `${ENTRA}/{tenantid}/v2.0`, jwks_uri: `${base}/keys` });
      const jwk = published.publicKey.export({ format: 'jwk' });
      return json(res, 200, { keys: [{ ...jwk, kid: 'entra-1', use: 'sig' }] });
    });
    server = await serveWorld(world, {
      env: { MicrosoftAppId: APP_ID, MicrosoftAppPassword: 'not-a-real-secret', HOST: '127.0.0.1' },
      options: {
        tabSso: { openIdMetadataUrl: `${openId.url}/openid`, issuers: (tid) => [`${ENTRA}/${tid}/v2.0`] },
      },
    });
  });
  after(async () => {
    console.error = consoleError;
    await server.stop();
    openId.server.close();
    await world.close();
  });

  const claims = (fields: Record<string, unknown> = {}) => {
    const now = Math.floor(Date.now() / 1000);
    return {
      iss: `${ENTRA}/${TENANT_A}/v2.0`,
      aud: `api://bot.example.test/botid-${APP_ID}`,
      tid: TENANT_A,
      oid: 'agent-admin',
      scp: 'access_as_user',
      name: 'Ada Admin',
      nbf: now - 60,
      exp: now + 600,
      ...fields,
    };
  };
  const call = (token?: string) =>
    fetch(`${server.url}/api/tabs/resellers?locale=en-US`, {
      headers: token ? { Authorization: `Bearer ${token}` } : {},
    });

  it('serves a token signed with Entra’s published key for the app; the caller is its tid and oid', async () => {
    expect(server.local).to.equal(false);
    const answer = await call(jwt(published.privateKey, 'entra-1', claims()));
    expect(answer.status).to.equal(200);
    const body = (await answer.json()) as { mayChange: boolean; funnel: { sent: number } };
    expect(body.mayChange).to.equal(true);
    expect(body.funnel.sent).to.equal(CHANNEL_EXPECTED.funnel.sent);
    const helpdesk = await call(
      jwt(published.privateKey, 'entra-1', claims({ oid: 'agent-helpdesk', aud: APP_ID })),
    );
    expect(((await helpdesk.json()) as { mayChange: boolean }).mayChange).to.equal(false);
  });

  it('refuses no token, a forged one, another audience, another tenant’s issuer, a missing scope, an expired one', async () => {
    const refused = async (token: string | undefined, code: string) => {
      const answer = await call(token);
      expect(answer.status, code).to.equal(401);
      expect(((await answer.json()) as { code: string }).code).to.equal(code);
    };
    await refused(undefined, 'sign_in_required');
    await refused(jwt(forger.privateKey, 'entra-1', claims()), 'unauthorized');
    await refused(
      jwt(published.privateKey, 'entra-1', claims({ aud: 'api://other.example/botid-x' })),
      'unauthorized',
    );
    await refused(
      jwt(published.privateKey, 'entra-1', claims({ iss: `${ENTRA}/tenant-b/v2.0` })),
      'unauthorized',
    );
    await refused(jwt(published.privateKey, 'entra-1', claims({ scp: 'User.Read' })), 'unauthorized');
    const past = Math.floor(Date.now() / 1000) - 3600;
    await refused(
      jwt(published.privateKey, 'entra-1', claims({ nbf: past - 600, exp: past })),
      'unauthorized',
    );
  });

  it('answers 503 when Entra’s keys cannot be loaded', async () => {
    const down = await serveWorld(world, {
      env: { MicrosoftAppId: APP_ID, MicrosoftAppPassword: 'not-a-real-secret', HOST: '127.0.0.1' },
      options: {
        tabSso: {
          openIdMetadataUrl: `${openId.url}/down/openid`,
          issuers: (tid) => [`${ENTRA}/${tid}/v2.0`],
        },
      },
    });
    try {
      const answer = await fetch(`${down.url}/api/tabs/resellers`, {
        headers: { Authorization: `Bearer ${jwt(published.privateKey, 'entra-1', claims())}` },
      });
      expect(answer.status).to.equal(503);
      expect(((await answer.json()) as { code: string }).code).to.equal('authentication_unavailable');
    } finally {
      await down.stop();
    }
  });
});
