import { expect } from 'chai';
import { actionsOf, cardProblems } from '../cards/validate.js';
import { BotDriver, onlyCard } from './driver.js';
import { RESELLERS } from '../support/world.js';
import { activeContoso, cardOf, errorOf, requestFabrikam, SUBSCRIPTION, visibleText } from './fixtures.js';

describe('bot: choosing the reseller of a subscription', () => {
  let driver: BotDriver;
  beforeEach(async () => {
    driver = await BotDriver.create();
    await activeContoso(driver.world);
  });
  afterEach(async () => driver.close());

  const open = async (actor = driver.world.admin, locale = 'en-US') => {
    const person = driver.person(actor, { locale });
    return { person, card: onlyCard(await driver.say(person, 'subscription cust-1 sub-1')) };
  };
  const subscription = () => driver.world.commerce.getSubscription('tenant-a', SUBSCRIPTION);

  it('shows the subscription and the active resellers to choose from', async () => {
    const { card } = await open();
    expect(cardProblems(card)).to.deep.equal([]);
    expect(visibleText(card))
      .to.contain('Microsoft 365 E3 (sub-1)')
      .and.contain('Contoso Cloud Partners (1000001)')
      .and.contain('Indirect reseller not in the list?');
    expect(JSON.stringify(card)).not.to.contain('Data.Query');
  });

  it('says an unknown subscription was not found, though its customer is unknown too', async () => {
    // The subscription, its customer and the resellers are read at once; the refusal is the
    // subscription's, as when they were read one after another.
    for (const [locale, text] of [
      ['en-US', 'Subscription sub-404 was not found.'],
      ['zh-CN', '找不到订阅 sub-404。'],
    ] as const) {
      const person = driver.person(driver.world.admin, { locale });
      const card = onlyCard(await driver.say(person, 'subscription cust-404 sub-404'));
      expect(visibleText(card)).to.contain(text).and.not.contain('cust-404');
    }
  });

  it('leaves out an active reseller a transaction would refuse now, and says why', async () => {
    const fabrikamToken = await requestFabrikam(driver.world);
    await driver.world.services.invitations.accept({
      token: fabrikamToken,
      user: { userId: 'fabrikam-user-1', entraTenantId: 'tenant-x', email: 'li.na@fabrikam.example' },
    });
    // Contoso's Microsoft Partner Agreement lapses after it accepted.
    await driver.world.directory.upsert([{ ...RESELLERS.ready, mpaStatus: 'expired' }]);
    for (const [locale, note] of [
      [
        'en-US',
        'Not selectable now: Contoso Cloud Partners (1000001), no active Microsoft Partner Agreement',
      ],
      ['zh-CN', '暂不可选：Contoso Cloud Partners (1000001)，没有有效的 Microsoft 合作伙伴协议'],
    ] as const) {
      const { card } = await open(driver.world.admin, locale);
      const set = (card.body as Record<string, unknown>[]).find((element) => element.id === 'choice');
      const values = ((set?.choices ?? []) as { value: string }[]).map((choice) => choice.value);
      expect(values).to.deep.equal(['1000002']);
      expect(visibleText(card)).to.contain(note);
    }
    // The typeahead leaves it out too.
    const search = await driver.process(
      driver.activity(driver.person(driver.world.admin), {
        type: 'invoke',
        name: 'application/search',
        value: { kind: 'search', dataset: 'resellers', queryText: '100' },
      }),
    );
    const body = JSON.stringify(search.sent[0]?.value);
    expect(body).to.contain('Fabrikam Solutions').and.not.contain('Contoso Cloud Partners');
  });

  it('submits the chosen reseller; the card becomes a summary', async () => {
    const { person, card } = await open(driver.world.sales);
    const done = cardOf(await driver.click(person, card, 'picker.submit', { choice: '1000001' }));
    expect(visibleText(done)).to.contain(
      'Contoso Cloud Partners (1000001) is now the reseller of Microsoft 365 E3',
    );
    expect(actionsOf(done)).to.deep.equal([]);
    expect((await subscription())?.partnerId).to.equal('1000001');
  });

  it('names the customer, and says when the current reseller’s relationship has ended', async () => {
    const { person, card } = await open(driver.world.sales);
    expect(visibleText(card)).to.contain('Wide World Importers (cust-1)');
    await driver.click(person, card, 'picker.submit', { choice: '1000001' });
    await driver.world.services.relationships.removeRelationship(driver.world.admin, {
      partnerId: '1000001',
      confirmed: true,
      attestation: true,
    });
    const after = (await open()).card;
    expect(visibleText(after)).to.contain('Contoso Cloud Partners (1000001) · Removed');
  });

  it('verifies a typed Partner ID: related, unrelated (offer a request), or refused with the reason', async () => {
    const { person, card } = await open();
    const unrelated = cardOf(
      await driver.click(person, card, 'picker.verify', { manualPartnerId: '1000002' }),
    );
    expect(visibleText(unrelated)).to.contain(
      'Fabrikam Solutions (1000002) is a valid indirect reseller, but it has no active relationship',
    );
    const offer = actionsOf(unrelated).find((a) => a.verb === 'request.start');
    expect(offer?.title).to.equal('Send relationship request');
    expect(offer?.data.partnerId).to.equal('1000002');
    const form = cardOf(await driver.click(person, unrelated, 'request.start'));
    expect(JSON.stringify(form)).to.contain('"value":"1000002"');

    const refused = cardOf(await driver.click(person, card, 'picker.verify', { manualPartnerId: '1000003' }));
    expect(visibleText(refused)).to.contain('Northwind Traders is not enrolled as a CSP indirect reseller');
    const noMpa = cardOf(await driver.click(person, card, 'picker.verify', { manualPartnerId: '1000004' }));
    expect(visibleText(noMpa)).to.contain('no active Microsoft Partner Agreement');
    const empty = cardOf(await driver.click(person, card, 'picker.verify', { manualPartnerId: ' ' }));
    expect(visibleText(empty)).to.contain('Enter the reseller’s Partner ID');

    const related = cardOf(await driver.click(person, card, 'picker.verify', { manualPartnerId: '1000001' }));
    expect(visibleText(related)).to.contain('is verified and related to you');
    expect(JSON.stringify(related)).to.contain('"value":"1000001"');
  });

  it('refuses Submit for an unrelated reseller, in the card, and changes nothing', async () => {
    const { person, card } = await open();
    const answer = cardOf(await driver.click(person, card, 'picker.submit', { choice: '1000002' }));
    expect(visibleText(answer)).to.contain('There is no active relationship with Fabrikam Solutions');
    expect((await subscription())?.partnerId).to.equal(undefined);
  });

  it('designates a support contact (admin only)', async () => {
    const admin = driver.person(driver.world.admin);
    const list = onlyCard(await driver.say(admin, 'subscription cust-1'));
    const picker = cardOf(await driver.click(admin, list, 'picker.open', {}, 'Support contact'));
    expect(visibleText(picker)).to.contain('Designate support contact');
    const done = cardOf(await driver.click(admin, picker, 'picker.submit', { choice: '1000001' }));
    expect(visibleText(done)).to.contain('now handles customer support');
    expect((await subscription())?.supportContactPartnerId).to.equal('1000001');
    errorOf(
      await driver.click(driver.person(driver.world.sales), picker, 'picker.submit', { choice: '1000001' }),
      'not_authorised',
    );
  });

  it('shows the picker in Chinese', async () => {
    const { card } = await open(driver.world.admin, 'zh-CN');
    expect(visibleText(card))
      .to.contain('订阅的经销商（合作伙伴 ID/MPN ID）')
      .and.contain('不在列表中的间接经销商？');
    expect(actionsOf(card).map((a) => a.title)).to.include.members(['验证', '提交']);
  });
});
