import { expect } from 'chai';
import { randomBytes } from 'node:crypto';
import { openApp, type App } from '../../services/compose.js';
import { loadConfig } from '../../services/config.js';
import { PartnerCenterStub } from '../support/partner-center-stub.js';
import { refusal } from '../support/world.js';

const TOKEN = 'app-and-user-token-of-the-provider';
const TENANT = 'pc-provider-tenant';
const admin = { tenantId: TENANT, agentId: 'pc-admin' };

/** The app as production composes it with PARTNER_BACKEND=partner-center, against the local stub. */
describe('the service layer on the Partner Center backend', () => {
  let stub: PartnerCenterStub;
  let app: App;

  beforeEach(async () => {
    stub = await PartnerCenterStub.start({
      token: TOKEN,
      partners: [
        {
          mpnId: '3100001',
          partnerName: 'Contoso Reseller',
          agreement: true,
          relationship: { tenantId: 'contoso-tenant', location: 'CN' },
        },
        { mpnId: '3100002', partnerName: 'Fabrikam Reseller', agreement: true },
        { mpnId: '3100003', partnerName: 'Direct Only SA', agreement: { status: 400, code: 2204 } },
        { mpnId: '3100004', partnerName: 'No MPA GmbH', agreement: { status: 400, code: 2203 } },
        { mpnId: '3100005', partnerName: 'Elsewhere Inc', agreement: { status: 400, code: 2201 } },
      ],
      customers: [{ id: 'pc-cust-1', companyName: 'Wide World Importers', domain: 'wwi.onmicrosoft.com' }],
      subscriptions: [
        {
          id: 'pc-sub-1',
          customerId: 'pc-cust-1',
          offerId: 'o-1',
          offerName: 'Microsoft 365 E3',
          quantity: 10,
        },
      ],
    });
    app = await openApp(
      loadConfig({
        MONGODB_URI: process.env.MONGODB_URI,
        MONGODB_DB: `test_pc_${randomBytes(6).toString('hex')}`,
        PARTNER_BACKEND: 'partner-center',
        PARTNER_CENTER_BASE_URL: stub.baseUrl,
        PARTNER_CENTER_ACCESS_TOKEN: TOKEN,
      }),
    );
    await app.repos.providers.upsert({
      tenantId: TENANT,
      name: 'Adatum Distribution',
      partnerId: '9100001',
      country: 'CN',
      allowedCountries: [],
      listing: { displayName: '', website: '', regions: [], contactEmail: '', description: '' },
      createdAt: new Date(),
    });
    await app.services.access.bootstrapAdmin(TENANT, admin.agentId);
  });
  afterEach(async () => {
    await app.database.db.dropDatabase();
    await app.close();
    await stub.stop();
  });

  it('verifies Partner IDs through Partner Center, with each refusal', async () => {
    const verified = await app.services.relationships.verifyPartnerId(admin, '3100002');
    expect(verified).to.deep.include({ related: false, canRequestRelationship: true });
    expect(verified.reseller.name).to.equal('Fabrikam Reseller');
    const code = async (id: string) =>
      (await refusal(app.services.relationships.verifyPartnerId(admin, id))).code;
    expect(await code('3100003')).to.equal('reseller_not_enrolled');
    expect(await code('3100004')).to.equal('reseller_mpa_inactive');
    expect(await code('3100005')).to.equal('reseller_region_mismatch');
    expect(await code('3999999')).to.equal('reseller_not_found');
    expect(
      stub.requestsTo('mpnProfile').every((r) => r.headers.authorization === `Bearer ${TOKEN}`),
    ).to.equal(true);
  });

  it('walks a request, an acceptance and the reseller of record into Partner Center', async () => {
    const request = await app.services.relationships.requestRelationship(admin, {
      resellerEmail: 'partners@contoso.example',
      partnerId: '3100001',
    });
    const token = request.draft!.link.split('/invite/')[1];
    const user = { userId: 'contoso-admin', entraTenantId: 'contoso-tenant', email: 'admin@contoso.example' };
    expect((await app.services.invitations.accept({ token, user })).status).to.equal('accepted');
    const updated = await app.services.commerce.setResellerOfRecord(admin, {
      customerId: 'pc-cust-1',
      subscriptionId: 'pc-sub-1',
      partnerId: '3100001',
    });
    expect(updated.partnerId).to.equal('3100001');
    const patch = stub.requestsTo('patchSubscription')[0];
    expect(patch?.body).to.deep.include({ partnerId: '3100001' });
  });
});
