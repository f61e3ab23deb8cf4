import { expect } from 'chai';
import { mkdirSync, rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { translate } from '../../i18n/index.js';
import { squash } from '../../scripts/walkthrough/chat.js';
import { openPlaygrounds, type Playgrounds } from '../../scripts/walkthrough/session.js';
import { PASSES, walkSteps, type Lang, type Walk } from '../../scripts/walkthrough/steps.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
/** One picture per step (the same names as docs/screenshots/), kept after the run. */
const ARTEFACTS = join(root, 'test-results', 'walkthrough');
/** `npm start` (seed, pages' build, bot, two Playgrounds) on a busy 2-core machine. */
const START_MS = 180_000;
/** A step is at most a handful of bot answers (each waited for up to 30 s). */
const STEP_MS = 120_000;

/*
 * The walk-through of docs/walkthrough.md, end to end: `npm start`'s own launcher (real bot, real
 * local FerretDB with the demo data, both Agents Playgrounds) driven in headless Chromium that
 * reaches nothing but this machine. The English pass, then the Chinese one on the same data
 * (switched with the stored language preference: the Playground always sends en-US).
 */
describe('browser: the walk-through in both Agents Playgrounds (npm start, headless Chromium)', function () {
  this.timeout(STEP_MS);
  let session: Playgrounds | undefined;
  const walk = { camera: { dir: ARTEFACTS } } as Walk;
  /** The steps rely on each other: after a failure the rest of the pass is not run. */
  let failed: string | undefined;

  before(async function () {
    this.timeout(START_MS);
    rmSync(ARTEFACTS, { recursive: true, force: true });
    mkdirSync(ARTEFACTS, { recursive: true });
    session = await openPlaygrounds(1);
    Object.assign(walk, {
      bot: session.stack.bot,
      browser: session.browser,
      provider: session.provider,
      reseller: session.reseller,
    });
  });

  after(async function () {
    this.timeout(30_000);
    await session?.close();
  });

  afterEach(async function () {
    if (this.currentTest?.state !== 'failed' || !session) return;
    failed ??= this.currentTest.title;
    // What each Playground showed when the step failed, next to the step pictures.
    const name = this.currentTest.title.replace(/[^\w-]+/g, '-').slice(0, 60);
    for (const [who, chat] of [
      ['provider', session.provider],
      ['reseller', session.reseller],
    ] as const) {
      await chat.page
        .screenshot({ path: join(ARTEFACTS, `FAILED-${name}-${who}.png`) })
        .catch(() => undefined);
    }
  });

  for (const lang of ['en', 'zh'] as Lang[]) {
    describe(`${lang === 'en' ? 'English' : 'Chinese'} pass`, () => {
      for (const step of walkSteps(walk, PASSES[lang])) {
        it(`${lang}-${step.name}: ${step.title}`, async function () {
          if (failed) this.skip(); // it needs what the failed step left
          await step.run();
        });
      }
    });
  }

  describe('afterwards', () => {
    it('the bot never answered with its error card in either Playground', async function () {
      if (failed) this.skip();
      const generic = (['en-US', 'zh-CN'] as const).map((locale) =>
        squash(translate(locale, 'bot.error.generic')),
      );
      for (const chat of [session!.provider, session!.reseller]) {
        const shown = (await chat.cards().allInnerTexts()).map(squash);
        expect(shown.length, chat.who).to.be.at.least(4);
        expect(
          shown.filter((text) => generic.some((error) => text.includes(error))),
          chat.who,
        ).to.deep.equal([]);
      }
    });
  });
});
