/**
 * The walk-through's setting: `npm start` on free ports (scripts/walkthrough/stack.ts), headless
 * Chromium reaching only this machine, and one tab per Playground: the provider's admin and the
 * reseller's user, both as the Playground greets them (in English: it always sends en-US).
 */
import type { Browser } from 'playwright-core';
import { launchChromium, loopbackContext } from './browser.js';
import { Chat } from './chat.js';
import { startStack, type Stack } from './stack.js';

export interface Playgrounds {
  stack: Stack;
  browser: Browser;
  provider: Chat;
  reseller: Chat;
  /** Requests the Playground pages made beyond this machine (aborted): fonts, scripts of a CDN. */
  blocked(): string[];
  close(): Promise<void>;
}

/**
 * @param scale device pixels per CSS pixel of the pictures: 1.5 for legible documentation, 1 for
 * a test's artefacts (cheaper to take on a busy machine).
 */
export async function openPlaygrounds(scale = 1.5): Promise<Playgrounds> {
  const stack = await startStack();
  let browser: Browser | undefined;
  try {
    browser = await launchChromium();
    // Tall pages so that the longest card fits.
    const options = { viewport: { width: 1280, height: 1600 }, deviceScaleFactor: scale, locale: 'en-US' };
    const providerSide = await loopbackContext(browser, options);
    const resellerSide = await loopbackContext(browser, options);
    const provider = await Chat.open(
      providerSide.context,
      stack.provider,
      'en-US',
      'the provider (Alex Wilber)',
    );
    const reseller = await Chat.open(
      resellerSide.context,
      stack.reseller,
      'en-US',
      'the reseller (Chen Jie)',
    );
    const opened = browser;
    return {
      stack,
      browser: opened,
      provider,
      reseller,
      blocked: () => [...providerSide.blocked, ...resellerSide.blocked],
      close: async () => {
        await opened.close().catch(() => undefined);
        await stack.stop();
      },
    };
  } catch (error) {
    await browser?.close().catch(() => undefined);
    await stack.stop();
    throw error;
  }
}
