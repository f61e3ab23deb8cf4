import { expect } from 'chai';
import { RELATIONSHIP_EVENTS } from '../../services/relationships/relationship-stream.js';
import { createWorld, refusal, RESELLERS, tokenOf, type World } from '../support/world.js';

/**
 * A process can die between any two writes. The event log is the only truth: these tests cut a
 * change off after its event (or before it) and check that nothing is lost or half-done.
 */
describe('crash safety', () => {
  let world: World;
  beforeEach(async () => (world = await createWorld()));
  afterEach(async () => world.close());

  it('folds an event whose writer died before updating the read model', async () => {
    const request = await world.services.relationships.requestRelationship(world.admin, {
      resellerEmail: 'owner@contoso.example',
      partnerId: RESELLERS.ready.partnerId,
    });
    // The feed entry and the accept event land; the process dies before the read model.
    const appended = await world.repos.log.commit('relationship', RESELLERS.ready.partnerId, 2, {
      tenantId: world.admin.tenantId,
      type: RELATIONSHIP_EVENTS.accepted,
      at: world.clock.now(),
      actor: { kind: 'reseller', id: 'contoso-user' },
      before: { status: 'pending' },
      after: { status: 'active' },
      data: { invitationId: request.invitationId, resellerUserId: 'contoso-user' },
    });
    expect(appended.appended).to.equal(true);
    const restarted = world.withSecondInstance();
    expect(
      (await restarted.relationships.getRelationship(world.admin, RESELLERS.ready.partnerId)).status,
    ).to.equal('active');
    const again = await restarted.invitations.accept({
      token: tokenOf(request.draft!.link),
      user: { userId: 'x', entraTenantId: 'contoso-tenant' },
    });
    expect(again.status).to.equal('accepted');
    const audit = await restarted.audit.page(world.admin, {
      subject: `relationship:${RESELLERS.ready.partnerId}`,
    });
    expect(audit.entries.map((e) => e.type)).to.deep.equal([
      'relationship.accepted',
      'relationship.requested',
    ]);
  });

  it('treats a link whose request event never landed as unknown, and lets the request be made again', async () => {
    await world.repos.invitations.add({
      tokenHash: 'f'.repeat(64),
      tenantId: world.admin.tenantId,
      partnerId: RESELLERS.ready.partnerId,
      invitationId: 'never-written',
      createdAt: world.clock.now(),
    });
    const orphan = await world.services.relationships.requestRelationship(world.admin, {
      resellerEmail: 'owner@contoso.example',
      partnerId: RESELLERS.ready.partnerId,
    });
    expect(orphan.draft?.link).to.be.a('string');
    // A pointer to a request that was never written reads as a forged link.
    const fakeToken = 'A'.repeat(43);
    await world.repos.invitations.add({
      tokenHash: (await import('../../services/relationships/invitation-draft.js')).hashInvitationToken(
        fakeToken,
      ),
      tenantId: world.admin.tenantId,
      partnerId: RESELLERS.ready.partnerId,
      invitationId: 'lost-before-its-event',
      createdAt: world.clock.now(),
    });
    expect(
      (
        await refusal(
          world.services.invitations.accept({
            token: fakeToken,
            user: { userId: 'u', entraTenantId: 'contoso-tenant' },
          }),
        )
      ).code,
    ).to.equal('invitation_unknown');
  });

  it('lets a retry after a crash mid-operation through once the stale claim has aged', async () => {
    // Idempotency keys are kept per caller.
    await world.repos.idempotency.claim(
      world.admin.tenantId,
      `${world.admin.agentId}|card-action-0001`,
      'relationship.request',
      'a',
      world.clock.now(),
    );
    const blocked = await refusal(
      world.services.relationships.requestRelationship(
        world.admin,
        { resellerEmail: 'owner@contoso.example', partnerId: RESELLERS.ready.partnerId },
        'card-action-0001',
      ),
    );
    expect(blocked.code).to.equal('concurrent_change');
    world.clock.advanceDays(1);
    const result = await world.services.relationships.requestRelationship(
      world.admin,
      { resellerEmail: 'owner@contoso.example', partnerId: RESELLERS.ready.partnerId },
      'card-action-0001',
    );
    expect(result.resellerName).to.equal('Contoso Cloud Partners');
  });
});
