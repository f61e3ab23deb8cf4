import type { DeliveryJob } from '../data/notifications/notification-store.js';
import { formatDateTime } from '../i18n/index.js';
import type { NotificationsOverview } from '../services/notifications/subscription-service.js';
import {
  NOTIFY_TYPE_CODES,
  type ManagerSubscription,
} from '../services/notifications/subscription-stream.js';
import { label } from './labels.js';
import {
  action,
  banner,
  cardText,
  expand,
  plain,
  type CardAction,
  type CardJson,
  type Ui,
} from './render.js';
import template from './templates/notifications.json' with { type: 'json' };
import typesTemplate from './templates/notification-types.json' with { type: 'json' };
import failedTemplate from './templates/notifications-failed.json' with { type: 'json' };

export interface NotificationsCardOptions {
  /** The command was typed in a Teams channel: offer to subscribe it. */
  inChannel: boolean;
  /** The caller already has a subscription of their own. */
  notice?: string;
}

/** Who hears about what: the provider's manager subscriptions, with Add me / Add this channel / Remove. */
export function notificationsCard(
  data: NotificationsOverview & { callerId: string },
  ui: Ui,
  options: NotificationsCardOptions,
): CardJson {
  const t = cardText(ui);
  const rows = data.subscriptions.map((subscription) => {
    const actions: CardAction[] = data.canManage
      ? [
          action(ui, 'notifications.types', t('notifications.pickTypes'), {
            recipientId: subscription.recipientId,
          }),
          action(
            ui,
            'notifications.remove',
            t('notifications.remove'),
            { recipientId: subscription.recipientId },
            'destructive',
          ),
        ]
      : [];
    const name = recipientName(subscription, ui);
    const warning = !subscription.active
      ? t(subscription.goneReason === 'blocked' ? 'notifications.goneBlocked' : 'notifications.goneNotFound')
      : !subscription.reachable
        ? subscription.kind === 'person'
          ? t('notifications.noChatYet', { name: subscription.name ?? subscription.userId ?? '' })
          : t('notifications.channelUnknown')
        : undefined;
    return {
      name,
      types: t('notifications.typesLine', { types: typeList(subscription, ui) }),
      warning: banner(warning),
      hasActions: actions.length > 0,
      actions,
    };
  });
  const mine = data.subscriptions.some((s) => s.kind === 'person' && s.userId === data.callerId && s.active);
  const footer: CardAction[] = [];
  if (data.canManage && !mine)
    footer.push(action(ui, 'notifications.addMe', t('notifications.addMe'), {}, 'positive'));
  if (data.canManage && options.inChannel)
    footer.push(action(ui, 'notifications.addChannel', t('notifications.addChannel'), {}, 'positive'));
  if (data.deadLetters > 0) footer.push(action(ui, 'notifications.failed', t('notifications.showFailed')));
  return expand(template, {
    title: t('notifications.title'),
    notice: banner(options.notice),
    intro: t(data.canManage ? 'notifications.introAdmin' : 'notifications.introReader'),
    empty: rows.length === 0,
    emptyText: t('notifications.empty'),
    rows,
    failed: banner(
      data.deadLetters > 0 ? t('notifications.failedCount', { count: data.deadLetters }) : undefined,
    ),
    hasFooter: footer.length > 0,
    footer,
  });
}

/** The event types one subscription receives, as a multi-select form. */
export function notificationTypesCard(subscription: ManagerSubscription, ui: Ui, error?: string): CardJson {
  const t = cardText(ui);
  return expand(typesTemplate, {
    title: t('notifications.typesTitle', {
      name:
        subscription.kind === 'channel'
          ? (subscription.name ?? ui.t('notifications.channel'))
          : (subscription.name ?? subscription.userId ?? ''),
    }),
    error: banner(error),
    label: t('notifications.typesLabel'),
    value: subscription.types.join(','),
    choices: NOTIFY_TYPE_CODES.map((code) => ({ title: ui.t(`notifyType.${code}`), value: code })),
    actions: [
      action(
        ui,
        'notifications.saveTypes',
        t('notifications.save'),
        { recipientId: subscription.recipientId },
        'positive',
      ),
      action(ui, 'notifications.show', t('notifications.back')),
    ],
  });
}

/** Notifications that failed after their last attempt, with Retry and Dismiss. */
export function notificationsFailedCard(jobs: DeliveryJob[], ui: Ui, notice?: string): CardJson {
  const t = cardText(ui);
  return expand(failedTemplate, {
    title: t('notifications.failedTitle'),
    notice: banner(notice),
    empty: jobs.length === 0,
    emptyText: t('notifications.failedEmpty'),
    rows: jobs.map((job) => ({
      line: t('notifications.failedLine', {
        event: label(ui.t, 'event', job.eventType),
        partnerId: job.facts.partnerId ?? '',
        when: formatDateTime(ui.locale, job.eventAt),
      }),
      detail: t('notifications.failedDetail', {
        recipient:
          job.target.kind === 'person'
            ? (job.facts.recipientName ?? job.target.userId ?? '')
            : t('notifications.channel'),
        attempts: job.attempt,
        status: job.lastStatus ?? job.lastOutcome ?? '',
      }),
      actions: [
        action(ui, 'notifications.retry', t('notifications.retry'), { jobId: job._id }, 'positive'),
        action(ui, 'notifications.dismiss', t('notifications.dismiss'), { jobId: job._id }),
      ],
    })),
  });
}

function recipientName(subscription: ManagerSubscription, ui: Ui): string {
  const t = cardText(ui);
  if (subscription.kind === 'channel') {
    return subscription.name
      ? t('notifications.channelNamed', { name: subscription.name })
      : t('notifications.channel');
  }
  return plain(subscription.name ?? subscription.userId ?? '');
}

function typeList(subscription: ManagerSubscription, ui: Ui): string {
  if (subscription.types.length === NOTIFY_TYPE_CODES.length) return ui.t('notifications.allTypes');
  return subscription.types.map((code) => ui.t(`notifyType.${code}`)).join(ui.t('common.listSeparator'));
}
