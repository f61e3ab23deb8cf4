import type { CommerceSubscription } from '../services/ports.js';
import { label } from './labels.js';
import { noticeCard } from './notice.js';
import type { ErrorCode } from '../services/errors.js';
import { isMessageKey } from '../i18n/index.js';
import { action, banner, cardText, expand, plain, type CardJson, type Ui } from './render.js';
import template from './templates/picker.json' with { type: 'json' };

/** Above this many active resellers the picker also asks the bot as the user types (Data.Query). */
export const TYPEAHEAD_THRESHOLD = 100;
/** The Data.Query dataset the search invoke answers for. */
export const RESELLER_DATASET = 'resellers';

export type PickerPurpose = 'resellerOfRecord' | 'supportContact';

export interface ResellerChoice {
  partnerId: string;
  resellerName: string;
}

/** An active reseller left out of a choice set because a transaction would refuse it now. */
export interface UnavailableReseller extends ResellerChoice {
  code: ErrorCode;
}

/** Names shown in the "not selectable now" note; the rest are counted. */
const MAX_UNAVAILABLE_SHOWN = 10;

/** The note under a choice set naming the active resellers left out of it, and why. */
export function unavailableNote(unavailable: readonly UnavailableReseller[] | undefined, ui: Ui) {
  if (!unavailable?.length) return banner(undefined);
  // Names are made literal once, in each entry; the note joins entries as they are.
  const t = cardText(ui);
  const shown = unavailable.slice(0, MAX_UNAVAILABLE_SHOWN).map((reseller) => {
    const key = `unavailable.${reseller.code}`;
    return t('unavailable.entry', {
      resellerName: reseller.resellerName,
      partnerId: reseller.partnerId,
    }).replace('{reason}', ui.t(isMessageKey(key) ? key : 'unavailable.other'));
  });
  const more = unavailable.length - shown.length;
  if (more > 0) shown.push(ui.t('unavailable.more', { count: more }));
  return banner(ui.t('unavailable.note', { list: shown.join(ui.t('unavailable.separator')) }));
}

/**
 * The template data of a reseller choice set (the picker's and the forms'): the first page of
 * active resellers as static choices and, above TYPEAHEAD_THRESHOLD of them, the Data.Query
 * typeahead for the rest. `selected` is kept only if it is among the choices. Choice titles are
 * plain text (no Markdown).
 */
export function resellerChoiceSet(resellers: ResellerChoice[], total: number, selected?: string) {
  const some = resellers.length > 0;
  return {
    showStatic: some && total <= TYPEAHEAD_THRESHOLD,
    showDynamic: some && total > TYPEAHEAD_THRESHOLD,
    dataset: RESELLER_DATASET,
    selected: selected && resellers.some((r) => r.partnerId === selected) ? selected : '',
    choices: resellers.map((reseller) => ({
      title: `${reseller.resellerName} (${reseller.partnerId})`,
      value: reseller.partnerId,
    })),
    noResellers: !some,
  };
}

/** What "Verify" found for a typed Partner ID. */
export type Verification =
  | { kind: 'related'; reseller: ResellerChoice }
  | { kind: 'unrelated'; reseller: ResellerChoice; status: string; canRequest: boolean }
  | { kind: 'refused'; message: string };

/** A reseller named on the subscription, with where its relationship stands now. */
export interface ResellerHolder extends ResellerChoice {
  status: string;
}

export interface PickerData {
  purpose: PickerPurpose;
  subscription: CommerceSubscription;
  customerName: string;
  /** The current reseller of record and support contact, when they are not active resellers. */
  holders: ResellerHolder[];
  /** The first page of active resellers, and how many there are in all. */
  resellers: ResellerChoice[];
  total: number;
  /** Active resellers left out of the choices: a transaction would refuse them now. */
  unavailable?: UnavailableReseller[];
  selected?: string;
  manualPartnerId?: string;
  verification?: Verification;
  error?: string;
}

/**
 * The reseller picker of a subscription: active resellers to choose from, or "not in the list?"
 * → Partner ID → Verify; Submit names the chosen reseller (reseller of record or support contact).
 */
