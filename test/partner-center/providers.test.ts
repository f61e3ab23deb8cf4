import { expect } from 'chai';
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { openApp, type App } from '../../services/compose.js';
import { loadConfig } from '../../services/config.js';
import { FakeEntra } from '../support/fake-entra.js';
import { browse } from '../support/fake-entra-auth-code.js';
import { PartnerCenterStub } from '../support/partner-center-stub.js';
import { ACCEPTANCE, refusal } from '../support/world.js';

const A = 'tenant-adatum';
const B = 'tenant-litware';
const CLIENT_ID = '11111111-2222-3333-4444-555555555555';
const listing = { displayName: '', website: '', regions: [], contactEmail: '', description: '' };

/** Two providers connected with `npm run provider:connect`, each acting with its own token. */
describe('providers connected to Partner Center', function () {
  // The commands run as child processes (tsx start-up): slow on a busy machine, not a timed assertion.
  this.timeout(120_000);
  let entra: FakeEntra;
  let stub: PartnerCenterStub;
  let app: App;
  let env: Record<string, string>;

  before(async () => {
    entra = await FakeEntra.start();
  });
  after(() => entra.stop());

  beforeEach(async () => {
    entra.reset();
    entra.setAdmin(A, { oid: 'oid-ada', username: 'ada@adatum.example' });
    entra.setAdmin(B, { oid: 'oid-lee', username: 'lee@litware.example' });
    stub = await PartnerCenterStub.start({
      authorize: (token) => entra.tenantOf(token),
      providers: {
        [A]: {
          partners: [{ mpnId: '4100001', partnerName: 'Contoso (for Adatum)' }],
          customers: [{ id: 'c-old', companyName: 'Fourth Coffee', domain: 'fourthcoffee.example' }],
          availabilities: [
            {
              productId: 'CFQ7TTC0LH18',
              skuId: '0001',
              id: 'CFQ7TTC0K5T4',
              countries: ['CN'],
              terms: [
                { duration: 'P1M', billingCycle: 'monthly' },
                { duration: 'P1Y', billingCycle: 'annual' },
              ],
            },
          ],
        },
        [B]: { partners: [{ mpnId: '4100001', partnerName: 'Contoso (for Litware)' }] },
      },
    });
    env = {
      MONGODB_URI: process.env.MONGODB_URI ?? '',
      MONGODB_DB: `test_pcp_${randomBytes(6).toString('hex')}`,
      PARTNER_BACKEND: 'partner-center',
      PARTNER_CENTER_BASE_URL: stub.baseUrl,
      PARTNER_CENTER_CLIENT_ID: CLIENT_ID,
      PARTNER_CENTER_TOKEN_KEY: randomBytes(32).toString('base64'),
      PARTNER_CENTER_AUTHORITY_HOST: entra.authorityHost,
    };
    app = await openApp(loadConfig(env), { entraNetworkClient: entra.networkClient });
    for (const [tenantId, name] of [
      [A, 'Adatum'],
      [B, 'Litware'],
    ] as const) {
      await app.repos.providers.upsert({
        tenantId,
        name,
        partnerId: tenantId === A ? '9200001' : '9200002',
        country: 'CN',
        allowedCountries: [],
        listing,
        createdAt: new Date(),
      });
      await app.services.access.bootstrapAdmin(tenantId, `admin-${tenantId}`);
    }
  });
  afterEach(async () => {
    await app.database.db.dropDatabase();
    await app.close();
    await stub.stop();
  });

  /**
   * `npm run provider:connect -- --tenant …` as a child process that trusts the fake's
   * certificate (asynchronous: the fakes answer from this process).
   */
  function connect(tenantId: string): Promise<{ status: number | null; stdout: string; stderr: string }> {
    return run('scripts/provider-connect.ts', '--tenant', tenantId);
  }

  function run(...args: string[]): Promise<{ status: number | null; stdout: string; stderr: string }> {
    const child = spawn('node_modules/.bin/tsx', args, {
      env: { ...process.env, ...env, NODE_EXTRA_CA_CERTS: entra.caFile },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    return new Promise((resolve) => child.on('close', (status) => resolve({ status, stdout, stderr })));
  }

  const verify = (tenantId: string) =>
    app.services.relationships.verifyPartnerId({ tenantId, agentId: `admin-${tenantId}` }, '4100001');

  it('connects a second provider next to the first; each acts with its own token', async () => {
    const first = await connect(A);
    expect(first.status, first.stderr).to.equal(0);
    expect(first.stdout).to.include('enter the code FAKE-CODE');
    expect(first.stdout).to.include('Partner Center connected for Adatum as ada@adatum.example');
    const second = await connect(B);
    expect(second.status, second.stderr).to.equal(0);
    expect(second.stdout).to.include('as lee@litware.example');
    expect(second.stdout + second.stderr).to.not.match(/rt-[0-9a-f]{20}|at-tenant/);

    expect((await verify(A)).reseller.name).to.equal('Contoso (for Adatum)');
    expect((await verify(B)).reseller.name).to.equal('Contoso (for Litware)');
    const profiles = stub.requestsTo('mpnProfile');
    expect(profiles.map((r) => r.provider)).to.deep.equal([A, B]);
    expect(profiles[0]?.headers.authorization).to.not.equal(profiles[1]?.headers.authorization);
  });

  it('connects with --flow auth-code: prints the sign-in address, takes the loopback redirect', async () => {
    const child = spawn(
      'node_modules/.bin/tsx',
      ['scripts/provider-connect.ts', '--tenant', B, '--flow', 'auth-code', '--no-browser'],
      { env: { ...process.env, ...env, NODE_EXTRA_CA_CERTS: entra.caFile } },
    );
    let stdout = '';
    let stderr = '';
    let browsed: Promise<{ status: number }> | undefined;
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      // The admin opens the printed address (the fake signs in at once and redirects back).
      const url = /^(https:\/\/127\.0\.0\.1:\d+\/\S+\/oauth2\/v2\.0\/authorize\S+)$/m.exec(stdout)?.[1];
      if (url && !browsed) browsed = browse(url, entra.caPem);
    });
    const status = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(status, stderr).to.equal(0);
    expect((await browsed)?.status).to.equal(200);
    expect(stdout).to.include('Open this address in a browser on this machine');
    expect(stdout).to.not.include('(a browser was opened)');
    expect(stdout).to.include('Partner Center connected for Litware as lee@litware.example');
    expect(entra.callsFor(B, 'authorization_code')).to.have.length(1);
    expect((await verify(B)).reseller.name).to.equal('Contoso (for Litware)');
  });

  it('asks for a new token when Partner Center refuses one, and says "reconnect" when Entra refuses', async () => {
    // The same sign-in as the command, in this process.
    const tokens = app.partnerCenter?.tokens;
    await tokens?.connect(A, () => {});
    await tokens?.connect(B, () => {});
    await verify(A);
    entra.expireAccessTokens(A); // Partner Center answers 401 to the cached token
    expect((await verify(A)).reseller.name).to.equal('Contoso (for Adatum)');
    expect(stub.requestsTo('mpnProfile').filter((r) => r.provider === undefined)).to.have.length(1);

    entra.revoke(B);
    entra.expireAccessTokens(B);
    expect((await refusal(verify(B))).code).to.equal('partner_center_reconnect_required');
    expect((await verify(A)).reseller.name).to.equal('Contoso (for Adatum)');
    await tokens?.connect(B, () => {});
    expect((await verify(B)).reseller.name).to.equal('Contoso (for Litware)');
  });

  it('npm run sync imports a reseller known only to Partner Center and confirms one accepted in the bot', async () => {
    const requestLink = 'https://partner.microsoft.com/dashboard/commerce2/requestreseller?pid=9200001';
    const connected = await run('scripts/provider-connect.ts', '--tenant', A, '--request-link', requestLink);
    expect(connected.stdout).to.include(`Request e-mails and invitation pages now carry ${requestLink}`);
    const admin = { tenantId: A, agentId: `admin-${A}` };
    const request = await app.services.relationships.requestRelationship(admin, {
      resellerEmail: 'partners@contoso.example',
      partnerId: '4100001',
    });
    expect(request.draft?.body).to.include(`accept our request in Partner Center`).and.include(requestLink);
    const token = request.draft!.link.split('/invite/')[1];
    expect((await app.services.invitations.open(token)).partnerCenterRequestLink).to.equal(requestLink);
    const user = { userId: 'contoso-admin', entraTenantId: 'contoso-tenant', email: 'admin@contoso.example' };
    expect((await app.services.invitations.accept({ token, user })).status).to.equal('accepted');
    const waiting = await app.services.relationships.listResellers(admin);
    expect(waiting.rows.map((r) => [r.partnerId, r.partnerCenterState])).to.deep.equal([
      ['4100001', 'waiting'],
    ]);
    const partners = stub.state(A).partners;
    partners[0]!.relationship = { tenantId: 'contoso-tenant', location: 'CN' };
    partners.push({
      mpnId: '4100002',
      partnerName: 'Proseware',
      relationship: { tenantId: 'p-t', location: 'CN' },
    });

    const first = await run('scripts/sync.ts', '--tenant', A);
    expect(first.status, first.stderr).to.equal(0);
    expect(first.stdout).to.include(`${A}: 1 imported (4100002), 1 confirmed in Partner Center (4100001)`);
    expect((await app.services.relationships.getRelationship(admin, '4100002')).source).to.equal(
      'partner_center',
    );
    const confirmed = await app.services.relationships.getRelationship(admin, '4100001');
    expect(confirmed.partnerCenterState).to.equal('confirmed');
    const second = await run('scripts/sync.ts', '--all');
    expect(second.stdout).to.include(
      `${A}: 0 imported, 0 confirmed in Partner Center, 0 ended in Partner Center, 2 unchanged`,
    );
    expect(second.stdout, 'a provider that never connected is not visited').to.not.include(B);
  });

  it('adds a customer and submits a new-commerce order end to end, the one-time password shown once', async () => {
    await app.partnerCenter?.tokens?.connect(A, () => {});
    const admin = { tenantId: A, agentId: `admin-${A}` };
    const partners = stub.state(A).partners;
    partners[0]!.relationship = { tenantId: 'contoso-tenant', location: 'CN' };
    await app.partnerCenter?.sync.runOne(A); // imports Contoso: active
    const input = {
      companyName: 'Wingtip Toys',
      domain: 'wingtip.onmicrosoft.com',
      partnerId: '4100001',
      ...ACCEPTANCE,
    };
    expect(
      (await refusal(app.services.commerce.addCustomer(admin, input, 'add-customer-1'))).params,
    ).to.deep.equal({
      field: 'billingProfile',
    });
    const billingProfile = {
      email: 'billing@adatum.example',
      culture: 'en-US',
      language: 'en',
      defaultAddress: {
        country: 'CN',
        city: 'Shanghai',
        addressLine1: '1 Century Ave',
        postalCode: '200120',
      },
    };
    await app.repos.partnerCenterSettings.update(A, { billingProfile }, new Date());
    const added = await app.services.commerce.addCustomer(admin, input, 'add-customer-2');
    const password = added.adminCredentials?.password ?? '';
    expect(added.adminCredentials?.userName).to.equal('admin@wingtip.onmicrosoft.com');
    expect(password).to.have.length.greaterThan(8);
    expect(stub.requestsTo('createCustomer').at(-1)?.body).to.deep.include({
      billingProfile: { ...billingProfile, companyName: 'Wingtip Toys' },
      associatedPartnerId: 'contoso-tenant',
    });
    const replay = await app.services.commerce.addCustomer(admin, input, 'add-customer-2');
    expect(replay.customer.customerId).to.equal(added.customer.customerId);
    expect(replay).to.not.have.property('adminCredentials');
    for (const name of ['events', 'idempotency_keys', 'customer_activity']) {
      const stored = JSON.stringify(await app.database.db.collection(name).find().toArray());
      expect(stored, name).to.not.include(password);
    }

    // The Microsoft Customer Agreement went to Partner Center with the new customer.
    expect(stub.state(A).agreements.map((a) => [a.customerId, a.agreement.primaryContact])).to.deep.equal([
      [added.customer.customerId, { firstName: 'Mei', lastName: 'Lin', email: 'mei.lin@customer.example' }],
    ]);
    expect(added.agreement?.acceptedBy).to.equal('Mei Lin');

    const nce = 'CFQ7TTC0LH18:0001:CFQ7TTC0K5T4';
    const order = (customerId: string, term: { termDuration?: string; billingCycle?: string }) => ({
      customerId,
      partnerId: '4100001',
      lineItems: [{ offerId: nce, quantity: 2, ...term }],
    });
    const noTerm = await refusal(
      app.services.commerce.submitOrder(admin, order(added.customer.customerId, {}), 'order-o-0'),
    );
    expect(noTerm).to.deep.equal({ code: 'billing_term_not_offered', params: { offerId: nce } });
    const notOffered = await refusal(
      app.services.commerce.submitOrder(
        admin,
        order(added.customer.customerId, { termDuration: 'P1Y', billingCycle: 'monthly' }),
        'order-o-1',
      ),
    );
    expect(notOffered.code).to.equal('billing_term_not_offered');
    const placed = await app.services.commerce.submitOrder(
      admin,
      order(added.customer.customerId, { termDuration: 'P1Y', billingCycle: 'annual' }),
      'order-nce-one',
    );
    expect(placed.partnerIdOnRecord).to.equal('4100001');
    expect(placed.lineItems).to.deep.equal([
      { offerId: nce, quantity: 2, termDuration: 'P1Y', billingCycle: 'annual' },
    ]);
    expect(stub.requestsTo('checkoutCart')).to.have.length(1);
    expect(stub.requestsTo('createCart')[0]?.body).to.deep.nested.include({
      'lineItems[0].termDuration': 'P1Y',
      'lineItems[0].billingCycle': 'annual',
    });
    expect(stub.state(A).orders[0]?.id).to.equal(placed.orderId);

    // A customer made in Partner Center without an acceptance on record: no order until there is one.
    const old = await refusal(
      app.services.commerce.submitOrder(
        admin,
        order('c-old', { termDuration: 'P1M', billingCycle: 'monthly' }),
        'order-o-2',
      ),
    );
    expect(old).to.deep.equal({
      code: 'customer_agreement_required',
      params: { companyName: 'Fourth Coffee' },
    });
    expect(stub.requestsTo('createCart')).to.have.length(1);
    stub.state(A).agreements.push({
      customerId: 'c-old',
      agreement: { type: 'MicrosoftCustomerAgreement', templateId: 'x', primaryContact: {} },
    });
    await app.services.commerce.submitOrder(
      admin,
      order('c-old', { termDuration: 'P1M', billingCycle: 'monthly' }),
      'order-o-3',
    );
    expect(stub.requestsTo('checkoutCart')).to.have.length(2);
  });

  it('refuses to connect a provider that is not registered', async () => {
    const run = await connect('tenant-unknown');
    expect(run.status).to.equal(1);
    expect(run.stderr).to.include('provider tenant tenant-unknown is not registered');
  });
});
