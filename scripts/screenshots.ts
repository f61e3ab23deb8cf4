/**
 * `npm run screenshots`: walks the whole flow in two Microsoft 365 Agents Playgrounds, in English
 * and then in Chinese, and writes one PNG per card to `docs/screenshots/` (shown in
 * `docs/walkthrough.md`): invite → the reseller accepts → pick that reseller for a subscription
 * (and verify one not in the list) → remove it with confirmation.
 *
 * Reproducible from a clean state: it starts its own throw-away FerretDB, seeds the demo data, and
 * runs the bot and both Playgrounds on free ports, so a developer's `npm start` is not disturbed.
 * Headless Chromium is Debian's (`CHROMIUM_PATH`, default /usr/bin/chromium) driven by
 * playwright-core; install `fonts-wqy-microhei` or `fonts-noto-cjk` or Chinese renders as boxes.
 *
 * Usage: tsx scripts/screenshots.ts [--lang en,zh] [--out docs/screenshots] [--keep-open]
 *   --lang       the passes to run (default both; each pass stands on its own)
 *   --out        where the PNGs go
 *   --keep-open  leave the bot and the Playgrounds running at the end (Ctrl+C stops them)
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, openSync, readdirSync, rmSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { chromium, type Browser, type BrowserContext, type Locator, type Page } from 'playwright-core';
import { translate, type Locale, type MessageKey, type Params } from '../i18n/index.js';
import { DEMO_PLAYGROUND_RESELLER, DEMO_RESELLERS } from './demo-data.js';

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

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
/** Above this a PNG is too heavy for the README; the script warns. */
const MAX_BYTES = 250 * 1024;
/** How long a bot answer may take before the walk-through gives up. */
const ANSWER_MS = 20_000;

/** What each pass uses: the reseller invited, the subscription picked, the Partner ID verified. */
interface Pass {
  lang: 'en' | 'zh';
  locale: Locale;
  customer: string;
  offer: string;
  notInList: string;
}
const PASSES: Record<'en' | 'zh', Pass> = {
  en: {
    lang: 'en',
    locale: 'en-US',
    customer: 'Blue Yonder Airlines',
    offer: 'Azure plan',
    notInList: '5000040',
  },
  zh: {
    lang: 'zh',
    locale: 'zh-CN',
    customer: '上海明远贸易',
    offer: 'Dynamics 365 Sales',
    notInList: '5000041',
  },
};

const reseller = DEMO_RESELLERS.find((r) => r.name === DEMO_PLAYGROUND_RESELLER);
if (!reseller) throw new Error(`the demo data has no reseller named ${DEMO_PLAYGROUND_RESELLER}`);
const RESELLER = { name: reseller.name, partnerId: reseller.partnerId, email: 'partners@relecloud.example' };
const PROVIDER_NAME = 'Adatum Distribution';
const nameOf = (partnerId: string) => DEMO_RESELLERS.find((r) => r.partnerId === partnerId)?.name ?? '';

// ---------------------------------------------------------------------------------------------
// Processes: FerretDB, seed, bot, two Playgrounds

const work = mkdtempSync(join(tmpdir(), 'rrb-screenshots-'));
const children: ChildProcess[] = [];
let db: { uri: string; stop: () => void } | undefined;
let browser: Browser | undefined;
/** Set once the children are meant to end: their exit is then no failure. */
let stopping = false;

function stopAll(): void {
  for (const child of children)
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
  db?.stop();
  db = undefined;
}
process.on('exit', stopAll);
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    stopping = true;
    void browser?.close();
    stopAll();
    process.exit(130);
  });
}

async function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolvePort(port));
    });
  });
}

async function waitForHttp(url: string, what: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`${what} did not answer on ${url} within ${timeoutMs / 1000} s (logs in ${work})`);
}

/** Starts a child with its output in a log file of the work directory; its death ends the run. */
function start(name: string, command: string, args: string[], env: NodeJS.ProcessEnv, cwd = root) {
  const log = openSync(join(work, `${name}.log`), 'a');
  const child = spawn(command, args, { cwd, env, stdio: ['ignore', log, log] });
  children.push(child);
  child.on('exit', (code, signal) => {
    if (!stopping) {
      console.error(`screenshots: ${name} exited (${signal ?? code}); see ${join(work, `${name}.log`)}`);
      stopAll();
      process.exit(1);
    }
  });
  return child;
}

interface LocalDb {
  startFerretDb(options?: { dataDir?: string; port?: number; quiet?: boolean }): Promise<{
    uri: string;
    stop: () => void;
  }>;
}

