import { expect } from 'chai';
import { PartnerCenterResellerIndex } from '../../services/partner-center/directory.js';
import { PartnerCenterHttp } from '../../services/partner-center/http.js';
import { RelationshipSync } from '../../services/partner-center/relationship-sync.js';
import { PartnerCenterStub, type StubPartner } from '../support/partner-center-stub.js';
import {
  ACCEPTANCE,
  createWorld,
  newestEvents,
  refusal,
  RESELLERS,
  TENANT_A,
  tokenOf,
  type World,
} from '../support/world.js';

const TOKEN = 'token-of-adatum';
const related = (mpnId: string, partnerName: string, tenantId: string): StubPartner => ({
  mpnId,
  partnerName,
  relationship: { tenantId, location: 'CN' },
});
const CONTOSO = related(RESELLERS.ready.partnerId, RESELLERS.ready.name, 'contoso-tenant');
const PORTAL_ONLY = related('1000009', 'Proseware Partners', 'proseware-tenant');

describe('relationship sync with Partner Center', () => {
  let world: World;
  let stub: PartnerCenterStub;
  let sleeps: number[];

  beforeEach(async () => {
    world = await createWorld();
    stub = await PartnerCenterStub.start({ token: TOKEN, partners: [], maxPageSize: 2 });
    sleeps = [];
  });
  afterEach(async () => {
    await stub.stop();
    await world.close();
  });

  function sync(maxPages = 20): RelationshipSync {
    const http = new PartnerCenterHttp({
      baseUrl: stub.baseUrl,
      tokenProvider: async () => TOKEN,
      sleep: async (ms) => {
        sleeps.push(ms);
      },
    });
    const index = new PartnerCenterResellerIndex(http, { maxPages });
    return new RelationshipSync(world.services.relationships, index, world.repos, world.clock);
  }

  async function acceptInBot(partnerId = RESELLERS.ready.partnerId): Promise<void> {
    const request = await world.services.relationships.requestRelationship(world.admin, {
      resellerEmail: 'owner@contoso.example',
      partnerId,
    });
    await world.services.invitations.accept({
      token: tokenOf(request.draft!.link),
      user: { userId: 'contoso-user', entraTenantId: 'contoso-tenant', name: 'Chen Jie' },
    });
  }

  const view = (partnerId: string) => world.services.relationships.getRelationship(world.admin, partnerId);
  const trail = async (partnerId: string) =>
    (await world.services.audit.page(world.admin, { subject: `relationship:${partnerId}` })).entries
      .map((e) => `${e.type} by ${e.actor.id}`)
      .reverse();
  const listed = async () =>
    (await world.services.relationships.listResellers(world.admin)).rows.map((r) => r.partnerId);

  it('imports a reseller related only in Partner Center, audited, its source shown', async () => {
    stub.state().partners.push(PORTAL_ONLY);
    const report = await sync().run(TENANT_A);
    expect(report).to.deep.include({ imported: ['1000009'], confirmed: [], ended: [], complete: true });
    expect(await view('1000009')).to.deep.include({
      status: 'active',
      resellerName: 'Proseware Partners',
      country: 'CN',
      source: 'partner_center',
    });
    expect(await listed()).to.include('1000009');
    expect(await trail('1000009')).to.deep.equal(['relationship.imported by partner-center-sync']);
    // An imported reseller can be transacted with: Partner Center knows the relationship.
    await world.directory.upsert([
      {
        partnerId: '1000009',
        name: 'Proseware Partners',
        country: 'CN',
        enrolledAsIndirectReseller: true,
        mpaStatus: 'active',
      },
    ]);
    const added = await world.services.commerce.addCustomer(world.admin, {
      companyName: 'Wingtip',
      domain: 'wingtip.example.com',
      partnerId: '1000009',
      ...ACCEPTANCE,
    });
    expect(added.customer.associatedPartnerId).to.equal('1000009');
  });

  it('confirms a reseller who accepted in the bot once Partner Center lists it; until then it waits', async () => {
    await acceptInBot();
    expect(await view(CONTOSO.mpnId)).to.not.have.property('partnerCenter');
    const early = await sync().run(TENANT_A);
    expect(early).to.deep.include({ confirmed: [], ended: [], unchanged: 0 });
    expect((await view(CONTOSO.mpnId)).status, 'not yet in Partner Center is not "ended"').to.equal('active');

    stub.state().partners.push(CONTOSO);
    expect((await sync().run(TENANT_A)).confirmed).to.deep.equal([CONTOSO.mpnId]);
    const confirmed = await view(CONTOSO.mpnId);
    expect(confirmed).to.have.nested.property('partnerCenter.resellerTenantId', 'contoso-tenant');
    expect(await trail(CONTOSO.mpnId)).to.deep.equal([
      'relationship.requested by agent-admin',
      'relationship.accepted by contoso-user',
      'relationship.confirmed_in_partner_center by partner-center-sync',
    ]);
  });

  it('ends a confirmed relationship that disappeared from Partner Center; transactions are refused', async () => {
    await acceptInBot();
    stub.state().partners.push(CONTOSO);
    await sync().run(TENANT_A);
    stub.state().partners.splice(0);
    const report = await sync().run(TENANT_A);
    expect(report.ended).to.deep.equal([CONTOSO.mpnId]);
    expect(await view(CONTOSO.mpnId)).to.deep.include({ status: 'removed', endedIn: 'partner_center' });
    expect(await listed()).to.not.include(CONTOSO.mpnId);
    const add = world.services.commerce.addCustomer(world.admin, {
      companyName: 'Wingtip',
      domain: 'wingtip.example.com',
      partnerId: CONTOSO.mpnId,
      ...ACCEPTANCE,
    });
    expect((await refusal(add)).code).to.equal('relationship_not_active');
    // Related again in the portal: imported again.
    stub.state().partners.push(CONTOSO);
    expect((await sync().run(TENANT_A)).imported).to.deep.equal([CONTOSO.mpnId]);
  });

  it('changes nothing the second time', async () => {
    await acceptInBot();
    stub
      .state()
      .partners.push(CONTOSO, PORTAL_ONLY, related('1000010', 'Wingtip Resellers', 'wingtip-tenant'));
    const first = await sync().run(TENANT_A);
    expect(first.imported).to.have.length(2);
    expect(first.confirmed).to.have.length(1);
    const events = await newestEvents(world.repos, TENANT_A);
    const second = await sync().run(TENANT_A);
    expect(second).to.deep.include({
      imported: [],
      confirmed: [],
      ended: [],
      stillInPartnerCenter: [],
      unchanged: 3,
    });
    expect(await newestEvents(world.repos, TENANT_A)).to.have.length(events.length);
  });

  it("activates a pending request the reseller accepted in Partner Center, and leaves an agent's removal to the portal", async () => {
    await world.services.relationships.requestRelationship(world.admin, {
      resellerEmail: 'owner@contoso.example',
      partnerId: CONTOSO.mpnId,
      ...ACCEPTANCE,
    });
    stub.state().partners.push(CONTOSO);
    expect((await sync().run(TENANT_A)).confirmed).to.deep.equal([CONTOSO.mpnId]);
    expect((await view(CONTOSO.mpnId)).status).to.equal('active');

    await world.services.relationships.removeRelationship(world.admin, {
      partnerId: CONTOSO.mpnId,
      confirmed: true,
      attestation: true,
    });
    const report = await sync().run(TENANT_A);
    expect(report).to.deep.include({ imported: [], stillInPartnerCenter: [CONTOSO.mpnId] });
    expect((await view(CONTOSO.mpnId)).status).to.equal('removed');
  });

  it('reads every page, waits out a 429 with Retry-After, and ends nothing on a cut list', async () => {
    await acceptInBot();
    const many = ['1000011', '1000012', '1000013', '1000014'].map((id) =>
      related(id, `Reseller ${id}`, `t-${id}`),
    );
    stub.state().partners.push(CONTOSO, ...many);
    stub.fail('relationships', { times: 1, status: 429, retryAfter: '3' });
    const report = await sync().run(TENANT_A);
    expect(report.imported).to.have.length(4);
    expect(report.confirmed).to.deep.equal([CONTOSO.mpnId]);
    expect(sleeps).to.deep.equal([3000]);
    const pages = stub.requestsTo('relationships');
    expect(pages).to.have.length(4); // one 429, then three pages of at most two
    expect(pages.slice(2).every((p) => p.headers['ms-continuationtoken'])).to.equal(true);

    stub.state().partners.splice(0, 1); // Contoso gone, but the list is read only in part
    const cut = await sync(1).run(TENANT_A);
    expect(cut).to.deep.include({ complete: false, ended: [] });
    expect((await view(CONTOSO.mpnId)).status).to.equal('active');
  });
});
