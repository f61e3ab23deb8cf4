import { expect } from 'chai';
import { createWorld, newKey, refusal, RESELLERS, tokenOf, type World } from '../support/world.js';

describe('relationship requests (admin agent)', () => {
  let world: World;
  beforeEach(async () => (world = await createWorld()));
  afterEach(async () => world.close());

  const request = (w: World, partnerId: string = RESELLERS.ready.partnerId, key?: string) =>
    w.services.relationships.requestRelationship(
      w.admin,
      { resellerEmail: 'owner@contoso.example', partnerId, locale: 'en-US' },
      key,
    );

  it('creates a pending request with a personalised, single-use link in an e-mail draft', async () => {
    const result = await request(world);
    expect(result.resellerName).to.equal('Contoso Cloud Partners');
    expect(result.draft!.to).to.equal('owner@contoso.example');
    expect(result.draft!.link).to.match(/^https:\/\/bot\.example\.test\/invite\/[A-Za-z0-9_-]{43}$/);
    expect(result.draft!.body).to.contain(result.draft!.link);
    expect(result.draft!.subject).to.contain('Adatum Distribution');
    expect(result.draft!.mailtoUrl).to.match(/^mailto:owner%40contoso\.example\?subject=/);
    expect(result.expiresAt.toISOString()).to.equal('2026-11-15T09:00:00.000Z');
    const view = await world.services.relationships.getRelationship(world.admin, RESELLERS.ready.partnerId);
    expect(view.status).to.equal('pending');
  });

  it('writes the draft in the agent’s language', async () => {
    const result = await world.services.relationships.requestRelationship(world.admin, {
      resellerEmail: 'owner@contoso.example',
      partnerId: RESELLERS.ready.partnerId,
      locale: 'zh-CN',
    });
    expect(result.draft!.subject).to.contain('邀请');
    expect(result.draft!.body).to.contain('个性化链接');
    expect(result.draft!.body).to.contain(result.draft!.link);
  });

  it('stores only a hash of the token', async () => {
    const result = await request(world);
    const token = tokenOf(result.draft!.link);
    const raw = JSON.stringify(await world.database.db.collection('events').find().toArray());
    const pointers = JSON.stringify(await world.database.db.collection('invitation_tokens').find().toArray());
    const snapshots = JSON.stringify(await world.database.db.collection('relationships').find().toArray());
    for (const text of [raw, pointers, snapshots]) expect(text).not.to.contain(token);
  });

  it('refuses sales and helpdesk agents, people with no role and other tenants', async () => {
    for (const actor of [world.sales, world.helpdesk, world.nobody]) {
      const { code } = await refusal(
        world.services.relationships.requestRelationship(actor, {
          resellerEmail: 'a@b.example',
          partnerId: RESELLERS.ready.partnerId,
        }),
      );
      expect(code).to.equal('not_authorised');
    }
    const { code } = await refusal(
      world.services.relationships.requestRelationship(
        { tenantId: 'tenant-unknown', agentId: world.admin.agentId },
        { resellerEmail: 'a@b.example', partnerId: RESELLERS.ready.partnerId },
      ),
    );
    expect(code).to.equal('provider_unknown');
  });

  it('refuses resellers that are not enrolled, unknown, the provider itself, or out of region', async () => {
    expect((await refusal(request(world, RESELLERS.notEnrolled.partnerId))).code).to.equal(
      'reseller_not_enrolled',
    );
    expect((await refusal(request(world, '7777777'))).code).to.equal('reseller_not_found');
    expect((await refusal(request(world, '9000001'))).code).to.equal('reseller_is_provider');
    expect((await refusal(request(world, RESELLERS.abroad.partnerId))).code).to.equal(
      'reseller_region_mismatch',
    );
    expect((await refusal(request(world, 'abc'))).code).to.equal('invalid_input');
  });

  it('asks for the Partner ID when only an e-mail is given', async () => {
    const { code } = await refusal(
      world.services.relationships.requestRelationship(world.admin, { resellerEmail: 'a@b.example' }),
    );
    expect(code).to.equal('partner_id_required');
  });

  it('refuses a second open request for the same reseller', async () => {
    await request(world);
    const { code, params } = await refusal(request(world));
    expect(code).to.equal('relationship_already_open');
    expect(params.status).to.equal('pending');
  });

  it('answers a repeated idempotency key with the first request and its draft, without storing its link in clear', async () => {
    const key = newKey();
    const first = await request(world, RESELLERS.ready.partnerId, key);
    const second = await request(world, RESELLERS.ready.partnerId, key);
    expect(second.invitationId).to.equal(first.invitationId);
    expect(second.draft).to.deep.equal(first.draft);
    const stored = JSON.stringify(await world.database.db.collection('idempotency_keys').find().toArray());
    expect(stored).to.contain(first.invitationId);
    expect(stored).not.to.contain(tokenOf(first.draft!.link));
    const audit = await world.services.audit.page(world.admin, {
      subject: `relationship:${RESELLERS.ready.partnerId}`,
    });
    expect(audit.entries.map((e) => e.type)).to.deep.equal(['relationship.requested']);
    // Another agent's click with the same key is a new action of theirs, and gets no draft.
    const other = { ...world.admin, agentId: 'agent-other-admin' };
    await world.services.access.grantRole(world.admin, { agentId: other.agentId, role: 'admin' });
    const theirs = await refusal(
      world.services.relationships.requestRelationship(
        other,
        { resellerEmail: 'owner@contoso.example', partnerId: RESELLERS.ready.partnerId },
        key,
      ),
    );
    expect(theirs.code).to.equal('relationship_already_open');
  });

  it('refuses a key reused for another operation', async () => {
    const key = newKey();
    await request(world, RESELLERS.ready.partnerId, key);
    const { code } = await refusal(
      world.services.relationships.cancelRequest(world.admin, { partnerId: RESELLERS.ready.partnerId }, key),
    );
    expect(code).to.equal('idempotency_key_reused');
  });

  it('marks the request sent only while the edited body still holds the link', async () => {
    const result = await request(world);
    const partnerId = result.partnerId;
    const edited = `Dear partner,\n\nPlease join us: ${result.draft!.link}\n\nThanks`;
    const without = result.draft!.body.replace(result.draft!.link, '(link)');
    const missing = await refusal(
      world.services.relationships.markRequestSent(world.admin, { partnerId, subject: 'Hi', body: without }),
    );
    expect(missing.code).to.equal('draft_link_missing');
    const forged = result.draft!.body.replace(tokenOf(result.draft!.link), 'A'.repeat(43));
    expect(
      (
        await refusal(
          world.services.relationships.markRequestSent(world.admin, {
            partnerId,
            subject: 'Hi',
            body: forged,
          }),
        )
      ).code,
    ).to.equal('draft_link_missing');
    const review = await world.services.relationships.reviewDraft(world.admin, {
      partnerId,
      subject: 'Hi',
      body: edited,
    });
    expect(decodeURIComponent(review.mailtoUrl)).to.contain('Please join us');
    const sent = await world.services.relationships.markRequestSent(world.admin, {
      partnerId,
      subject: 'Hi',
      body: edited,
    });
    expect(sent.invitation?.sentAt).to.be.instanceOf(Date);
  });

  it('lets an admin cancel a pending request, then a new request can be sent', async () => {
    await request(world);
    const cancelled = await world.services.relationships.cancelRequest(world.admin, {
      partnerId: RESELLERS.ready.partnerId,
    });
    expect(cancelled.status).to.equal('cancelled');
    expect(
      (
        await refusal(
          world.services.relationships.cancelRequest(world.sales, { partnerId: RESELLERS.ready.partnerId }),
        )
      ).code,
    ).to.equal('not_authorised');
    const again = await request(world);
    expect(again.invitationId).not.to.equal(cancelled.invitation?.invitationId);
  });

  it('lists an overdue request as expired before the sweep runs', async () => {
    await request(world);
    expect(
      (await world.services.relationships.listResellers(world.admin, { include: 'pending' })).total,
    ).to.equal(1);
    world.clock.advanceDays(15);
    const pending = await world.services.relationships.listResellers(world.admin, { include: 'pending' });
    expect(pending.total).to.equal(0);
    const view = await world.services.relationships.getRelationship(world.admin, RESELLERS.ready.partnerId);
    expect(view.status).to.equal('expired');
  });

  it('expires an unanswered request after the configured days', async () => {
    await request(world);
    world.clock.advanceDays(15);
    expect(await world.services.relationships.expireDueRequests()).to.equal(1);
    const view = await world.services.relationships.getRelationship(world.admin, RESELLERS.ready.partnerId);
    expect(view.status).to.equal('expired');
    expect(await world.services.relationships.expireDueRequests()).to.equal(0);
  });
});

describe('the request e-mail', () => {
  let world: World;
  beforeEach(async () => (world = await createWorld()));
  afterEach(async () => world.close());

  it('keeps mailto: links within what mail clients accept, and refuses an over-long body', async () => {
    const result = await world.services.relationships.requestRelationship(world.admin, {
      resellerEmail: 'owner@contoso.example',
      partnerId: RESELLERS.ready.partnerId,
    });
    const link = result.draft!.link;
    const long = `${'Dear partner, '.repeat(150)}\n${link}`;
    const review = await world.services.relationships.reviewDraft(world.admin, {
      partnerId: RESELLERS.ready.partnerId,
      subject: 'Hi',
      body: long,
    });
    expect(review.mailtoUrl.length).to.be.at.most(2000);
    expect(decodeURIComponent(review.mailtoUrl)).to.contain(link);
    const tooLong = await refusal(
      world.services.relationships.markRequestSent(world.admin, {
        partnerId: RESELLERS.ready.partnerId,
        subject: 'Hi',
        body: `${'x'.repeat(9000)} ${link}`,
      }),
    );
    expect(tooLong.code).to.equal('draft_too_long');
  });
});
