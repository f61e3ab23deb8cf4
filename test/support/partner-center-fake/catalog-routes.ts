import { randomUUID } from 'node:crypto';
import type { RouteContext } from './directory-routes.js';
import type { StubRoute } from './routes.js';
import { asRecord, MCA_TEMPLATE_ID, pcError, type Reply, type StubAvailability } from './shapes.js';

/** Agreement metadata, customers' agreements (read and confirm), and SKU availabilities with their terms. */
export function catalogRoute(name: StubRoute, ctx: RouteContext): Reply | undefined {
  const { state, query: q } = ctx;
  const [first = '', second = '', third = ''] = ctx.params;
  switch (name) {
    // https://learn.microsoft.com/en-us/partner-center/developer/get-customer-agreement-metadata
    case 'agreementMetadata': {
      const type = q.get('agreementType');
      const items = [
        {
          templateId: MCA_TEMPLATE_ID,
          agreementType: 'MicrosoftCustomerAgreement',
          agreementLink: 'https://www.microsoft.com/licensing/docs/customeragreement',
          versionRank: 2,
        },
        {
          templateId: '998b88de-aa99-4388-a42c-1b3517d49490',
          agreementType: 'MicrosoftCloudAgreement',
          agreementLink: 'https://aka.ms/microsoftcloudagreement',
          versionRank: 1,
        },
      ].filter((item) => !type || type === 'All' || item.agreementType === type);
      return {
        status: 200,
        body: { totalCount: items.length, items, attributes: { objectType: 'Collection' } },
      };
    }
    // https://learn.microsoft.com/en-us/partner-center/developer/confirm-customer-consent-customer-agreement
    case 'acceptAgreement': {
      const customerId = first;
      if (!state.customers.some((c) => c.id === customerId)) return pcError(404, 1000, 'Not found');
      const b = asRecord(ctx.body);
      const contact = asRecord(b.primaryContact);
      if (
        b.type !== 'MicrosoftCustomerAgreement' ||
        b.templateId !== MCA_TEMPLATE_ID ||
        typeof b.dateAgreed !== 'string' ||
        typeof contact.firstName !== 'string' ||
        typeof contact.lastName !== 'string' ||
        typeof contact.email !== 'string'
      ) {
        return pcError(400, 600000, 'Invalid agreement');
      }
      const same = state.agreements.find(
        (a) =>
          a.customerId === customerId &&
          JSON.stringify(asRecord(a.agreement.primaryContact)) === JSON.stringify(contact),
      );
      if (same) return pcError(400, 600061, 'A partner confirmed agreement already exists for the customer.');
      const agreement = { ...b, userId: randomUUID(), attributes: { objectType: 'Agreement' } };
      state.agreements.push({ customerId, agreement });
      return { status: 201, body: agreement };
    }
    // https://learn.microsoft.com/en-us/partner-center/developer/get-confirmation-of-customer-agreement
    case 'customerAgreements': {
      if (!state.customers.some((c) => c.id === first)) return pcError(404, 1000, 'Not found');
      const type = q.get('agreementType');
      const items = state.agreements
        .filter((a) => a.customerId === first && (!type || a.agreement.type === type))
        .map((a) => a.agreement);
      return {
        status: 200,
        body: { totalCount: items.length, items, attributes: { objectType: 'Collection' } },
      };
    }
    // https://learn.microsoft.com/en-us/partner-center/developer/get-an-availability-by-id
    case 'availability': {
      const found = findAvailabilities(state.availabilities, first, second, q.get('country')).find(
        (a) => a.id.toUpperCase() === third.toUpperCase(),
      );
      return found ? { status: 200, body: availabilityResource(found) } : pcError(404, 400013, 'Not found');
    }
    // https://learn.microsoft.com/en-us/partner-center/developer/get-a-list-of-availabilities-for-a-sku
    case 'availabilities': {
      if (!q.get('country')) return pcError(400, 400001, 'country is required');
      const items = findAvailabilities(state.availabilities, first, second, q.get('country')).map(
        availabilityResource,
      );
      if (items.length === 0) return pcError(404, 400013, 'Not found');
      return {
        status: 200,
        body: { totalCount: items.length, items, attributes: { objectType: 'Collection' } },
      };
    }
    default:
      return undefined;
  }
}

function findAvailabilities(
  all: StubAvailability[],
  productId: string,
  skuId: string,
  country: string | null,
): StubAvailability[] {
  return all.filter(
    (a) =>
      a.productId.toUpperCase() === productId.toUpperCase() &&
      a.skuId.toUpperCase() === skuId.toUpperCase() &&
      !!country &&
      a.countries.includes(country.toUpperCase()),
  );
}

// https://learn.microsoft.com/en-us/partner-center/developer/product-resources#availability
function availabilityResource(a: StubAvailability): Record<string, unknown> {
  return {
    id: a.id,
    productId: a.productId,
    skuId: a.skuId,
    catalogItemId: `${a.productId}:${a.skuId}:${a.id}`,
    // As Partner Center answers them: capitalised billing cycles ("Monthly", "Annual").
    terms: a.terms.map((t) => ({
      duration: t.duration,
      description: t.description ?? `${t.duration} commitment`,
      billingCycle: t.billingCycle.charAt(0).toUpperCase() + t.billingCycle.slice(1),
      cancellationPolicies: [],
    })),
    isPurchasable: true,
    attributes: { objectType: 'Availability' },
  };
}
