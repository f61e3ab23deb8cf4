import { expect } from 'chai';
import { PartnerCenterCommerce } from '../../services/partner-center/commerce.js';
import { PartnerCenterResellerIndex } from '../../services/partner-center/directory.js';
import { PartnerCenterHttp } from '../../services/partner-center/http.js';
import { PartnerCenterStub } from '../support/partner-center-stub.js';
import { refusal } from '../support/world.js';

const TOKEN = 'token-of-provider-a';
const P = 'provider-a';
const CONTOSO = { mpnId: '1234567', partnerName: 'Contoso Reseller', tenantId: 'tenant-contoso' };
const NCE_OFFER = 'CFQ7TTC0LH18:0001:CFQ7TTC0K5T4';
const LEGACY_OFFER = '031C9E47-4802-4248-838E-778FB1D2CC05';

describe('Partner Center new commerce: cart and checkout, and the support-contact guard', () => {
  let stub: PartnerCenterStub;

  beforeEach(async () => {
    stub = await PartnerCenterStub.start({
      token: TOKEN,
      partners: [{ ...CONTOSO, relationship: { tenantId: CONTOSO.tenantId, location: 'DE' } }],
      customers: [{ id: 'c-1', companyName: 'Northwind', domain: 'northwind.onmicrosoft.com' }],
      subscriptions: [
        {
          id: 's-nce',
          customerId: 'c-1',
          offerId: NCE_OFFER,
          offerName: 'Microsoft 365 Business Basic',
          quantity: 5,
          newCommerce: true,
        },
        {
          id: 's-legacy',
          customerId: 'c-1',
          offerId: LEGACY_OFFER,
          offerName: 'Office 365 E3',
          quantity: 2,
          supportContact: { supportTenantId: CONTOSO.tenantId, supportMpnId: CONTOSO.mpnId, name: 'Contoso' },
        },
      ],
    });
  });
  afterEach(() => stub.stop());

  const gateway = () => {
    const http = new PartnerCenterHttp({
      baseUrl: stub.baseUrl,
      tokenProvider: async () => TOKEN,
      sleep: async () => {},
    });
    return new PartnerCenterCommerce(http, new PartnerCenterResellerIndex(http));
  };
  const order = (offerId: string) => ({
    customerId: 'c-1',
    partnerIdOnRecord: CONTOSO.mpnId,
    lineItems: [{ offerId, quantity: 3 }],
  });

  it('orders a new-commerce offer through a cart and its checkout, reseller on record', async () => {
    const placed = await gateway().submitOrder(P, order(NCE_OFFER), 'order-nce-1');
    const [cart] = stub.requestsTo('createCart');
    expect(cart?.body).to.deep.equal({
      lineItems: [
        {
          id: 0,
          catalogItemId: NCE_OFFER,
          quantity: 3,
          billingCycle: 'monthly',
          termDuration: 'P1M',
          partnerIdOnRecord: CONTOSO.mpnId,
        },
      ],
    });
    expect(cart?.headers['ms-requestid']).to.match(
      /^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-a[0-9a-f]{3}-[0-9a-f]{12}$/,
    );
    expect(stub.requestsTo('checkoutCart')).to.have.length(1);
    expect(stub.requestsTo('createOrder')).to.have.length(0);
    expect(placed).to.deep.include({ customerId: 'c-1', partnerIdOnRecord: CONTOSO.mpnId });
    expect(placed.orderId).to.equal(stub.orders[0]?.id);
    expect(stub.subscriptions.at(-1)).to.include({
      offerId: NCE_OFFER,
      quantity: 3,
      partnerId: CONTOSO.mpnId,
    });
  });

  it('retries a lost checkout answer onto the same cart: one order', async () => {
    stub.fail('checkoutCart', { times: 1, status: 503, afterHandling: true });
    const placed = await gateway().submitOrder(P, order(NCE_OFFER), 'order-nce-2');
    expect(stub.orders).to.have.length(1);
    expect(placed.orderId).to.equal(stub.orders[0]?.id);
    // The whole call again with the same key (a redelivered card action): still one order.
    await gateway().submitOrder(P, order(NCE_OFFER), 'order-nce-2');
    expect(stub.orders).to.have.length(1);
    expect(stub.state().carts).to.have.length(1);
  });

  it('keeps the Orders API for license-based offers and refuses an order that mixes both', async () => {
    await gateway().submitOrder(P, order(LEGACY_OFFER), 'order-legacy');
    expect(stub.requestsTo('createOrder')).to.have.length(1);
    expect(stub.requestsTo('createCart')).to.have.length(0);
    const mixed = {
      ...order(NCE_OFFER),
      lineItems: [
        { offerId: NCE_OFFER, quantity: 1 },
        { offerId: LEGACY_OFFER, quantity: 1 },
      ],
    };
    expect((await refusal(gateway().submitOrder(P, mixed, 'order-mixed'))).code).to.equal('invalid_input');
    expect(
      (await refusal(gateway().submitOrder(P, { ...order(NCE_OFFER), customerId: 'c-404' }, 'o-404'))).code,
    ).to.equal('customer_not_found');
  });

  it('does not ask a new-commerce subscription for its support contact', async () => {
    const sub = await gateway().getSubscription(P, { customerId: 'c-1', subscriptionId: 's-nce' });
    expect(sub).to.deep.include({
      subscriptionId: 's-nce',
      offerName: 'Microsoft 365 Business Basic',
      quantity: 5,
    });
    expect(sub).to.not.have.property('supportContactPartnerId');
    expect(stub.requestsTo('getSupportContact')).to.have.length(0);
  });

  it('never lets a failed support-contact read break the subscription read', async () => {
    const ref = { customerId: 'c-1', subscriptionId: 's-legacy' };
    expect((await gateway().getSubscription(P, ref))?.supportContactPartnerId).to.equal(CONTOSO.mpnId);
    for (const fault of [
      { times: 10, status: 500 },
      { times: 10, status: 429, retryAfter: '1' },
      { times: 1, status: 403, code: 800002 },
    ]) {
      stub.fail('getSupportContact', fault);
      const sub = await gateway().getSubscription(P, ref);
      expect(sub).to.deep.include({ subscriptionId: 's-legacy', offerName: 'Office 365 E3' });
      expect(sub).to.not.have.property('supportContactPartnerId');
      stub.fail('getSupportContact', { times: 0 });
    }
  });
});
