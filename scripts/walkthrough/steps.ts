/**
 * The walk-through of docs/walkthrough.md as a list of steps, in the two Agents Playgrounds:
 * request a relationship → the reseller accepts → the reseller in the list → pick it as reseller of
 * a subscription (after verifying a Partner ID that is not in the list, and one that is invalid) →
 * remove it (refused without the attestation, then with it) → a new request, which the reseller
 * declines. Each step waits for, and so asserts, the texts the user sees (from the catalogues),
 * and photographs what it shows. `npm run screenshots` and the browser test run these same steps.
 */
import { statSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Locator, Page } from 'playwright-core';
import { COMMANDS } from '../../bot/commands.js';
import { errorMessage, translate, type Locale, type MessageKey, type Params } from '../../i18n/index.js';
import { DEMO_PLAYGROUND_RESELLER, DEMO_RESELLERS } from '../demo-data.js';
import { loopbackContext } from './browser.js';
import { ANSWER_MS, squash, type Card, type Chat } from './chat.js';

export type Lang = 'en' | 'zh';

/** What each pass uses: the subscription picked, the Partner IDs verified. */
export interface Pass {
  lang: Lang;
  locale: Locale;
  customer: string;
  offer: string;
  /** A valid indirect reseller without a relationship. */
  notInList: string;
  /** A Partner ID no partner has. */
  invalid: string;
  /**
   * Subscriptions the resellers tab counts for Relecloud once the pass picked it: a removal keeps
   * the reseller of record of the English pass's subscription, so the Chinese pass sees two.
   */
  onRecord: number;
}
export const PASSES: Record<Lang, Pass> = {
  en: {
    lang: 'en',
    locale: 'en-US',
    customer: 'Blue Yonder Airlines',
    offer: 'Azure plan',
    notInList: '5000040',
    invalid: '9999901',
    onRecord: 1,
  },
  zh: {
    lang: 'zh',
    locale: 'zh-CN',
    customer: '上海明远贸易',
    offer: 'Dynamics 365 Sales',
    notInList: '5000041',
    invalid: '9999902',
    onRecord: 2,
  },
};

const demo = DEMO_RESELLERS.find((r) => r.name === DEMO_PLAYGROUND_RESELLER);
if (!demo) throw new Error(`the demo data has no reseller named ${DEMO_PLAYGROUND_RESELLER}`);
export const RESELLER = { name: demo.name, partnerId: demo.partnerId, email: 'partners@relecloud.example' };
export const PROVIDER_NAME = 'Adatum Distribution';
const nameOf = (partnerId: string) => DEMO_RESELLERS.find((r) => r.partnerId === partnerId)?.name ?? '';

/** Where the pictures go and who is told about each. */
export interface Camera {
  dir: string;
  /** Called with each PNG written and its size. */
  saved?(path: string, bytes: number): void;
}

export interface Walk {
  browser: Browser;
  /** The bot's own address (its pages: the invitation page, the resellers tab). */
  bot: string;
  provider: Chat;
  reseller: Chat;
  camera: Camera;
}

export interface Step {
  /** The picture's name without the language: `03-draft` (written as `en-03-draft.png`). */
  name: string;
  title: string;
  run(): Promise<void>;
}

/**
 * The parts of a message the user sees whatever the values left out: a text with a date
 * (`{expiresOn}`) is asserted up to and after it. Empty parts are dropped.
 */
function parts(text: string): string[] {
  return text
    .split(/\{\w+\}/)
    .map(squash)
    .filter((part) => part.length > 0);
}

/**
 * The steps of one pass, in order; each relies on those before it. `walk` is read when a step
 * runs, not before (a test declares its steps before it opens the Playgrounds).
 */
