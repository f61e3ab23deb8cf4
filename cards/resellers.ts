import type { Translate } from '../i18n/index.js';
import type { RelationshipView } from '../services/relationships/relationship-service.js';
import { formatDate } from '../i18n/index.js';
import { label } from './labels.js';
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
import template from './templates/resellers.json' with { type: 'json' };
import detailsTemplate from './templates/reseller-details.json' with { type: 'json' };

/** What the caller may do on these rows (buttons are hidden otherwise; the services decide anyway). */
export interface ResellerAbilities {
  remove: boolean;
  cancel: boolean;
  request: boolean;
  addCustomer: boolean;
}

export interface ResellerListData {
  include: 'active' | 'pending';
  rows: RelationshipView[];
  total: number;
  page: number;
  pageSize: number;
  query?: string;
  can: ResellerAbilities;
  notice?: string;
}

/**
 * The request (or the relationship it opened) a card shows, for the data of the actions that
 * change it: once a newer request exists, the services refuse a click on the old card.
 */
export function boundTo(view: RelationshipView): Record<string, string> {
  return view.invitation ? { invitationId: view.invitation.invitationId } : {};
}

/** Active resellers (or pending requests), with search, paging, Details and Remove / Cancel. */
export function resellersCard(data: ResellerListData, ui: Ui): CardJson {
  const t = cardText(ui);
  const list = { include: data.include };
  const query = data.query ?? '';
  const first = data.total === 0 ? 0 : data.page * data.pageSize + 1;
  const last = Math.min(data.total, (data.page + 1) * data.pageSize);
  const footer: CardAction[] = [];
  if (data.page > 0)
    footer.push(
      action(ui, 'resellers.list', t('resellers.previous'), { ...list, page: data.page - 1, query }),
    );
  if (last < data.total)
    footer.push(action(ui, 'resellers.list', t('resellers.next'), { ...list, page: data.page + 1, query }));
  footer.push(
    data.include === 'active'
      ? action(ui, 'resellers.list', t('resellers.showPending'), { include: 'pending', page: 0 })
      : action(ui, 'resellers.list', t('resellers.showActive'), { include: 'active', page: 0 }),
  );
  if (data.can.request) footer.push(action(ui, 'request.start', t('resellers.request')));
  return expand(template, {
    title: t(data.include === 'active' ? 'resellers.titleActive' : 'resellers.titlePending'),
    notice: banner(data.notice),
    searchLabel: t('resellers.searchLabel'),
    searchPlaceholder: t('resellers.searchPlaceholder'),
    query,
    search: action(ui, 'resellers.list', t('resellers.search'), { ...list, page: 0 }),
    summary:
      data.total === 0
        ? t(
            query
              ? 'resellers.noMatch'
              : data.include === 'active'
                ? 'resellers.emptyActive'
                : 'resellers.emptyPending',
          )
        : t('resellers.summary', { first, last, total: data.total }),
    rows: data.rows.map((row) => ({
      heading: `${plain(row.resellerName)} (${plain(row.partnerId)})`,
      detail: rowDetail(row, ui),
      actions: rowActions(row, data.can, ui),
    })),
    hasFooter: footer.length > 0,
    footer,
  });
}

function rowDetail(row: RelationshipView, ui: Ui): string {
  const t = cardText(ui);
  if (row.status === 'pending' && row.invitation) {
    return t('resellers.pendingDetail', {
      to: row.invitation.resellerEmail,
      requestedOn: formatDate(ui.locale, row.invitation.requestedAt),
      expiresOn: formatDate(ui.locale, row.invitation.expiresAt),
    });
  }
  const detail = row.activeSince
    ? t('resellers.activeDetail', { since: formatDate(ui.locale, row.activeSince), country: row.country })
    : plain(label(t, 'status', row.status));
  return row.partnerCenterState === 'waiting' ? `${detail} · ${t('resellers.waitingPartnerCenter')}` : detail;
}

