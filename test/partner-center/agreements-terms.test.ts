import { expect } from 'chai';
import { PartnerCenterCommerce } from '../../services/partner-center/commerce.js';
import { PartnerCenterResellerIndex } from '../../services/partner-center/directory.js';
import { PartnerCenterHttp } from '../../services/partner-center/http.js';
import { PartnerCenterStub } from '../support/partner-center-stub.js';
import { MCA_TEMPLATE_ID } from '../support/partner-center-fake/shapes.js';
import { refusal } from '../support/world.js';

const TOKEN = 'token-of-provider-a';
const P = 'provider-a';
const M365_BASIC = { productId: 'CFQ7TTC0LH18', skuId: '0001', id: 'CFQ7TTC0K5T4' };
const acceptance = {
  firstName: 'Mei',
  lastName: 'Lin',
  email: 'mei.lin@northwind.example',
  dateAgreed: new Date('2026-11-30T08:00:00Z'),
};

describe('Partner Center: the Microsoft Customer Agreement and the terms of an offer', () => {
  let stub: PartnerCenterStub;

  beforeEach(async () => {
    stub = await PartnerCenterStub.start({
      token: TOKEN,
      customers: [{ id: 'c-1', companyName: 'Northwind', domain: 'northwind.onmicrosoft.com' }],
      availabilities: [
        {
          ...M365_BASIC,
          countries: ['CN', 'DE'],
          terms: [
            { duration: 'P1M', billingCycle: 'monthly' },
            { duration: 'P1Y', billingCycle: 'annual' },
            { duration: 'P1Y', billingCycle: 'monthly' },
          ],
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

  it('confirms the acceptance with the MCA template id, once; a repeat is the acceptance on record', async () => {
    const pc = gateway();
    expect(await pc.hasCustomerAgreement(P, 'c-1')).to.equal(false);
    await pc.recordCustomerAgreement(P, 'c-1', { ...acceptance, phoneNumber: '+86 21 5555 0100' }, 'req-1');
    const [metadata] = stub.requestsTo('agreementMetadata');
    expect(metadata?.query.get('agreementType')).to.equal('MicrosoftCustomerAgreement');
    const [posted] = stub.requestsTo('acceptAgreement');
    expect(posted?.path).to.equal('/v1/customers/c-1/agreements');
    expect(posted?.body).to.deep.equal({
      primaryContact: {
        firstName: 'Mei',
        lastName: 'Lin',
        email: 'mei.lin@northwind.example',
        phoneNumber: '+86 21 5555 0100',
      },
      templateId: MCA_TEMPLATE_ID,
      dateAgreed: '2026-11-30T08:00:00.000Z',
      type: 'MicrosoftCustomerAgreement',
    });
    expect(posted?.headers['ms-requestid']).to.equal('req-1');
    expect(await pc.hasCustomerAgreement(P, 'c-1')).to.equal(true);
    // The same contact again under another request id: Partner Center answers 600061, which is success.
    await pc.recordCustomerAgreement(P, 'c-1', { ...acceptance, phoneNumber: '+86 21 5555 0100' }, 'req-2');
    expect(stub.state().agreements).to.have.length(1);
    expect(stub.requestsTo('agreementMetadata'), 'the template is read once').to.have.length(1);
    expect((await refusal(pc.recordCustomerAgreement(P, 'c-404', acceptance, 'req-3'))).code).to.equal(
      'customer_not_found',
    );
  });

  it('reads an offer’s terms from its availability in the provider’s country', async () => {
    const pc = gateway();
    const all = [
      { termDuration: 'P1M', billingCycle: 'monthly' },
      { termDuration: 'P1Y', billingCycle: 'annual' },
      { termDuration: 'P1Y', billingCycle: 'monthly' },
    ];
    expect(await pc.offerTerms(P, 'CFQ7TTC0LH18:0001:CFQ7TTC0K5T4', 'CN')).to.deep.equal(all);
    expect(stub.requestsTo('availability')[0]?.path).to.equal(
      '/v1/products/CFQ7TTC0LH18/skus/0001/availabilities/CFQ7TTC0K5T4?country=CN',
    );
    expect(await pc.offerTerms(P, 'CFQ7TTC0LH18:0001', 'DE')).to.deep.equal(all);
    expect(stub.requestsTo('availabilities')[0]?.path).to.equal(
      '/v1/products/CFQ7TTC0LH18/skus/0001/availabilities?country=DE',
    );
    expect(
      await pc.offerTerms(P, '031C9E47-4802-4248-838E-778FB1D2CC05', 'CN'),
      'license-based: no term',
    ).to.deep.equal([]);
    expect(stub.requestsTo('availability')).to.have.length(1);
    for (const [offer, country] of [
      ['CFQ7TTC0LH18:0001', 'US'],
      ['CFQ7TTC0ZZZZ:0001', 'CN'],
    ] as const) {
      expect((await refusal(pc.offerTerms(P, offer, country))).params).to.deep.equal({ field: 'offerId' });
    }
  });

  it('puts the chosen term and billing on the cart line', async () => {
    await gateway().submitOrder(
      P,
      {
        customerId: 'c-1',
        partnerIdOnRecord: '1234567',
        lineItems: [
          {
            offerId: 'CFQ7TTC0LH18:0001:CFQ7TTC0K5T4',
            quantity: 2,
            termDuration: 'P1Y',
            billingCycle: 'annual',
          },
        ],
      },
      'order-1',
    );
    const line = (stub.requestsTo('createCart')[0]?.body as { lineItems: Record<string, unknown>[] })
      .lineItems[0];
    expect(line).to.include({ termDuration: 'P1Y', billingCycle: 'annual', quantity: 2 });
    expect(stub.subscriptions.at(-1)).to.include({ termDuration: 'P1Y', billingCycle: 'annual' });
  });
});
