import type { RelationshipView, RemovalResult } from '../services/relationships/relationship-service.js';
import { formatDate } from '../i18n/index.js';
import { label } from './labels.js';
import { noticeCard } from './notice.js';
import { boundTo } from './resellers.js';
import { action, banner, cardText, expand, plain, type CardJson, type Ui } from './render.js';
import template from './templates/removal.json' with { type: 'json' };
import removedTemplate from './templates/removed.json' with { type: 'json' };

/**
 * The confirmation before removing a reseller: what stays (customers, delegated admin
 * privileges), that no termination notice is generated, and the required attestation.
 */
export function removalCard(view: RelationshipView, ui: Ui, error?: string): CardJson {
  const t = cardText(ui);
  const params = { resellerName: view.resellerName || view.partnerId, partnerId: view.partnerId };
  const target = { partnerId: view.partnerId };
  return expand(template, {
    title: t('removal.title', params),
    error: banner(error),
    facts: [
      { title: t('reseller.partnerId'), value: plain(view.partnerId) },
      { title: t('reseller.status'), value: plain(label(t, 'status', view.status)) },
      ...(view.activeSince
        ? [{ title: t('reseller.activeSince'), value: formatDate(ui.locale, view.activeSince) }]
        : []),
    ],
    staysTitle: t('removal.staysTitle'),
    stays: [
      t('removal.staysCustomers'),
      t('removal.staysPrivileges'),
      t('removal.goesTransactions', params),
    ].map((line) => ({ line: `- ${line}` })),
    noNotice: t('removal.noNotice'),
    canRemove: view.status === 'active',
    notActive: t('removal.notActive', { ...params, status: label(t, 'status', view.status) }),
    attestationLabel: t('removal.attestationLabel'),
    attestationTitle: t('removal.attestationTitle'),
    attestationError: t('removal.attestationError'),
    // Bound to the relationship shown: after a removal and a new request, this card refuses to act.
    remove: action(
      ui,
      'removal.confirm',
      t('removal.remove'),
      { ...target, ...boundTo(view), confirmed: true },
      'destructive',
    ),
    keep: action(ui, 'removal.keep', t('removal.keep'), target),
  });
}

/** After Remove: what happened, what did not, and a suggested message to the reseller and customers. */
export function removedCard(result: RemovalResult, providerName: string, ui: Ui): CardJson {
  const t = cardText(ui);
  const params = {
    resellerName: result.resellerName || result.partnerId,
    partnerId: result.partnerId,
    providerName,
    removedOn: formatDate(ui.locale, result.removedAt),
  };
  const consequences = [
    result.consequences.customersKept ? t('removal.staysCustomers') : undefined,
    result.consequences.delegatedAdminPrivilegesKept ? t('removal.staysPrivileges') : undefined,
    result.consequences.terminationNoticeGenerated ? undefined : t('removal.noNotice'),
  ].filter((line): line is string => line !== undefined);
  return expand(removedTemplate, {
    title: t('removal.removedTitle'),
    summary: t('removal.removedText', params),
    consequences: consequences.map((line) => ({ line: `- ${line}` })),
    communicationTitle: t('removal.communicationTitle'),
    communicationHint: t('removal.communicationHint'),
    messages: [
      { audience: t('removal.toReseller'), text: t('removal.messageReseller', params) },
      { audience: t('removal.toCustomers'), text: t('removal.messageCustomers', params) },
    ],
  });
}

/** After Keep: nothing changed. */
export function keptCard(view: RelationshipView, ui: Ui): CardJson {
  const t = cardText(ui);
  return noticeCard({
    tone: 'info',
    title: t('removal.keptTitle'),
    text: t('removal.keptText', {
      resellerName: view.resellerName || view.partnerId,
      partnerId: view.partnerId,
    }),
  });
}
