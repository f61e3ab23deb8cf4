import { activateContoso, createWorld, TENANT_A, type World } from './world.js';

/** The subscription of the active world's one customer. */
export const subscription = { customerId: 'cust-1', subscriptionId: 'sub-1' };

/** A world where Contoso is an active reseller of provider A, with one customer and subscription. */
export async function activeWorld(): Promise<World> {
  const world = await createWorld();
  await activateContoso(world);
  await world.commerce.upsert({
    customers: [
      {
        customerId: 'cust-1',
        providerTenantId: TENANT_A,
        companyName: 'Wide World Importers',
        domain: 'wwi.example',
        azure: false,
      },
    ],
    subscriptions: [
      { ...subscription, providerTenantId: TENANT_A, offerName: 'Microsoft 365 E3', quantity: 25 },
    ],
  });
  return world;
}
