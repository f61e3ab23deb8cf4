import { expect } from 'chai';
import { PartnerCenterCommerce } from '../../services/partner-center/commerce.js';
import type { PartnerCenterCommerceOptions } from '../../services/partner-center/commerce.js';
import { PartnerCenterResellerIndex } from '../../services/partner-center/directory.js';
import { PartnerCenterHttp } from '../../services/partner-center/http.js';
import { PartnerCenterStub } from '../support/partner-center-stub.js';
import type { StubCustomer } from '../support/partner-center-stub.js';
import { refusal } from '../support/world.js';

const TOKEN = 'token-of-provider-a';
const P = 'provider-a';
const CONTOSO = { mpnId: '1234567', partnerName: 'Contoso Reseller', tenantId: 'tenant-contoso' };
const FABRIKAM = { mpnId: '7654321', partnerName: 'Fabrikam Partners', tenantId: 'tenant-fabrikam' };

const customers: StubCustomer[] = [
  {
    id: 'c-1',
    companyName: 'Northwind',
    domain: 'northwind.onmicrosoft.com',
    associatedPartnerId: CONTOSO.tenantId,
  },
  {
    id: 'c-2',
    companyName: 'Adatum',
    domain: 'adatum.onmicrosoft.com',
    associatedPartnerId: 'tenant-unrelated',
  },
  { id: 'c-3', companyName: 'Litware', domain: 'litware.onmicrosoft.com' },
  { id: 'c-4', companyName: 'Tailspin', domain: 'tailspin.onmicrosoft.com' },
  { id: 'c-5', companyName: 'Woodgrove', domain: 'woodgrove.onmicrosoft.com' },
];