async function startStack(): Promise<{ provider: string; reseller: string; bot: string }> {
  // A JavaScript module without types: imported by URL so TypeScript does not look for them.
  const localDb = (await import(pathToFileURL(join(root, 'scripts', 'local-db.mjs')).href)) as LocalDb;
  db = await localDb.startFerretDb();
  const [botPort, providerPort, resellerPort] = [await freePort(), await freePort(), await freePort()];
  const botUrl = `http://localhost:${botPort}`;
  // Everything the bot reads is set here, so a developer's .env cannot change the pictures.
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: 'development',
    MONGODB_URI: db.uri,
    MONGODB_DB: 'reseller_bot',
    PORT: String(botPort),
    HOST: '127.0.0.1',
    PUBLIC_BASE_URL: botUrl,
    LOG_LEVEL: 'warn',
    INVITATION_TTL_DAYS: '14',
    BOOTSTRAP_ADMINS: '',
    PARTNER_BACKEND: 'local',
    MicrosoftAppId: '',
    MicrosoftAppPassword: '',
    MicrosoftAppTenantId: '',
    TEAMSAPPTESTER_BROWSER: 'none',
  };
  const tsx = join(root, 'node_modules', '.bin', 'tsx');
  console.log(`screenshots: FerretDB on ${db.uri}; seeding the demo data`);
  const seed = spawnSync(tsx, [join(root, 'scripts', 'seed.ts')], { cwd: root, env, encoding: 'utf8' });
  if (seed.status !== 0) throw new Error(`the seed failed:\n${seed.stdout}${seed.stderr}`);
  start('bot', tsx, [join(root, 'bot', 'index.ts')], env);
  await waitForHttp(`http://127.0.0.1:${botPort}/healthz`, 'the bot');

  const cli = join(root, 'node_modules', '@microsoft', 'm365agentsplayground', 'cli.js');
  const playground = (name: string, port: number, config: string) => {
    const cwd = join(work, name);
    mkdirSync(cwd, { recursive: true });
    const args = [cli, '-e', `http://127.0.0.1:${botPort}/api/messages`, '-c', 'msteams', '-p', String(port)];
    start(
      name,
      process.execPath,
      [...args, '--dt'],
      {
        ...env,
        M365_AGENTS_PLAYGROUND_CONFIG_PATH: config,
        M365_AGENTS_PLAYGROUND_LOGFILE: join(work, `${name}-events.log`),
      },
      cwd,
    );
    return `http://localhost:${port}`;
  };
  const provider = playground('provider', providerPort, join(root, '.m365agentsplayground.yml'));
  const resellerUrl = playground(
    'reseller',
    resellerPort,
    join(root, 'playground', 'reseller', '.m365agentsplayground.yml'),
  );
  await waitForHttp(provider, 'the provider Playground');
  await waitForHttp(resellerUrl, 'the reseller Playground');
  console.log(`screenshots: bot on ${botUrl}, Playgrounds on ${provider} and ${resellerUrl}`);
  return { provider, reseller: resellerUrl, bot: botUrl };
}

// ---------------------------------------------------------------------------------------------
// Driving a Playground

/** One Playground tab: its chat, and the bot's messages (cards) in it. */
class Chat {
  constructor(
    readonly page: Page,
    /** The language the bot answers this user in. */
    public locale: Locale,
  ) {}

  static async open(context: BrowserContext, url: string, locale: Locale): Promise<Chat> {
    const page = await context.newPage();
    await page.goto(url);
    const chat = new Chat(page, locale);
    // On install the bot greets with the help card.
    await chat.cards().first().waitFor({ timeout: 60_000 });
    return chat;
  }

  cards(): Locator {
    return this.page.locator('.fai-OutputCard');
  }

  /** Types a message, sends it, and returns the bot's new card once it shows `expected`. */
  async send(text: string, expected: string): Promise<Locator> {
    await this.page.bringToFront();
    const before = await this.cards().count();
    const box = this.page.locator('[contenteditable="true"][role="textbox"]');
    await box.click();
    await box.pressSequentially(text);
    await this.page.getByRole('button', { name: 'Send Message' }).click();
    const card = this.cards().nth(before);
    await card.filter({ hasText: expected }).waitFor({ timeout: ANSWER_MS });
    return card;
  }

  /** Clicks a card button; Action.Execute replaces the card in place, so wait for `expected` in it. */
  async click(card: Locator, button: string, expected: string, scope: Locator = card): Promise<void> {
    await this.page.bringToFront();
    await scope.getByRole('button', { name: button, exact: true }).first().click();
    await card.filter({ hasText: expected }).waitFor({ timeout: ANSWER_MS });
    await this.dismissBanner(card);
  }

