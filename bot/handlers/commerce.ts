import {
  customerAddedCard,
  customerFormCard,
  orderFormCard,
  orderSubmittedCard,
} from '../../cards/commerce-forms.js';
import {
  CUSTOMERS_PAGE_SIZE,
  customersCard,
  subscriptionsCard,
  type CustomerAbilities,
} from '../../cards/customers.js';
import { AppError } from '../../services/errors.js';
import { clampPage } from '../../services/paging.js';
import { route, type RouteTable } from '../route.js';
import type { Turn } from '../turn.js';
import { nameOf, resellerNames, resellerOptions } from './lookups.js';
import { inlineFor, messageOnCard, RESELLER_REFUSALS } from './refusals.js';

async function customerAbilities(turn: Turn): Promise<CustomerAbilities> {
  const may = await turn.permissions();
  return {
    addCustomer: may.has('addCustomer'),
    submitOrder: may.has('submitOrder'),
    setResellerOfRecord: may.has('setResellerOfRecord'),
    designateSupportContact: may.has('designateSupportContact'),
  };
}

function chosen(choice: string | undefined): string {
  const partnerId = choice?.trim();
  if (!partnerId) throw new AppError('partner_id_required');
  return partnerId;
}

/** Customers and subscriptions, adding a customer and submitting an order on a reseller's behalf. */
export const commerceRoutes: Pick<
  RouteTable,
  | 'customers.list'
  | 'customer.subscriptions'
  | 'customer.start'
  | 'customer.add'
  | 'order.start'
  | 'order.submit'
> = {
  'customers.list': route('customers.list', {
    handle: async (turn, { page: requested }) => {
      const customers = await turn.services.commerce.listCustomers(turn.actor);
      const page = clampPage(requested, customers.length, CUSTOMERS_PAGE_SIZE);
      const shown = customers.slice(page * CUSTOMERS_PAGE_SIZE, (page + 1) * CUSTOMERS_PAGE_SIZE);
      const names = await resellerNames(
        turn,
        shown.map((customer) => customer.associatedPartnerId),
      );
      return {
        card: customersCard(
          { customers, page, resellerNames: names, can: await customerAbilities(turn) },
          turn.ui,
        ),
      };
    },
  }),
  'customer.subscriptions': route('customer.subscriptions', {
    handle: async (turn, { customerId }) => {
      const subscriptions = await turn.services.commerce.listSubscriptions(turn.actor, customerId);
      const customer = await turn.services.commerce.getCustomer(turn.actor, customerId);
      const names = await resellerNames(
        turn,
        subscriptions
          .slice(0, CUSTOMERS_PAGE_SIZE)
          .flatMap((subscription) => [subscription.partnerId, subscription.supportContactPartnerId]),
      );
      return {
        card: subscriptionsCard(
          { customer, subscriptions, resellerNames: names, can: await customerAbilities(turn) },
          turn.ui,
        ),
      };
    },
  }),
  'customer.start': route('customer.start', {
    handle: async (turn, { partnerId }) => {
      await turn.services.access.require(turn.actor, 'addCustomer');
      return {
        card: customerFormCard({ ...(await resellerOptions(turn, partnerId)), selected: partnerId }, turn.ui),
      };
    },
  }),
  'customer.add': route('customer.add', {
    handle: async (turn, { actionId, choice, companyName, domain, azure, ...agreement }) => {
      const partnerId = chosen(choice);
      const result = await turn.services.commerce.addCustomer(
        turn.actor,
        { companyName, domain, azure, partnerId, ...agreement },
        actionId,
      );
      const reseller = { partnerId, resellerName: await nameOf(turn, partnerId) };
      return {
        card: customerAddedCard(
          result.customer,
          reseller,
          result.showEntraUserSettingsGuidance,
          turn.ui,
          // The one-time password is shown only in a personal chat.
          result.adminCredentials && (turn.shared ? 'hidden' : result.adminCredentials),
          result.agreement,
        ),
      };
    },
    refused: inlineFor(
      [...RESELLER_REFUSALS, 'agreement_attestation_required'],
      async (turn, { choice, actionId: _actionId, ...values }, error) => ({
        card: customerFormCard(
          { ...(await resellerOptions(turn, choice)), selected: choice, values, error },
          turn.ui,
        ),
      }),
    ),
  }),
  'order.start': route('order.start', {
    handle: async (turn, { customerId, choice, offerId, quantity, term }) => {
      await turn.services.access.require(turn.actor, 'submitOrder');
      const customer = await turn.services.commerce.getCustomer(turn.actor, customerId);
      const selected = choice?.trim() || customer.associatedPartnerId;
      const values = { offerId, quantity: quantity === undefined ? undefined : Number(quantity), term };
      let error: string | undefined;
      // "Show terms": the typed offer's own terms; an offer the backend does not know says so.
      const terms = await turn.services.commerce.offerTerms(turn.actor, offerId?.trim()).catch(async (e) => {
        if (!(e instanceof AppError) || e.code !== 'invalid_input') throw e;
        error = messageOnCard(turn, e);
        return turn.services.commerce.offerTerms(turn.actor);
      });
      return {
        card: orderFormCard(
          { customer, ...(await resellerOptions(turn, selected)), selected, values, terms, error },
          turn.ui,
        ),
      };
    },
  }),
  'order.submit': route('order.submit', {
    handle: async (turn, { actionId, customerId, choice, offerId, quantity, term }) => {
      const partnerId = chosen(choice);
      const [termDuration, billingCycle] = (term ?? '').split(':');
      const order = await turn.services.commerce.submitOrder(
        turn.actor,
        {
          customerId,
          partnerId,
          lineItems: [
            { offerId, quantity, ...(termDuration && billingCycle ? { termDuration, billingCycle } : {}) },
          ],
        },
        actionId,
      );
      const customer = await turn.services.commerce.getCustomer(turn.actor, customerId);
      const reseller = { partnerId, resellerName: await nameOf(turn, partnerId) };
      return { card: orderSubmittedCard(order, customer, reseller, turn.ui) };
    },
    refused: inlineFor(
      [
        ...RESELLER_REFUSALS,
        'customer_not_found',
        'quantity_invalid',
        'billing_term_not_offered',
        'customer_agreement_required',
      ],
      async (turn, input, error) => {
        const customer = await turn.services.commerce.getCustomer(turn.actor, input.customerId);
        const selected = input.choice?.trim() || customer.associatedPartnerId;
        // The offer's own terms when it is known, so that a refused term is replaced by one it offers.
        const terms = await turn.services.commerce
          .offerTerms(turn.actor, input.offerId.trim())
          .catch(() => turn.services.commerce.offerTerms(turn.actor));
        return {
          card: orderFormCard(
            {
              customer,
              ...(await resellerOptions(turn, selected)),
              selected,
              values: { offerId: input.offerId, quantity: input.quantity, term: input.term },
              terms,
              error,
            },
            turn.ui,
          ),
        };
      },
    ),
  }),
};
