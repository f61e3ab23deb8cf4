import { expect } from 'chai';
import { actionsOf, cardProblems } from '../cards/validate.js';
import { BotDriver, onlyCard } from '../bot/driver.js';
import { cardOf, errorOf, eventsOf, visibleText } from '../bot/fixtures.js';

const verbsOn = (card: unknown) => actionsOf(card).map((a) => a.verb);

describe('notifications: who hears about what (the notifications card)', () => {
  let driver: BotDriver;
  beforeEach(async () => (driver = await BotDriver.create()));
  afterEach(() => driver.close());

  it('lets an admin add themselves; the change is in the audit trail; a second click changes nothing', async () => {
    const { world } = driver;
    const admin = driver.person(world.admin);
    const card = onlyCard(await driver.say(admin, 'notifications'));
    expect(cardProblems(card)).to.deep.equal([]);
    expect(visibleText(card)).to.contain('Nobody receives notifications yet.');
    expect(verbsOn(card)).to.include('notifications.addMe');
    expect(verbsOn(card)).not.to.include('notifications.addChannel');

    const added = cardOf(await driver.click(admin, card, 'notifications.addMe'));
    expect(visibleText(added)).to.contain('Ada Admin');
    expect(visibleText(added)).to.contain('Receives: every event');
    expect(verbsOn(added)).not.to.include('notifications.addMe');
    // The same card clicked again (same action id): one event only.
    cardOf(await driver.click(admin, card, 'notifications.addMe'));
    expect(await eventsOf(world, 'notifications:managers')).to.deep.equal([
      'notification.subscription_added',
    ]);
  });

  it('answers in Chinese to 通知, and shows the list read-only to a helpdesk agent, who cannot change it', async () => {
    const { world } = driver;
    const admin = driver.person(world.admin);
    await driver.click(admin, onlyCard(await driver.say(admin, 'notifications')), 'notifications.addMe');
    const helpdesk = driver.person(world.helpdesk);
    const card = onlyCard(await driver.say(helpdesk, '通知'));
    expect(visibleText(card)).to.contain('管理员代理可以更改此列表');
    expect(visibleText(card)).to.contain('Ada Admin');
    expect(verbsOn(card)).to.deep.equal([]);
    // A forged click is refused by the service, and nothing changes.
    const forged = await driver.invoke(helpdesk, 'notifications.addMe', { actionId: 'forged-0001' });
    expect(errorOf(forged.response, 'not_authorised')).to.contain('role');
    expect(await eventsOf(world, 'notifications:managers')).to.have.length(1);
  });

  it('offers Add this channel only in a channel, and says when a person has no chat with the bot yet', async () => {
    const { world } = driver;
    const inChannel = driver.inShared(driver.person(world.admin), 'channel', '19:general@thread.tacv2');
    const card = onlyCard(await driver.say(inChannel, 'notifications'));
    expect(verbsOn(card)).to.include('notifications.addChannel');
    const withChannel = cardOf(await driver.click(inChannel, card, 'notifications.addChannel'));
    expect(visibleText(withChannel)).to.contain('This channel');
    // "Add me" from the channel: Ada has never opened a 1:1 chat with the bot.
    const withMe = cardOf(await driver.click(inChannel, withChannel, 'notifications.addMe'));
    expect(visibleText(withMe)).to.contain('Ada Admin has not opened a chat with the bot yet');
    // Once she writes to the bot in a 1:1 chat, the warning is gone.
    await driver.say(driver.person(world.admin), 'help');
    const later = onlyCard(await driver.say(driver.person(world.admin), 'notifications'));
    expect(visibleText(later)).not.to.contain('has not opened a chat');
    // A channel id typed into forged card data is never used: the conversation of the click is.
    const forged = await driver.invoke(driver.person(world.admin), 'notifications.addChannel', {
      actionId: 'forged-0002',
      conversationId: '19:general@thread.tacv2',
    });
    errorOf(forged.response, 'notification_channel_only');
  });

  it('lets an admin pick event types (at least one) and remove a recipient', async () => {
    const { world } = driver;
    const admin = driver.person(world.admin, { locale: 'zh-CN' });
    const added = cardOf(
      await driver.click(admin, onlyCard(await driver.say(admin, 'notifications')), 'notifications.addMe'),
    );
    const form = cardOf(await driver.click(admin, added, 'notifications.types'));
    expect(cardProblems(form)).to.deep.equal([]);
    expect(visibleText(form)).to.contain('经销商接受时');
    const none = cardOf(await driver.click(admin, form, 'notifications.saveTypes', { types: '' }));
    expect(visibleText(none)).to.contain('请至少选择一种事件类型');
    const saved = cardOf(
      await driver.click(admin, form, 'notifications.saveTypes', { types: 'declined,accepted' }),
    );
    expect(visibleText(saved)).to.contain('接收：经销商接受时、经销商拒绝时');
    const removed = cardOf(await driver.click(admin, saved, 'notifications.remove'));
    expect(visibleText(removed)).to.contain('目前还没有人接收通知。');
    expect(await eventsOf(world, 'notifications:managers')).to.deep.equal([
      'notification.subscription_added',
      'notification.types_changed',
      'notification.subscription_removed',
    ]);
  });
});
