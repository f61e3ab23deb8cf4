import { expect } from 'chai';
import { refusal, RESELLERS, TENANT_A, tokenOf, type World } from '../support/world.js';
import { activeWorld, subscription } from '../support/active-world.js';

describe('tenants, roles and the audit trail', () => {
  let world: World;
  beforeEach(async () => (world = await activeWorld()));
  afterEach(async () => world.close());

  it('never shows one provider’s data to another', async () => {
    expect((await world.services.relationships.listResellers(world.adminB)).total).to.equal(0);
    expect(
      (await refusal(world.services.relationships.getRelationship(world.adminB, RESELLERS.ready.partnerId)))
        .code,
    ).to.equal('relationship_not_found');
    expect((await world.services.audit.page(world.adminB)).entries.map((e) => e.type)).to.deep.equal([
      'agent.role_granted',
      'agent.admin_change_started',
    ]);
    expect(await world.services.commerce.listCustomers(world.adminB)).to.have.length(0);
    expect(
      (await refusal(world.services.commerce.getSubscription(world.adminB, subscription))).code,
    ).to.equal('subscription_not_found');
    // An agent of A presenting tenant B's id holds no role there.
    expect(
      (
        await refusal(
          world.services.relationships.listResellers({ ...world.admin, tenantId: world.adminB.tenantId }),
        )
      ).code,
    ).to.equal('not_authorised');
  });

  it('refuses operator injection in ids', async () => {
    const injected = {
      tenantId: { $ne: null },
      agentId: world.admin.agentId,
    } as unknown as typeof world.admin;
    expect((await refusal(world.services.relationships.listResellers(injected))).code).to.equal(
      'invalid_input',
    );
    expect(
      (
        await refusal(
          world.services.commerce.getSubscription(world.admin, {
            customerId: { $gt: '' },
            subscriptionId: 'sub-1',
          }),
        )
      ).code,
    ).to.equal('invalid_input');
    expect(
      (
        await refusal(
          world.services.relationships.removeRelationship(world.admin, {
            partnerId: { $ne: null },
            confirmed: true,
            attestation: true,
          }),
        )
      ).code,
    ).to.equal('invalid_input');
  });

  it('lets admins grant and revoke roles, but never the last admin', async () => {
    expect(
      (await refusal(world.services.access.grantRole(world.sales, { agentId: 'x', role: 'admin' }))).code,
    ).to.equal('not_authorised');
    await world.services.access.grantRole(world.admin, { agentId: 'agent-new', role: 'sales' });
    expect(await world.services.access.rolesOf({ tenantId: TENANT_A, agentId: 'agent-new' })).to.deep.equal([
      'sales',
    ]);
    await world.services.access.revokeRole(world.admin, { agentId: 'agent-new', role: 'sales' });
    expect(await world.services.access.rolesOf({ tenantId: TENANT_A, agentId: 'agent-new' })).to.deep.equal(
      [],
    );
    expect(
      (
        await refusal(
          world.services.access.revokeRole(world.admin, { agentId: world.admin.agentId, role: 'admin' }),
        )
      ).code,
    ).to.equal('last_admin');
  });

  it('pages the audit trail newest first and exports it as CSV without secrets', async () => {
    const first = await world.services.audit.page(world.admin, { limit: 2 });
    expect(first.entries).to.have.length(2);
    expect(first.cursor).to.be.a('string');
    const second = await world.services.audit.page(world.admin, { limit: 2, cursor: first.cursor });
    const ids = [...first.entries, ...second.entries].map((e) => e.id);
    expect(new Set(ids).size).to.equal(4);
    expect(first.entries[0]!.at.getTime()).to.be.at.least(second.entries[0]!.at.getTime());
    expect((await refusal(world.services.audit.page(world.admin, { cursor: 'garbage' }))).code).to.equal(
      'invalid_input',
    );
    const csv = await world.services.audit.exportCsv(world.helpdesk);
    const lines = csv.trim().split('\r\n');
    expect(lines[0]).to.equal(
      'at,type,subject,reseller_name,partner_id,customer_name,customer_id,subscription_name,subscription_id,order_id,agent_name,agent_id,actor_kind,actor_id,actor_name,before,after,details',
    );
    expect(lines.some((l) => l.includes('relationship.accepted'))).to.equal(true);
    expect(csv).not.to.contain('tokenHash');
  });
});

describe('the resellers list across bot instances', () => {
  let world: World;
  beforeEach(async () => (world = await activeWorld()));
  afterEach(async () => world.close());

  it('shows a change made on one instance in the list served by another', async () => {
    const other = world.withSecondInstance();
    expect((await other.relationships.listResellers(world.admin)).total).to.equal(1);
    const request = await world.services.relationships.requestRelationship(world.admin, {
      resellerEmail: 'sales@fabrikam.example',
      partnerId: RESELLERS.second.partnerId,
    });
    const pending = await other.relationships.listResellers(world.admin, { include: 'pending' });
    expect(pending.rows.map((r) => r.partnerId)).to.deep.equal([RESELLERS.second.partnerId]);
    await world.services.invitations.accept({
      token: tokenOf(request.draft!.link),
      user: { userId: 'fab-user', entraTenantId: 'fabrikam-tenant', email: 'it@Fabrikam.example' },
    });
    await world.services.relationships.removeRelationship(world.sales, {
      partnerId: RESELLERS.ready.partnerId,
      confirmed: true,
      attestation: true,
    });
    const active = await other.relationships.listResellers(world.admin);
    expect(active.rows.map((r) => r.resellerName)).to.deep.equal(['Fabrikam Solutions']);
    expect((await other.relationships.listResellers(world.admin, { include: 'pending' })).total).to.equal(0);
  });
});

describe('read models', () => {
  let world: World;
  beforeEach(async () => (world = await activeWorld()));
  afterEach(async () => world.close());

  it('are rebuilt from the event log with nothing lost', async () => {
    const before = await world.services.relationships.getRelationship(world.admin, RESELLERS.ready.partnerId);
    await world.database.db.collection('relationships').deleteMany({});
    expect(await world.services.relationships.rebuildReadModel(TENANT_A)).to.equal(1);
    const rows = await world.database.db.collection('relationships').countDocuments({ tenantId: TENANT_A });
    expect(rows).to.equal(1);
    const after = await world
      .withSecondInstance()
      .relationships.getRelationship(world.admin, RESELLERS.ready.partnerId);
    expect(after).to.deep.equal(before);
  });
});

describe('customers', () => {
  let world: World;
  beforeEach(async () => (world = await activeWorld()));
  afterEach(async () => world.close());

  it('reads one customer of the provider, never another provider’s', async () => {
    expect((await world.services.commerce.getCustomer(world.helpdesk, 'cust-1')).companyName).to.equal(
      'Wide World Importers',
    );
    expect((await refusal(world.services.commerce.getCustomer(world.adminB, 'cust-1'))).code).to.equal(
      'customer_not_found',
    );
    expect((await refusal(world.services.commerce.getCustomer(world.nobody, 'cust-1'))).code).to.equal(
      'not_authorised',
    );
  });
});
