import {
  pickerCard,
  pickerDoneCard,
  TYPEAHEAD_THRESHOLD,
  type PickerData,
  type PickerPurpose,
  type ResellerHolder,
} from '../../cards/picker.js';
import { AppError, isAppError } from '../../services/errors.js';
import { inOrder } from '../../services/reads.js';
import { route, type RouteTable } from '../route.js';
import type { Turn } from '../turn.js';
import { nameOf, selectable } from './lookups.js';
import { inlineFor, RESELLER_REFUSALS } from './refusals.js';

interface PickerTarget {
  customerId: string;
  subscriptionId: string;
  purpose: PickerPurpose;
}

const PERMISSION = {
  resellerOfRecord: 'setResellerOfRecord',
  supportContact: 'designateSupportContact',
} as const;

/** The subscription and the first page of active resellers (the typeahead serves the rest). */
async function pickerBase(turn: Turn, { customerId, subscriptionId, purpose }: PickerTarget) {
  const [subscription, customer, list] = await inOrder([
    turn.services.commerce.getSubscription(turn.actor, { customerId, subscriptionId }),
    turn.services.commerce.getCustomer(turn.actor, customerId),
    turn.services.relationships.listResellers(turn.actor, {
      include: 'active',
      pageSize: TYPEAHEAD_THRESHOLD,
    }),
  ]);
  const listed = new Set(list.rows.map((row) => row.partnerId));
  const unlisted = [subscription.partnerId, subscription.supportContactPartnerId].filter(
    (id): id is string => !!id && !listed.has(id),
  );
  const holders = await Promise.all([...new Set(unlisted)].map((partnerId) => holderOf(turn, partnerId)));
  const { resellers, unavailable } = await selectable(turn, list.rows);
  return {
    purpose,
    subscription,
    customerName: customer.companyName,
    holders: holders.filter((h) => h !== undefined),
    resellers,
    unavailable,
    total: list.total,
  } satisfies PickerData;
}

/** The relationship behind a Partner ID named on a subscription, if the provider has one. */
async function holderOf(turn: Turn, partnerId: string): Promise<ResellerHolder | undefined> {
  try {
    const view = await turn.services.relationships.getRelationship(turn.actor, partnerId);
    return { partnerId, resellerName: view.resellerName || partnerId, status: view.status };
  } catch (error) {
    if (isAppError(error)) return undefined;
    throw error;
  }
}

async function pickerAgain(turn: Turn, target: PickerTarget, extra: Partial<PickerData>) {
  return { card: pickerCard({ ...(await pickerBase(turn, target)), ...extra }, turn.ui) };
}

/** The reseller picker of a subscription: open, Verify a typed Partner ID, Submit. */
export const pickerRoutes: Pick<RouteTable, 'picker.open' | 'picker.verify' | 'picker.submit'> = {
  'picker.open': route('picker.open', {
    handle: async (turn, target) => {
      await turn.services.access.require(turn.actor, PERMISSION[target.purpose]);
      return pickerAgain(turn, target, {});
    },
  }),
  'picker.verify': route('picker.verify', {
    handle: async (turn, { manualPartnerId, ...target }) => {
      const typed = manualPartnerId?.trim();
      if (!typed) throw new AppError('partner_id_required');
      const result = await turn.services.relationships.verifyPartnerId(turn.actor, typed);
      const reseller = { partnerId: result.reseller.partnerId, resellerName: result.reseller.name };
      return pickerAgain(turn, target, {
        manualPartnerId: typed,
        verification: result.related
          ? { kind: 'related', reseller }
          : { kind: 'unrelated', reseller, status: result.status, canRequest: result.canRequestRelationship },
      });
    },
    refused: inlineFor(RESELLER_REFUSALS, (turn, { manualPartnerId, ...target }, message) =>
      pickerAgain(turn, target, { manualPartnerId, verification: { kind: 'refused', message } }),
    ),
  }),
  'picker.submit': route('picker.submit', {
    handle: async (turn, { actionId, choice, ...target }) => {
      const partnerId = choice?.trim();
      if (!partnerId) throw new AppError('partner_id_required');
      const change = { customerId: target.customerId, subscriptionId: target.subscriptionId, partnerId };
      const updated =
        target.purpose === 'resellerOfRecord'
          ? await turn.services.commerce.setResellerOfRecord(turn.actor, change, actionId)
          : await turn.services.commerce.designateSupportContact(turn.actor, change, actionId);
      const resellerName = await nameOf(turn, partnerId);
      return { card: pickerDoneCard(target.purpose, updated, { partnerId, resellerName }, turn.ui) };
    },
    refused: inlineFor(RESELLER_REFUSALS, (turn, { choice, ...target }, error) =>
      pickerAgain(turn, target, { selected: choice, error }),
    ),
  }),
};
