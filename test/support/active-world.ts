import { activateContoso, createWorld, TENANT_A, type World } from './world.js';

/** The subscription of provider A's one customer. */
export const subscription = { customerId: 'cust-1', subscriptionId: 'sub-1' };

/** Provider A's one customer, Wide World Importers, with its subscription unless told otherwise. */
export async function addWideWorld(world: World, options: { subscriptions?: boolean } = {}): Promise<void> {
  await world.commerce.upsert({
    customers: [
      {
        customerId: subscription.customerId,
        providerTenantId: TENANT_A,
        companyName: 'Wide World Importers',
        domain: 'wwi.example',
        azure: false,
      },
    ],
    subscriptions:
      options.subscriptions === false
        ? []
        : [{ ...subscription, providerTenantId: TENANT_A, offerName: 'Microsoft 365 E3', quantity: 25 }],
  });
}

/** A world where Contoso is an active reseller of provider A, which has that customer. */
export async function activeWorld(options: { subscriptions?: boolean } = {}): Promise<World> {
  const world = await createWorld();
  await activateContoso(world);
  await addWideWorld(world, options);
  return world;
}
