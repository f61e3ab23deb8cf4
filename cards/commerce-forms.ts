import { formatDate, isMessageKey } from '../i18n/index.js';
import type { AdminCredentials, CommerceCustomer, CommerceOrder, OfferTerm } from '../services/ports.js';
import { noticeCard } from './notice.js';
import {
  resellerChoiceSet,
  unavailableNote,
  type ResellerChoice,
  type UnavailableReseller,
} from './picker.js';
import { action, banner, cardText, expand, plain, type CardJson, type Ui } from './render.js';
import customerTemplate from './templates/customer-form.json' with { type: 'json' };
import orderTemplate from './templates/order-form.json' with { type: 'json' };

/** The resellers a form offers: the first page of active ones (and the pre-selected one), and how many are active. */
export interface ResellerOptions {
  resellers: ResellerChoice[];
  total: number;
  /** Active resellers left out of the choices: a transaction would refuse them now. */
  unavailable?: UnavailableReseller[];
}

/** Who of the customer accepted the Microsoft Customer Agreement, as typed on the form. */
export interface AgreementValues {
  contactFirstName?: string;
  contactLastName?: string;
  contactEmail?: string;
  contactPhone?: string;
  agreementAttested?: boolean;
}

export interface CustomerFormData extends ResellerOptions {
  selected?: string;
  values?: { companyName: string; domain: string; azure: boolean } & AgreementValues;
  error?: string;
}

/** The Microsoft Customer Agreement, as Microsoft publishes it. */
export const MCA_LINK = 'https://www.microsoft.com/licensing/docs/customeragreement';

/** Add a customer on a reseller's behalf (the reseller gets delegated admin over it). */
export function customerFormCard(data: CustomerFormData, ui: Ui): CardJson {
  const t = cardText(ui);
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
    agreementIntro: t('customerForm.agreementTitle'),
    agreementText: t('customerForm.agreementText', { link: MCA_LINK }),
    firstNameLabel: t('customerForm.contactFirstName'),
    firstNameError: t('customerForm.contactFirstNameError'),
    contactFirstName: data.values?.contactFirstName ?? '',
    lastNameLabel: t('customerForm.contactLastName'),
    lastNameError: t('customerForm.contactLastNameError'),
    contactLastName: data.values?.contactLastName ?? '',
    emailLabel: t('customerForm.contactEmail'),
    emailError: t('customerForm.contactEmailError'),
    contactEmail: data.values?.contactEmail ?? '',
    phoneLabel: t('customerForm.contactPhone'),
    contactPhone: data.values?.contactPhone ?? '',
    attestTitle: t('customerForm.agreementAttest'),
    attestError: t('customerForm.agreementAttestError'),
    agreementAttested: String(data.values?.agreementAttested ?? false),
    choiceLabel: t('picker.choiceLabel'),
    choicePlaceholder: t('picker.choicePlaceholder'),
    choiceError: t('forms.choiceError'),
    ...resellerChoiceSet(data.resellers, data.total, data.selected),
    noResellersText: t('picker.noResellers'),
    unavailable: unavailableNote(data.unavailable, ui),
    submit: action(ui, 'customer.add', t('customerForm.submit'), {}, 'positive'),
  });
}

/** After Add customer: the new customer, and for Azure the Entra "User settings" guidance. */
export function customerAddedCard(
  customer: CommerceCustomer,
  reseller: ResellerChoice,
  showEntraGuidance: boolean,
  ui: Ui,
  /** Partner Center's one-time admin sign-in: `hidden` in a shared conversation. */
  credentials?: AdminCredentials | 'hidden',
  /** The Microsoft Customer Agreement acceptance recorded with the customer. */
  agreement?: { acceptedBy: string; email: string; dateAgreed: Date },
): CardJson {
  const t = cardText(ui);
  const params = {
    companyName: customer.companyName,
    customerId: customer.customerId,
    resellerName: reseller.resellerName,
    partnerId: reseller.partnerId,
  };
  const text = t('customerForm.addedText', params);
  const parts = [showEntraGuidance ? `${text}\n\n${t('customerForm.entraGuidance', params)}` : text];
  if (agreement) {
    parts.push(
      t('customerForm.agreementRecorded', {
        name: agreement.acceptedBy,
        email: agreement.email,
        date: formatDate(ui.locale, agreement.dateAgreed),
      }),
    );
  }
  if (credentials === 'hidden') parts.push(t('customerForm.credentialsPersonalOnly'));
  else if (credentials) parts.push(t('customerForm.credentials', { ...credentials }));
  return noticeCard({ tone: 'good', title: t('customerForm.addedTitle'), text: parts.join('\n\n') });
}

