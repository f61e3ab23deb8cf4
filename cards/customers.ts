import type { CommerceCustomer, CommerceSubscription } from '../services/ports.js';
import { action, cardText, expand, plain, type CardAction, type CardJson, type Ui } from './render.js';
import template from './templates/list.json' with { type: 'json' };

/** Customers shown per page: every row has buttons, and the card must stay under 28 KB. */
export const CUSTOMERS_PAGE_SIZE = 10;

export interface CustomerAbilities {
  addCustomer: boolean;
  submitOrder: boolean;
  setResellerOfRecord: boolean;
  designateSupportContact: boolean;
}

export interface CustomersData {
  customers: CommerceCustomer[];
  page: number;
  /** Reseller names by Partner ID, for the "associated reseller" line. */
  resellerNames: ReadonlyMap<string, string>;
  can: CustomerAbilities;
}

interface Row {
  heading: string;
  detail: string;
  hasActions: boolean;
  actions: CardAction[];
}

const row = (heading: string, detail: string, actions: CardAction[]): Row => ({
  heading,
  detail,
  hasActions: actions.length > 0,
  actions,
});

/** The provider's customers, with Subscriptions and Submit order per row, and Add customer. */
export function customersCard(data: CustomersData, ui: Ui): CardJson {
  const t = cardText(ui);
  const total = data.customers.length;
  const start = data.page * CUSTOMERS_PAGE_SIZE;
  const shown = data.customers.slice(start, start + CUSTOMERS_PAGE_SIZE);
  const reseller = (partnerId?: string) =>
    partnerId ? `${data.resellerNames.get(partnerId) ?? partnerId} (${partnerId})` : t('common.none');
  const footer: CardAction[] = [];
  if (data.page > 0)
    footer.push(action(ui, 'customers.list', t('resellers.previous'), { page: data.page - 1 }));
  if (start + CUSTOMERS_PAGE_SIZE < total)
    footer.push(action(ui, 'customers.list', t('resellers.next'), { page: data.page + 1 }));
  if (data.can.addCustomer) footer.push(action(ui, 'customer.start', t('customers.add'), {}, 'positive'));
  return expand(template, {
    title: t('customers.title'),
    intro: { show: false, text: '' },
    summary:
      total === 0
        ? t('customers.empty')
        : t('resellers.summary', { first: start + 1, last: start + shown.length, total }),
    rows: shown.map((customer) => {
      const target = { customerId: customer.customerId };
      const actions = [action(ui, 'customer.subscriptions', t('customers.subscriptions'), target)];
      if (data.can.submitOrder) actions.push(action(ui, 'order.start', t('customers.order'), target));
      return row(
        `${plain(customer.companyName)} (${plain(customer.domain)})`,
        t(customer.azure ? 'customers.detailAzure' : 'customers.detail', {
          customerId: customer.customerId,
          reseller: reseller(customer.associatedPartnerId),
        }),
        actions,
      );
    }),
    hasFooter: footer.length > 0,
    footer,
  });
}

export interface SubscriptionsData {
  customer: CommerceCustomer;
  subscriptions: CommerceSubscription[];
  resellerNames: ReadonlyMap<string, string>;
  can: CustomerAbilities;
}

/** One customer's subscriptions, each with "Reseller of record" and "Support contact". */
export function subscriptionsCard(data: SubscriptionsData, ui: Ui): CardJson {
  const t = cardText(ui);
  const reseller = (partnerId?: string) =>
    partnerId ? `${data.resellerNames.get(partnerId) ?? partnerId} (${partnerId})` : t('common.none');
  const shown = data.subscriptions.slice(0, CUSTOMERS_PAGE_SIZE);
  const footer = [action(ui, 'customers.list', t('common.backToList'), { page: 0 })];
  if (data.can.submitOrder)
    footer.unshift(action(ui, 'order.start', t('customers.order'), { customerId: data.customer.customerId }));
  return expand(template, {
    title: t('subscriptions.title', { companyName: data.customer.companyName }),
    intro: {
      show: data.subscriptions.length > shown.length,
      text: t('subscriptions.more', { shown: shown.length }),
    },
    summary:
      shown.length === 0
        ? t('subscriptions.empty')
        : t('subscriptions.summary', { total: data.subscriptions.length }),
    rows: shown.map((subscription) => {
      const target = { customerId: subscription.customerId, subscriptionId: subscription.subscriptionId };
      const actions: CardAction[] = [];
      if (data.can.setResellerOfRecord)
        actions.push(
          action(ui, 'picker.open', t('subscriptions.setReseller'), {
            ...target,
            purpose: 'resellerOfRecord',
          }),
        );
      if (data.can.designateSupportContact)
        actions.push(
          action(ui, 'picker.open', t('subscriptions.setSupport'), { ...target, purpose: 'supportContact' }),
        );
      return row(
        `${plain(subscription.offerName)} × ${subscription.quantity}`,
        t('subscriptions.detail', {
          subscriptionId: subscription.subscriptionId,
          reseller: reseller(subscription.partnerId),
          support: reseller(subscription.supportContactPartnerId),
        }),
        actions,
      );
    }),
    hasFooter: true,
    footer,
  });
}
