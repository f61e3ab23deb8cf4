import { expect } from 'chai';
import { CONTOSO, contosoUser, FABRIKAM, withSubscription } from '../bot/fixtures.js';
import { actionsOf, cardProblems, visibleText } from '../cards/validate.js';
import { ACCEPTANCE, tokenOf } from '../support/world.js';
import { ExpiryReminders } from '../../services/notifications/expiry-reminders.js';
import { cardOf } from '../bot/fixtures.js';
import { OutboxWorld } from './outbox-support.js';

describe('notifications: every event type → its card, to the subscribed recipients only', () => {
  let ow: OutboxWorld;
  beforeEach(async () => (ow = await OutboxWorld.create()));
  afterEach(() => ow.close());

  it('tells a manager (and a channel) about each change, with its actions; another provider hears nothing', async () => {
    const { world, driver, connector } = ow;
    const { services } = world;
    await withSubscription(world);
    const manager = await ow.manager({ ...world.sales, displayName: 'Sam Sales' }, world.admin);
    const channel = driver.inShared(driver.person(world.admin), 'channel', '19:resellers@thread.tacv2');
    await ow.hello(channel);
    await services.notifications.addChannel(world.admin, {
      conversationId: channel.conversationId,
      conversationType: 'channel',
      name: 'Resellers',
    });
    const other = await ow.manager(world.adminB, world.adminB);
    const user = { userId: 'contoso-user-9', entraTenantId: CONTOSO.entraTenantId };

    // Request, mark sent, cancel; request again and decline; again and let it expire; again and accept.
    const request = async (partnerId: string, email: string) => {
      const result = await services.relationships.requestRelationship(world.admin, {
        resellerEmail: email,
        partnerId,
      });
      return result.draft!;
    };
    const first = await request(CONTOSO.partnerId, 'owner@contoso.example');
    await services.relationships.markRequestSent(world.admin, {
      partnerId: CONTOSO.partnerId,
      subject: 'Hi',
      body: first.body,
    });
    await services.relationships.cancelRequest(world.admin, { partnerId: CONTOSO.partnerId });
    const second = await request(CONTOSO.partnerId, 'owner@contoso.example');
    await services.invitations.decline({ token: tokenOf(second.link), user });
    await request(FABRIKAM.partnerId, 'owner@fabrikam.example');
    world.clock.advanceDays(15);
    await services.relationships.expireDueRequests();
    const third = await request(CONTOSO.partnerId, 'owner@contoso.example');
    await services.invitations.accept({ token: tokenOf(third.link), user });
    const subscription = { customerId: 'cust-1', subscriptionId: 'sub-1', partnerId: CONTOSO.partnerId };
    await services.commerce.setResellerOfRecord(world.admin, subscription);
    await services.commerce.designateSupportContact(world.admin, subscription);
    await services.commerce.addCustomer(world.admin, {
      companyName: 'Blue Yonder Airlines',
      domain: 'blueyonder.example',
      azure: false,
      partnerId: CONTOSO.partnerId,
      ...ACCEPTANCE,
    });
    await services.commerce.submitOrder(world.admin, {
      customerId: 'cust-1',
      partnerId: CONTOSO.partnerId,
      lineItems: [{ offerId: 'CFQ7TTC0LH18', quantity: 5, termDuration: 'P1M', billingCycle: 'monthly' }],
    });
    await services.relationships.removeRelationship(world.admin, {
      partnerId: CONTOSO.partnerId,
      confirmed: true,
      attestation: true,
    });
    await ow.settle();

    const expected: [string, string | undefined][] = [
      ['Relationship request sent to Contoso Cloud Partners', 'resellers.list'],
      ['Request to Contoso Cloud Partners cancelled', 'request.start'],
      ['Contoso Cloud Partners declined', 'request.start'],
      ['Request to Fabrikam Solutions expired', 'request.start'],
      ['Contoso Cloud Partners accepted', 'customers.list'],
      ['Reseller of record set: Contoso Cloud Partners', 'customer.subscriptions'],
      ['Support contact designated: Contoso Cloud Partners', 'customer.subscriptions'],
      ['Customer added for Contoso Cloud Partners', 'customer.subscriptions'],
      ['Order submitted for Contoso Cloud Partners', 'customer.subscriptions'],
      ['Relationship with Contoso Cloud Partners removed', 'resellers.list'],
    ];
    const cards = connector.cardsTo(manager.conversationId);
    const titles = cards.map((card) => visibleText(card).split('\n')[0]);
    // Every event once; the order between streams is the feed's.
    expect([...titles].sort()).to.deep.equal(expected.map(([title]) => title).sort());
    for (const [title, verb] of expected) {
      const card = cards[titles.indexOf(title)];
      expect(cardProblems(card), title).to.deep.equal([]);
      expect(
        actionsOf(card).map((a) => a.verb),
        title,
      ).to.include(verb);
    }
    // The channel hears the same, but never gets the personal-only Resend button.
    const channelCards = connector.cardsTo(channel.conversationId);
    expect(channelCards).to.have.length(expected.length);
    expect(channelCards.flatMap((card) => actionsOf(card).map((a) => a.verb))).not.to.include(
      'request.start',
    );
    expect(connector.cardsTo(other.conversationId)).to.deep.equal([]);
    expect(connector.cardsTo(contosoUser.conversationId)).to.deep.equal([]);
  });

  it('reminds managers 3 days before a request expires, once, with Cancel request', async () => {
    const { world, driver, connector } = ow;
    const admin = await ow.manager(world.admin, world.admin);
    const reminders = new ExpiryReminders({ repos: world.repos, clock: world.clock }, 3);
    await world.services.relationships.requestRelationship(world.admin, {
      resellerEmail: 'owner@contoso.example',
      partnerId: CONTOSO.partnerId,
    });
    expect(await reminders.sweep()).to.equal(0);
    world.clock.advanceDays(11.5);
    expect(await reminders.sweep()).to.equal(1);
    // Every instance sweeps: the reminder is written once.
    expect(await reminders.sweep()).to.equal(0);
    expect(await new ExpiryReminders({ repos: world.repos, clock: world.clock }, 3).sweep()).to.equal(0);
    await ow.settle();
    const cards = connector.cardsTo(admin.conversationId);
    expect(cards).to.have.length(1);
    expect(visibleText(cards[0])).to.contain('Request to Contoso Cloud Partners about to expire');
    expect(visibleText(cards[0])).to.match(/expires on November 1[45], 2026/);
    const cancelled = cardOf(await driver.click(admin, cards[0], 'request.cancel'));
    expect(visibleText(cancelled)).to.contain('Contoso Cloud Partners');
    const view = await world.services.relationships.getRelationship(world.admin, CONTOSO.partnerId);
    expect(view.status).to.equal('cancelled');
  });
});
