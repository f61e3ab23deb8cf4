import { expect } from 'chai';
import { CONTOSO, requestContoso, visibleText } from '../bot/fixtures.js';
import { cardOf } from '../bot/fixtures.js';
import { onlyCard } from '../bot/driver.js';
import { actionsOf } from '../cards/validate.js';
import { CONVERSATION_BUCKET, TENANT_BUCKET } from '../../services/notifications/delivery-policy.js';
import { OutboxWorld } from './outbox-support.js';

/** Contoso accepts a request the admin sent. */
async function accepted(ow: OutboxWorld): Promise<void> {
  const token = await requestContoso(ow.world);
  await ow.world.services.invitations.accept({
    token,
    user: { userId: 'contoso-user-9', entraTenantId: CONTOSO.entraTenantId },
  });
}

describe('notifications: throttling, retries, dead letters and recipients that are gone', () => {
  let ow: OutboxWorld;
  beforeEach(async () => (ow = await OutboxWorld.create()));
  afterEach(() => ow.close());

  it('honours Retry-After on 429, retries 412, 502, 503 and a dropped connection, and delivers once', async () => {
    const { world, connector } = ow;
    const admin = await ow.manager(world.admin, world.admin);
    connector.script(
      admin.conversationId,
      { status: 429, retryAfter: '1' },
      { status: 412 },
      { drop: true },
      { status: 502 },
      { status: 503 },
    );
    await accepted(ow);
    await ow.settle();
    const answers = connector.attempts.filter((a) => a.conversationId === admin.conversationId);
    expect(answers.map((a) => a.answer)).to.deep.equal([429, 412, 'dropped', 502, 503, 201]);
    // Teams said "after 1 second": the next attempt came no sooner.
    expect(answers[1]!.at - answers[0]!.at).to.be.at.least(1000);
    expect(connector.cardsTo(admin.conversationId)).to.have.length(1);
  });

  it('dead-letters a notification after its last attempt; an admin retries it from the failed card (once)', async () => {
    const { world, driver, connector } = ow;
    const admin = await ow.manager(world.admin, world.admin);
    connector.script(admin.conversationId, ...Array.from({ length: 6 }, () => ({ status: 502 })));
    await accepted(ow);
    await ow.settle();
    expect(connector.cardsTo(admin.conversationId)).to.deep.equal([]);
    expect((await world.repos.notifications.stats(new Date())).deadLetters).to.equal(1);

    const list = onlyCard(await driver.say(admin, 'notifications', { serviceUrl: connector.url }));
    expect(visibleText(list)).to.contain('1 notification(s) could not be delivered.');
    const failed = cardOf(await driver.click(admin, list, 'notifications.failed'));
    expect(visibleText(failed)).to.contain('Reseller accepted: Partner ID 1000001');
    expect(visibleText(failed)).to.contain('6 attempts, last answer 502');
    const retried = cardOf(await driver.click(admin, failed, 'notifications.retry'));
    expect(visibleText(retried)).to.contain('The notification will be sent again.');
    expect(visibleText(retried)).to.contain('No notification is waiting');
    // The same button again: the job is no longer dead, nothing changes.
    cardOf(await driver.click(admin, failed, 'notifications.retry'));
    await ow.settle();
    expect(connector.cardsTo(admin.conversationId)).to.have.length(1);
    expect((await world.repos.notifications.stats(new Date())).deadLetters).to.equal(0);
  });

  it('lets an admin dismiss a dead letter; another provider cannot see or touch it', async () => {
    const { world, driver, connector } = ow;
    const admin = await ow.manager(world.admin, world.admin);
    connector.script(admin.conversationId, ...Array.from({ length: 6 }, () => ({ status: 500 })));
    await accepted(ow);
    await ow.settle();
    const failed = onlyCard(await driver.say(admin, 'notifications failed', { serviceUrl: connector.url }));
    const dismiss = actionsOf(failed).find((a) => a.verb === 'notifications.dismiss')!;
    const adminB = driver.person(world.adminB);
    const foreign = await driver.invoke(adminB, 'notifications.dismiss', dismiss.data);
    expect(foreign.response.statusCode).to.equal(400);
    expect((foreign.response.value as { code: string }).code).to.equal('notification_job_unknown');
    const dismissed = cardOf(await driver.click(admin, failed, 'notifications.dismiss'));
    expect(visibleText(dismissed)).to.contain('The notification was dismissed.');
    expect((await world.repos.notifications.stats(new Date())).deadLetters).to.equal(0);
  });

  it('on 403 and 404 marks the subscription inactive, says so on the card, and sends it nothing more', async () => {
    const { world, driver, connector } = ow;
    const admin = await ow.manager(world.admin, world.admin);
    const sales = await ow.manager({ ...world.sales, displayName: 'Sam Sales' }, world.admin);
    connector.script(admin.conversationId, { status: 403 });
    connector.script(sales.conversationId, { status: 404 });
    await accepted(ow);
    await ow.settle();
    const card = onlyCard(await driver.say(admin, 'notifications', { serviceUrl: connector.url }));
    expect(visibleText(card)).to.contain('Teams refused delivery (the bot was blocked or removed)');
    expect(visibleText(card)).to.contain('Teams no longer knows this conversation');
    // Ada is inactive, so "Add me" is offered again.
    expect(actionsOf(card).map((a) => a.verb)).to.include('notifications.addMe');
    const attemptsBefore = connector.attempts.length;
    await world.services.relationships.removeRelationship(world.admin, {
      partnerId: CONTOSO.partnerId,
      confirmed: true,
      attestation: true,
    });
    await ow.settle();
    expect(connector.attempts.length).to.equal(attemptsBefore);
    expect(connector.attempts.filter((a) => a.answer === 403 || a.answer === 404)).to.have.length(2);
  });

  it('paces a burst under Teams’ limits: per conversation (7/1 s, 8/2 s) and per tenant (50/s)', async function () {
    this.timeout(90_000);
    const { world, connector } = ow;
    const notifier = ow.notifier({ limits: { conversation: CONVERSATION_BUCKET, tenant: TENANT_BUCKET } });
    const admin = await ow.manager(world.admin, world.admin);
    const many = [];
    for (let i = 0; i < 30; i++)
      many.push(await ow.manager({ tenantId: world.admin.tenantId, agentId: `agent-m${i}` }, world.admin));
    // Four events in a row, 31 recipients each.
    for (let i = 0; i < 2; i++) {
      await accepted(ow);
      await world.services.relationships.removeRelationship(world.admin, {
        partnerId: CONTOSO.partnerId,
        confirmed: true,
        attestation: true,
      });
    }
    await ow.settle(notifier, 30_000);
    const times = connector.deliveries.map((d) => d.at).sort((a, b) => a - b);
    expect(times).to.have.length(4 * 31);
    const most = (list: number[], windowMs: number) =>
      Math.max(...list.map((start) => list.filter((t) => t >= start && t < start + windowMs).length));
    expect(most(times, 1000)).to.be.at.most(50);
    const adminTimes = connector.deliveries
      .filter((d) => d.conversationId === admin.conversationId)
      .map((d) => d.at);
    expect(adminTimes).to.have.length(4);
    expect(most(adminTimes, 1000)).to.be.at.most(7);
    expect(most(adminTimes, 2000)).to.be.at.most(8);
    expect(many).to.have.length(30);
  });
});
