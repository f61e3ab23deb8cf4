import { expect } from 'chai';
import { parseCommand } from '../../bot/commands.js';
import { actionsOf, cardProblems } from '../cards/validate.js';
import { BOT_ID, BotDriver, onlyCard } from './driver.js';
import { activeContoso, CONTOSO, visibleText } from './fixtures.js';

describe('bot: commands in both languages', () => {
  let driver: BotDriver;
  beforeEach(async () => {
    driver = await BotDriver.create();
    await activeContoso(driver.world);
  });
  afterEach(async () => driver.close());

  const cases: [string, string, string, string][] = [
    ['help', '帮助', 'Hello Ada Admin: reseller relationships', 'Ada Admin，你好：经销商合作关系'],
    ['resellers', '经销商', 'Your indirect resellers', '你的间接经销商'],
    ['resellers cont', '经销商 cont', 'Contoso Cloud Partners (1000001)', 'Contoso Cloud Partners (1000001)'],
    [
      'invite',
      '请求合作关系',
      'Request a relationship with an indirect reseller',
      '向间接经销商请求合作关系',
    ],
    ['pending', '待处理', 'Pending relationship requests', '待处理的合作关系请求'],
    [
      'subscription cust-1 sub-1',
      '订阅 cust-1 sub-1',
      'Indirect reseller not in the list?',
      '不在列表中的间接经销商？',
    ],
    ['customers', '客户', 'Wide World Importers (wwi.example)', 'Wide World Importers (wwi.example)'],
    ['remove 1000001', '删除 1000001', 'legitimate business purpose', '合法的业务目的'],
    ['audit', '审核', 'Audit trail', '审核记录'],
    [
      'listing',
      '列表',
      'Changes to your listing go through your Microsoft representative',
      '请联系你的 Microsoft 代表',
    ],
    ['role', '角色', 'Admin agent', '管理员代理'],
    ['language', '语言', 'The bot answers you in English.', '机器人当前使用简体中文回答你。'],
  ];
  for (const [english, chinese, seenEn, seenZh] of cases) {
    it(`"${english}" answers in English and "${chinese}" in Chinese`, async () => {
      const admin = driver.person(driver.world.admin);
      const en = onlyCard(await driver.say(admin, english));
      expect(visibleText(en)).to.contain(seenEn);
      expect(cardProblems(en)).to.deep.equal([]);
      // The Teams locale is en-US: the Chinese command alone makes the answer Chinese.
      const zh = onlyCard(await driver.say(admin, chinese));
      expect(visibleText(zh)).to.contain(seenZh);
      expect(cardProblems(zh)).to.deep.equal([]);
    });
  }

  it('answers unknown text with the help card, in Chinese for Chinese text', async () => {
    const admin = driver.person(driver.world.admin);
    expect(visibleText(onlyCard(await driver.say(admin, 'what can you do')))).to.contain('What you can type');
    expect(visibleText(onlyCard(await driver.say(admin, '你好')))).to.contain('你可以输入');
  });

  it('follows a zh-* Teams locale', async () => {
    const admin = driver.person(driver.world.admin, { locale: 'zh-TW' });
    expect(visibleText(onlyCard(await driver.say(admin, 'help')))).to.contain('你可以输入');
  });

  it('strips the @mention of the bot in a channel before parsing', async () => {
    const admin = driver.person(driver.world.admin);
    const mention = {
      type: 'mention',
      mentioned: { id: BOT_ID, name: 'Reseller Bot' },
      text: '<at>Reseller Bot</at>',
    };
    const card = onlyCard(
      await driver.say(admin, '<at>Reseller Bot</at> resellers', { entities: [mention] }),
    );
    expect(visibleText(card)).to.contain('Your indirect resellers');
  });

  it('lists on the help card only what the caller’s role may do', async () => {
    const { world } = driver;
    const admin = visibleText(onlyCard(await driver.say(driver.person(world.admin), 'help')));
    const helpdesk = visibleText(onlyCard(await driver.say(driver.person(world.helpdesk), 'help')));
    const nobody = visibleText(onlyCard(await driver.say(driver.person(world.nobody), 'help')));
    expect(admin)
      .to.contain('invite [Partner ID]')
      .and.contain('remove [Partner ID]')
      .and.contain('Admin agent');
    expect(helpdesk).to.contain('resellers').and.contain('Helpdesk agent');
    expect(helpdesk).not.to.contain('invite [Partner ID]');
    expect(helpdesk).not.to.contain('remove [Partner ID]');
    expect(nobody).to.contain('You have no role');
    expect(nobody).not.to.contain('resellers [');
    const titles = actionsOf(onlyCard(await driver.say(driver.person(world.nobody), 'help'))).map(
      (a) => a.title,
    );
    expect(titles).to.deep.equal(['My role']);
  });

  it('keeps a language override per user, and a Chinese command still answers in Chinese', async () => {
    const { world } = driver;
    const admin = driver.person(world.admin);
    const switched = visibleText(onlyCard(await driver.say(admin, 'language zh-CN')));
    expect(switched).to.contain('从现在起，机器人将使用简体中文回答你。');
    expect(visibleText(onlyCard(await driver.say(admin, 'resellers')))).to.contain('你的间接经销商');
    // Another user of the same tenant keeps English.
    expect(visibleText(onlyCard(await driver.say(driver.person(world.sales), 'resellers')))).to.contain(
      'Your indirect resellers',
    );
    expect(visibleText(onlyCard(await driver.say(admin, '语言 English')))).to.contain(
      'From now on the bot answers you in English.',
    );
    expect(visibleText(onlyCard(await driver.say(admin, 'help')))).to.contain('What you can type');
  });

  it('refuses a command the role does not allow with a card saying why', async () => {
    const card = onlyCard(await driver.say(driver.person(driver.world.sales), 'invite'));
    expect(visibleText(card)).to.contain('Not possible').and.contain('Your role does not allow this');
    const zh = onlyCard(await driver.say(driver.person(driver.world.helpdesk), '删除 1000001'));
    expect(visibleText(zh)).to.contain('无法执行').and.contain('你的角色不允许执行此操作');
  });

  it('tells a tenant that is not a provider that it is not set up', async () => {
    const stranger = { tenantId: 'tenant-unknown', agentId: 'someone', displayName: 'Someone' };
    const card = onlyCard(await driver.say(driver.person(stranger), 'resellers'));
    expect(visibleText(card)).to.contain('Your organisation is not set up in this bot yet');
  });

  it('saves the conversation reference on every message and on install', async () => {
    const admin = driver.person(driver.world.admin);
    await driver.say(admin, 'help');
    const saved = await driver.conversations.get(admin.tenantId, admin.conversationId);
    expect(saved?.userId).to.equal(driver.world.admin.agentId);
    expect(saved?.reference.conversation?.id).to.equal(admin.conversationId);
    expect(saved?.reference.serviceUrl).to.equal('https://smba.example.test/emea/');
    const reseller = driver.person({ tenantId: CONTOSO.entraTenantId, agentId: 'contoso-user-9' });
    await driver.process(driver.activity(reseller, { type: 'installationUpdate', action: 'add' }));
    expect(await driver.conversations.get(reseller.tenantId, reseller.conversationId)).to.not.equal(
      undefined,
    );
  });

  it('saves a channel conversation once, without the thread’s message id, with its team and channel', async () => {
    const channel = '19:general-a@thread.tacv2';
    const admin = driver.inShared(
      driver.person(driver.world.admin),
      'channel',
      `${channel};messageid=1700000000001`,
    );
    const channelData = {
      tenant: { id: admin.tenantId },
      team: { id: '19:team-a@thread.tacv2' },
      channel: { id: channel },
    };
    await driver.say(admin, 'help', { channelData });
    // A message in another thread of the same channel refreshes the same record.
    await driver.say({ ...admin, conversationId: `${channel};messageid=1700000000002` }, 'help', {
      channelData,
    });
    const saved = await driver.conversations.get(admin.tenantId, channel);
    expect(saved).to.deep.include({
      conversationId: channel,
      conversationType: 'channel',
      teamId: '19:team-a@thread.tacv2',
      teamChannelId: channel,
    });
    expect(saved?.reference.conversation?.id).to.equal(channel);
    const stored = await driver.world.database.db
      .collection('conversation_references')
      .countDocuments({ tenantId: admin.tenantId, conversationType: 'channel' });
    expect(stored).to.equal(1);
  });

  it('greets with the help card when installed (the bot is added to the conversation)', async () => {
    const admin = driver.person(driver.world.admin);
    const result = await driver.process(
      driver.activity(admin, {
        type: 'conversationUpdate',
        membersAdded: [{ id: BOT_ID, name: 'Reseller Bot' }],
      }),
    );
    expect(visibleText(onlyCard(result))).to.contain('What you can type');
    expect(await driver.conversations.get(admin.tenantId, admin.conversationId)).to.not.equal(undefined);
  });
});

