import { expect } from 'chai';
import { createWorld, newKey, refusal, RESELLERS, tokenOf, type World } from '../support/world.js';

const resellerUser = { userId: 'contoso-user-1', entraTenantId: 'contoso-tenant', name: 'Chen Jie' };

describe('invitations (reseller side)', () => {
  let world: World;
  let token: string;
  beforeEach(async () => {
    world = await createWorld();
    const result = await world.services.relationships.requestRelationship(world.admin, {
      resellerEmail: 'owner@contoso.example',
      partnerId: RESELLERS.ready.partnerId,
    });
    token = tokenOf(result.draft!.link);
  });
  afterEach(async () => world.close());

  const statusOf = async () =>
    (await world.services.relationships.getRelationship(world.admin, RESELLERS.ready.partnerId)).status;
  const eventTypes = async () =>
    (
      await world.services.audit.page(world.admin, { subject: `relationship:${RESELLERS.ready.partnerId}` })
    ).entries
      .map((e) => e.type)
      .reverse();

  it('shows the provider and reseller behind a link', async () => {
    const view = await world.services.invitations.open(token);
    expect(view).to.include({
      providerName: 'Adatum Distribution',
      resellerName: 'Contoso Cloud Partners',
      status: 'pending',
    });
  });

  it('activates the relationship on accept, and accepting again answers the same', async () => {
    const first = await world.services.invitations.accept({ token, user: resellerUser });
    expect(first.status).to.equal('accepted');
    expect(await statusOf()).to.equal('active');
    const again = await world.services.invitations.accept({ token, user: resellerUser });
    expect(again.status).to.equal('accepted');
    expect(await eventTypes()).to.deep.equal(['relationship.requested', 'relationship.accepted']);
  });

  it('records a decline, after which the link can no longer accept', async () => {
    const declined = await world.services.invitations.decline({ token, user: resellerUser });
    expect(declined.status).to.equal('declined');
    expect(await statusOf()).to.equal('declined');
    expect((await refusal(world.services.invitations.accept({ token, user: resellerUser }))).code).to.equal(
      'invitation_declined',
    );
  });

  it('refuses forged, malformed, cancelled, expired and used links with distinct errors', async () => {
    expect(
      (await refusal(world.services.invitations.accept({ token: 'x'.repeat(43), user: resellerUser }))).code,
    ).to.equal('invitation_unknown');
    expect((await refusal(world.services.invitations.open({ $ne: null }))).code).to.equal(
      'invitation_unknown',
    );
    expect((await refusal(world.services.invitations.open('short'))).code).to.equal('invitation_unknown');

    await world.services.relationships.cancelRequest(world.admin, { partnerId: RESELLERS.ready.partnerId });
    expect((await refusal(world.services.invitations.accept({ token, user: resellerUser }))).code).to.equal(
      'invitation_cancelled',
    );

    const second = await world.services.relationships.requestRelationship(world.admin, {
      resellerEmail: 'owner@contoso.example',
      partnerId: RESELLERS.ready.partnerId,
    });
    const secondToken = tokenOf(second.draft!.link);
    // The first link still tells its own story, not the new request's.
    expect((await world.services.invitations.open(token)).status).to.equal('cancelled');
    world.clock.advanceDays(15);
    const expired = await refusal(
      world.services.invitations.accept({ token: secondToken, user: resellerUser }),
    );
    expect(expired.code).to.equal('invitation_expired');
    expect(expired.params.expiredOn).to.equal('2026-11-15');

    const third = await world.services.relationships.requestRelationship(world.admin, {
      resellerEmail: 'owner@contoso.example',
      partnerId: RESELLERS.ready.partnerId,
    });
    const thirdToken = tokenOf(third.draft!.link);
    await world.services.invitations.accept({ token: thirdToken, user: resellerUser });
    await world.services.relationships.removeRelationship(world.sales, {
      partnerId: RESELLERS.ready.partnerId,
      confirmed: true,
      attestation: true,
    });
    expect(
      (await refusal(world.services.invitations.accept({ token: thirdToken, user: resellerUser }))).code,
    ).to.equal('invitation_used');
    expect(
      (await refusal(world.services.invitations.decline({ token: thirdToken, user: resellerUser }))).code,
    ).to.equal('invitation_used');
    // The link tells the reseller that the relationship it accepted has ended.
    expect((await world.services.invitations.open(thirdToken)).status).to.equal('ended');
  });

  it('refuses a user from another organisation than the invited reseller', async () => {
    const stranger = { userId: 'someone', entraTenantId: 'other-tenant' };
    expect((await refusal(world.services.invitations.accept({ token, user: stranger }))).code).to.equal(
      'invitation_wrong_organisation',
    );
    expect(await statusOf()).to.equal('pending');
  });

  it('refuses a user of another tenant who clicks the link after it was accepted or declined', async () => {
    await world.services.invitations.accept({ token, user: resellerUser });
    const stranger = { userId: 'someone', entraTenantId: 'other-tenant' };
    expect((await refusal(world.services.invitations.accept({ token, user: stranger }))).code).to.equal(
      'invitation_wrong_organisation',
    );
    // The invited organisation's double click is still answered as before.
    expect((await world.services.invitations.accept({ token, user: resellerUser })).status).to.equal(
      'accepted',
    );
    expect(await eventTypes()).to.deep.equal(['relationship.requested', 'relationship.accepted']);
  });

  it('refuses the provider’s own agents answering for the reseller', async () => {
    const agent = { userId: world.sales.agentId, entraTenantId: world.sales.tenantId };
    expect((await refusal(world.services.invitations.accept({ token, user: agent }))).code).to.equal(
      'invitation_wrong_organisation',
    );
    expect((await refusal(world.services.invitations.decline({ token, user: agent }))).code).to.equal(
      'invitation_wrong_organisation',
    );
    expect(await statusOf()).to.equal('pending');
  });

  it('refuses acceptance once the reseller is no longer enrolled', async () => {
    await world.directory.upsert([{ ...RESELLERS.ready, enrolledAsIndirectReseller: false }]);
    expect((await refusal(world.services.invitations.accept({ token, user: resellerUser }))).code).to.equal(
      'reseller_not_enrolled',
    );
    expect(await statusOf()).to.equal('pending');
  });

  for (const clicks of [2, 10]) {
    it(`lets exactly one of ${clicks} concurrent accepts change the state`, async () => {
      const outcomes = await Promise.allSettled(
        Array.from({ length: clicks }, (_, i) =>
          world.services.invitations.accept({ token, user: { ...resellerUser, userId: `u${i}` } }, newKey()),
        ),
      );
      for (const outcome of outcomes) {
        expect(outcome.status).to.equal('fulfilled');
        if (outcome.status === 'fulfilled') expect(outcome.value.status).to.equal('accepted');
      }
      expect(await eventTypes()).to.deep.equal(['relationship.requested', 'relationship.accepted']);
      expect(await statusOf()).to.equal('active');
    });
  }

  it('lets exactly one of an accept and a cancel racing win; the loser answers from the winner’s outcome', async () => {
    for (let round = 0; round < 5; round++) {
      const [accept, cancel] = await Promise.allSettled([
        world.services.invitations.accept({ token, user: resellerUser }),
        world.services.relationships.cancelRequest(world.admin, { partnerId: RESELLERS.ready.partnerId }),
      ]);
      const types = await eventTypes();
      const last = types[types.length - 1];
      expect(
        types.filter((t) => t === 'relationship.accepted' || t === 'relationship.cancelled'),
      ).to.have.length(1);
      if (last === 'relationship.accepted') {
        expect(accept.status).to.equal('fulfilled');
        expect(cancel.status).to.equal('rejected');
        if (cancel.status === 'rejected') expect(cancel.reason.code).to.equal('relationship_not_pending');
        expect(await statusOf()).to.equal('active');
      } else {
        expect(cancel.status).to.equal('fulfilled');
        expect(accept.status).to.equal('rejected');
        if (accept.status === 'rejected') expect(accept.reason.code).to.equal('invitation_cancelled');
        expect(await statusOf()).to.equal('cancelled');
      }
      // Start the next round from a fresh request.
      await world.close();
      world = await createWorld();
      const result = await world.services.relationships.requestRelationship(world.admin, {
        resellerEmail: 'owner@contoso.example',
        partnerId: RESELLERS.ready.partnerId,
      });
      token = tokenOf(result.draft!.link);
    }
  });
});

