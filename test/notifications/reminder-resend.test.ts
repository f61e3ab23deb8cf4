import { expect } from 'chai';
import { CONTOSO, cardOf, errorOf } from '../bot/fixtures.js';
import { findAction, onlyCard } from '../bot/driver.js';
import { actionsOf, visibleText } from '../cards/validate.js';
import { refusal, tokenOf } from '../support/world.js';
import { ExpiryReminders } from '../../services/notifications/expiry-reminders.js';
import { formatDate } from '../../i18n/index.js';
import { OutboxWorld } from './outbox-support.js';

const user = { userId: 'contoso-user-1', entraTenantId: CONTOSO.entraTenantId };

describe('notifications: Resend on the reminder that a request is about to expire', () => {
  let ow: OutboxWorld;
  beforeEach(async () => (ow = await OutboxWorld.create()));
  afterEach(() => ow.close());

  async function remindedRequest() {
    const { world } = ow;
    const admin = await ow.manager(world.admin, world.admin);
    const first = await world.services.relationships.requestRelationship(world.admin, {
      resellerEmail: 'owner@contoso.example',
      partnerId: CONTOSO.partnerId,
    });
    world.clock.advanceDays(11.5);
    const reminders = new ExpiryReminders({ repos: world.repos, clock: world.clock }, 3);
    expect(await reminders.sweep()).to.equal(1);
    await ow.settle();
    const [reminder] = ow.connector.cardsTo(admin.conversationId);
    return { admin, first, reminder: reminder!, reminders };
  }

  it('writes a fresh link with a new expiry; the old link is void; a repeated click shows the same draft', async () => {
    const { world, driver } = ow;
    const { admin, first, reminder, reminders } = await remindedRequest();
    expect(actionsOf(reminder).map((a) => a.verb)).to.deep.equal([
      'request.resend',
      'request.cancel',
      'resellers.list',
    ]);
    const resend = findAction(reminder, 'request.resend');
    expect(resend.title).to.equal('Resend with a new link');

    const draft = cardOf(await driver.click(admin, reminder, 'request.resend'));
    const link = findAction(draft, 'draft.done').data.link as string;
    expect(link).to.match(/\/invite\/[A-Za-z0-9_-]{43}$/);
    expect(link).not.to.equal(first.draft!.link);
    expect(visibleText(draft)).to.contain(link).and.contain('owner@contoso.example');
    // The request runs for the full period again from now (14 days), not from the first request.
    const view = await world.services.relationships.getRelationship(world.admin, CONTOSO.partnerId);
    expect(view.status).to.equal('pending');
    expect(view.invitation!.expiresAt.getTime() - world.clock.now().getTime()).to.equal(14 * 86_400_000);
    expect(visibleText(draft)).to.contain(formatDate('en-US', view.invitation!.expiresAt));

    // The same click again (Teams sends the same action data): the same draft, and still one renewal.
    const again = cardOf(await driver.click(admin, reminder, 'request.resend'));
    expect(findAction(again, 'draft.done').data.link).to.equal(link);
    const events = await world.repos.events.readAfter(
      world.admin.tenantId,
      'relationship',
      CONTOSO.partnerId,
      0,
    );
    expect(events.map((event) => event.type)).to.deep.equal([
      'relationship.requested',
      'relationship.request_renewed',
    ]);

    // The audit trail names it, with the old and new expiry days.
    const audit = visibleText(onlyCard(await driver.say(admin, 'audit')));
    expect(audit)
      .to.contain('Request sent again with a new link')
      .and.contain(
        `Expires on: ${first.expiresAt.toISOString().slice(0, 10)} → ${view.invitation!.expiresAt.toISOString().slice(0, 10)}`,
      );

    // The reseller opens the old link: it says a newer invitation replaced it, and cannot be used.
    const old = await world.services.invitations.open(tokenOf(first.draft!.link));
    expect(old.status).to.equal('replaced');
    expect(
      (await refusal(world.services.invitations.accept({ token: tokenOf(first.draft!.link), user }))).code,
    ).to.equal('invitation_replaced');
    // The new one works.
    const accepted = await world.services.invitations.accept({ token: tokenOf(link), user });
    expect(accepted.status).to.equal('accepted');
    // The new link had a reminder of its own due 3 days before its own expiry; none after acceptance.
    world.clock.advanceDays(11.5);
    expect(await reminders.sweep()).to.equal(0);
  });

  it('reminds again before the new link expires, and the reminder card of the old link is stale', async () => {
    const { world, driver } = ow;
    const { admin, reminder, reminders } = await remindedRequest();
    cardOf(await driver.click(admin, reminder, 'request.resend'));
    expect(await reminders.sweep()).to.equal(0);
    world.clock.advanceDays(11.5);
    expect(await reminders.sweep()).to.equal(1);
    // The first reminder was shown for the old link: Cancel on it, or another admin's Resend, no longer acts.
    errorOf(await driver.click(admin, reminder, 'request.cancel'), 'stale_action');
    const second = { tenantId: world.admin.tenantId, agentId: 'agent-admin-2', displayName: 'Alex Admin' };
    await world.services.access.grantRole(world.admin, { agentId: second.agentId, role: 'admin' });
    errorOf(await driver.click(driver.person(second), reminder, 'request.resend'), 'stale_action');
    const view = await world.services.relationships.getRelationship(world.admin, CONTOSO.partnerId);
    expect(view.status).to.equal('pending');
  });

  it('answers with where the relationship stands once the reseller has answered', async () => {
    const { world, driver } = ow;
    const { admin, first, reminder } = await remindedRequest();
    await world.services.invitations.accept({ token: tokenOf(first.draft!.link), user });
    const answer = cardOf(await driver.click(admin, reminder, 'request.resend'));
    expect(visibleText(answer)).to.contain('Contoso Cloud Partners').and.contain('Active');
    expect(actionsOf(answer).map((a) => a.verb)).not.to.include('draft.done');
  });

  it('is for admins, like a request: sales and helpdesk are refused; a channel reminder has no Resend (it shows the link)', async () => {
    const { world, driver, connector } = ow;
    const channel = driver.inShared(driver.person(world.admin), 'channel', '19:resellers@thread.tacv2');
    await ow.hello(channel);
    await world.services.notifications.addChannel(world.admin, {
      conversationId: channel.conversationId,
      conversationType: 'channel',
      name: 'Resellers',
    });
    const { reminder } = await remindedRequest();
    const [inChannel] = connector.cardsTo(channel.conversationId).slice(-1);
    expect(visibleText(inChannel)).to.contain('about to expire');
    expect(actionsOf(inChannel).map((a) => a.verb)).to.deep.equal(['request.cancel', 'resellers.list']);
    for (const agent of [world.helpdesk, world.sales])
      errorOf(await driver.click(driver.person(agent), reminder, 'request.resend'), 'not_authorised');
    const events = await world.repos.events.readAfter(
      world.admin.tenantId,
      'relationship',
      CONTOSO.partnerId,
      0,
    );
    expect(events.map((event) => event.type)).to.deep.equal(['relationship.requested']);
  });
});
