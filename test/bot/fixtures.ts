import type { AdaptiveCardInvokeResponse } from 'botbuilder';
import { expect } from 'chai';
import { RESELLERS, TENANT_A, tokenOf, type World } from '../support/world.js';
import { visibleText } from '../cards/validate.js';
import type { Person } from './driver.js';

export const CONTOSO = RESELLERS.ready;
/** The directory knows no Entra tenant of Fabrikam: its users answer by their address's domain. */
export const FABRIKAM = RESELLERS.second;
export const SUBSCRIPTION = { customerId: 'cust-1', subscriptionId: 'sub-1' };

/** A user of Contoso (the reseller) in Contoso's own Entra tenant (the directory's). */
export const contosoUser: Person = {
  tenantId: CONTOSO.entraTenantId,
  userId: 'contoso-user-1',
  name: 'Chen Jie',
  email: 'chen.jie@contoso.example',
  conversationId: 'a:personal-contoso-user-1',
  locale: 'en-US',
};

/** A user of Fabrikam in Fabrikam's Entra tenant, signed in with an address of the invited domain. */
export const fabrikamUser: Person = {
  tenantId: 'fabrikam-tenant',
  userId: 'fabrikam-user-1',
  name: 'Li Na',
  email: 'li.na@fabrikam.example',
  conversationId: 'a:personal-fabrikam-user-1',
  locale: 'en-US',
};

/** Sends a request to Contoso through the services and returns its token. */
export async function requestContoso(world: World): Promise<string> {
  return requestTo(world, CONTOSO.partnerId, 'owner@contoso.example');
}

/** Sends a request to Fabrikam (invited at owner@fabrikam.example) and returns its token. */
export async function requestFabrikam(world: World): Promise<string> {
  return requestTo(world, FABRIKAM.partnerId, 'owner@fabrikam.example');
}

async function requestTo(world: World, partnerId: string, resellerEmail: string): Promise<string> {
  const result = await world.services.relationships.requestRelationship(world.admin, {
    resellerEmail,
    partnerId,
  });
  if (!result.draft) throw new Error('no draft');
  return tokenOf(result.draft.link);
}

/** Contoso is an active reseller of provider A, which has one customer with one subscription. */
export async function activeContoso(world: World): Promise<void> {
  const token = await requestContoso(world);
  await world.services.invitations.accept({
    token,
    user: { userId: 'contoso-user-0', entraTenantId: CONTOSO.entraTenantId },
  });
  await withSubscription(world);
}

/** Provider A has one customer (Wide World Importers) with one subscription (Microsoft 365 E3). */
export async function withSubscription(world: World): Promise<void> {
  await world.commerce.upsert({
    customers: [
      {
        customerId: SUBSCRIPTION.customerId,
        providerTenantId: TENANT_A,
        companyName: 'Wide World Importers',
        domain: 'wwi.example',
        azure: false,
      },
    ],
    subscriptions: [
      { ...SUBSCRIPTION, providerTenantId: TENANT_A, offerName: 'Microsoft 365 E3', quantity: 25 },
    ],
  });
}

/** Asserts an invoke answered with a card (200, adaptive card type) and returns the card. */
export function cardOf(response: AdaptiveCardInvokeResponse): Record<string, unknown> {
  expect(response.statusCode, JSON.stringify(response.value).slice(0, 300)).to.equal(200);
  expect(response.type).to.equal('application/vnd.microsoft.card.adaptive');
  expect(response.value.type).to.equal('AdaptiveCard');
  return response.value;
}

/** Asserts an invoke answered with a card-level error and returns its message. */
export function errorOf(response: AdaptiveCardInvokeResponse, code?: string): string {
  expect(response.statusCode, JSON.stringify(response.value).slice(0, 300)).to.equal(400);
  expect(response.type).to.equal('application/vnd.microsoft.error');
  const value = response.value as { code: string; message: string };
  if (code) expect(value.code).to.equal(code);
  expect(value.message).to.be.a('string').and.not.equal('');
  return value.message;
}

/** The event types of one audit subject, oldest first. */
export async function eventsOf(world: World, subject: string): Promise<string[]> {
  return (await world.services.audit.page(world.admin, { subject, limit: 100 })).entries
    .map((e) => e.type)
    .reverse();
}

export { visibleText };