export interface OrderFormData extends ResellerOptions {
  customer: CommerceCustomer;
  /** The reseller chosen; by default the one the customer is associated with. */
  selected?: string;
  values?: { offerId?: string; quantity?: number; term?: string };
  /** The terms to offer: those of `offerId` when it is named, else the usual ones; none: no choice. */
  terms: { offerId?: string; terms: OfferTerm[] };
  error?: string;
}

/** A term as its choice value (`P1Y:annual`), the way the order form sends it back. */
export function termValue(term: OfferTerm): string {
  return `${term.termDuration}:${term.billingCycle}`;
}

/** A term in the reader's words: "one-year term, billed annually". */
export function termLabel(term: OfferTerm, ui: Ui): string {
  const t = cardText(ui);
  const durationKey = `term.duration.${term.termDuration}`;
  const billingKey = `term.billing.${term.billingCycle}`;
  return t('term.label', {
    duration: isMessageKey(durationKey)
      ? t(durationKey)
      : t('term.duration.other', { duration: term.termDuration }),
    billing: isMessageKey(billingKey)
      ? t(billingKey)
      : t('term.billing.other', { billing: term.billingCycle }),
  });
}

/** Submit an order for a customer with a reseller on record. */
export function orderFormCard(data: OrderFormData, ui: Ui): CardJson {
  const t = cardText(ui);
  const quantity = data.values?.quantity;
  return expand(orderTemplate, {
    title: t('orderForm.title'),
    intro: t('orderForm.intro'),
    error: banner(data.error),
    facts: [
      {
        title: t('orderForm.customer'),
        value: `${plain(data.customer.companyName)} (${plain(data.customer.domain)})`,
      },
    ],
    choiceLabel: t('picker.choiceLabel'),
    choicePlaceholder: t('picker.choicePlaceholder'),
    choiceError: t('forms.choiceError'),
    ...resellerChoiceSet(data.resellers, data.total, data.selected ?? data.customer.associatedPartnerId),
    offerLabel: t('orderForm.offer'),
    offerPlaceholder: t('orderForm.offerPlaceholder'),
    offerError: t('orderForm.offerError'),
    offerId: data.values?.offerId ?? '',
    quantityLabel: t('orderForm.quantity'),
    quantityError: t('orderForm.quantityError'),
    quantity: quantity !== undefined && Number.isInteger(quantity) && quantity > 0 ? quantity : 1,
    showTerms: action(ui, 'order.start', t('orderForm.showTerms'), { customerId: data.customer.customerId }),
    hasTerms: data.terms.terms.length > 0,
    termLabel: t('orderForm.term'),
    termError: t('orderForm.termError'),
    terms: data.terms.terms.map((term) => ({ title: termLabel(term, ui), value: termValue(term) })),
    // Keep the choice only while the offer still offers it.
    term: data.terms.terms.some((term) => termValue(term) === data.values?.term) ? data.values?.term : '',
    termsNote: data.terms.offerId
      ? t('orderForm.termsOfOffer', { offerId: data.terms.offerId })
      : t('orderForm.termsGeneral'),
    noResellersText: t('picker.noResellers'),
    unavailable: unavailableNote(data.unavailable, ui),
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
  const t = cardText(ui);
  const text = t('orderForm.submittedText', {
    orderId: order.orderId,
    companyName: customer.companyName,
    resellerName: reseller.resellerName,
    partnerId: reseller.partnerId,
    lines: order.lineItems.map((line) => `${line.offerId} × ${line.quantity}`).join(', '),
  });
  // The term and billing of each line that has one, as the audit records them.
  const terms = order.lineItems.flatMap((line) =>
    line.termDuration && line.billingCycle
      ? [
          t('orderForm.submittedTerms', {
            offerId: line.offerId,
            term: termLabel({ termDuration: line.termDuration, billingCycle: line.billingCycle }, ui),
          }),
        ]
      : [],
  );
  return noticeCard({
    tone: 'good',
    title: t('orderForm.submittedTitle'),
    text: [text, ...terms].join('\n\n'),
  });
}