  /**
   * Closes the Playground's "Your response was sent to the app" banner under a card. That
   * re-renders the card (inputs lose what was typed), so it is done right after an action.
   */
  async dismissBanner(card: Locator): Promise<void> {
    const banner = card.getByRole('button', { name: 'Dismiss Invoke Message' });
    if (await banner.isVisible()) await banner.click();
  }

  /** Picks an option of a filtered Input.ChoiceSet by typing part of its title. */
  async choose(card: Locator, typed: string, option: string): Promise<Locator> {
    const combo = card.getByRole('combobox');
    await combo.click();
    await combo.fill('');
    await combo.pressSequentially(typed);
    const listed = this.page.getByRole('option', { name: option, exact: true });
    await listed.waitFor();
    return listed;
  }

  /**
   * Writes the card (and, if given, an open dropdown next to it) as a PNG, cropped with a small
   * margin (none at the top, where the sender and time are).
   */
  async shoot(card: Locator, name: string, extra?: Locator): Promise<void> {
    await this.page.bringToFront();
    await card.scrollIntoViewIfNeeded();
    await this.page.waitForTimeout(300); // let the card settle after scrolling and re-rendering
    const boxes = [await card.boundingBox()];
    if (extra && (await extra.count()) > 0) boxes.push(await extra.first().boundingBox());
    const found = boxes.filter((box) => box !== null);
    if (found.length === 0) throw new Error(`${name}: the card is not on screen`);
    const margin = 6;
    const x = Math.max(0, Math.min(...found.map((b) => b.x)) - margin);
    const y = Math.min(...found.map((b) => b.y));
    const right = Math.max(...found.map((b) => b.x + b.width)) + margin;
    const bottom = Math.max(...found.map((b) => b.y + b.height)) + margin;
    const path = join(outDir, `${name}.png`);
    await this.page.screenshot({
      path,
      clip: { x, y, width: right - x, height: bottom - y },
      animations: 'disabled',
      caret: 'hide',
    });
    report(path);
  }
}

function report(path: string): void {
  const bytes = statSync(path).size;
  const size = `${Math.round(bytes / 1024)} KB`;
  console.log(`screenshots: ${relative(root, path)} (${size})${bytes > MAX_BYTES ? '  <- over 250 KB' : ''}`);
}

/** A card's row (an Adaptive Card container) holding `text`, e.g. one customer of a list. */
function row(card: Locator, text: string): Locator {
  return card.locator('.ac-container:not(.ac-adaptiveCard)').filter({ hasText: text }).last();
}

// ---------------------------------------------------------------------------------------------
// The walk-through