describe('Partner Center commerce gateway', () => {
  let stub: PartnerCenterStub;

  beforeEach(async () => {
    stub = await PartnerCenterStub.start({
      token: TOKEN,
      maxPageSize: 2,
      partners: [CONTOSO, FABRIKAM].map((p) => ({
        mpnId: p.mpnId,
        partnerName: p.partnerName,
        relationship: { tenantId: p.tenantId, location: 'DE' },
      })),
      customers,
      subscriptions: [
        {
          id: 's-1',
          customerId: 'c-1',
          offerId: 'CFQ7TTC0LH18:0001',
          offerName: 'Microsoft 365 Business Basic',
          quantity: 5,
        },
        {
          id: 's-2',
          customerId: 'c-1',
          offerId: 'O-2',
          offerName: 'Exchange Online',
          quantity: 2,
          partnerId: FABRIKAM.mpnId,
        },
        {
          id: 's-3',
          customerId: 'c-2',
          offerId: 'O-3',
          offerName: 'Teams Essentials',
          quantity: 1,
          supportContact: {
            supportTenantId: FABRIKAM.tenantId,
            supportMpnId: FABRIKAM.mpnId,
            name: 'Fabrikam',
          },
        },
      ],
    });
  });
  afterEach(() => stub.stop());

  function gateway(options: PartnerCenterCommerceOptions = {}): PartnerCenterCommerce {
    const http = new PartnerCenterHttp({
      baseUrl: stub.baseUrl,
      tokenProvider: async () => TOKEN,
      sleep: async () => {},
    });
    return new PartnerCenterCommerce(http, new PartnerCenterResellerIndex(http), options);
  }

  describe('customers', () => {
    it('maps a customer, translating the associated reseller tenant to its Partner ID', async () => {
      expect(await gateway().getCustomer(P, 'c-1')).to.deep.equal({
        customerId: 'c-1',
        providerTenantId: P,
        companyName: 'Northwind',
        domain: 'northwind.onmicrosoft.com',
        associatedPartnerId: CONTOSO.mpnId,
        azure: false,
      });
      const unrelated = await gateway().getCustomer(P, 'c-2');
      expect(unrelated).to.not.have.property('associatedPartnerId');
      expect(await gateway().getCustomer(P, 'c-404')).to.equal(undefined);
    });

    it('follows continuation tokens through every page', async () => {
      const listed = await gateway().listCustomers(P);
      expect(listed.map((c) => c.customerId)).to.deep.equal(['c-1', 'c-2', 'c-3', 'c-4', 'c-5']);
      const pages = stub.requestsTo('listCustomers');
      expect(pages).to.have.length(3);
      expect(pages[0]?.query.get('size')).to.equal('100');
      for (const page of pages.slice(1)) {
        expect(page.query.get('seekOperation')).to.equal('Next');
        expect(page.headers['ms-continuationtoken']).to.be.a('string').and.not.equal('');
      }
    });

    it('stops paging at the bound', async () => {
      const listed = await gateway({ maxPages: 2 }).listCustomers(P);
      expect(listed).to.have.length(4);
      expect(stub.requestsTo('listCustomers')).to.have.length(2);
    });

    it('adds a customer for the indirect reseller, addressed by its tenant id', async () => {
      const billing = {
        email: 'it@wingtip.example',
        culture: 'en-US',
        language: 'en',
        defaultAddress: { country: 'US', city: 'Redmond', addressLine1: '1 Main St', postalCode: '98052' },
      };
      const added = await gateway({ billingProfileFor: async () => billing }).addCustomer(
        P,
        {
          companyName: 'Wingtip Toys',
          domain: 'wingtip.onmicrosoft.com',
          azure: true,
          associatedPartnerId: CONTOSO.mpnId,
        },
        'add-customer-1',
      );
      const [post] = stub.requestsTo('createCustomer');
      expect(post?.headers['ms-requestid']).to.equal('add-customer-1');
      expect(post?.body).to.deep.equal({
        companyProfile: { domain: 'wingtip.onmicrosoft.com' },
        billingProfile: { ...billing, companyName: 'Wingtip Toys' },
        associatedPartnerId: CONTOSO.tenantId,
      });
      expect(added).to.deep.include({
        providerTenantId: P,
        companyName: 'Wingtip Toys',
        domain: 'wingtip.onmicrosoft.com',
        associatedPartnerId: CONTOSO.mpnId,
        azure: true,
      });
      expect(stub.customers.map((c) => c.id)).to.include(added.customerId);
    });

    it('refuses a reseller without a relationship, and a customer without billing profile', async () => {
      const newCustomer = {
        companyName: 'X',
        domain: 'x.onmicrosoft.com',
        azure: false,
        associatedPartnerId: '5550001',
      };
      const billingProfileFor = async () => ({
        email: 'a@b.c',
        culture: 'en-US',
        language: 'en',
        defaultAddress: {},
      });
      const unrelated = await refusal(gateway({ billingProfileFor }).addCustomer(P, newCustomer, 'r-1'));
      expect(unrelated.code).to.equal('reseller_not_found');
      const noBilling = { ...newCustomer, associatedPartnerId: CONTOSO.mpnId };
      expect((await refusal(gateway().addCustomer(P, noBilling, 'r-2'))).code).to.equal('invalid_input');
      expect(stub.requestsTo('createCustomer')).to.have.length(0);
    });
  });

  describe('subscriptions', () => {
    it('maps a subscription with its support contact', async () => {
      expect(await gateway().getSubscription(P, { customerId: 'c-2', subscriptionId: 's-3' })).to.deep.equal({
        subscriptionId: 's-3',
        customerId: 'c-2',
        providerTenantId: P,
        offerName: 'Teams Essentials',
        quantity: 1,
        supportContactPartnerId: FABRIKAM.mpnId,
      });
      const plain = await gateway().getSubscription(P, { customerId: 'c-1', subscriptionId: 's-1' });
      expect(plain).to.not.have.property('partnerId');
      expect(plain).to.not.have.property('supportContactPartnerId');
      expect(await gateway().getSubscription(P, { customerId: 'c-1', subscriptionId: 's-404' })).to.equal(
        undefined,
      );
    });

    it("lists a customer's subscriptions", async () => {
      const listed = await gateway().listSubscriptions(P, 'c-1');
      expect(listed.map((s) => [s.subscriptionId, s.partnerId])).to.deep.equal([
        ['s-1', undefined],
        ['s-2', FABRIKAM.mpnId],
      ]);
      expect((await refusal(gateway().listSubscriptions(P, 'c-404'))).code).to.equal('customer_not_found');
    });

    it('sets the reseller of record by PATCHing the whole subscription with partnerId', async () => {
      const ref = { customerId: 'c-1', subscriptionId: 's-1' };
      const updated = await gateway().setResellerOfRecord(P, ref, CONTOSO.mpnId, 'ror-1');
      expect(updated.partnerId).to.equal(CONTOSO.mpnId);

      const [read] = stub.requestsTo('getSubscription');
      const [patch] = stub.requestsTo('patchSubscription');
      expect(patch?.path).to.equal('/v1/customers/c-1/subscriptions/s-1');
      expect(patch?.headers['ms-requestid']).to.equal('ror-1');
      expect(read).to.not.equal(undefined);
      const body = patch?.body as Record<string, unknown>;
      expect(body.partnerId).to.equal(CONTOSO.mpnId);
      expect(body).to.include({
        id: 's-1',
        offerId: 'CFQ7TTC0LH18:0001',
        quantity: 5,
        autoRenewEnabled: true,
      });
      expect(body).to.have.property('attributes');
      // The full resource went back, so auto-renew survived.
      expect(stub.subscriptions.find((s) => s.id === 's-1')).to.include({
        partnerId: CONTOSO.mpnId,
        autoRenewEnabled: true,
      });
    });

    it('retries the PATCH with the same MS-RequestId', async () => {
      stub.fail('patchSubscription', { times: 2, status: 503 });
      await gateway().setResellerOfRecord(
        P,
        { customerId: 'c-1', subscriptionId: 's-1' },
        CONTOSO.mpnId,
        'ror-2',
      );
      const ids = stub.requestsTo('patchSubscription').map((r) => r.headers['ms-requestid']);
      expect(ids).to.deep.equal(['ror-2', 'ror-2', 'ror-2']);
    });

    it('answers subscription_not_found for an unknown subscription', async () => {
      const ref = { customerId: 'c-1', subscriptionId: 's-404' };
      expect((await refusal(gateway().setResellerOfRecord(P, ref, CONTOSO.mpnId, 'r'))).code).to.equal(
        'subscription_not_found',
      );
      expect(stub.requestsTo('patchSubscription')).to.have.length(0);
    });

    it('sets the support contact with the reseller tenant, Partner ID and name', async () => {
      const ref = { customerId: 'c-1', subscriptionId: 's-1' };
      const reseller = { partnerId: CONTOSO.mpnId, name: 'Contoso Reseller' };
      const updated = await gateway().setSupportContact(P, ref, reseller, 'sc-1');
      expect(updated.supportContactPartnerId).to.equal(CONTOSO.mpnId);
      const [put] = stub.requestsTo('putSupportContact');
      expect(put?.path).to.equal('/v1/customers/c-1/subscriptions/s-1/supportcontact');
      expect(put?.headers['ms-requestid']).to.equal('sc-1');
      expect(put?.body).to.deep.equal({
        supportTenantId: CONTOSO.tenantId,
        supportMpnId: CONTOSO.mpnId,
        name: 'Contoso Reseller',
      });
      expect(stub.requestsTo('relationships')).to.have.length(1);
    });

    it('uses the Entra tenant id it is given instead of looking the reseller up', async () => {
      const ref = { customerId: 'c-1', subscriptionId: 's-2' };
      const reseller = { partnerId: FABRIKAM.mpnId, name: 'Fabrikam', entraTenantId: FABRIKAM.tenantId };
      await gateway().setSupportContact(P, ref, reseller, 'sc-2');
      expect(stub.requestsTo('putSupportContact')[0]?.body).to.include({
        supportTenantId: FABRIKAM.tenantId,
      });
      expect(stub.requestsTo('relationships')).to.have.length(0);
    });
  });

  describe('orders', () => {
    const order = {
      customerId: 'c-3',
      partnerIdOnRecord: CONTOSO.mpnId,
      lineItems: [
        { offerId: 'OFFER-A', quantity: 3 },
        { offerId: 'OFFER-B', quantity: 1 },
      ],
    };

    it('submits an order whose line items carry partnerIdOnRecord', async () => {
      const created = await gateway().submitOrder(P, order, 'order-1');
      const [post] = stub.requestsTo('createOrder');
      expect(post?.path).to.equal('/v1/customers/c-3/orders');
      expect(post?.body).to.deep.equal({
        referenceCustomerId: 'c-3',
        lineItems: [
          { lineItemNumber: 0, offerId: 'OFFER-A', quantity: 3, partnerIdOnRecord: CONTOSO.mpnId },
          { lineItemNumber: 1, offerId: 'OFFER-B', quantity: 1, partnerIdOnRecord: CONTOSO.mpnId },
        ],
      });
      expect(created).to.deep.include({
        customerId: 'c-3',
        providerTenantId: P,
        partnerIdOnRecord: CONTOSO.mpnId,
        lineItems: order.lineItems,
      });
      expect(created.orderId).to.equal(stub.orders[0]?.id);
      expect(created.createdAt).to.be.instanceOf(Date);
    });

    it('retries a lost response with the same MS-RequestId and gets the one order back', async () => {
      stub.fail('createOrder', { times: 1, status: 503, afterHandling: true });
      const created = await gateway().submitOrder(P, order, 'order-2');
      expect(stub.orders).to.have.length(1);
      expect(created.orderId).to.equal(stub.orders[0]?.id);
      expect(stub.requestsTo('createOrder').map((r) => r.headers['ms-requestid'])).to.deep.equal([
        'order-2',
        'order-2',
      ]);
    });

    it('maps a 400 to external_rejected and an unknown customer to customer_not_found', async () => {
      stub.fail('createOrder', { times: 1, status: 400, code: 800002 });
      const rejected = await refusal(gateway().submitOrder(P, order, 'order-3'));
      expect(rejected.code).to.equal('external_rejected');
      expect(rejected.params).to.deep.equal({ status: 400, code: 800002 });
      const missing = await refusal(gateway().submitOrder(P, { ...order, customerId: 'c-404' }, 'order-4'));
      expect(missing.code).to.equal('customer_not_found');
    });

    it('reports throttling that outlasts the retries as external_throttled', async () => {
      stub.fail('createOrder', { times: 10, status: 429, retryAfter: '1' });
      const throttled = await refusal(gateway().submitOrder(P, order, 'order-5'));
      expect(throttled.code).to.equal('external_throttled');
      expect(throttled.params).to.deep.equal({ retryAfterSeconds: 1 });
      expect(stub.orders).to.have.length(0);
    });
  });
});
