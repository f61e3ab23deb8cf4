import type { Browser, BrowserContext } from 'playwright-core';
import { loopbackContext as blockingContext } from '../../scripts/walkthrough/browser.js';

export { CHROMIUM, CHROMIUM_ARGS, launchChromium } from '../../scripts/walkthrough/browser.js';

/**
 * A context in this locale that reaches this machine only (the walk-through's own), collecting
 * the page errors it sees.
 */
export async function loopbackContext(
  browser: Browser,
  locale: string,
): Promise<{ context: BrowserContext; errors: string[] }> {
  const { context } = await blockingContext(browser, { locale });
  const errors: string[] = [];
  context.on('page', (page) => {
    page.on('pageerror', (error) => errors.push(error.message));
    page.on('console', (message) => {
      if (message.type() === 'error') errors.push(message.text());
    });
  });
  return { context, errors };
}