export function walkSteps(walk: Walk, pass: Pass): Step[] {
  const t = (key: MessageKey, params?: Params) => translate(pass.locale, key, params);
  const seen = (key: MessageKey, params?: Params) => parts(t(key, params));
  const command = (name: keyof typeof COMMANDS) => COMMANDS[name]![pass.lang]![0]!;
  const reseller = RESELLER;
  const option = `${reseller.name} (${reseller.partnerId})`;
  const invitationTitle = t('invitation.title', { providerName: PROVIDER_NAME });
  const state: { card?: Card; link?: string; providerCards?: number; resellerCards?: number } = {};
  const card = () => {
    if (!state.card) throw new Error('an earlier step did not leave its card');
    return state.card;
  };
  const file = (name: string) => join(walk.camera.dir, `${pass.lang}-${name}.png`);
  const shoot = async (chat: Chat, name: string, extra?: Locator) => {
    const path = file(name);
    // Taken first: `saved?.(…)` would not evaluate its arguments when no one listens.
    const bytes = await chat.shoot(card(), path, extra);
    walk.camera.saved?.(path, bytes);
  };

  /** Form → e-mail draft → Done; leaves the link in `state`. Pictures only when named. */
  const request = async (shots?: { form: string; draft: string; sent: string }) => {
    state.card = await walk.provider.send(command('invite'), [t('request.title'), t('request.submit')]);
    const fill = async () => {
      await card().locator.locator('input[type="email"]').fill(reseller.email);
      await card().locator.getByPlaceholder(t('request.partnerIdPlaceholder')).fill(reseller.partnerId);
    };
    await fill();
    if (shots) await shoot(walk.provider, shots.form);
    const fields = {
      'input[type="email"]': reseller.email,
      [`input[placeholder="${t('request.partnerIdPlaceholder')}"]`]: reseller.partnerId,
    };
    await walk.provider.pressWith(card(), fields, t('request.submit'), [
      t('draft.title', { resellerName: reseller.name }),
      t('draft.linkLabel'),
      t('draft.openNote.original'),
      t('draft.open'),
      t('draft.copy'),
      t('draft.review'),
      t('draft.done'),
    ]);
    state.link = (await card().text()).match(/https?:\/\/\S+\/invite\/[A-Za-z0-9_-]{43}/)?.[0];
    if (!state.link) throw new Error(`the draft card shows no personalised link: ${await card().text()}`);
    if (shots) await shoot(walk.provider, shots.draft);
    await walk.provider.click(card(), t('draft.done'), [
      t('draft.sentTitle'),
      ...seen('draft.sentText', {
        resellerName: reseller.name,
        partnerId: reseller.partnerId,
        to: reseller.email,
      }),
    ]);
    if (shots) await shoot(walk.provider, shots.sent);
  };

  /** The reseller pastes the link: the invitation card. */
  const openInvitation = async () => {
    if (!state.link) throw new Error('no link from an earlier step');
    state.card = await walk.reseller.send(state.link, [
      invitationTitle,
      t('invitation.status.pending'),
      t('invitation.accept'),
      t('invitation.decline'),
    ]);
  };

  /** A page of the bot in a browser of the pass's language that reaches only this machine. */
  const onPage = async (url: string, run: (page: Page) => Promise<void>) => {
    const { context, blocked } = await loopbackContext(walk.browser, {
      locale: pass.locale,
      viewport: { width: 960, height: 200 },
      deviceScaleFactor: 1.5,
    });
    try {
      const page = await context.newPage();
      await page.goto(url);
      await run(page);
      // The bot's own pages need nothing from outside this machine.
      if (blocked.length > 0) throw new Error(`${url} asked for ${blocked.join(', ')}`);
    } finally {
      await context.close();
    }
  };
  const shootPage = async (page: Page, name: string) => {
    const path = file(name);
    await page.screenshot({ path, fullPage: true });
    walk.camera.saved?.(path, statSync(path).size);
  };

  /** Shows the picker's Partner ID box (it is collapsed until "not in the list?") and types into it. */
  const typePartnerId = async (partnerId: string) => {
    const box = card().locator.getByPlaceholder(t('picker.manualPlaceholder'));
    if (!(await box.isVisible())) await card().button(t('picker.notInList')).click();
    await box.fill(partnerId);
  };

  return [
    {
      name: '01-help',
      title: 'the help card, in the language of the pass',
      run: async () => {
        if (walk.provider.locale === pass.locale) {
          state.card = await walk.provider.newCard(0, [t('help.commandsTitle')], 'opening the Playground');
        } else {
          // The Playground always sends en-US: the stored language preference switches the bot.
          const typed = `${command('language')} ${pass.locale === 'zh-CN' ? '中文' : 'English'}`;
          const changed = t('language.changed', { language: t(`language.name.${pass.locale}`) });
          for (const chat of [walk.reseller, walk.provider]) {
            chat.locale = pass.locale;
            state.card = await chat.send(typed, [changed, t('help.commandsTitle')]);
          }
        }
        await shoot(walk.provider, '01-help');
      },
    },
    {
      name: '02-request',
      title: 'as admin: invite, fill the card, Write the e-mail, Done',
      run: () => request({ form: '02-request-form', draft: '03-draft', sent: '04-request-sent' }),
    },
    {
      name: '05-link-page',
      title: 'the link opens the invitation page in the browser’s language',
      run: () =>
        onPage(state.link ?? '', async (page) => {
          await page.getByText(invitationTitle).waitFor({ timeout: ANSWER_MS });
          await shootPage(page, '05-link-page');
        }),
    },
    {
      name: '06-accept',
      title: 'as the reseller: paste the link, Accept on the card',
      run: async () => {
        await openInvitation();
        await shoot(walk.reseller, '06-invitation');
        state.providerCards = await walk.provider.cards().count();
        state.resellerCards = await walk.reseller.cards().count();
        await walk.reseller.click(card(), t('invitation.accept'), [
          t('invitation.acceptedTitle'),
          ...seen('invitation.acceptedText', { resellerName: reseller.name, providerName: PROVIDER_NAME }),
        ]);
        await shoot(walk.reseller, '07-accepted');
      },
    },
    {
      name: '07-notified',
      title: 'without typing: the admin hears that the reseller accepted, the reseller gets a confirmation',
      run: async () => {
        // Proactive cards from the outbox: nobody typed in either chat since the Accept.
        const accepted = t('notify.title.provider.relationship_accepted', { resellerName: reseller.name });
        state.card = await walk.provider.newCard(
          state.providerCards ?? 0,
          [accepted],
          'the reseller accepting',
        );
        await shoot(walk.provider, '07-notified');
        const confirmed = t('notify.title.reseller.relationship_accepted', { providerName: PROVIDER_NAME });
        await walk.reseller.newCard(state.resellerCards ?? 0, [confirmed], 'accepting');
      },
    },
    {
      name: '08-resellers',
      title: 'as admin: the reseller is in the list of active resellers',
      run: async () => {
        state.card = await walk.provider.send(`${command('resellers')} ${reseller.name.slice(0, 4)}`, [
          t('resellers.titleActive'),
          option,
          ...seen('resellers.activeDetail'),
        ]);
        await shoot(walk.provider, '08-resellers');
      },
    },
    {
      name: '09-subscriptions',
      title: 'as admin: customers, then the subscriptions of one',
      run: async () => {
        state.card = await walk.provider.send(command('subscription'), [t('customers.title'), pass.customer]);
        await shoot(walk.provider, '09-customers');
        const title = t('subscriptions.title', { companyName: pass.customer });
        await walk.provider.click(
          card(),
          t('customers.subscriptions'),
          [title, pass.offer],
          row(card(), pass.customer),
        );
        await shoot(walk.provider, '10-subscriptions');
      },
    },
    {
      name: '11-picker',
      title: 'as admin: the reseller picker offers the reseller',
      run: async () => {
        await walk.provider.click(
          card(),
          t('subscriptions.setReseller'),
          [t('picker.title.resellerOfRecord'), t('picker.choiceLabel')],
          row(card(), pass.offer),
        );
        await walk.provider.choose(card(), reseller.name.slice(0, 4), option);
        const page = walk.provider.page;
        const listbox = page.getByRole('listbox').filter({ has: page.getByRole('option', { name: option }) });
        await shoot(walk.provider, '11-picker', listbox);
        await walk.provider.page.keyboard.press('Escape');
      },
    },
    {
      name: '12-verify-not-in-list',
      title: 'Verify a valid unrelated Partner ID: the offer to send a request',
      run: async () => {
        await typePartnerId(pass.notInList);
        const unrelated = { resellerName: nameOf(pass.notInList), partnerId: pass.notInList };
        await walk.provider.click(card(), t('picker.verify'), [
          ...seen('picker.unrelatedCanRequest', unrelated),
          t('picker.sendRequest'),
        ]);
        await shoot(walk.provider, '12-verify-not-in-list');
      },
    },
    {
      name: '13-verify-invalid',
      title: 'Verify an invalid Partner ID: its error text',
      run: async () => {
        await typePartnerId(pass.invalid);
        await walk.provider.click(card(), t('picker.verify'), [
          errorMessage(pass.locale, 'reseller_not_found', { partnerId: pass.invalid }),
        ]);
        await shoot(walk.provider, '13-verify-invalid');
      },
    },
    {
      name: '14-picker-submitted',
      title: 'pick the reseller and Submit: reseller of record',
      run: async () => {
        const pick = async () =>
          (await walk.provider.choose(card(), reseller.name.slice(0, 4), option)).click();
        const refusal = errorMessage(pass.locale, 'partner_id_required');
        await walk.provider.submit(
          card(),
          pick,
          t('picker.submit'),
          [
            t('picker.doneTitle.resellerOfRecord'),
            ...seen('picker.doneText.resellerOfRecord', {
              resellerName: reseller.name,
              partnerId: reseller.partnerId,
              offerName: pass.offer,
            }),
          ],
          refusal,
        );
        await shoot(walk.provider, '14-picker-submitted');
      },
    },
    {
      name: '14b-tab',
      title: 'as admin: the reseller in the resellers tab, with its subscription',
      run: () =>
        onPage(`${walk.bot}/tabs/resellers?locale=${pass.locale}`, async (page) => {
          const row = page.locator(
            `[data-testid="relationship-row"][data-partner-id="${reseller.partnerId}"]`,
          );
          await row.waitFor({ timeout: ANSWER_MS });
          const cells = async (column: string) =>
            squash(await row.locator(`[data-col="${column}"]`).innerText());
          const shown = {
            name: await cells('resellerName'),
            status: await cells('status'),
            subscriptions: await cells('subscriptions'),
          };
          const wanted = {
            name: reseller.name,
            status: t('status.active'),
            subscriptions: String(pass.onRecord),
          };
          if (JSON.stringify(shown) !== JSON.stringify(wanted)) {
            throw new Error(`the tab's row shows ${JSON.stringify(shown)}, not ${JSON.stringify(wanted)}`);
          }
          await row.scrollIntoViewIfNeeded();
          await shootPage(page, '14b-tab');
        }),
    },
    {
      name: '15-removal-refused',
      title: 'Remove without the attestation is refused',
      run: async () => {
        state.card = await walk.provider.send(`${command('remove')} ${reseller.partnerId}`, [
          t('removal.title', { resellerName: reseller.name }),
          t('removal.noNotice'),
          t('removal.attestationTitle'),
        ]);
        // The card's required toggle: the refusal is shown and nothing is sent to the bot (the
        // service refuses the same, `attestation_required`, for any client that sends it anyway).
        await card().button(t('removal.remove')).click();
        await walk.provider.shows(
          card(),
          [t('removal.attestationError')],
          `pressing "${t('removal.remove')}"`,
        );
        await shoot(walk.provider, '15-removal-refused');
      },
    },
    {
      name: '16-removal',
      title: 'Remove with the attestation: removed, no termination notice',
      run: async () => {
        const tick = () => card().locator.getByRole('checkbox').check();
        await tick();
        await shoot(walk.provider, '16-removal-confirm');
        await walk.provider.submit(card(), tick, t('removal.remove'), [
          t('removal.removedTitle'),
          ...seen('removal.removedText', { resellerName: reseller.name, partnerId: reseller.partnerId }),
          t('removal.noNotice'),
        ]);
        await shoot(walk.provider, '17-removed');
      },
    },
    {
      name: '18-decline-page',
      title: 'a new request: the reseller declines it on the invitation page',
      run: async () => {
        await request();
        await onPage(state.link ?? '', async (page) => {
          // Local mode: the page answers as the reseller Playground's user, without a sign-in.
          await page.getByTestId('decline').click();
          const outcome = page.getByTestId('outcome');
          await outcome.waitFor({ timeout: ANSWER_MS });
          const shown = squash(await page.locator('body').innerText());
          const wanted = [
            t('invitation.declinedTitle'),
            t('invitation.declinedText', { providerName: PROVIDER_NAME }),
          ];
          const missing = wanted.filter((text) => !shown.includes(squash(text)));
          if (missing.length > 0 || (await outcome.getAttribute('data-status')) !== 'declined') {
            throw new Error(`the invitation page does not show ${missing.join(' / ')}; it shows: ${shown}`);
          }
          await shootPage(page, '18-declined-page');
        });
      },
    },
  ];
}

/** A card's row (an Adaptive Card container) holding `text`, e.g. one customer of a list. */
function row(card: Card, text: string): Locator {
  return card.locator.locator('.ac-container:not(.ac-adaptiveCard)').filter({ hasText: text }).last();
}
