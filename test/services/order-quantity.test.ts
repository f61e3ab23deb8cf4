import { expect } from 'chai';
import { newestEvents, refusal, RESELLERS, TENANT_A, type World } from '../support/world.js';
import { activeWorld } from '../support/active-world.js';

describe('order quantities, checked by the service', () => {
  let world: World;
  beforeEach(async () => (world = await activeWorld({ subscriptions: false })));
  afterEach(async () => world.close());

  const order = (quantity: unknown) =>
    world.services.commerce.submitOrder(world.admin, {
      customerId: 'cust-1',
      partnerId: RESELLERS.ready.partnerId,
      lineItems: [{ offerId: 'CFQ7TTC0LH18', quantity, termDuration: 'P1Y', billingCycle: 'annual' }],
    });

  it('refuses 0, negative, fractional, too large and non-numbers with quantity_invalid, and orders nothing', async () => {
    for (const quantity of [0, -1, 2.5, 100_001, Number.NaN, '5']) {
      const error = await refusal(order(quantity));
      expect(error.code, String(quantity)).to.equal('quantity_invalid');
      expect(error.params).to.deep.equal({ min: 1, max: 100_000 });
    }
    const types = (await newestEvents(world.repos, TENANT_A)).map((event) => event.type);
    // The trail is read (Contoso's acceptance is there), and holds no order.
    expect(types).to.include('relationship.accepted').and.not.include('order.submitted');
  });

  it('accepts the bounds', async () => {
    expect((await order(1)).lineItems[0]?.quantity).to.equal(1);
    expect((await order(100_000)).lineItems[0]?.quantity).to.equal(100_000);
  });
});
