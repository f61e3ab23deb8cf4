import { formatDate, formatDateTime, isMessageKey, type MessageKey } from '../i18n/index.js';
import type { Audience } from '../data/notifications/notification-store.js';
import { action, cardText, expand, plain, type CardAction, type CardJson, type Ui } from './render.js';
import template from './templates/notification.json' with { type: 'json' };

/** What a notification card is built from: the job's event and the names recorded with it. */
export interface NotificationData {
  eventType: string;
  eventAt: Date;
  audience: Audience;
  /** A channel sees the card with everyone in it: no personal-only action (Resend) there. */
  toChannel: boolean;
  facts: Record<string, string>;
}

const RESEND_AFTER = new Set(['relationship.declined', 'relationship.expired', 'relationship.cancelled']);
const COMMERCE = new Set([
  'subscription.reseller_of_record_set',
  'subscription.support_contact_set',
  'customer.added',
  'order.submitted',
]);

/**
 * A proactive notification: what happened to which reseller, who did it and when, in the
 * recipient's language, with one or two actions that the verb table answers like any click.
 */
export function notificationCard(data: NotificationData, ui: Ui): CardJson {
  const t = cardText(ui);
  const code = data.eventType.replace(/\./g, '_');
  const audience = data.audience === 'reseller' ? 'reseller' : 'provider';
  const key = (kind: 'title' | 'text'): MessageKey => {
    const specific = `notify.${kind}.${audience}.${code}`;
    const general = `notify.${kind}.provider.${code}`;
    return isMessageKey(specific) ? specific : isMessageKey(general) ? general : `notify.${kind}.generic`;
  };
  const params = {
    resellerName: data.facts.resellerName ?? data.facts.partnerId ?? '',
    partnerId: data.facts.partnerId ?? '',
    providerName: data.facts.providerName ?? '',
    actorName: data.facts.actorName ?? '',
    offerName: data.facts.offerName ?? data.facts.subscriptionId ?? '',
    companyName: data.facts.companyName ?? data.facts.customerId ?? '',
    expiresOn: data.facts.expiresAt ? formatDate(ui.locale, new Date(data.facts.expiresAt)) : '',
  };
  const facts = [
    ...(data.facts.resellerName
      ? [{ title: t('notify.fact.reseller'), value: plain(data.facts.resellerName) }]
      : []),
    ...(data.facts.partnerId
      ? [{ title: t('notify.fact.partnerId'), value: plain(data.facts.partnerId) }]
      : []),
    ...(data.facts.customerId
      ? [{ title: t('notify.fact.customer'), value: plain(params.companyName) }]
      : []),
    ...(data.facts.subscriptionId
      ? [{ title: t('notify.fact.subscription'), value: plain(params.offerName) }]
      : []),
    ...(data.facts.actorName ? [{ title: t('notify.fact.by'), value: plain(data.facts.actorName) }] : []),
    { title: t('notify.fact.when'), value: formatDateTime(ui.locale, data.eventAt) },
  ];
  const actions: CardAction[] = [];
  if (audience === 'provider') {
    const partnerId = data.facts.partnerId ?? '';
    if (data.eventType === 'relationship.accepted') {
      actions.push(action(ui, 'resellers.list', t('notify.openResellers'), { include: 'active', page: 0 }));
      actions.push(action(ui, 'customers.list', t('notify.assignSubscription'), { page: 0 }, 'positive'));
    } else if (data.eventType === 'relationship.expiring' && partnerId) {
      const invitation: Record<string, string> = data.facts.invitationId
        ? { invitationId: data.facts.invitationId }
        : {};
      // Resend shows the new link: in a channel everyone would see it, so only in a personal chat.
      if (!data.toChannel)
        actions.push(
          action(ui, 'request.resend', t('notify.resendRequest'), { partnerId, ...invitation }, 'positive'),
        );
      actions.push(
        action(ui, 'request.cancel', t('notify.cancelRequest'), { partnerId, ...invitation }, 'destructive'),
      );
      actions.push(action(ui, 'resellers.list', t('notify.openPending'), { include: 'pending', page: 0 }));
    } else if (RESEND_AFTER.has(data.eventType) && !data.toChannel && partnerId) {
      actions.push(action(ui, 'request.start', t('notify.resend'), { partnerId }, 'positive'));
    } else if (data.eventType === 'relationship.request_sent') {
      actions.push(action(ui, 'resellers.list', t('notify.openPending'), { include: 'pending', page: 0 }));
    } else if (COMMERCE.has(data.eventType) && data.facts.customerId) {
      actions.push(
        action(ui, 'customer.subscriptions', t('notify.openCustomer'), { customerId: data.facts.customerId }),
      );
    } else {
      actions.push(action(ui, 'resellers.list', t('notify.openResellers'), { include: 'active', page: 0 }));
    }
  }
  const good = data.eventType === 'relationship.accepted';
  const bad =
    data.eventType === 'relationship.removed' ||
    data.eventType === 'relationship.expiring' ||
    RESEND_AFTER.has(data.eventType);
  return expand(template, {
    title: t(key('title'), params),
    text: t(key('text'), params),
    color: good ? 'good' : bad ? 'attention' : 'default',
    facts,
    hasActions: actions.length > 0,
    actions,
  });
}
