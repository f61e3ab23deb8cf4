import { expect } from 'chai';
import type { Browser, Page } from 'playwright-core';
import type { RunningServer } from '../../bot/server.js';
import { translate, type Locale } from '../../i18n/index.js';
import { buildWeb } from '../../scripts/build-web.mjs';
import { CHANNEL_EXPECTED, CHANNEL_RESELLERS, seedChannel } from '../support/channel-data.js';
import { launchChromium, loopbackContext } from '../support/chromium.js';
import { serveWorld } from '../support/server.js';
import { createWorld, RESELLERS, TENANT_A, type World } from '../support/world.js';

describe('browser: the resellers tab as a plain page (headless Chromium)', function () {
  this.timeout(60_000);
  let browser: Browser;
  let world: World;
  let server: RunningServer;

  before(async () => {
    await buildWeb();
    browser = await launchChromium();
    world = await createWorld();
    await seedChannel(world);
    // Local mode: the tab acts for the provider Playground's user, here the world's admin.
    server = await serveWorld(world, {
      options: {
        localUsers: { agent: { tenantId: TENANT_A, userId: world.admin.agentId, name: 'Ada Admin' } },
      },
    });
  });
  after(async () => {
    await server?.stop();
    await world?.close();
    await browser?.close();
  });

  async function openTab(locale: Locale): Promise<{ page: Page; errors: string[] }> {
    const { context, errors } = await loopbackContext(browser, locale);
    const page = await context.newPage();
    await page.goto(`${server.url}/tabs/resellers?locale=${locale}`);
    await page.locator('[data-testid="relationship-row"]').first().waitFor();
    return { page, errors };
  }
  const rowIds = (page: Page) =>
    page
      .locator('[data-testid="relationship-row"]')
      .evaluateAll((rows) => rows.map((row) => (row as HTMLElement).dataset.partnerId));

  for (const locale of ['en-US', 'zh-CN'] as Locale[]) {
    it(`search filters rows, a column sorts, the funnel shows the seeded figures (${locale})`, async () => {
      const { page, errors } = await openTab(locale);
      const number = new Intl.NumberFormat(locale);
      expect(await page.locator('h1').innerText()).to.equal(
        translate(locale, 'tab.heading', { providerName: 'Adatum Distribution' }),
      );
      expect(await page.locator('[data-testid="relationship-row"]').count()).to.equal(
        CHANNEL_EXPECTED.relationships,
      );
      // Sorted by name at first; state names in the page's language.
      const contosoRow = page.locator(
        `[data-testid="relationship-row"][data-partner-id="${RESELLERS.ready.partnerId}"]`,
      );
      expect(await contosoRow.locator('[data-col="status"]').innerText()).to.equal(
        translate(locale, 'status.active'),
      );
      expect(await contosoRow.locator('[data-col="subscriptions"]').innerText()).to.equal(number.format(2));
      expect(await contosoRow.locator('[data-col="supportContacts"]').innerText()).to.equal(number.format(1));

      await page.fill('[data-testid="search"]', 'contoso');
      expect(await rowIds(page)).to.deep.equal([RESELLERS.ready.partnerId]);
      await page.fill('[data-testid="search"]', '100001');
      expect(await rowIds(page)).to.have.members(Object.values(CHANNEL_RESELLERS).map((r) => r.partnerId));
      await page.fill('[data-testid="search"]', 'no such reseller');
      expect(await rowIds(page)).to.deep.equal([]);
      expect(await page.locator('#no-match').isVisible()).to.equal(true);
      await page.fill('[data-testid="search"]', '');

      // Subscriptions, descending (second click): Contoso (2), Alpine (1), then the rest by name.
      await page.click('[data-testid="sort-subscriptions"]');
      await page.click('[data-testid="sort-subscriptions"]');
      const ids = await rowIds(page);
      expect(ids.slice(0, 2)).to.deep.equal([RESELLERS.ready.partnerId, CHANNEL_RESELLERS.alpine.partnerId]);
      expect(await page.locator('th[aria-sort="descending"] button').innerText()).to.equal(
        translate(locale, 'tab.column.subscriptions'),
      );
      expect(await page.locator('[data-testid="sort-resellerName"]').innerText()).to.equal(
        translate(locale, 'tab.column.reseller'),
      );
      await page.click('[data-testid="sort-partnerId"]');
      const byId = await rowIds(page);
      expect(byId).to.deep.equal([...byId].sort());

      for (const [stage, value] of Object.entries(CHANNEL_EXPECTED.funnel)) {
        const bar = page.locator(`[data-testid="funnel-${stage}"]`);
        expect(await bar.getAttribute('data-value'), stage).to.equal(String(value));
        expect(await bar.locator('text.value').textContent(), stage).to.equal(number.format(value));
        expect(await bar.locator('text.label').textContent()).to.equal(
          translate(locale, `tab.funnel.${stage}` as 'tab.funnel.sent'),
        );
      }
      const days = new Intl.NumberFormat(locale, {
        style: 'unit',
        unit: 'day',
        unitDisplay: 'long',
        maximumFractionDigits: 1,
      }).format(3);
      expect(await page.locator('[data-testid="funnel-median"]').innerText()).to.equal(
        translate(locale, 'tab.funnel.median', { duration: days }),
      );

      const pending = page.locator('[data-testid="pending-row"]');
      expect(await pending.count()).to.equal(1);
      const expires = new Date(world.clock.now().getTime() + 14 * 86_400_000);
      expect(await pending.locator('[data-col="expires"]').innerText()).to.equal(
        new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone: 'UTC' }).format(expires),
      );
      expect(errors, 'page errors').to.deep.equal([]);
      await page.context().close();
    });
  }

  it('shows a helpdesk agent the channel read only', async () => {
    const helpdeskServer = await serveWorld(world, {
      options: {
        localUsers: { agent: { tenantId: TENANT_A, userId: world.helpdesk.agentId, name: 'Helen Desk' } },
      },
    });
    try {
      const { context } = await loopbackContext(browser, 'en-US');
      const page = await context.newPage();
      await page.goto(`${helpdeskServer.url}/tabs/resellers?locale=en-US`);
      await page.locator('[data-testid="read-only"]').waitFor();
      expect(await page.locator('[data-testid="read-only"]').innerText()).to.equal(
        translate('en-US', 'tab.readOnly', { roles: translate('en-US', 'roleName.helpdesk') }),
      );
      expect(await page.locator('[data-testid="relationship-row"]').count()).to.equal(
        CHANNEL_EXPECTED.relationships,
      );
      await context.close();
    } finally {
      await helpdeskServer.stop();
    }
  });
});
