/**
 * Driving one Microsoft 365 Agents Playground tab: type a message, find the bot's answer, press a
 * card's buttons, fill its inputs, photograph a card. Every wait is for what the page shows (a card
 * with given texts), never for a fixed time; a wait that runs out fails with the texts of the
 * chat's last cards, so a failure says what the user saw instead.
 */
import { mkdirSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import type { BrowserContext, Locator, Page } from 'playwright-core';
import type { Locale } from '../../i18n/index.js';

/** How long one bot answer may take (most take 0.5–3 s; a busy 2-core machine is slower). */
export const ANSWER_MS = 30_000;
const CARDS = '.fai-OutputCard';
/** Cards quoted when a wait fails. */
const SHOWN_ON_FAILURE = 3;

/** The same text as the page shows it: whitespace runs (line breaks between blocks) as one space. */
export const squash = (text: string) => text.replace(/\s+/g, ' ').trim();

/** One of the bot's messages in the chat. Cards are only ever appended, so the index stays its own. */
export class Card {
  constructor(
    readonly chat: Chat,
    readonly index: number,
  ) {}

  get locator(): Locator {
    return this.chat.cards().nth(this.index);
  }

  async text(): Promise<string> {
    return squash(await this.locator.innerText());
  }

  button(name: string): Locator {
    return this.locator.getByRole('button', { name, exact: true }).first();
  }
}

export class Chat {
  constructor(
    readonly page: Page,
    /** The language the bot answers this user in. */
    public locale: Locale,
    /** Who types here, for failure messages: "the provider", "the reseller". */
    readonly who: string,
  ) {}

  /** Opens the Playground and waits for the bot's greeting (the help card on install). */
  static async open(context: BrowserContext, url: string, locale: Locale, who: string): Promise<Chat> {
    const page = await context.newPage();
    await page.goto(url);
    const chat = new Chat(page, locale, who);
    await chat.cards().first().waitFor({ timeout: 60_000 });
    return chat;
  }

  cards(): Locator {
    return this.page.locator(CARDS);
  }

  /**
   * Types a message, sends it, and returns the bot's first new card that shows every expected
   * text. Other cards may arrive meanwhile (notifications of the outbox), so the answer is found
   * by what it shows, not by its position.
   */
  async send(text: string, expected: string[]): Promise<Card> {
    await this.page.bringToFront();
    const before = await this.cards().count();
    const box = this.page.locator('[contenteditable="true"][role="textbox"]');
    await box.click();
    await box.pressSequentially(text);
    await this.page.getByRole('button', { name: 'Send Message' }).click();
    return this.newCard(before, expected, `typing "${text}"`);
  }

  /** The first card from index `from` on that shows every expected text. */
  async newCard(from: number, expected: string[], after: string): Promise<Card> {
    const wanted = expected.map(squash);
    try {
      const found = await this.page.waitForFunction(
        ({ selector, start, texts }) => {
          const cards = document.querySelectorAll<HTMLElement>(selector);
          for (let i = start; i < cards.length; i++) {
            const shown = (cards[i]?.innerText ?? '').replace(/\s+/g, ' ');
            if (texts.every((text) => shown.includes(text))) return i + 1;
          }
          return 0;
        },
        { selector: CARDS, start: from, texts: wanted },
        { timeout: ANSWER_MS },
      );
      return new Card(this, ((await found.jsonValue()) as number) - 1);
    } catch (error) {
      throw await this.failure(`no new card showing ${quote(wanted)} after ${after}`, error);
    }
  }

  /**
   * Clicks a card button and waits until the card (Action.Execute answers in place) shows every
   * expected text. `scope` narrows where the button is (a row of a list).
   */
  async click(card: Card, button: string, expected: string[], scope: Locator = card.locator): Promise<void> {
    await this.page.bringToFront();
    await scope.getByRole('button', { name: button, exact: true }).first().click();
    await this.shows(card, expected, `pressing "${button}"`);
    await this.dismissBanner(card);
  }

  /** Waits until the card shows every expected text (it may be re-rendered meanwhile). */
  async shows(card: Card, expected: string[], after: string): Promise<void> {
    if ((await this.outcome(card, expected)) !== 'shown') throw await this.missing(card, expected, after);
  }

  /**
   * Fills a card's inputs, presses one of its buttons and waits until the card shows every
   * expected text. A message arriving in the chat meanwhile (a notification) re-renders the
   * Playground's cards, and a card then loses what was typed into it: when the card's own
   * validation refuses the press for an empty required input, or the card shows `lost` (the bot's
   * refusal of an empty input), it fills the inputs again.
   */
  async submit(
    card: Card,
    fill: () => Promise<void>,
    button: string,
    expected: string[],
    lost?: string,
    press: () => Promise<void> = () => card.button(button).click(),
  ): Promise<void> {
    await this.page.bringToFront();
    for (let attempt = 1; ; attempt++) {
      await fill();
      await press();
      const outcome = await this.outcome(card, expected, true, lost);
      if (outcome === 'shown') break;
      if (outcome !== 'refused' || attempt === 3)
        throw await this.missing(card, expected, `pressing "${button}"`);
    }
    await this.dismissBanner(card);
  }

  /**
   * Types into a card's text inputs and presses a button in one step of the page's own script, so
   * that no re-render of the chat (a notification arriving) can come between the typing and the
   * press; as `submit`, it types again when the card's validation refused the press.
   */
  async pressWith(card: Card, values: Record<string, string>, button: string, expected: string[]) {
    const press = () =>
      this.page.evaluate(
        ({ selector, index, fields, title }) => {
          const element = document.querySelectorAll<HTMLElement>(selector)[index];
          if (!element) throw new Error(`no card ${index}`);
          const setValue = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')!.set!;
          for (const [inputSelector, value] of Object.entries(fields)) {
            const input = element.querySelector<HTMLInputElement>(inputSelector);
            if (!input) throw new Error(`no input ${inputSelector} in card ${index}`);
            setValue.call(input, value);
            input.dispatchEvent(new Event('input', { bubbles: true }));
            input.dispatchEvent(new Event('change', { bubbles: true }));
          }
          const buttons = [...element.querySelectorAll<HTMLElement>('button, [role="button"]')];
          const target = buttons.find((candidate) => candidate.innerText.trim() === title);
          if (!target) throw new Error(`no button "${title}" in card ${index}`);
          target.click();
        },
        { selector: CARDS, index: card.index, fields: values, title: button },
      );
    await this.submit(card, async () => undefined, button, expected, undefined, press);
  }

  /** "shown" once the card shows every text; "refused" when an input of it failed validation. */
  private async outcome(
    card: Card,
    expected: string[],
    untilRefused = false,
    lost?: string,
  ): Promise<'shown' | 'refused' | 'late'> {
    try {
      const found = await this.page.waitForFunction(
        ({ selector, index, texts, refusal, lostText }) => {
          const element = document.querySelectorAll<HTMLElement>(selector)[index];
          const shown = (element?.innerText ?? '').replace(/\s+/g, ' ');
          if (texts.every((text) => shown.includes(text))) return 'shown';
          if (refusal && element?.querySelector('[class*="input-validation-failed"]')) return 'refused';
          if (lostText && shown.includes(lostText)) return 'refused';
          return '';
        },
        {
          selector: CARDS,
          index: card.index,
          texts: expected.map(squash),
          refusal: untilRefused,
          lostText: lost ? squash(lost) : '',
        },
        { timeout: ANSWER_MS },
      );
      return (await found.jsonValue()) as 'shown' | 'refused';
    } catch {
      return 'late';
    }
  }

  private async missing(card: Card, expected: string[], after: string): Promise<Error> {
    const shown = await card.text().catch(() => '');
    const missing = expected.map(squash).filter((text) => !shown.includes(text));
    return this.failure(
      `card ${card.index} does not show ${quote(missing)} after ${after}; it shows: ${shown.slice(0, 1_500)}`,
      undefined,
    );
  }

  /**
   * Closes the Playground's "Your response was sent to the app" banner under a card. That
   * re-renders the card (inputs lose what was typed), so it is done right after an action.
   */
  async dismissBanner(card: Card): Promise<void> {
    const banner = card.locator.getByRole('button', { name: 'Dismiss Invoke Message' });
    if (await banner.isVisible()) await banner.click();
  }

  /** Opens a filtered Input.ChoiceSet, types part of a title, and returns the listed option. */
  async choose(card: Card, typed: string, option: string): Promise<Locator> {
    const combo = card.locator.getByRole('combobox');
    await combo.click();
    await combo.fill('');
    await combo.pressSequentially(typed);
    const listed = this.page.getByRole('option', { name: option, exact: true });
    try {
      await listed.waitFor({ timeout: ANSWER_MS });
    } catch (error) {
      const options = await this.page.getByRole('option').allInnerTexts();
      throw new Error(
        `${this.who}: no option "${option}" after typing "${typed}"; the list showed: ${quote(options)}`,
        { cause: error },
      );
    }
    return listed;
  }

  /**
   * Writes the card (and, if given, an open dropdown next to it) as a PNG, cropped with a small
   * margin (none at the top, where the sender and time are). Returns its size in bytes.
   */
  async shoot(card: Card, path: string, extra?: Locator): Promise<number> {
    await this.page.bringToFront();
    await card.locator.scrollIntoViewIfNeeded();
    // Two frames: the scroll and any re-render are painted before the picture.
    await this.page.evaluate(
      () => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done))),
    );
    const boxes = [await card.locator.boundingBox()];
    if (extra && (await extra.count()) > 0) boxes.push(await extra.first().boundingBox());
    const found = boxes.filter((box) => box !== null);
    if (found.length === 0) throw new Error(`${path}: the card is not on screen`);
    const margin = 6;
    const x = Math.max(0, Math.min(...found.map((b) => b.x)) - margin);
    const y = Math.min(...found.map((b) => b.y));
    const right = Math.max(...found.map((b) => b.x + b.width)) + margin;
    const bottom = Math.max(...found.map((b) => b.y + b.height)) + margin;
    mkdirSync(dirname(path), { recursive: true });
    await this.page.screenshot({
      path,
      clip: { x, y, width: right - x, height: bottom - y },
      animations: 'disabled',
      caret: 'hide',
    });
    return statSync(path).size;
  }

  /** What the chat shows now: its last cards' texts, for a failure message. */
  async lastCards(count = SHOWN_ON_FAILURE): Promise<string> {
    const texts = await this.cards()
      .allInnerTexts()
      .catch(() => [] as string[]);
    const first = Math.max(0, texts.length - count);
    return texts
      .slice(first)
      .map((text, i) => `  [card ${first + i}] ${squash(text).slice(0, 1_500)}`)
      .join('\n');
  }

  private async failure(what: string, cause: unknown): Promise<Error> {
    const shown = await this.lastCards();
    return new Error(`${this.who}: ${what}. The chat's last cards:\n${shown || '  (no card)'}`, { cause });
  }
}

function quote(texts: string[]): string {
  return texts.map((text) => `"${text}"`).join(', ');
}
