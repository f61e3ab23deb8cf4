import { expect } from 'chai';
import { createWorld, refusal, TENANT_A, type World } from '../support/world.js';

describe('Admin role changes ordered on one stream', () => {
  let world: World;
  const second = { tenantId: TENANT_A, agentId: 'agent-admin-2', displayName: 'Bo Admin' };

  beforeEach(async () => {
    world = await createWorld();
    await world.services.access.grantRole(world.admin, { agentId: second.agentId, role: 'admin' });
  });
  afterEach(() => world.close());

  async function admins(): Promise<string[]> {
    return (await world.repos.agentQueries.list(TENANT_A))
      .filter((agent) => agent.roles.includes('admin'))
      .map((agent) => agent.agentId);
  }

  it('lets exactly one of two admins revoking each other at the same moment win, on two instances', async () => {
    for (let round = 0; round < 5; round++) {
      const other = world.withSecondInstance();
      const outcomes = await Promise.allSettled([
        world.services.access.revokeRole(world.admin, { agentId: second.agentId, role: 'admin' }),
        other.access.revokeRole(second, { agentId: world.admin.agentId, role: 'admin' }),
      ]);
      const won = outcomes.filter((o) => o.status === 'fulfilled');
      const lost = outcomes.filter((o) => o.status === 'rejected');
      expect(won, `round ${round}`).to.have.length(1);
      expect(lost.map((o) => (o as PromiseRejectedResult).reason.code)).to.deep.equal(['last_admin']);
      const remaining = (await world.repos.agentQueries.list(TENANT_A))
        .filter((agent) => agent.roles.includes('admin'))
        .map((agent) => agent.agentId);
      expect(remaining, `round ${round}: one admin left`).to.have.length(1);
      // The survivor makes the other admin again for the next round.
      const survivor = remaining[0] === world.admin.agentId ? world.admin : second;
      const revoked = survivor === world.admin ? second : world.admin;
      await world.services.access.grantRole(survivor, { agentId: revoked.agentId, role: 'admin' });
      expect((await admins()).sort()).to.deep.equal([world.admin.agentId, second.agentId].sort());
    }
  });

  it('still refuses to revoke the last admin, and a revoke then a grant again works', async () => {
    await world.services.access.revokeRole(world.admin, { agentId: second.agentId, role: 'admin' });
    expect(
      (
        await refusal(
          world.services.access.revokeRole(world.admin, { agentId: world.admin.agentId, role: 'admin' }),
        )
      ).code,
    ).to.equal('last_admin');
    await world.services.access.grantRole(world.admin, { agentId: second.agentId, role: 'admin' });
    await world.services.access.revokeRole(second, { agentId: world.admin.agentId, role: 'admin' });
    expect(await admins()).to.deep.equal([second.agentId]);
    const trail = await world.services.audit.page(second, { limit: 20 });
    expect(trail.entries.map((e) => e.type)).to.include('agent.admin_change_started');
  });
});
