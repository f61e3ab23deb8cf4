import { expect } from 'chai';
import { addWideWorld, subscription } from '../support/active-world.js';
import {
  ACCEPTANCE,
  createWorld,
  newKey,
  refusal,
  RESELLERS,
  tokenOf,
  type World,
} from '../support/world.js';

/**
 * Rules of SPEC.md held one by one: each test fails when the rule is broken in the services
 * (a second open request, transactions without an active relationship, the expiry boundary,
 * the invited address, audit order, the agents list, paging).
 */

const CONTOSO = RESELLERS.ready;
const FABRIKAM = RESELLERS.second;
const resellerUser = { userId: 'contoso-user', entraTenantId: CONTOSO.entraTenantId };

async function request(world: World, partnerId: string = CONTOSO.partnerId): Promise<string> {
  const result = await world.services.relationships.requestRelationship(world.admin, {
    resellerEmail: 'owner@contoso.example',
    partnerId,
  });
  return tokenOf(result.draft!.link);
}

/** Every transaction of SPEC rule 6, with this reseller; each must be refused. */
function transactions(world: World, partnerId: string) {
  const { commerce } = world.services;
  return {
    resellerOfRecord: () =>
      commerce.setResellerOfRecord(world.admin, { ...subscription, partnerId }, newKey()),
    supportContact: () =>
      commerce.designateSupportContact(world.admin, { ...subscription, partnerId }, newKey()),
    addCustomer: () =>
      commerce.addCustomer(
        world.admin,
        {
          companyName: 'Blue Yonder Airlines',
          domain: 'blueyonder.example',
          azure: false,
          partnerId,
          ...ACCEPTANCE,
        },
        newKey(),
      ),
    submitOrder: () =>
      commerce.submitOrder(
        world.admin,
        {
          customerId: subscription.customerId,
          partnerId,
          lineItems: [{ offerId: 'CFQ7TTC0LH18', quantity: 5, termDuration: 'P1M', billingCycle: 'monthly' }],
        },
        newKey(),
      ),
  };
}

/** What a refused transaction must leave as it was: the subscription, the customers, the orders, the audit. */
async function commerceState(world: World) {
  const sub = await world.services.commerce.getSubscription(world.admin, subscription);
  return {
    partnerId: sub.partnerId ?? null,
    supportContactPartnerId: sub.supportContactPartnerId ?? null,
    customers: (await world.services.commerce.listCustomers(world.admin)).map((c) => c.customerId),
    orders: await world.database.db.collection('commerce_orders').countDocuments(),
    commerceEvents: (await world.services.audit.page(world.admin, { limit: 100 })).entries
      .map((e) => e.type)
      .filter((type) => !type.startsWith('relationship.') && !type.startsWith('agent.')),
  };
}

describe('rule 3: at most one open relationship', () => {
  let world: World;
  beforeEach(async () => (world = await createWorld()));
  afterEach(async () => world.close());

  it('refuses a second request while the relationship is active; it stays active and listed', async () => {
    await world.services.invitations.accept({ token: await request(world), user: resellerUser });
    const second = await refusal(request(world));
    expect(second.code).to.equal('relationship_already_open');
    expect(second.params).to.deep.include({ status: 'active', resellerName: CONTOSO.name });
    const view = await world.services.relationships.getRelationship(world.admin, CONTOSO.partnerId);
    expect(view.status).to.equal('active');
    const active = await world.services.relationships.listResellers(world.admin, { include: 'active' });
    expect(active.rows.map((row) => row.partnerId)).to.deep.equal([CONTOSO.partnerId]);
    expect(
      (await world.services.relationships.listResellers(world.admin, { include: 'pending' })).total,
    ).to.equal(0);
    const events = await world.services.audit.page(world.admin, {
      subject: `relationship:${CONTOSO.partnerId}`,
    });
    expect(events.entries.map((e) => e.type).reverse()).to.deep.equal([
      'relationship.requested',
      'relationship.accepted',
    ]);
  });
});

