import { expect } from 'chai';
import type { Browser } from 'playwright-core';
import type { RunningServer } from '../../bot/server.js';
import { translate } from '../../i18n/index.js';
import { launchChromium } from '../support/chromium.js';
import { FakeEntraSignIn } from '../support/fake-entra-signin.js';
import { freePort } from '../support/ports.js';
import { serveWorld } from '../support/server.js';
import { createWorld, RESELLERS, tokenOf, type World } from '../support/world.js';

const CLIENT_ID = '00000000-0000-4000-8000-00000000b5e1';

describe('browser: the reseller signs in with (fake) Entra and accepts on the invitation page', function () {
  this.timeout(60_000);
  let browser: Browser;
  let world: World;
  let server: RunningServer;
  let entra: FakeEntraSignIn;

  before(async () => {
    browser = await launchChromium();
    entra = await FakeEntraSignIn.start();
    world = await createWorld();
    const port = await freePort();
    server = await serveWorld(world, {
      env: {
        MicrosoftAppId: CLIENT_ID,
        MicrosoftAppPassword: entra.clientSecret,
        HOST: '127.0.0.1',
        PUBLIC_BASE_URL: `http://127.0.0.1:${port}`,
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
    await server?.stop();
    await world?.close();
    await entra?.stop();
    await browser?.close();
  });

  it('Sign in → Entra → back on the page signed in → Accept shows the accepted outcome (zh-CN)', async () => {
    entra.browserUser = {
      oid: 'contoso-user-7',
      tid: 'contoso-tenant',
      username: 'li@contoso.example',
      name: 'Li Na',
    };
    const request = await world.services.relationships.requestRelationship(world.admin, {
      resellerEmail: 'owner@contoso.example',
      partnerId: RESELLERS.ready.partnerId,
    });
    const token = tokenOf(request.draft!.link);
    // The fake's certificate is self-signed; every request stays on 127.0.0.1.
    const context = await browser.newContext({ locale: 'zh-CN', ignoreHTTPSErrors: true });
    await context.route('**/*', (route) =>
      new URL(route.request().url()).hostname === '127.0.0.1' ? route.continue() : route.abort(),
    );
    const page = await context.newPage();
    await page.goto(`${server.url}/invite/${token}`);
    expect(await page.locator('[data-testid="accept"]').count()).to.equal(0);
    await page.locator('[data-testid="sign-in"]').click();
    await page.locator('[data-testid="who"]').waitFor();
    expect(await page.locator('[data-testid="who"]').innerText()).to.contain(
      translate('zh-CN', 'invitePage.signedInAs', { name: 'Li Na', account: 'li@contoso.example' }),
    );
    expect(entra.authorizeRequests.at(-1)?.get('code_challenge_method')).to.equal('S256');
    await page.locator('[data-testid="accept"]').click();
    await page.locator('[data-testid="outcome"]').waitFor();
    expect(await page.locator('[data-testid="outcome"]').innerText()).to.equal(
      translate('zh-CN', 'invitation.acceptedTitle'),
    );
    const view = await world.services.relationships.getRelationship(world.admin, RESELLERS.ready.partnerId);
    expect(view.status).to.equal('active');
    await context.close();
  });
});
