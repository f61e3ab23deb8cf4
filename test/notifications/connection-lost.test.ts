import { expect } from 'chai';
import { ConnectionLog } from '../../services/partner-center/auth/connections.js';
import { visibleText } from '../cards/validate.js';
import { TENANT_A } from '../support/world.js';
import { OutboxWorld } from './outbox-support.js';

describe('notifications: the Partner Center connection lost and made again, to the provider’s admins', () => {
  let ow: OutboxWorld;
  beforeEach(async () => (ow = await OutboxWorld.create()));
  afterEach(() => ow.close());

  it('tells every admin with a chat once per loss, in their language, how to reconnect; and when it is back', async () => {
    const { world, driver, connector } = ow;
    const admin = driver.person(world.admin);
    await ow.hello(admin);
    const chen = { tenantId: TENANT_A, agentId: 'agent-chen', displayName: 'Chen Admin' };
    await world.services.access.grantRole(world.admin, { agentId: chen.agentId, role: 'admin' });
    const chenPerson = driver.person(chen, { locale: 'zh-CN' });
    await ow.hello(chenPerson, '角色');
    // A sales agent with a chat but no subscription hears nothing; a subscribed one does.
    const sales = driver.person(world.sales);
    await ow.hello(sales);
    const helpdesk = await ow.manager(world.helpdesk, world.admin);
    // An admin of another provider hears nothing.
    const otherAdmin = driver.person(world.adminB);
    await ow.hello(otherAdmin);
    // An admin who never wrote to the bot has no chat to be told in.
    await world.services.access.grantRole(world.admin, { agentId: 'agent-silent', role: 'admin' });

    const connections = new ConnectionLog(world.repos, world.clock);
    await connections.connected(TENANT_A, { username: 'ada@adatum.example', accountId: 'acc-1' });
    await ow.settle();
    expect(connector.cardsTo(admin.conversationId), 'a first connection is no news').to.have.length(0);

    await connections.lost(TENANT_A, 'invalid_grant');
    await connections.lost(TENANT_A, 'invalid_grant'); // a second refusal of the same loss
    await ow.settle();
    const [lostCard, ...more] = connector.cardsTo(admin.conversationId);
    expect(more, 'once per loss').to.have.length(0);
    const english = visibleText(lostCard);
    expect(english).to.include('Reconnect Partner Center');
    expect(english).to.include(`npm run provider:connect -- --tenant ${TENANT_A}`);
    expect(english).to.include('Adatum Distribution');
    const chinese = visibleText(connector.cardsTo(chenPerson.conversationId)[0]);
    expect(chinese).to.include('请重新连接合作伙伴中心');
    expect(chinese).to.include(`npm run provider:connect -- --tenant ${TENANT_A}`);
    expect(visibleText(connector.cardsTo(helpdesk.conversationId)[0])).to.include('Reconnect Partner Center');
    expect(connector.cardsTo(sales.conversationId)).to.have.length(0);
    expect(connector.cardsTo(otherAdmin.conversationId)).to.have.length(0);
    // Delivered: among the finished jobs.
    const jobs = await world.database.db
      .collection('notification_jobs_done')
      .find({ tenantId: TENANT_A })
      .toArray();
    expect(jobs.map((job) => [job.audience, job.target.userId]).sort()).to.deep.equal(
      [
        ['admin', world.admin.agentId],
        ['admin', chen.agentId],
        ['manager', world.helpdesk.agentId],
      ].sort(),
    );

    await connections.connected(TENANT_A, { username: 'ada@adatum.example', accountId: 'acc-2' });
    await ow.settle();
    const back = connector.cardsTo(admin.conversationId);
    expect(back).to.have.length(2);
    expect(visibleText(back[1])).to.include('Partner Center connected again');
    expect(visibleText(back[1])).to.include('ada@adatum.example');
    expect(visibleText(connector.cardsTo(chenPerson.conversationId)[1])).to.include('已重新连接合作伙伴中心');

    // Lost again later: a new loss, a new card.
    await connections.lost(TENANT_A, 'consent_revoked');
    await ow.settle();
    expect(connector.cardsTo(admin.conversationId)).to.have.length(3);
  });
});
