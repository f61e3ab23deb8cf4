import { expect } from 'chai';
import { BotDriver, onlyCard } from './driver.js';
import { cardOf, visibleText } from './fixtures.js';

describe('bot: what typed messages and refusals say', () => {
  let driver: BotDriver;
  beforeEach(async () => (driver = await BotDriver.create()));
  afterEach(async () => driver.close());

  const admin = () => driver.person(driver.world.admin);

  it('says it did not understand a typo, and suggests the closest command', async () => {
    for (const [typed, command] of [
      ['resselers', 'resellers'],
      ['pendign', 'pending'],
      ['custmers acme', 'customers'],
    ] as const) {
      const text = visibleText(onlyCard(await driver.say(admin(), typed)));
      expect(text, typed).to.contain(`I did not understand “${typed}”.`);
      expect(text, typed).to.contain(`Did you mean \`${command}\`?`);
      // The help card follows, with what the role may do.
      expect(text).to.contain('resellers');
    }
  });

  it('says it did not understand a message unlike any command, without a suggestion, in Chinese too', async () => {
    const text = visibleText(onlyCard(await driver.say(admin(), 'good morning everyone')));
    expect(text).to.contain('I did not understand “good morning everyone”.');
    expect(text).not.to.contain('Did you mean');
    const zh = visibleText(onlyCard(await driver.say(admin(), '你好')));
    expect(zh).to.contain('我没有理解“你好”。');
    // Asking for help is answered with plain help.
    expect(visibleText(onlyCard(await driver.say(admin(), 'help')))).not.to.contain('I did not understand');
  });

  it('answers a long typed search with what went wrong, not "card action not valid"', async () => {
    const text = visibleText(onlyCard(await driver.say(admin(), `resellers ${'contoso '.repeat(20)}`)));
    expect(text).to.contain('I could not use what you typed after “resellers”');
    expect(text).not.to.contain('card action');
  });

  it('answers "language fr" with the languages it speaks', async () => {
    const card = onlyCard(await driver.say(admin(), 'language fr'));
    expect(visibleText(card)).to.contain(
      'I do not know the language “fr”. Choose English or 简体中文 below.',
    );
    const zh = onlyCard(await driver.say(admin(), '语言 法语'));
    expect(visibleText(zh)).to.contain('我不认识语言“法语”');
  });

  it('names the organisation on the role card, not its tenant id', async () => {
    const text = visibleText(onlyCard(await driver.say(admin(), 'role')));
    expect(text).to.contain('Adatum Distribution');
    expect(text).not.to.contain('tenant-a');
    const stranger = driver.person({ tenantId: 'tenant-unknown', agentId: 'someone' });
    expect(visibleText(onlyCard(await driver.say(stranger, 'role')))).to.contain(
      'not registered in this bot (tenant tenant-unknown)',
    );
  });

  it('names a bad field in the reader’s words, never by its internal name', async () => {
    const form = onlyCard(await driver.say(admin(), 'invite'));
    const answer = cardOf(
      await driver.click(admin(), form, 'request.create', {
        resellerEmail: 'owner@contoso.example',
        partnerId: 'abc',
      }),
    );
    const text = visibleText(answer);
    expect(text).to.contain('The Partner ID (a number of 5 to 10 digits) is not valid');
    expect(text).not.to.contain('partnerId');
    const zhForm = onlyCard(await driver.say(driver.person(driver.world.admin, { locale: 'zh-CN' }), '邀请'));
    const zh = cardOf(
      await driver.click(driver.person(driver.world.admin, { locale: 'zh-CN' }), zhForm, 'request.create', {
        resellerEmail: 'owner@contoso.example',
        partnerId: 'abc',
      }),
    );
    expect(visibleText(zh)).to.contain('合作伙伴 ID（5 到 10 位数字）无效');
  });
});
