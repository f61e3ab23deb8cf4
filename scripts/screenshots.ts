/**
 * `npm run screenshots`: walks the whole flow in two Microsoft 365 Agents Playgrounds, in English
 * and then in Chinese, and writes one PNG per step to `docs/screenshots/` (shown in
 * `docs/walkthrough.md`). The steps are those of the browser test (`scripts/walkthrough/steps.ts`,
 * run by test/browser/walkthrough.test.ts): each waits for the texts the user sees.
 *
 * Reproducible from a clean state: it runs `npm start` (scripts/start.mjs) on free ports with a
 * throw-away database and the demo data, so a developer's own `npm start` is not disturbed.
 * Headless Chromium is Debian's (`CHROMIUM_PATH`, default /usr/bin/chromium) driven by
 * playwright-core, and reaches nothing but this machine; install `fonts-wqy-microhei` or
 * `fonts-noto-cjk` or Chinese renders as boxes.
 *
 * Usage: tsx scripts/screenshots.ts [--lang en,zh] [--out docs/screenshots] [--keep-open]
 *   --lang       the passes to run (default both, in this order)
 *   --out        where the PNGs go
 *   --keep-open  leave the bot and the Playgrounds running at the end (Ctrl+C stops them)
 */
import { mkdirSync, readdirSync, rmSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { openPlaygrounds, type Playgrounds } from './walkthrough/session.js';
import { PASSES, walkSteps, type Lang } from './walkthrough/steps.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const { values: options } = parseArgs({
  options: {
    lang: { type: 'string', default: 'en,zh' },
    out: { type: 'string', default: join(root, 'docs', 'screenshots') },
    'keep-open': { type: 'boolean', default: false },
  },
});
const outDir = resolve(options.out);
const passes = options.lang.split(',').map((lang) => lang.trim());
for (const lang of passes) {
  if (lang !== 'en' && lang !== 'zh') throw new Error(`--lang: "${lang}" is not en or zh`);
}
/** Above this a PNG is too heavy for the README; the script warns. */
const MAX_BYTES = 250 * 1024;

let session: Playgrounds | undefined;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => void session?.close().finally(() => process.exit(130)));
}

async function main(): Promise<void> {
  mkdirSync(outDir, { recursive: true });
  for (const file of readdirSync(outDir)) {
    if (passes.some((lang) => file.startsWith(`${lang}-`)) && file.endsWith('.png'))
      rmSync(join(outDir, file));
  }
  console.log('screenshots: starting the bot, the local database and both Playgrounds (npm start)');
  session = await openPlaygrounds();
  console.log(
    `screenshots: bot on ${session.stack.bot}, Playgrounds on ${session.stack.provider} and ${session.stack.reseller}`,
  );
  const camera = {
    dir: outDir,
    saved: (path: string, bytes: number) =>
      console.log(
        `screenshots: ${relative(root, path)} (${Math.round(bytes / 1024)} KB)${bytes > MAX_BYTES ? '  <- over 250 KB' : ''}`,
      ),
  };
  for (const lang of passes) {
    console.log(`screenshots: ${lang} pass`);
    for (const step of walkSteps({ ...session, bot: session.stack.bot, camera }, PASSES[lang as Lang])) {
      const started = Date.now();
      await step.run();
      console.log(`screenshots: ${lang} ${step.title} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
    }
  }
  if (options['keep-open']) {
    console.log(
      `screenshots: done; still running: provider ${session.stack.provider}, reseller ${session.stack.reseller}. Ctrl+C stops.`,
    );
    return;
  }
  await session.close();
  console.log(`screenshots: done, PNGs in ${relative(root, outDir) || '.'}`);
}

main().catch(async (error: unknown) => {
  console.error(`screenshots: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  if (session)
    console.error(`screenshots: the last output of npm start:\n${session.stack.start.output().slice(-3000)}`);
  await session?.close();
  process.exit(1);
});
