import { expect } from 'chai';
import type { Browser, Page } from 'playwright-core';
import type { RunningServer } from '../../bot/server.js';
import { errorMessage, translate, type Locale } from '../../i18n/index.js';
import { buildWeb } from '../../scripts/build-web.mjs';
import { launchChromium, loopbackContext } from '../../scripts/walkthrough/browser.js';
import { systemClock } from '../../services/clock.js';
import { createDialogGrants } from '../../web/dialog-grant.js';
import { draftDialogUrl } from '../../web/draft-dialog.js';
import { serveWorld } from '../support/server.js';
import { createWorld, RESELLERS, type World } from '../support/world.js';

const SECRET = 'browser-draft-dialog-secret-0123456789abcdef';
describe('browser: the e-mail draft dialog as a plain page (headless Chromium)', function () {
  this.timeout(60_000);
  let browser: Browser;
  let world: World;
  let server: RunningServer;
  const grants = createDialogGrants({ secret: SECRET, clock: systemClock });

  before(async () => {
    await buildWeb();
    browser = await launchChromium();
  });
  after(async () => browser?.close());
  beforeEach(async () => {
    world = await createWorld();
    server = await serveWorld(world, { env: { EXPORT_LINK_SECRET: SECRET } });
  });
  afterEach(async () => {
    await server.stop();
    await world.close();
  });

  /** The dialog as the bot opens it for the world's admin, in a page that reaches only the bot. */
  async function openDialog(locale: Locale): Promise<{ page: Page; link: string }> {
    const request = await world.services.relationships.requestRelationship(world.admin, {
      resellerEmail: 'owner@contoso.example',
      partnerId: RESELLERS.ready.partnerId,
      locale,
    });
    const { subject, body, link, to } = request.draft!;
    const url = draftDialogUrl(
      server.url,
      locale,
      { partnerId: RESELLERS.ready.partnerId, to, subject, body, link },
      grants.create(world.admin),
    );
    // Debian's Chromium, reaching nothing but this machine; nothing here downloads a browser.
    const { context } = await loopbackContext(browser, { locale });
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.url });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    page.on('console', (message) => {
      if (message.type() === 'error') errors.push(message.text());
    });
    await page.goto(url);
    await page.locator('#body').waitFor();
    expect(errors, 'page errors').to.deep.equal([]);
    return { page, link };
  }

  const clipboard = (page: Page) => page.evaluate(() => navigator.clipboard.readText());
  const status = (page: Page) => page.locator('#status').innerText();

  for (const locale of ['en-US', 'zh-CN'] as Locale[]) {
    it(`copies the draft with the link, refuses a text without it, and marks it sent (${locale})`, async () => {
      const { page, link } = await openDialog(locale);
      expect(await page.locator('h1').innerText()).to.equal(translate(locale, 'dialog.draft.title'));
      expect(await page.locator('#to').innerText()).to.equal('owner@contoso.example');
      expect(await page.inputValue('#body')).to.include(link);

      await page.getByRole('button', { name: translate(locale, 'draft.copy') }).click();
      await page.waitForFunction(
        (text) => document.getElementById('status')?.textContent === text,
        translate(locale, 'dialog.draft.copied'),
      );
      const copied = await clipboard(page);
      expect(copied.startsWith(await page.inputValue('#subject'))).to.equal(true);
      expect(copied).to.include(link);

      await page.fill('#body', 'Hello, please accept.');
      await page.getByRole('button', { name: translate(locale, 'draft.copy') }).click();
      const refused = errorMessage(locale, 'draft_link_missing');
      await page.waitForFunction((text) => document.getElementById('status')?.textContent === text, refused);
      expect(await clipboard(page), 'clipboard unchanged').to.equal(copied);

      await page.fill('#body', `Dear partner,\n${link}`);
      await page.getByRole('button', { name: translate(locale, 'draft.done') }).click();
      await page.waitForFunction(
        (text) => document.getElementById('status')?.textContent === text,
        translate(locale, 'dialog.draft.sent'),
      );
      expect(await page.locator('#done').isDisabled()).to.equal(true);
      const view = await world.services.relationships.getRelationship(world.admin, RESELLERS.ready.partnerId);
      expect(view.invitation?.sentAt).to.be.instanceOf(Date);
      expect(await status(page)).to.equal(translate(locale, 'dialog.draft.sent'));
      await page.context().close();
    });
  }
});
