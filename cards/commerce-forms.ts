import type { CommerceCustomer, CommerceOrder } from '../services/ports.js';
import { noticeCard } from './notice.js';
import type { ResellerChoice } from './picker.js';
import { action, banner, expand, type CardJson, type Ui } from './render.js';
import customerTemplate from './templates/customer-form.json' with { type: 'json' };
import orderTemplate from './templates/order-form.json' with { type: 'json' };

const choicesOf = (resellers: ResellerChoice[]) =>
  resellers.map((reseller) => ({
    title: `${reseller.resellerName} (${reseller.partnerId})`,
    value: reseller.partnerId,
  }));

export interface CustomerFormData {
  resellers: ResellerChoice[];
  selected?: string;
  values?: { companyName: string; domain: string; azure: boolean };
  error?: string;
}

/** Add a customer on a reseller's behalf (the reseller gets delegated admin over it). */
export function customerFormCard(data: CustomerFormData, ui: Ui): CardJson {
  const { t } = ui;
  return expand(customerTemplate, {
    title: t('customerForm.title'),
    intro: t('customerForm.intro'),
    error: banner(data.error),
    companyLabel: t('customerForm.company'),
    companyError: t('customerForm.companyError'),
    companyName: data.values?.companyName ?? '',
    domainLabel: t('customerForm.domain'),
    domainPlaceholder: t('customerForm.domainPlaceholder'),
    domainError: t('customerForm.domainError'),
    domain: data.values?.domain ?? '',
    azureTitle: t('customerForm.azure'),
    azure: String(data.values?.azure ?? false),
    choiceLabel: t('picker.choiceLabel'),
    choicePlaceholder: t('picker.choicePlaceholder'),
    choiceError: t('forms.choiceError'),
    selected: data.selected ?? '',
    choices: choicesOf(data.resellers),
    noResellers: data.resellers.length === 0,
    noResellersText: t('picker.noResellers'),
    submit: action(ui, 'customer.add', t('customerForm.submit'), {}, 'positive'),
  });
}

/** After Add customer: the new customer, and for Azure the Entra "User settings" guidance. */
export function customerAddedCard(
  customer: CommerceCustomer,
  reseller: ResellerChoice,
  showEntraGuidance: boolean,
  ui: Ui,
): CardJson {
  const { t } = ui;
  const params = {
    companyName: customer.companyName,
    customerId: customer.customerId,
    resellerName: reseller.resellerName,
    partnerId: reseller.partnerId,
  };
  const text = t('customerForm.addedText', params);
  return noticeCard({
    tone: 'good',
    title: t('customerForm.addedTitle'),
    text: showEntraGuidance ? `${text}\n\n${t('customerForm.entraGuidance', params)}` : text,
  });
}

export interface OrderFormData {
  customer: CommerceCustomer;
  resellers: ResellerChoice[];
  selected?: string;
  values?: { offerId: string; quantity: number };
  error?: string;
}

/** Submit an order for a customer with a reseller on record. */
export function orderFormCard(data: OrderFormData, ui: Ui): CardJson {
  const { t } = ui;
  const quantity = data.values?.quantity;
  return expand(orderTemplate, {
    title: t('orderForm.title'),
    intro: t('orderForm.intro'),
    error: banner(data.error),
    facts: [
      { title: t('orderForm.customer'), value: `${data.customer.companyName} (${data.customer.domain})` },
    ],
    choiceLabel: t('picker.choiceLabel'),
    choicePlaceholder: t('picker.choicePlaceholder'),
    choiceError: t('forms.choiceError'),
    selected: data.selected ?? data.customer.associatedPartnerId ?? '',
    choices: choicesOf(data.resellers),
    offerLabel: t('orderForm.offer'),
    offerPlaceholder: t('orderForm.offerPlaceholder'),
    offerError: t('orderForm.offerError'),
    offerId: data.values?.offerId ?? '',
    quantityLabel: t('orderForm.quantity'),
    quantityError: t('orderForm.quantityError'),
    quantity: quantity !== undefined && Number.isInteger(quantity) && quantity > 0 ? quantity : 1,
    noResellers: data.resellers.length === 0,
    noResellersText: t('picker.noResellers'),
    submit: action(
      ui,
      'order.submit',
      t('orderForm.submit'),
      { customerId: data.customer.customerId },
      'positive',
    ),
  });
}

/** After Submit order: the order id and the reseller on record. */
export function orderSubmittedCard(
  order: CommerceOrder,
  customer: CommerceCustomer,
  reseller: ResellerChoice,
  ui: Ui,
): CardJson {
  const { t } = ui;
  return noticeCard({
    tone: 'good',
    title: t('orderForm.submittedTitle'),
    text: t('orderForm.submittedText', {
      orderId: order.orderId,
      companyName: customer.companyName,
      resellerName: reseller.resellerName,
      partnerId: reseller.partnerId,
      lines: order.lineItems.map((line) => `${line.offerId} × ${line.quantity}`).join(', '),
    }),
  });
}