describe('rule 6: no transaction without an active relationship', () => {
  let world: World;
  beforeEach(async () => {
    world = await createWorld();
    await addWideWorld(world);
  });
  afterEach(async () => world.close());

  it('refuses all four transactions with a reseller whose request is only pending, and changes nothing', async () => {
    await request(world);
    const before = await commerceState(world);
    for (const [name, run] of Object.entries(transactions(world, CONTOSO.partnerId))) {
      const refused = await refusal(run());
      expect(refused.code, name).to.equal('relationship_not_active');
    }
    expect(await commerceState(world)).to.deep.equal(before);
  });

  it('Verify reports a pending reseller not related, and offers no second request while it is pending', async () => {
    await request(world);
    const verified = await world.services.relationships.verifyPartnerId(world.admin, CONTOSO.partnerId);
    expect(verified).to.deep.include({ related: false, status: 'pending', canRequestRelationship: false });
    // Once the request is answered, the same Verify reports it related.
    await world.services.invitations.accept({
      token: tokenOf(
        (
          await world.services.relationships.requestRelationship(world.admin, {
            resellerEmail: 'owner@fabrikam.example',
            partnerId: FABRIKAM.partnerId,
          })
        ).draft!.link,
      ),
      user: { userId: 'li', entraTenantId: 'fab', email: 'li@fabrikam.example' },
    });
    expect(
      (await world.services.relationships.verifyPartnerId(world.admin, FABRIKAM.partnerId)).related,
    ).to.equal(true);
  });

  it('refuses support contact and submit order with an unrelated reseller, and changes nothing', async () => {
    const before = await commerceState(world);
    const { supportContact, submitOrder } = transactions(world, FABRIKAM.partnerId);
    for (const run of [supportContact, submitOrder]) {
      const refused = await refusal(run());
      expect(refused.code).to.equal('relationship_not_active');
      expect(refused.params.resellerName).to.equal(FABRIKAM.name);
    }
    expect(await commerceState(world)).to.deep.equal(before);
  });

  it('refuses support contact and submit order with a removed reseller, and changes nothing', async () => {
    await world.services.invitations.accept({ token: await request(world), user: resellerUser });
    const { supportContact, submitOrder } = transactions(world, CONTOSO.partnerId);
    // While active both go through (the same calls, so the refusal below is the removal's doing).
    await supportContact();
    await submitOrder();
    await world.services.relationships.removeRelationship(world.admin, {
      partnerId: CONTOSO.partnerId,
      confirmed: true,
      attestation: true,
    });
    const before = await commerceState(world);
    expect(before.orders).to.equal(1);
    for (const run of [supportContact, submitOrder]) {
      expect((await refusal(run())).code).to.equal('relationship_not_active');
    }
    expect(await commerceState(world)).to.deep.equal(before);
  });
});

describe('rule 5: a request expires exactly at its expiry time', () => {
  let world: World;
  let token: string;
  beforeEach(async () => {
    world = await createWorld();
    token = await request(world);
  });
  afterEach(async () => world.close());

  const TTL_MINUTES = 14 * 24 * 60;
  const status = async () =>
    (await world.services.relationships.getRelationship(world.admin, CONTOSO.partnerId)).status;

  it('is still pending one minute before, and can be accepted then', async () => {
    world.clock.advanceMinutes(TTL_MINUTES - 1);
    expect(await world.services.relationships.expireDueRequests()).to.equal(0);
    expect(await status()).to.equal('pending');
    expect((await world.services.invitations.open(token)).status).to.equal('pending');
    expect((await world.services.invitations.accept({ token, user: resellerUser })).status).to.equal(
      'accepted',
    );
  });

  it('is expired at the expiry time itself: by the sweep, by a read and for the reseller', async () => {
    world.clock.advanceMinutes(TTL_MINUTES);
    expect(await world.services.relationships.expireDueRequests()).to.equal(1);
    expect(await status()).to.equal('expired');
    const refused = await refusal(world.services.invitations.accept({ token, user: resellerUser }));
    expect(refused.code).to.equal('invitation_expired');
  });

  it('reads as expired at the expiry time without the sweep', async () => {
    world.clock.advanceMinutes(TTL_MINUTES);
    expect((await world.services.invitations.open(token)).status).to.equal('expired');
    expect(
      (await world.services.relationships.listResellers(world.admin, { include: 'pending' })).total,
    ).to.equal(0);
  });
});

describe('rule 4: the reseller’s address', () => {
  let world: World;
  beforeEach(async () => (world = await createWorld()));
  afterEach(async () => world.close());

  it('refuses a request with an empty or malformed e-mail, and records nothing', async () => {
    for (const resellerEmail of [
      '',
      '   ',
      'owner',
      'owner@',
      '@contoso.example',
      'owner@contoso',
      'owner@@contoso.example',
      'own er@contoso.example',
      'owner@contoso.example\nBcc: x@evil.example',
      'owner@contoso.example,x@evil.example',
      undefined,
      42,
      { $ne: null },
    ]) {
      const refused = await refusal(
        world.services.relationships.requestRelationship(world.admin, {
          resellerEmail,
          partnerId: CONTOSO.partnerId,
        }),
      );
      expect(refused.code, JSON.stringify(resellerEmail)).to.equal('invalid_input');
    }
    expect(
      (await refusal(world.services.relationships.getRelationship(world.admin, CONTOSO.partnerId))).code,
    ).to.equal('relationship_not_found');
    expect(
      (await world.services.audit.page(world.admin, { subject: `relationship:${CONTOSO.partnerId}` }))
        .entries,
    ).to.deep.equal([]);
  });
});

