import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { get as httpsGet } from 'node:https';
import type { RunningServer } from '../../bot/server.js';
import { errorMessage, translate } from '../../i18n/index.js';
import { FakeEntraSignIn } from '../support/fake-entra-signin.js';
import { freePort } from '../support/ports.js';
import { CONTOSO_PLAYGROUND_RESELLER, serveWorld } from '../support/server.js';
import { createWorld, RESELLERS, TENANT_A, tokenOf, type World } from '../support/world.js';

const CLIENT_ID = '00000000-0000-4000-8000-00000000a11c';
const CONTOSO_USER = {
  oid: 'contoso-user-1',
  tid: 'contoso-tenant',
  username: 'it@contoso.example',
  name: 'Chen Jie',
};

/** A browser's cookie jar, just enough for one host. */
class Jar {
  private readonly cookies = new Map<string, string>();
  take(response: Response): void {
    for (const line of response.headers.getSetCookie()) {
      const [pair = ''] = line.split(';');
      const [name = '', ...value] = pair.split('=');
      if (/Max-Age=0/.test(line)) this.cookies.delete(name);
      else this.cookies.set(name, value.join('='));
    }
  }
  get header(): string {
    return [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
  }
}

const formField = (html: string, name: string) =>
  new RegExp(`name="${name}" value="([^"]+)"`).exec(html)?.[1] ?? '';

async function requestContoso(world: World): Promise<string> {
  const result = await world.services.relationships.requestRelationship(world.admin, {
    resellerEmail: 'owner@contoso.example',
    partnerId: RESELLERS.ready.partnerId,
  });
  return tokenOf(result.draft!.link);
}

const declinedEvents = async (world: World) =>
  (await world.repos.events.readAfter(TENANT_A, 'relationship', RESELLERS.ready.partnerId, 0)).filter(
    (event) => event.type === 'relationship.declined',
  ).length;

describe('invitation page: answer after a Microsoft Entra sign-in (production, fake Entra)', function () {
  this.timeout(30_000);
  let world: World;
  let server: RunningServer;
  let entra: FakeEntraSignIn;
  let base: string;
  before(async () => {
    entra = await FakeEntraSignIn.start();
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    world = await createWorld();
    server = await serveWorld(world, {
      env: {
        MicrosoftAppId: CLIENT_ID,
        MicrosoftAppPassword: entra.clientSecret,
        HOST: '127.0.0.1',
        PUBLIC_BASE_URL: base,
      },
      options: {
        port,
        resellerSignIn: {
          authority: `${entra.authorityHost}/organizations`,
          networkClient: entra.networkClient,
        },
      },
    });
  });
  after(async () => {
    await server.stop();
    await world.close();
    await entra.stop();
  });

  /** Follows the sign-in: the bot's redirect to Entra, Entra's back to the callback, the callback's to the page. */
  async function signIn(token: string, jar: Jar): Promise<string> {
    const start = await fetch(`${base}/invite/${token}/sign-in`, { redirect: 'manual' });
    expect(start.status).to.equal(302);
    jar.take(start);
    const authorize = new URL(start.headers.get('location') ?? '');
    expect(authorize.origin + authorize.pathname).to.equal(
      `${entra.authorityHost}/organizations/oauth2/v2.0/authorize`,
    );
    expect(authorize.searchParams.get('client_id')).to.equal(CLIENT_ID);
    expect(authorize.searchParams.get('redirect_uri')).to.equal(`${base}/auth/invite/callback`);
    expect(authorize.searchParams.get('code_challenge_method')).to.equal('S256');
    expect(authorize.searchParams.get('nonce')).to.have.length.greaterThan(10);
    const callback = await new Promise<string>((resolve, reject) =>
      httpsGet(authorize, { ca: readFileSync(entra.caFile) }, (res) => {
        res.resume();
        resolve(res.headers.location ?? '');
      }).on('error', reject),
    );
    const back = await fetch(callback, { headers: { cookie: jar.header }, redirect: 'manual' });
    expect(back.status).to.equal(303);
    jar.take(back);
    return back.headers.get('location') ?? '';
  }

  it('signs the reseller in (PKCE, state, nonce), then Decline shows the declined outcome; the same form again changes nothing', async () => {
    entra.browserUser = CONTOSO_USER;
    const token = await requestContoso(world);
    const first = await (await fetch(`${base}/invite/${token}`)).text();
    expect(first).to.contain(translate('en-US', 'invitePage.signIn')).and.not.contain('name="csrf"');

    const jar = new Jar();
    expect(await signIn(token, jar)).to.equal(`/invite/${token}`);
    expect(entra.codeRedemptions).to.deep.equal([{ answer: 'tokens' }]);
    const page = await (await fetch(`${base}/invite/${token}`, { headers: { cookie: jar.header } })).text();
    expect(page).to.contain(
      translate('en-US', 'invitePage.signedInAs', { name: 'Chen Jie', account: 'it@contoso.example' }),
    );

    const form = new URLSearchParams({
      csrf: formField(page, 'csrf'),
      actionId: formField(page, 'actionId'),
      answer: 'decline',
    });
    const post = () =>
      fetch(`${base}/invite/${token}`, {
        method: 'POST',
        headers: { cookie: jar.header, 'content-type': 'application/x-www-form-urlencoded', origin: base },
        body: form.toString(),
      });
    const answered = await post();
    expect(answered.status).to.equal(200);
    const outcome = await answered.text();
    expect(outcome).to.contain(translate('en-US', 'invitation.declinedTitle'));
    expect(outcome).to.contain(
      translate('en-US', 'invitation.declinedText', {
        providerName: 'Adatum Distribution',
        resellerName: RESELLERS.ready.name,
      }),
    );
    const again = await (await post()).text();
    expect(again).to.contain(translate('en-US', 'invitation.declinedTitle'));
    expect(await declinedEvents(world)).to.equal(1);
  });

  it('refuses a user of another organisation, a form without its CSRF token, and a callback with another state', async () => {
    entra.browserUser = {
      oid: 'stranger',
      tid: 'stranger-tenant',
      username: 'eve@evil.example',
      name: 'Eve',
    };
    // Contoso declined the request of the test before: a new one may be sent.
    const token = await requestContoso(world);
    const jar = new Jar();
    await signIn(token, jar);
    const page = await (await fetch(`${base}/invite/${token}`, { headers: { cookie: jar.header } })).text();
    const send = (fields: Record<string, string>) =>
      fetch(`${base}/invite/${token}`, {
        method: 'POST',
        headers: { cookie: jar.header, 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams(fields).toString(),
      });
    const wrong = await send({
      csrf: formField(page, 'csrf'),
      actionId: formField(page, 'actionId'),
      answer: 'accept',
    });
    expect(await wrong.text()).to.contain(errorMessage('en-US', 'invitation_wrong_organisation'));
    const noCsrf = await send({
      csrf: 'x'.repeat(43),
      actionId: formField(page, 'actionId'),
      answer: 'accept',
    });
    expect(noCsrf.status).to.equal(403);
    expect(await noCsrf.text()).to.contain(translate('en-US', 'invitePage.expiredForm'));
    const view = await world.services.invitations.open(token);
    expect(view.status).to.equal('pending');

    const start = await fetch(`${base}/invite/${token}/sign-in`, { redirect: 'manual' });
    const jar2 = new Jar();
    jar2.take(start);
    const tampered = await fetch(`${base}/auth/invite/callback?code=code-x&state=not-the-state`, {
      headers: { cookie: jar2.header },
      redirect: 'manual',
    });
    expect(tampered.status).to.equal(303);
    expect(tampered.headers.get('location')).to.equal(`/invite/${token}?signInFailed=1`);
    expect(tampered.headers.getSetCookie().some((c) => c.startsWith('rrb_invite='))).to.equal(false);
    const stray = await fetch(`${base}/auth/invite/callback?code=code-x&state=s`, { redirect: 'manual' });
    expect(stray.status).to.equal(400);
    expect(await stray.text()).to.contain(translate('en-US', 'invitePage.signInFailed'));
    expect(entra.codeRedemptions.filter((r) => r.answer === 'tokens')).to.have.length(2);
  });
});

describe('invitation page: answer as the Playground’s reseller user (local mode)', () => {
  let world: World;
  let server: RunningServer;
  beforeEach(async () => {
    world = await createWorld();
    server = await serveWorld(world, { options: CONTOSO_PLAYGROUND_RESELLER });
  });
  afterEach(async () => {
    await server.stop();
    await world.close();
  });

  it('offers Accept / Decline without a sign-in, names the local user, and accepts with the card’s outcome (zh-CN)', async () => {
    const token = await requestContoso(world);
    const jar = new Jar();
    const response = await fetch(`${server.url}/invite/${token}`, {
      headers: { 'accept-language': 'zh-CN' },
    });
    jar.take(response);
    const page = await response.text();
    expect(page).to.contain(
      translate('zh-CN', 'invitePage.localUser', { name: 'Chen Jie', account: 'chenjie@contoso.example' }),
    );
    expect(response.headers.get('content-security-policy'))
      .to.contain("form-action 'self'")
      .and.contain("style-src 'self'");
    const answered = await fetch(`${server.url}/invite/${token}`, {
      method: 'POST',
      headers: {
        cookie: jar.header,
        'content-type': 'application/x-www-form-urlencoded',
        'accept-language': 'zh-CN',
      },
      body: new URLSearchParams({
        csrf: formField(page, 'csrf'),
        actionId: formField(page, 'actionId'),
        answer: 'accept',
      }).toString(),
    });
    expect(await answered.text()).to.contain(translate('zh-CN', 'invitation.acceptedTitle'));
    const view = await world.services.relationships.getRelationship(world.admin, RESELLERS.ready.partnerId);
    expect(view.status).to.equal('active');
  });
});