export function pickerCard(data: PickerData, ui: Ui): CardJson {
  const t = cardText(ui);
  const { subscription, purpose } = data;
  const target = {
    customerId: subscription.customerId,
    subscriptionId: subscription.subscriptionId,
    purpose,
  };
  const choices = [...data.resellers];
  const verified = data.verification?.kind === 'related' ? data.verification.reseller : undefined;
  if (verified && !choices.some((choice) => choice.partnerId === verified.partnerId))
    choices.unshift(verified);
  // For FactSet values, which Teams renders as Markdown.
  const nameOf = (partnerId: string | undefined) => {
    if (!partnerId) return t('common.none');
    const known = choices.find((choice) => choice.partnerId === partnerId);
    if (known) return `${plain(known.resellerName)} (${plain(partnerId)})`;
    const holder = data.holders.find((h) => h.partnerId === partnerId);
    // A reseller whose relationship ended stays on the subscription: say so.
    return holder
      ? `${plain(holder.resellerName)} (${plain(partnerId)}) · ${plain(label(t, 'status', holder.status))}`
      : plain(partnerId);
  };
  return expand(template, {
    title: t(`picker.title.${purpose}`),
    intro: t(`picker.intro.${purpose}`),
    error: banner(data.error),
    facts: [
      {
        title: t('picker.subscription'),
        value: `${plain(subscription.offerName)} (${plain(subscription.subscriptionId)})`,
      },
      {
        title: t('picker.customer'),
        value: `${plain(data.customerName)} (${plain(subscription.customerId)})`,
      },
      { title: t('picker.quantity'), value: String(subscription.quantity) },
      { title: t('picker.currentReseller'), value: nameOf(subscription.partnerId) },
      { title: t('picker.currentSupport'), value: nameOf(subscription.supportContactPartnerId) },
    ],
    // Input.ChoiceSet needs at least one choice; with none, only "not in the list?" is offered.
    ...resellerChoiceSet(choices, data.total, verified?.partnerId ?? data.selected),
    choiceLabel: t('picker.choiceLabel'),
    choicePlaceholder: t('picker.choicePlaceholder'),
    noResellersText: t('picker.noResellers'),
    unavailable: unavailableNote(data.unavailable, ui),
    notInList: t('picker.notInList'),
    showManual: data.verification !== undefined || Boolean(data.manualPartnerId),
    manualLabel: t('picker.manualLabel'),
    manualPlaceholder: t('picker.manualPlaceholder'),
    manualPartnerId: data.manualPartnerId ?? '',
    verify: action(ui, 'picker.verify', t('picker.verify'), target),
    verification: verificationLine(data.verification, ui),
    offerRequest:
      data.verification?.kind === 'unrelated' && data.verification.canRequest
        ? {
            show: true,
            action: action(ui, 'request.start', t('picker.sendRequest'), {
              partnerId: data.verification.reseller.partnerId,
            }),
          }
        : { show: false, action: action(ui, 'request.start', t('picker.sendRequest')) },
    canSubmit: choices.length > 0,
    submit: action(ui, 'picker.submit', t('picker.submit'), target, 'positive'),
  });
}

function verificationLine(verification: Verification | undefined, ui: Ui) {
  const t = cardText(ui);
  if (!verification) return { show: false, text: '', color: 'default' };
  if (verification.kind === 'refused') return { show: true, text: verification.message, color: 'attention' };
  const params = {
    resellerName: verification.reseller.resellerName,
    partnerId: verification.reseller.partnerId,
  };
  if (verification.kind === 'related')
    return { show: true, text: t('picker.verified', params), color: 'good' };
  return {
    show: true,
    text: t(verification.canRequest ? 'picker.unrelatedCanRequest' : 'picker.unrelated', {
      ...params,
      status: label(t, 'status', verification.status),
    }),
    color: 'warning',
  };
}

/** After Submit: which reseller now holds the subscription, read-only. */
export function pickerDoneCard(
  purpose: PickerPurpose,
  subscription: CommerceSubscription,
  reseller: ResellerChoice,
  ui: Ui,
): CardJson {
  const t = cardText(ui);
  return noticeCard({
    tone: 'good',
    title: t(`picker.doneTitle.${purpose}`),
    text: t(`picker.doneText.${purpose}`, {
      resellerName: reseller.resellerName,
      partnerId: reseller.partnerId,
      offerName: subscription.offerName,
      subscriptionId: subscription.subscriptionId,
    }),
  });
}
