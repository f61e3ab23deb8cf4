import type { Logger } from '../logger.js';
import type { NotificationDispatcher } from './dispatcher.js';
import type { ExpiryReminders } from './expiry-reminders.js';
import type { NotificationWorker } from './worker.js';

/**
 * Runs the dispatcher and the worker in a loop: a pass, then the next one at once when there was
 * work, when a paced job may go, or after `pollMs`. `wake()` brings the next pass forward (the
 * bot calls it after each turn, so a notification leaves within one pass of its event).
 */
export class Outbox {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private stopped = false;
  private again = false;

  constructor(
    private readonly dispatcher: NotificationDispatcher,
    private readonly worker: NotificationWorker,
    private readonly options: {
      pollMs: number;
      logger: Logger;
      /** The expiry reminders and how often to look for due ones. */
      reminders?: { sweep: ExpiryReminders; everyMs: number };
    },
  ) {}

  private remindedAt = 0;

  start(): void {
    this.stopped = false;
    this.schedule(0);
  }

  wake(): void {
    if (this.stopped) return;
    if (this.running) this.again = true;
    else this.schedule(0);
  }

  /** Stops after the pass under way (its claims are recorded, none is left half done). */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.running;
  }

  private schedule(delayMs: number): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.running = this.pass().finally(() => (this.running = undefined));
    }, delayMs);
    this.timer.unref();
  }

  private async pass(): Promise<void> {
    let delay = this.options.pollMs;
    try {
      this.again = false;
      const reminders = this.options.reminders;
      if (reminders && Date.now() - this.remindedAt >= reminders.everyMs) {
        this.remindedAt = Date.now();
        await reminders.sweep.sweep();
      }
      const created = await this.dispatcher.runOnce();
      const { handled, nextInMs } = await this.worker.runOnce();
      if (created > 0 || handled > 0 || this.again) delay = 0;
      else if (nextInMs !== undefined) delay = Math.min(delay, nextInMs);
    } catch (error) {
      this.options.logger.error({ err: error }, 'notification pass failed');
    }
    if (!this.stopped) this.schedule(delay);
  }
}