describe('who may answer an invitation', () => {
  let world: World;
  let token: string;
  beforeEach(async () => {
    world = await createWorld();
    // Fabrikam's Entra tenant is unknown to the directory: the invited address decides.
    const result = await world.services.relationships.requestRelationship(world.admin, {
      resellerEmail: 'partners@fabrikam.example',
      partnerId: RESELLERS.second.partnerId,
    });
    token = tokenOf(result.draft!.link);
  });
  afterEach(async () => world.close());

  const answer = (user: Record<string, unknown>) => world.services.invitations.accept({ token, user });

  it('refuses anyone of the provider’s own tenant, with or without a role', async () => {
    const colleague = {
      userId: 'no-role-colleague',
      entraTenantId: world.admin.tenantId,
      email: 'x@fabrikam.example',
    };
    expect((await refusal(answer(colleague))).code).to.equal('invitation_wrong_organisation');
  });

  it('refuses a user without a tenant, without an address, or from another domain', async () => {
    expect((await refusal(answer({ userId: 'u1', email: 'a@fabrikam.example' }))).code).to.equal(
      'invalid_input',
    );
    expect((await refusal(answer({ userId: 'u2', entraTenantId: 'fab' }))).code).to.equal(
      'invitation_wrong_organisation',
    );
    expect(
      (await refusal(answer({ userId: 'u3', entraTenantId: 'x', email: 'a@evil.example' }))).code,
    ).to.equal('invitation_wrong_organisation');
    expect(
      (await world.services.relationships.getRelationship(world.admin, RESELLERS.second.partnerId)).status,
    ).to.equal('pending');
  });

  it('refuses an address with more than one @ or a malformed domain, and changes nothing', async () => {
    for (const email of [
      'x@fabrikam.example@evil.example',
      'fabrikam.example@evil.example',
      'x@@fabrikam.example',
      '@fabrikam.example',
      'x@fabrikam..example',
      'x@-fabrikam.example',
      'x@fabrikam.example.',
      'x@fabrikam',
      'x@fabri kam.example',
      'x@fabrikam.example/evil',
    ]) {
      const user = { userId: `u-${email}`, entraTenantId: 'fabrikam-tenant', email };
      expect((await refusal(answer(user))).code, email).to.equal('invitation_wrong_organisation');
    }
    expect(
      (await world.services.relationships.getRelationship(world.admin, RESELLERS.second.partnerId)).status,
    ).to.equal('pending');
  });

  it('compares domains after IDNA normalisation (Unicode and punycode forms are one domain)', async () => {
    await world.services.relationships.cancelRequest(world.admin, { partnerId: RESELLERS.second.partnerId });
    const result = await world.services.relationships.requestRelationship(world.admin, {
      resellerEmail: 'partners@xn--bcher-kva.example',
      partnerId: RESELLERS.second.partnerId,
    });
    token = tokenOf(result.draft!.link);
    expect(
      (await refusal(answer({ userId: 'u5', entraTenantId: 'b', email: 'a@bucher.example' }))).code,
    ).to.equal('invitation_wrong_organisation');
    const view = await answer({ userId: 'u6', entraTenantId: 'b', email: 'Anna@BÜCHER.example' });
    expect(view.status).to.equal('accepted');
  });

  it('tells someone of another organisation who clicks a used link nothing but that it is not theirs', async () => {
    expect(
      (await answer({ userId: 'u7', entraTenantId: 'fab', email: 'li.na@fabrikam.example' })).status,
    ).to.equal('accepted');
    const stranger = { userId: 'u8', entraTenantId: 'evil', email: 'mallory@evil.example' };
    expect((await refusal(answer(stranger))).code).to.equal('invitation_wrong_organisation');
    expect((await refusal(world.services.invitations.decline({ token, user: stranger }))).code).to.equal(
      'invitation_wrong_organisation',
    );
    expect(
      (await world.services.relationships.getRelationship(world.admin, RESELLERS.second.partnerId)).status,
    ).to.equal('active');
  });

  it('accepts a user whose sign-in address is in the invited domain', async () => {
    const view = await answer({
      userId: 'u4',
      entraTenantId: 'fabrikam-tenant',
      email: 'Li.Na@FABRIKAM.example',
    });
    expect(view.status).to.equal('accepted');
  });
});