async function walk(headless: Browser, pass: Pass, provider: Chat, resellerChat: Chat): Promise<void> {
  const p = pass.lang;
  const t = (key: MessageKey, params?: Params) => translate(pass.locale, key, params);
  const reseller = RESELLER;
  console.log(`screenshots: ${p} pass`);

  // 1. The help card: the bot greets in English on install; "语言 中文" switches to Chinese (and
  // "language English" back), answering with the help card in the new language.
  let card: Locator;
  if (provider.locale === pass.locale) {
    card = provider.cards().first();
  } else {
    const command = pass.locale === 'zh-CN' ? '语言 中文' : 'language English';
    for (const chat of [provider, resellerChat]) chat.locale = pass.locale;
    card = await provider.send(command, t('help.commandsTitle'));
    await resellerChat.send(command, t('help.commandsTitle'));
  }
  await provider.shoot(card, `${p}-01-help`);

  // 2–4. Request a relationship: form → e-mail draft → Done.
  card = await provider.send(pass.locale === 'zh-CN' ? '请求合作关系' : 'invite', t('request.title'));
  await card.locator('input[type="email"]').fill(reseller.email);
  await card.getByPlaceholder(t('request.partnerIdPlaceholder')).fill(reseller.partnerId);
  await provider.shoot(card, `${p}-02-request-form`);
  await provider.click(card, t('request.submit'), t('draft.linkLabel'));
  const link = (await card.innerText()).match(/https?:\/\/\S+\/invite\/[A-Za-z0-9_-]{43}/)?.[0];
  if (!link) throw new Error('the draft card shows no personalised link');
  await provider.shoot(card, `${p}-03-draft`);
  await provider.click(card, t('draft.done'), t('draft.sentTitle'));
  await provider.shoot(card, `${p}-04-request-sent`);

  // 5. The link opens a page in the reseller's browser (its language from Accept-Language).
  const browserContext = await headless.newContext({
    locale: pass.locale,
    viewport: { width: 720, height: 200 },
    deviceScaleFactor: 1.5,
  });
  const browserPage = await browserContext.newPage();
  await browserPage.goto(link);
  await browserPage.getByText(t('invitation.title', { providerName: PROVIDER_NAME })).waitFor();
  const pagePath = join(outDir, `${p}-05-link-page.png`);
  await browserPage.screenshot({ path: pagePath, fullPage: true });
  report(pagePath);
  await browserContext.close();

  // 6–7. The reseller pastes the link in its own Playground and accepts.
  card = await resellerChat.send(link, t('invitation.title', { providerName: PROVIDER_NAME }));
  await resellerChat.shoot(card, `${p}-06-invitation`);
  await resellerChat.click(card, t('invitation.accept'), t('invitation.acceptedTitle'));
  await resellerChat.shoot(card, `${p}-07-accepted`);

  // 8–9. The provider finds the subscription: customers → the customer's subscriptions.
  card = await provider.send(pass.locale === 'zh-CN' ? '订阅' : 'subscription', pass.customer);
  await provider.shoot(card, `${p}-08-customers`);
  const subscriptionsTitle = t('subscriptions.title', { companyName: pass.customer });
  await provider.click(card, t('customers.subscriptions'), subscriptionsTitle, row(card, pass.customer));
  await provider.shoot(card, `${p}-09-subscriptions`);

  // 10. The picker: Relecloud is in the list of active resellers.
  const pickerTitle = t('picker.title.resellerOfRecord');
  await provider.click(card, t('subscriptions.setReseller'), pickerTitle, row(card, pass.offer));
  const option = `${reseller.name} (${reseller.partnerId})`;
  await provider.choose(card, reseller.name.slice(0, 4), option);
  await provider.shoot(card, `${p}-10-picker`, provider.page.getByRole('listbox'));
  await provider.page.keyboard.press('Escape');

  // 11. A reseller not in the list: Partner ID → Verify → valid but unrelated.
  await card.getByRole('button', { name: t('picker.notInList'), exact: true }).click();
  await card.getByPlaceholder(t('picker.manualPlaceholder')).fill(pass.notInList);
  await provider.click(card, t('picker.verify'), `${nameOf(pass.notInList)} (${pass.notInList})`);
  await provider.shoot(card, `${p}-11-verify-not-in-list`);

  // 12. Back to Relecloud: pick it and Submit.
  await (await provider.choose(card, reseller.name.slice(0, 4), option)).click();
  await provider.click(card, t('picker.submit'), t('picker.doneTitle.resellerOfRecord'));
  await provider.shoot(card, `${p}-12-picker-submitted`);

  // 13–14. Remove the relationship: confirmation with the attestation, then the result.
  const removeWord = pass.locale === 'zh-CN' ? '删除' : 'remove';
  card = await provider.send(
    `${removeWord} ${reseller.partnerId}`,
    t('removal.title', { resellerName: reseller.name }),
  );
  await card.getByRole('checkbox').check();
  await provider.shoot(card, `${p}-13-removal-confirm`);
  await provider.click(card, t('removal.remove'), t('removal.removedTitle'));
  await provider.shoot(card, `${p}-14-removed`);
}

async function main(): Promise<void> {
  mkdirSync(outDir, { recursive: true });
  for (const file of readdirSync(outDir)) {
    if (passes.some((lang) => file.startsWith(`${lang}-`)) && file.endsWith('.png')) {
      rmSync(join(outDir, file));
    }
  }
  const urls = await startStack();
  browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  // Tall pages so that the longest card fits; 1.5 device pixels per CSS pixel for legible text.
  const contextOptions = { viewport: { width: 1280, height: 1600 }, deviceScaleFactor: 1.5, locale: 'en-US' };
  const providerContext = await browser.newContext(contextOptions);
  const resellerContext = await browser.newContext(contextOptions);
  const provider = await Chat.open(providerContext, urls.provider, 'en-US');
  const resellerChat = await Chat.open(resellerContext, urls.reseller, 'en-US');
  for (const lang of passes) await walk(browser, PASSES[lang as 'en' | 'zh'], provider, resellerChat);
  await browser.close();
  browser = undefined;
  if (options['keep-open']) {
    console.log(
      `screenshots: done; still running: provider ${urls.provider}, reseller ${urls.reseller}. Ctrl+C stops.`,
    );
    return;
  }
  stopping = true;
  stopAll();
  rmSync(work, { recursive: true, force: true });
  console.log(`screenshots: done, PNGs in ${relative(root, outDir) || '.'}`);
}

main().catch(async (error: unknown) => {
  console.error(`screenshots: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  console.error(`screenshots: the logs of the bot and the Playgrounds are in ${work}`);
  stopping = true;
  await browser?.close().catch(() => undefined);
  stopAll();
  process.exit(1);
});
