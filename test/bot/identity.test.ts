import { expect } from 'chai';
import { clipName, identify } from '../../bot/caller.js';
import { actionsOf } from '../cards/validate.js';
import { BotDriver, cardsIn, findAction, onlyCard, type TurnResult } from './driver.js';
import { activeContoso, cardOf, errorOf, visibleText } from './fixtures.js';

/** The invoke response the bot sent in a turn (status and body). */
function invokeReply(result: TurnResult): {
  status: number;
  body: { statusCode: number; type: string; value: unknown };
} {
  const reply = result.sent.find((activity) => activity.type === 'invokeResponse');
  if (!reply) throw new Error('no invoke response');
  return reply.value as { status: number; body: { statusCode: number; type: string; value: unknown } };
}

describe('bot: only Teams, only Entra users', () => {
  let driver: BotDriver;
  beforeEach(async () => {
    driver = await BotDriver.create();
    await activeContoso(driver.world);
  });
  afterEach(async () => driver.close());

  it('ignores a Direct Line message claiming tenant-a’s admin: no card, no saved conversation', async () => {
    const admin = driver.person(driver.world.admin);
    const forged = await driver.process(
      driver.activity(admin, { type: 'message', text: 'help', channelId: 'directline' }),
    );
    expect(forged.sent).to.deep.equal([]);
    expect(forged.updated).to.deep.equal([]);
    expect(await driver.conversations.get(admin.tenantId, admin.conversationId)).to.equal(undefined);
    // The same activity from Teams is answered with the admin's help card.
    expect(visibleText(onlyCard(await driver.say(admin, 'help')))).to.contain('Hello Ada Admin');
  });

  it('answers an invoke from another channel with 403 and no card', async () => {
    const admin = driver.person(driver.world.admin);
    for (const channelId of ['directline', 'webchat', 'emulator']) {
      const result = await driver.process(
        driver.activity(admin, {
          type: 'invoke',
          channelId,
          name: 'adaptiveCard/action',
          value: { action: { type: 'Action.Execute', verb: 'audit.page', data: {} } },
        }),
      );
      const { status, body } = invokeReply(result);
      expect(status).to.equal(403);
      expect(body).to.deep.include({ statusCode: 403, type: 'application/vnd.microsoft.error' });
      expect((body.value as { code: string }).code).to.equal('channel_not_supported');
      expect(cardsIn(result.sent)).to.deep.equal([]);
    }
  });

  it('takes no channel account id for a user: without an Entra object id it asks for a work account', async () => {
    const admin = driver.person(driver.world.admin, { locale: 'zh-CN' });
    // The channel account id names the admin; without aadObjectId it is nobody.
    const from = { id: `29:${driver.world.admin.agentId}`, name: 'Ada Admin' };
    const said = await driver.process(driver.activity(admin, { type: 'message', text: 'help', from }));
    const notice = visibleText(onlyCard(said));
    expect(notice).to.contain('无法执行');
    expect(notice).to.contain('工作或学校帐户');
    expect(notice).not.to.contain('Ada Admin');
    expect(actionsOf(onlyCard(said))).to.deep.equal([]);
    expect(await driver.conversations.get(admin.tenantId, admin.conversationId)).to.equal(undefined);

    const invoked = await driver.process(
      driver.activity(admin, {
        type: 'invoke',
        name: 'adaptiveCard/action',
        value: { action: { type: 'Action.Execute', verb: 'resellers.list', data: {} } },
        from,
      }),
    );
    const { status, body } = invokeReply(invoked);
    expect(status).to.equal(403);
    expect((body.value as { code: string }).code).to.equal('work_account_required');
    expect(cardsIn(invoked.sent)).to.deep.equal([]);
  });

  it('identify() reads the Entra object id, never the channel account id', () => {
    expect(identify({ from: { id: '29:x', name: 'X' }, channelData: { tenant: { id: 't' } } })).to.equal(
      undefined,
    );
    expect(
      identify({
        from: { id: '29:x', name: 'X', aadObjectId: 'oid-1' },
        channelData: { tenant: { id: 't' } },
      }),
    ).to.deep.equal({ tenantId: 't', userId: 'oid-1' });
  });
});

describe('bot: display names longer than the services take', () => {
  let driver: BotDriver;
  beforeEach(async () => (driver = await BotDriver.create()));
  afterEach(async () => driver.close());

  it('cuts a 201-character Entra name to 200 and answers the user', async () => {
    const name = `Ada ${'A'.repeat(197)}`;
    expect(name).to.have.length(201);
    const admin = driver.person(driver.world.admin, { name });
    const help = visibleText(onlyCard(await driver.say(admin, 'help')));
    expect(help).to.contain(`Hello ${name.slice(0, 200)}:`);
    expect(help).not.to.contain('Not possible');
    // A mutating action records the cut name; nothing refuses it.
    const form = onlyCard(await driver.say(admin, 'invite'));
    const draft = cardOf(
      await driver.click(admin, form, 'request.create', {
        resellerEmail: 'owner@contoso.example',
        partnerId: '1000001',
      }),
    );
    expect(visibleText(draft)).to.contain('Relationship request to Contoso Cloud Partners');
  });

  it('never cuts a character in half', () => {
    expect(clipName(`${'a'.repeat(199)}😀`)).to.equal('a'.repeat(199));
    expect(clipName(`${'a'.repeat(198)}😀b`)).to.equal(`${'a'.repeat(198)}😀`);
    expect(clipName('  ')).to.equal(undefined);
  });
});

describe('bot: a card answers in the language it was shown in', () => {
  let driver: BotDriver;
  beforeEach(async () => {
    driver = await BotDriver.create();
    await activeContoso(driver.world);
  });
  afterEach(async () => driver.close());

  it('follows data.lang over the Teams locale and the stored choice (Action.Execute)', async () => {
    const admin = driver.person(driver.world.admin);
    const list = onlyCard(await driver.say(admin, '经销商'));
    const details = findAction(list, 'reseller.details');
    // The Teams client is en-US: the click on the Chinese card still answers in Chinese.
    const zh = cardOf(
      await driver.click(admin, list, 'reseller.details', { ...details.data, lang: 'zh-CN' }),
    );
    expect(visibleText(zh)).to.contain('返回列表');
    // The stored choice is Chinese: an English card answers in English.
    await driver.preferences.setLocale(admin.tenantId, admin.userId, 'zh-CN');
    const en = cardOf(
      await driver.click(admin, list, 'reseller.details', { ...details.data, lang: 'en-US' }),
    );
    expect(visibleText(en)).to.contain('Back to the list');
    // An unknown language is no language: the stored choice answers.
    const other = cardOf(
      await driver.click(admin, list, 'reseller.details', { ...details.data, lang: 'fr-FR' }),
    );
    expect(visibleText(other)).to.contain('返回列表');
  });

  it('localises a refusal and an Action.Submit answer by data.lang too', async () => {
    const admin = driver.person(driver.world.admin);
    const refused = await driver.invoke(admin, 'request.cancel', { partnerId: { $ne: null }, lang: 'zh-CN' });
    expect(errorOf(refused.response, 'invalid_action')).to.contain('此卡片操作无效');
    const first = await driver.say(admin, 'remove 1000001');
    const keep = findAction(onlyCard(first), 'removal.keep');
    const submitted = await driver.submit(admin, { ...keep.data, lang: 'zh-CN' }, first.sent[0]?.id);
    expect(visibleText(cardsIn(submitted.updated)[0])).to.contain('未做任何更改');
  });
});
