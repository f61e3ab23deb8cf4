import { CloudAdapter, ConfigurationBotFrameworkAuthentication } from 'botbuilder';
import { createNotifier } from '../../bot/notifier.js';
import { systemClock } from '../../services/clock.js';
import { createLogger } from '../../services/logger.js';
import type { WorkerOptions } from '../../services/notifications/worker.js';
import type { Actor } from '../../services/actor.js';
import { BotDriver, type Person } from '../bot/driver.js';
import { FakeConnector } from '../support/fake-connector.js';

const FAST = { conversation: { capacity: 50, perSecond: 100 }, tenant: { capacity: 200, perSecond: 1000 } };

/** A local-mode adapter (no credentials), as the bot runs without MicrosoftAppId. */
export function localAdapter(appId = ''): CloudAdapter {
  return new CloudAdapter(
    new ConfigurationBotFrameworkAuthentication({
      MicrosoftAppId: appId,
      MicrosoftAppPassword: '',
      MicrosoftAppType: 'MultiTenant',
      MicrosoftAppTenantId: '',
    }),
  );
}

/** The bot driver, a fake Bot Connector that stored references point at, and an outbox over both. */
export class OutboxWorld {
  private constructor(
    readonly driver: BotDriver,
    readonly connector: FakeConnector,
  ) {}

  /** `uri`: another connection string to the test server (with command monitoring, say). */
  static async create(options: { uri?: string } = {}): Promise<OutboxWorld> {
    return new OutboxWorld(await BotDriver.create(options), await FakeConnector.start());
  }

  get world() {
    return this.driver.world;
  }

  /** A dispatcher and worker of their own (one "process"), with short retries for tests. */
  notifier(worker: Partial<WorkerOptions> = {}) {
    return createNotifier({
      repos: this.world.repos,
      services: this.world.services,
      clock: systemClock,
      logger: createLogger('silent'),
      adapter: localAdapter(),
      pollMs: 20,
      // Long enough for a loaded machine: a send that times out may still arrive (a duplicate).
      sendTimeoutMs: 10_000,
      // Fast buckets by default: the pacing test uses Teams' limits.
      worker: { leaseMs: 15_000, backoffBaseMs: 100, limits: FAST, ...worker },
    });
  }

  /** The person writes to the bot once (so the bot has their conversation, pointing at the fake connector). */
  async hello(person: Person, text = 'role'): Promise<void> {
    await this.driver.say(person, text, { serviceUrl: this.connector.url });
  }

  /** A person who wrote to the bot and is subscribed (by the tenant's admin) to every event. */
  async manager(actor: Actor, admin: Actor, extra: Partial<Person> = {}): Promise<Person> {
    const person = this.driver.person(actor, extra);
    await this.hello(person);
    await this.world.services.notifications.addPerson(admin, {
      userId: actor.agentId,
      ...(actor.displayName ? { name: actor.displayName } : {}),
    });
    return person;
  }

  /** Runs dispatcher and worker passes until no job is pending (or the deadline passes). */
  async settle(notifier = this.notifier(), deadlineMs = 15_000): Promise<void> {
    const deadline = Date.now() + deadlineMs;
    for (;;) {
      await notifier.dispatcher.runOnce();
      await notifier.worker.runOnce();
      const { pending } = await this.world.repos.notifications.stats(new Date());
      if (pending === 0) return;
      if (Date.now() > deadline) {
        const stuck = await this.world.database.db
          .collection('notification_jobs')
          .find({ status: 'pending' })
          .toArray();
        throw new Error(`${pending} notification job(s) still pending: ${JSON.stringify(stuck)}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  async close(): Promise<void> {
    await this.connector.stop();
    await this.driver.close();
  }
}