describe('cards that outlived their request', () => {
  let world: World;
  beforeEach(async () => (world = await createWorld()));
  afterEach(async () => world.close());

  const request = () =>
    world.services.relationships.requestRelationship(world.admin, {
      resellerEmail: 'owner@contoso.example',
      partnerId: RESELLERS.ready.partnerId,
    });

  it('cannot cancel a newer request, even with a key another admin already used', async () => {
    const first = await request();
    const key = newKey();
    const partnerId = RESELLERS.ready.partnerId;
    await world.services.relationships.cancelRequest(
      world.admin,
      { partnerId, invitationId: first.invitationId },
      key,
    );
    const second = await request();
    await world.services.access.grantRole(world.admin, { agentId: 'agent-admin-2', role: 'admin' });
    const otherAdmin = { tenantId: world.admin.tenantId, agentId: 'agent-admin-2' };
    const stale = await refusal(
      world.services.relationships.cancelRequest(
        otherAdmin,
        { partnerId, invitationId: first.invitationId },
        key,
      ),
    );
    expect(stale.code).to.equal('stale_action');
    // The same admin's double click within the day still answers with the first result.
    const replay = await world.services.relationships.cancelRequest(
      world.admin,
      { partnerId, invitationId: first.invitationId },
      key,
    );
    expect(replay.status).to.equal('cancelled');
    // A click on the old card days later meets today's state.
    world.clock.advanceDays(2);
    expect(
      (
        await refusal(
          world.services.relationships.cancelRequest(
            world.admin,
            { partnerId, invitationId: first.invitationId },
            key,
          ),
        )
      ).code,
    ).to.equal('stale_action');
    expect(
      (await world.services.relationships.getRelationship(world.admin, partnerId)).invitation?.invitationId,
    ).to.equal(second.invitationId);
  });

  it('cannot remove a relationship opened by a later request', async () => {
    const partnerId = RESELLERS.ready.partnerId;
    const user = { userId: 'c', entraTenantId: 'contoso-tenant' };
    const first = await request();
    await world.services.invitations.accept({ token: tokenOf(first.draft!.link), user });
    await world.services.relationships.removeRelationship(world.admin, {
      partnerId,
      invitationId: first.invitationId,
      confirmed: true,
      attestation: true,
    });
    const second = await request();
    await world.services.invitations.accept({ token: tokenOf(second.draft!.link), user });
    const stale = await refusal(
      world.services.relationships.removeRelationship(world.sales, {
        partnerId,
        invitationId: first.invitationId,
        confirmed: true,
        attestation: true,
      }),
    );
    expect(stale.code).to.equal('stale_action');
    expect((await world.services.relationships.getRelationship(world.admin, partnerId)).status).to.equal(
      'active',
    );
  });
});
