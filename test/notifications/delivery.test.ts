import { expect } from 'chai';
import { CONTOSO, contosoUser, requestContoso, visibleText } from '../bot/fixtures.js';
import { cardProblems } from '../cards/validate.js';
import { monitored } from '../../bench/turns/monitoring.js';
import { onlyIdLookups, readsOf } from '../support/command-filters.js';
import { OutboxWorld } from './outbox-support.js';

const texts = (cards: Record<string, unknown>[]) => cards.map((card) => visibleText(card));

describe('notifications: delivery through the Bot Connector', () => {
  let ow: OutboxWorld;
  beforeEach(async () => (ow = await OutboxWorld.create()));
  afterEach(() => ow.close());

  it('an accept reaches the managers in their own language, the reseller’s user, and nobody of another provider', async () => {
    const { world, driver, connector } = ow;
    const admin = await ow.manager(world.admin, world.admin);
    const salesActor = { ...world.sales, displayName: 'Sam Sales' };
    const sales = driver.person(salesActor);
    await ow.hello(sales, 'language zh-CN');
    await world.services.notifications.addPerson(world.admin, { userId: sales.userId, name: 'Sam Sales' });
    const adminB = await ow.manager(world.adminB, world.adminB);
    const reseller = { ...contosoUser, serviceUrl: connector.url };
    await ow.hello(reseller, 'help');
    const before = connector.deliveries.length;

    const token = await requestContoso(world);
    await world.services.invitations.accept({
      token,
      user: { userId: contosoUser.userId, entraTenantId: CONTOSO.entraTenantId, name: 'Chen Jie' },
    });
    await ow.settle();

    const adminCards = connector.cardsTo(admin.conversationId);
    // Ada is a manager and also sent the request: she hears once.
    expect(texts(adminCards)).to.have.length(1);
    expect(texts(adminCards)[0]).to.contain('Contoso Cloud Partners accepted');
    expect(texts(adminCards)[0]).to.contain('Assign to a subscription');
    expect(cardProblems(adminCards[0])).to.deep.equal([]);
    const salesCards = texts(connector.cardsTo(sales.conversationId));
    expect(salesCards).to.have.length(1);
    expect(salesCards[0]).to.contain('Contoso Cloud Partners 已接受');
    expect(salesCards[0]).to.contain('指定到订阅');
    const resellerCards = texts(connector.cardsTo(contosoUser.conversationId));
    expect(resellerCards).to.have.length(1);
    expect(resellerCards[0]).to.contain('You are now a reseller of Adatum Distribution');
    expect(connector.cardsTo(adminB.conversationId)).to.deep.equal([]);
    expect(connector.deliveries.length - before).to.equal(3);
  });

  it('finds each recipient’s chat by `_id`, however many conversations the bot has', async () => {
    await ow.close();
    ow = await OutboxWorld.create({ uri: monitored(process.env.MONGODB_URI ?? '') });
    const { world, driver, connector } = ow;
    const admin = await ow.manager(world.admin, world.admin);
    // Other people of the tenant: the outbox never reads their references.
    for (let i = 0; i < 5; i++)
      await ow.hello(driver.person({ ...world.sales, agentId: `agent-other-${i}` }));
    const reads = readsOf(world.database, 'conversation');

    await ow.hello(contosoUser, 'help');
    const token = await requestContoso(world);
    await world.services.invitations.accept({
      token,
      user: { userId: contosoUser.userId, entraTenantId: CONTOSO.entraTenantId, name: 'Chen Jie' },
    });
    await ow.settle();

    expect(texts(connector.cardsTo(admin.conversationId)).join('\n')).to.contain(
      'Contoso Cloud Partners accepted',
    );
    expect(texts(connector.cardsTo(contosoUser.conversationId)).join('\n')).to.contain(
      'You are now a reseller',
    );
    expect(reads.length).to.be.greaterThan(0);
    expect(onlyIdLookups(reads), JSON.stringify(reads)).to.equal(true);
  });

  it('reaches a person whose chat an older instance saved (no directory document), and then by `_id`', async () => {
    const { world, connector } = ow;
    const admin = await ow.manager(world.admin, world.admin);
    await ow.hello(contosoUser, 'help');
    await world.database.db.collection('conversation_personal_chats').deleteMany({});
    const token = await requestContoso(world);
    await world.services.invitations.accept({
      token,
      user: { userId: contosoUser.userId, entraTenantId: CONTOSO.entraTenantId, name: 'Chen Jie' },
    });
    await ow.settle();
    expect(texts(connector.cardsTo(contosoUser.conversationId))).to.have.length(1);
    expect(texts(connector.cardsTo(admin.conversationId))).to.have.length(1);
    expect(
      await world.database.db
        .collection('conversation_personal_chats')
        .countDocuments({ userId: world.admin.agentId }),
    ).to.equal(1);
  });
});