function rowActions(row: RelationshipView, can: ResellerAbilities, ui: Ui): CardAction[] {
  const t = cardText(ui);
  const target = { partnerId: row.partnerId };
  const actions = [action(ui, 'reseller.details', t('resellers.details'), target)];
  if (row.status === 'active' && can.remove)
    actions.push(action(ui, 'removal.start', t('resellers.remove'), target, 'destructive'));
  if (row.status === 'pending' && can.cancel)
    actions.push(
      action(ui, 'request.cancel', t('resellers.cancel'), { ...target, ...boundTo(row) }, 'destructive'),
    );
  return actions;
}

/**
 * One reseller relationship in full, with what can be done next; `notice` says why a click on an
 * older card shows this instead (the request was answered meanwhile).
 */
export function resellerDetailsCard(
  view: RelationshipView,
  can: ResellerAbilities,
  ui: Ui,
  notice?: string,
): CardJson {
  const t = cardText(ui);
  const date = (value: Date | undefined) => (value ? formatDate(ui.locale, value) : t('common.none'));
  const facts = [
    { title: t('reseller.partnerId'), value: plain(view.partnerId) },
    { title: t('reseller.status'), value: plain(label(t, 'status', view.status)) },
    { title: t('reseller.country'), value: view.country ? plain(view.country) : t('common.none') },
  ];
  if (view.activeSince) facts.push({ title: t('reseller.activeSince'), value: date(view.activeSince) });
  facts.push(...partnerCenterFacts(view, t));
  if (view.invitation) {
    facts.push({ title: t('reseller.invitedEmail'), value: plain(view.invitation.resellerEmail) });
    facts.push({ title: t('reseller.requestedOn'), value: date(view.invitation.requestedAt) });
    if (view.status === 'pending')
      facts.push({ title: t('reseller.expiresOn'), value: date(view.invitation.expiresAt) });
  }
  const target = { partnerId: view.partnerId };
  const actions: CardAction[] = [];
  if (view.status === 'active' && can.addCustomer)
    actions.push(action(ui, 'customer.start', t('reseller.addCustomer'), target));
  if (view.status === 'active' && can.remove)
    actions.push(action(ui, 'removal.start', t('resellers.remove'), target, 'destructive'));
  if (view.status === 'pending' && can.cancel)
    actions.push(
      action(ui, 'request.cancel', t('resellers.cancel'), { ...target, ...boundTo(view) }, 'destructive'),
    );
  actions.push(action(ui, 'resellers.list', t('common.backToList'), { include: 'active', page: 0 }));
  return expand(detailsTemplate, {
    title: plain(view.resellerName || view.partnerId),
    notice: banner(notice),
    facts,
    actions,
  });
}

// Where the relationship stands in Partner Center, and where it came from (the sync).
function partnerCenterFacts(view: RelationshipView, t: Translate) {
  const facts: { title: string; value: string }[] = [];
  if (view.source === 'partner_center')
    facts.push({ title: t('reseller.source'), value: t('reseller.sourcePartnerCenter') });
  const state =
    view.endedIn === 'partner_center' && view.status === 'removed'
      ? t('reseller.endedInPartnerCenter')
      : view.partnerCenterState === 'confirmed'
        ? t('reseller.partnerCenterConfirmed')
        : view.partnerCenterState === 'waiting'
          ? t('reseller.partnerCenterWaiting')
          : undefined;
  if (state) facts.push({ title: t('reseller.partnerCenter'), value: state });
  return facts;
}

/** After Cancel: the request is withdrawn and its link no longer works. */
export function requestCancelledCard(view: RelationshipView, ui: Ui): CardJson {
  const t = cardText(ui);
  return noticeCard({
    tone: 'info',
    title: t('resellers.cancelledTitle'),
    text: t('resellers.cancelledText', { resellerName: view.resellerName, partnerId: view.partnerId }),
  });
}
