import { expect } from 'chai';
import { CHANNEL_EXPECTED, CHANNEL_RESELLERS, seedChannel } from '../support/channel-data.js';
import { createWorld, refusal, RESELLERS, type World } from '../support/world.js';

describe('channel overview (the resellers tab’s data)', () => {
  let world: World;
  before(async () => {
    world = await createWorld();
    await seedChannel(world);
  });
  after(async () => world.close());

  it('counts the last 90 days of requests by outcome, with the median time to accept', async () => {
    const { funnel } = await world.services.channel.overview(world.admin);
    expect({
      sent: funnel.sent,
      accepted: funnel.accepted,
      declined: funnel.declined,
      expired: funnel.expired,
      cancelled: funnel.cancelled,
      pending: funnel.pending,
    }).to.deep.equal(CHANNEL_EXPECTED.funnel);
    expect(funnel.medianMsToAccept).to.equal(CHANNEL_EXPECTED.medianMsToAccept);
    expect(funnel.days).to.equal(90);
  });

  it('lists every relationship with its state, since, subscriptions and support contacts; pending with expiry', async () => {
    const overview = await world.services.channel.overview(world.admin);
    expect(overview.providerName).to.equal('Adatum Distribution');
    expect(overview.relationships).to.have.length(CHANNEL_EXPECTED.relationships);
    const byId = new Map(overview.relationships.map((row) => [row.partnerId, row]));
    const contoso = byId.get(RESELLERS.ready.partnerId);
    expect(contoso?.status).to.equal('active');
    expect({
      subscriptions: contoso?.subscriptions,
      supportContacts: contoso?.supportContacts,
    }).to.deep.equal(CHANNEL_EXPECTED.contoso);
    expect(byId.get(CHANNEL_RESELLERS.datum.partnerId)?.status).to.equal('active');
    expect(byId.get(CHANNEL_RESELLERS.litware.partnerId)?.status).to.equal('expired');
    expect(byId.get(CHANNEL_RESELLERS.proseware.partnerId)?.status).to.equal('cancelled');
    expect(byId.get(RESELLERS.second.partnerId)?.status).to.equal('declined');
    expect(overview.pending.map((row) => row.partnerId)).to.deep.equal([CHANNEL_RESELLERS.coho.partnerId]);
    const [coho] = overview.pending;
    expect(coho?.invitation?.resellerEmail).to.equal('owner@coho.example');
    expect(coho?.invitation?.expiresAt.getTime()).to.equal(world.clock.now().getTime() + 14 * 86_400_000);
    // Active since the acceptance: Contoso accepted 13 days before now.
    expect(contoso?.since?.getTime()).to.equal(world.clock.now().getTime() - 13 * 86_400_000);
    expect(overview.subscriptionsComplete).to.equal(true);
    expect(overview.mayChange).to.equal(true);
  });

  it('shows a helpdesk agent the same figures, read only; refuses someone without a role and another provider sees none', async () => {
    const helpdesk = await world.services.channel.overview(world.helpdesk);
    expect(helpdesk.mayChange).to.equal(false);
    expect(helpdesk.roles).to.deep.equal(['helpdesk']);
    expect(helpdesk.funnel.sent).to.equal(CHANNEL_EXPECTED.funnel.sent);
    expect((await refusal(world.services.channel.overview(world.nobody))).code).to.equal('not_authorised');
    const other = await world.services.channel.overview(world.adminB);
    expect(other.relationships).to.deep.equal([]);
    expect(other.funnel.sent).to.equal(0);
    expect(other.funnel.medianMsToAccept).to.equal(undefined);
  });
});
