import { randomUUID } from 'node:crypto';
import type { CloudAdapter } from 'botbuilder';
import { notificationCard } from '../cards/notification.js';
import type { DeliveryJob } from '../data/notifications/notification-store.js';
import type { Repositories } from '../data/repositories.js';
import type { Locale } from '../i18n/index.js';
import type { Clock } from '../services/clock.js';
import type { Services } from '../services/index.js';
import type { Logger } from '../services/logger.js';
import { ConnectionRecipients } from '../services/notifications/connection-recipients.js';
import { NotificationDispatcher } from '../services/notifications/dispatcher.js';
import { ExpiryReminders } from '../services/notifications/expiry-reminders.js';
import type { Messenger } from '../services/notifications/messenger.js';
import { Outbox } from '../services/notifications/outbox.js';
import {
  DEFAULT_WORKER_OPTIONS,
  NotificationWorker,
  type WorkerOptions,
} from '../services/notifications/worker.js';
import { CloudAdapterMessenger } from './messenger.js';
import { uiFor } from './turn.js';

/** A notification's card, in the recipient's language. */
export function renderNotification(job: DeliveryJob, locale: Locale, toChannel: boolean): unknown {
  return notificationCard(
    {
      eventType: job.eventType,
      eventAt: job.eventAt,
      audience: job.audience,
      toChannel,
      facts: job.facts,
      providerTenantId: job.tenantId,
    },
    uiFor(locale, randomUUID),
  );
}

export interface NotifierParts {
  repos: Repositories;
  services: Services;
  clock: Clock;
  logger: Logger;
  /** The CloudAdapter's messenger in production; tests may pass another. */
  messenger?: Messenger;
  adapter?: CloudAdapter;
  appId?: string;
  pollMs: number;
  sendTimeoutMs: number;
  worker?: Partial<WorkerOptions>;
  /** Days before expiry that managers are reminded of a pending request (0: never). */
  reminderDays?: number;
}

const REMINDER_SWEEP_MS = 10 * 60_000;

/** The outbox of this process: dispatcher and worker over the database, sending through the adapter. */
export function createNotifier(parts: NotifierParts): {
  outbox: Outbox;
  dispatcher: NotificationDispatcher;
  worker: NotificationWorker;
  reminders: ExpiryReminders;
} {
  const ctx = { repos: parts.repos, clock: parts.clock };
  const messenger =
    parts.messenger ??
    (parts.adapter
      ? new CloudAdapterMessenger(parts.adapter, parts.appId ?? '', { timeoutMs: parts.sendTimeoutMs })
      : undefined);
  if (!messenger) throw new Error('a notifier needs a messenger or an adapter');
  const dispatcher = new NotificationDispatcher(
    ctx,
    parts.services.notifications,
    new ConnectionRecipients(parts.repos, parts.services.access),
  );
  const worker = new NotificationWorker(ctx, parts.services.notifications, messenger, renderNotification, {
    ...DEFAULT_WORKER_OPTIONS,
    onOutcome: (job, outcome) =>
      parts.logger.info(
        { jobId: job._id, eventType: job.eventType, audience: job.audience, outcome },
        'notification',
      ),
    ...parts.worker,
  });
  const reminders = new ExpiryReminders(ctx, parts.reminderDays ?? 0);
  const outbox = new Outbox(dispatcher, worker, {
    pollMs: parts.pollMs,
    logger: parts.logger,
    reminders: { sweep: reminders, everyMs: REMINDER_SWEEP_MS },
  });
  return { outbox, dispatcher, worker, reminders };
}
