import type { InvitationView } from '../services/relationships/invitation-service.js';
import { formatDate } from '../i18n/index.js';
import { noticeCard } from './notice.js';
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
import template from './templates/invitation.json' with { type: 'json' };

const STATUS_COLOR = {
  pending: 'default',
  accepted: 'good',
  ended: 'warning',
  declined: 'warning',
  cancelled: 'warning',
  expired: 'warning',
  replaced: 'warning',
} as const;

/**
 * The reseller's card: who invites whom, what the relationship means, Accept / Decline while it
 * is pending; otherwise what became of it (expired, cancelled, already used).
 */
export function invitationCard(view: InvitationView, token: string, ui: Ui, error?: string): CardJson {
  const t = cardText(ui);
  const expiresOn = formatDate(ui.locale, view.expiresAt);
  const actions: CardAction[] =
    view.status === 'pending'
      ? [
          action(ui, 'invitation.accept', t('invitation.accept'), { token }, 'positive'),
          action(ui, 'invitation.decline', t('invitation.decline'), { token }, 'destructive'),
        ]
      : [];
  return expand(template, {
    title: t('invitation.title', { providerName: view.providerName }),
    error: banner(error),
    facts: [
      { title: t('invitation.provider'), value: plain(view.providerName) },
      { title: t('invitation.reseller'), value: `${plain(view.resellerName)} (${plain(view.partnerId)})` },
      { title: t('invitation.expires'), value: expiresOn },
    ],
    meaningTitle: t('invitation.meaningTitle'),
    meaning: [
      t('invitation.meaning1', { providerName: view.providerName }),
      t('invitation.meaning2'),
      t('invitation.meaning3'),
    ].map((line) => ({ line: `- ${line}` })),
    statusText: t(`invitation.status.${view.status}`, { expiresOn, providerName: view.providerName }),
    statusColor: STATUS_COLOR[view.status],
    hasActions: actions.length > 0,
    actions,
  });
}

/** After Accept or Decline: the outcome, read-only. */
export function invitationOutcomeCard(view: InvitationView, ui: Ui): CardJson {
  const t = cardText(ui);
  const params = { providerName: view.providerName, resellerName: view.resellerName };
  return view.status === 'accepted'
    ? noticeCard({
        tone: 'good',
        title: t('invitation.acceptedTitle'),
        text: t('invitation.acceptedText', params),
      })
    : noticeCard({
        tone: 'info',
        title: t('invitation.declinedTitle'),
        text: t('invitation.declinedText', params),
      });
}
