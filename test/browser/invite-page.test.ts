import { expect } from 'chai';
import type { Browser } from 'playwright-core';
import type { RunningServer } from '../../bot/server.js';
import { translate, type Locale } from '../../i18n/index.js';
import { launchChromium, loopbackContext } from '../support/chromium.js';
import { CONTOSO_PLAYGROUND_RESELLER, serveWorld } from '../support/server.js';
import { createWorld, RESELLERS, TENANT_A, tokenOf, type World } from '../support/world.js';

describe('browser: Decline on the invitation page (local mode, headless Chromium)', function () {
  this.timeout(60_000);
  let browser: Browser;
  let world: World;
  let server: RunningServer;

  before(async () => {
    browser = await launchChromium();
  });
  after(async () => browser?.close());
  beforeEach(async () => {
    world = await createWorld();
    // Local mode: the page answers as the reseller Playground's user, here a user of Contoso's tenant.
    server = await serveWorld(world, { options: CONTOSO_PLAYGROUND_RESELLER });
  });
  afterEach(async () => {
    await server.stop();
    await world.close();
  });

  const declined = async () =>
    (await world.repos.events.readAfter(TENANT_A, 'relationship', RESELLERS.ready.partnerId, 0)).filter(
      (event) => event.type === 'relationship.declined',
    ).length;

  for (const locale of ['en-US', 'zh-CN'] as Locale[]) {
    it(`Decline shows the declined outcome, and a second click changes nothing (${locale})`, async () => {
      const request = await world.services.relationships.requestRelationship(world.admin, {
        resellerEmail: 'owner@contoso.example',
        partnerId: RESELLERS.ready.partnerId,
      });
      const token = tokenOf(request.draft!.link);
      const { context, errors } = await loopbackContext(browser, locale);
      const page = await context.newPage();
      await page.goto(`${server.url}/invite/${token}`);
      expect(await page.locator('[data-testid="who"]').innerText()).to.equal(
        translate(locale, 'invitePage.localUser', { name: 'Chen Jie', account: 'chenjie@contoso.example' }),
      );
      expect(await page.locator('[data-testid="decline"]').innerText()).to.equal(
        translate(locale, 'invitation.decline'),
      );

      const form = {
        csrf: await page.locator('input[name="csrf"]').inputValue(),
        actionId: await page.locator('input[name="actionId"]').inputValue(),
        answer: 'decline',
      };
      // Two clicks in a row (the second before the first answer is shown) decline once.
      await page.locator('[data-testid="decline"]').dblclick();
      await page.locator('[data-testid="outcome"]').waitFor();
      expect(await page.locator('[data-testid="outcome"]').innerText()).to.equal(
        translate(locale, 'invitation.declinedTitle'),
      );
      expect(await page.locator('#outcome-text').innerText()).to.equal(
        translate(locale, 'invitation.declinedText', {
          providerName: 'Adatum Distribution',
          resellerName: RESELLERS.ready.name,
        }),
      );
      expect(await declined()).to.equal(1);

      // Back on the invitation: it reads declined, with nothing left to click; resending the old form changes nothing.
      await page.goBack();
      await page.reload();
      expect(await page.locator('[data-testid="invitation-status"]').getAttribute('data-status')).to.equal(
        'declined',
      );
      expect(await page.locator('[data-testid="decline"]').count()).to.equal(0);
      const resent = await context.request.post(`${server.url}/invite/${token}`, {
        form,
        headers: { 'accept-language': locale },
      });
      expect(await resent.text()).to.contain(translate(locale, 'invitation.declinedTitle'));
      expect(await declined()).to.equal(1);
      expect(errors, 'page errors').to.deep.equal([]);
      await context.close();
    });
  }
});