describe('command table', () => {
  it('maps English and Chinese words, with or without a space in Chinese', () => {
    expect(parseCommand('remove 1000001')).to.deep.include({ verb: 'removal.start', chinese: false });
    expect(parseCommand('删除1000001')).to.deep.equal({
      verb: 'removal.start',
      payload: { partnerId: '1000001' },
      chinese: true,
      alias: '删除',
    });
    expect(parseCommand('  RESELLERS   Contoso  Cloud ').payload).to.deep.equal({
      include: 'active',
      page: 0,
      query: 'Contoso Cloud',
    });
    expect(parseCommand('订阅 c1 s1')).to.deep.include({ verb: 'picker.open', chinese: true });
    expect(parseCommand('subscription c1').verb).to.equal('customer.subscriptions');
    expect(parseCommand('remove').verb).to.equal('resellers.list');
    expect(parseCommand('语言 中文').payload).to.deep.equal({ locale: 'zh-CN' });
    expect(parseCommand('language klingon').verb).to.equal('language.show');
  });

  it('opens an invitation from "invite <token>" or from a pasted link', () => {
    const token = 'A'.repeat(43);
    expect(parseCommand(`invite ${token}`)).to.deep.include({ verb: 'invitation.open', payload: { token } });
    expect(parseCommand(`邀请 ${token}`)).to.deep.include({ verb: 'invitation.open', chinese: true });
    expect(parseCommand(`please see https://bot.example.test/invite/${token} thanks`)).to.deep.include({
      verb: 'invitation.open',
      payload: { token },
    });
    expect(parseCommand('invite 1000001')).to.deep.include({
      verb: 'request.start',
      payload: { partnerId: '1000001' },
    });
  });
});
