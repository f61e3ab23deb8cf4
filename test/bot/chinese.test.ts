import type { AdaptiveCardInvokeResponse } from 'botbuilder';
import { expect } from 'chai';
import { englishRuns, LATIN_NAMES } from '../cards/english.js';
import { BotDriver, cardsIn, onlyCard, type TurnResult } from './driver.js';
import { activeContoso, cardOf, CONTOSO, contosoUser, FABRIKAM, visibleText } from './fixtures.js';
import { ACCEPTANCE_FORM } from '../support/world.js';

/**
 * A walk through every flow in Chinese, as an admin and as the reseller's user: no card and no
 * card-level error holds English prose, wherever it would come from (catalogue, card builder,
 * handler, service). Names of organisations and people are the only Latin text allowed.
 */
describe('bot: a Chinese walk through every flow shows no English sentence', () => {
  let driver: BotDriver;
  beforeEach(async () => {
    driver = await BotDriver.create();
    await activeContoso(driver.world);
  });
  afterEach(async () => driver.close());

  it('in every card and every refusal', async () => {
    const seen: string[] = [];
    let checked = 0;
    const keep = (label: string, text: string) => {
      if (/[\u3400-\u9fff]/.test(text)) checked += 1;
      for (const run of englishRuns(text, LATIN_NAMES)) seen.push(`${label}: ${run}`);
    };
    const turn = (label: string, result: TurnResult) => {
      for (const card of [...cardsIn(result.sent), ...cardsIn(result.updated as TurnResult['sent'])])
        keep(label, visibleText(card));
      for (const activity of result.sent) if (activity.text) keep(label, activity.text);
    };
    const answer = (label: string, response: AdaptiveCardInvokeResponse) => {
      if (response.statusCode === 200) keep(label, visibleText(response.value));
      else keep(label, (response.value as { message?: string }).message ?? '');
      return response;
    };
    const admin = driver.person(driver.world.admin, { locale: 'zh-CN' });
    for (const command of [
      '帮助',
      '经销商',
      '待处理',
      '客户',
      '订阅 cust-1',
      '审核',
      '列表',
      '角色',
      '语言',
      '你好',
    ])
      turn(command, await driver.say(admin, command));

    const picker = onlyCard(await driver.say(admin, '订阅 cust-1 sub-1'));
    keep('picker', visibleText(picker));
    for (const manualPartnerId of [FABRIKAM.partnerId, '1000003', '1000004', '7777777', 'abc', ' '])
      answer(
        `verify ${manualPartnerId}`,
        await driver.click(admin, picker, 'picker.verify', { manualPartnerId }),
      );
    answer(
      'submit unrelated',
      await driver.click(admin, picker, 'picker.submit', { choice: FABRIKAM.partnerId }),
    );
    answer('submit', await driver.click(admin, picker, 'picker.submit', { choice: CONTOSO.partnerId }));

    const customers = onlyCard(await driver.say(admin, '客户'));
    const customerForm = cardOf(await driver.click(admin, customers, 'customer.start'));
    keep('customer form', visibleText(customerForm));
    answer(
      'customer.add azure',
      await driver.click(admin, customerForm, 'customer.add', {
        companyName: '蓝天航空',
        domain: 'blueyonder.example',
        azure: 'true',
        choice: CONTOSO.partnerId,
        ...ACCEPTANCE_FORM,
      }),
    );
    const orderForm = cardOf(await driver.click(admin, customers, 'order.start'));
    keep('order form', visibleText(orderForm));
    for (const inputs of [
      { choice: CONTOSO.partnerId, offerId: 'CFQ7TTC0LH18:0001', quantity: '5' },
      { choice: CONTOSO.partnerId, offerId: 'x', quantity: 'many' },
      { choice: FABRIKAM.partnerId, offerId: 'CFQ7TTC0LH18:0001', quantity: '5' },
    ])
      answer(`order ${inputs.quantity}`, await driver.click(admin, orderForm, 'order.submit', inputs));

    const form = onlyCard(await driver.say(admin, '请求合作关系'));
    keep('request form', visibleText(form));
    answer(
      'request active',
      await driver.click(admin, form, 'request.create', {
        resellerEmail: 'owner@contoso.example',
        partnerId: CONTOSO.partnerId,
      }),
    );
    answer(
      'request bad e-mail',
      await driver.click(admin, form, 'request.create', {
        resellerEmail: 'not-an-address',
        partnerId: FABRIKAM.partnerId,
      }),
    );
    const draft = cardOf(
      await driver.click(admin, form, 'request.create', {
        resellerEmail: 'owner@fabrikam.example',
        partnerId: FABRIKAM.partnerId,
      }),
    );
    keep('draft', visibleText(draft));
    answer(
      'draft without link',
      await driver.click(admin, draft, 'draft.done', { subject: '你好', body: '请加入。' }),
    );

    const removal = onlyCard(await driver.say(admin, `删除 ${CONTOSO.partnerId}`));
    keep('removal', visibleText(removal));
    answer(
      'remove without attestation',
      await driver.click(admin, removal, 'removal.confirm', { attestation: 'false' }),
    );
    answer('remove', await driver.click(admin, removal, 'removal.confirm', { attestation: 'true' }));
    answer('remove again', await driver.click(admin, removal, 'removal.confirm', { attestation: 'true' }));
    const helpdesk = driver.person(driver.world.helpdesk, { locale: 'zh-CN' });
    answer(
      'helpdesk remove',
      await driver.click(helpdesk, removal, 'removal.confirm', { attestation: 'true' }),
    );
    turn(
      'unknown verb',
      await driver.process(
        driver.activity(admin, {
          type: 'invoke',
          name: 'adaptiveCard/action',
          value: { action: { type: 'Action.Execute', verb: 'nope', data: {} } },
        }),
      ),
    );

    // The reseller's side, in Chinese.
    const token = /\/invite\/([A-Za-z0-9_-]{43})/.exec(JSON.stringify(draft))?.[1];
    expect(token).to.be.a('string');
    const reseller = {
      ...contosoUser,
      userId: 'li-na',
      tenantId: 'fabrikam-tenant',
      email: 'li.na@fabrikam.example',
      locale: 'zh-CN',
    };
    const invitation = onlyCard(await driver.say(reseller, `邀请 ${token}`));
    keep('invitation', visibleText(invitation));
    const stranger = { ...reseller, userId: 'mallory', tenantId: 'evil-tenant', email: 'm@evil.example' };
    answer('stranger accept', await driver.click(stranger, invitation, 'invitation.accept'));
    answer('accept', await driver.click(reseller, invitation, 'invitation.accept'));
    turn('unknown token', await driver.say(reseller, `邀请 ${'Q'.repeat(43)}`));

    expect(seen).to.deep.equal([]);
    // Every step above answered with something Chinese to check.
    expect(checked).to.be.at.least(35);
  });
});