describe('rule 8: the audit trail, newest first', () => {
  let world: World;
  beforeEach(async () => (world = await createWorld()));
  afterEach(async () => world.close());

  it('pages changes made at different times newest first, each page older than the last', async () => {
    const made: string[] = [];
    for (let i = 1; i <= 5; i++) {
      world.clock.advanceMinutes(7);
      await world.services.access.grantRole(world.admin, { agentId: `agent-${i}`, role: 'sales' });
      made.push(`agent-${i}`);
    }
    const seen: { subject: string; at: number }[] = [];
    let cursor: string | undefined;
    do {
      const page = await world.services.audit.page(world.admin, { limit: 2, ...(cursor ? { cursor } : {}) });
      expect(page.entries.length).to.be.at.most(2);
      seen.push(...page.entries.map((e) => ({ subject: e.subject, at: e.at.getTime() })));
      cursor = page.cursor;
    } while (cursor);
    // The whole trail, newest first: the five grants (7 minutes apart), then the world's set-up.
    const granted = seen.slice(0, 5);
    expect(granted.map((e) => e.subject)).to.deep.equal([...made].reverse().map((id) => `agent:${id}`));
    for (let i = 1; i < granted.length; i++) expect(granted[i]!.at).to.be.below(granted[i - 1]!.at);
    for (let i = 1; i < seen.length; i++) expect(seen[i]!.at).to.be.at.most(seen[i - 1]!.at);
    expect(seen.length).to.be.above(5);
  });
});

describe('the agents of a provider (access service)', () => {
  let world: World;
  beforeEach(async () => (world = await createWorld()));
  afterEach(async () => world.close());

  it('lists the provider’s agents with their roles, for any role, never another provider’s', async () => {
    await world.services.access.grantRole(world.admin, {
      agentId: 'agent-new',
      role: 'sales',
      displayName: 'Nia New',
    });
    await world.services.access.grantRole(world.admin, { agentId: 'agent-new', role: 'helpdesk' });
    await world.services.access.grantRole(world.admin, { agentId: 'agent-gone', role: 'sales' });
    await world.services.access.revokeRole(world.admin, { agentId: 'agent-gone', role: 'sales' });
    const agents = await world.services.access.listAgents(world.helpdesk);
    const byId = new Map(agents.map((agent) => [agent.agentId, agent]));
    expect(byId.get(world.admin.agentId)?.roles).to.deep.equal(['admin']);
    expect(byId.get(world.sales.agentId)?.roles).to.deep.equal(['sales']);
    expect(byId.get(world.helpdesk.agentId)?.roles).to.deep.equal(['helpdesk']);
    expect(byId.get('agent-new')).to.deep.include({ displayName: 'Nia New' });
    expect([...(byId.get('agent-new')?.roles ?? [])].sort()).to.deep.equal(['helpdesk', 'sales']);
    expect(byId.get('agent-gone')?.roles ?? []).to.deep.equal([]);
    expect(agents.map((agent) => agent.agentId)).not.to.include(world.adminB.agentId);
    const other = await world.services.access.listAgents(world.adminB);
    expect(other.map((agent) => agent.agentId)).to.deep.equal([world.adminB.agentId]);
    expect((await refusal(world.services.access.listAgents(world.nobody))).code).to.equal('not_authorised');
  });
});

describe('paging the resellers', () => {
  let world: World;
  beforeEach(async () => (world = await createWorld()));
  afterEach(async () => world.close());

  it('answers the last page for a page number past the end', async () => {
    const extra = { country: 'CN', enrolledAsIndirectReseller: true, mpaStatus: 'active' } as const;
    await world.directory.upsert([
      { ...extra, partnerId: '1000011', name: 'Alpine Ski House' },
      { ...extra, partnerId: '1000012', name: 'Bellows College' },
    ]);
    for (const partnerId of [CONTOSO.partnerId, '1000011', '1000012']) await request(world, partnerId);
    const past = await world.services.relationships.listResellers(world.admin, {
      include: 'pending',
      page: 7,
      pageSize: 2,
    });
    expect(past).to.deep.include({ total: 3, page: 1, pageSize: 2 });
    expect(past.rows).to.have.length(1);
    const none = await world.services.relationships.listResellers(world.admin, {
      include: 'active',
      page: 3,
    });
    expect(none).to.deep.include({ total: 0, page: 0 });
  });
});
