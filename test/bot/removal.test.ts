import { expect } from 'chai';
import { actionsOf, cardProblems } from '../cards/validate.js';
import { BotDriver, onlyCard } from './driver.js';
import { activeContoso, cardOf, CONTOSO, errorOf, eventsOf, visibleText } from './fixtures.js';

const subject = `relationship:${CONTOSO.partnerId}`;

describe('bot: removing a relationship', () => {
  let driver: BotDriver;
  beforeEach(async () => {
    driver = await BotDriver.create();
    await activeContoso(driver.world);
  });
  afterEach(async () => driver.close());

  it('asks for confirmation, saying what stays and that no notice is generated', async () => {
    const card = onlyCard(await driver.say(driver.person(driver.world.sales), 'remove 1000001'));
    expect(cardProblems(card)).to.deep.equal([]);
    expect(visibleText(card))
      .to.contain('Remove the relationship with Contoso Cloud Partners?')
      .and.contain('customers are not deleted')
      .and.contain('Delegated admin privileges the reseller already has are not revoked')
      .and.contain('No termination notice is generated')
      .and.contain('I confirm this removal is for a legitimate business purpose.');
    expect(actionsOf(card).map((a) => a.title)).to.deep.equal(['Remove', 'Keep']);
  });

  it('refuses Remove without the attestation, in the card, and changes nothing', async () => {
    const sales = driver.person(driver.world.sales);
    const card = onlyCard(await driver.say(sales, 'remove 1000001'));
    const answer = cardOf(await driver.click(sales, card, 'removal.confirm', { attestation: 'false' }));
    expect(visibleText(answer)).to.contain('Confirm that the removal is for a legitimate business purpose.');
    expect(await eventsOf(driver.world, subject)).to.deep.equal([
      'relationship.requested',
      'relationship.accepted',
    ]);
  });

  it('removes with the attestation, then shows the result with the suggested messages, once', async () => {
    const sales = driver.person(driver.world.sales);
    const card = onlyCard(await driver.say(sales, 'remove 1000001'));
    const removed = cardOf(await driver.click(sales, card, 'removal.confirm', { attestation: 'true' }));
    expect(cardProblems(removed)).to.deep.equal([]);
    expect(visibleText(removed))
      .to.contain('Relationship removed')
      .and.contain('Suggested communication')
      .and.contain('To the end customers')
      .and.contain('Adatum Distribution has ended the CSP indirect reseller relationship');
    expect(actionsOf(removed)).to.deep.equal([]);
    const again = cardOf(await driver.click(sales, card, 'removal.confirm', { attestation: 'true' }));
    expect(visibleText(again)).to.contain('Relationship removed');
    expect(await eventsOf(driver.world, subject)).to.deep.equal([
      'relationship.requested',
      'relationship.accepted',
      'relationship.removed',
    ]);
    const list = onlyCard(await driver.say(sales, 'resellers'));
    expect(visibleText(list)).to.contain('You have no active indirect resellers yet.');
  });

  it('keeps the relationship on Keep', async () => {
    const admin = driver.person(driver.world.admin);
    const card = onlyCard(await driver.say(admin, 'remove 1000001'));
    const kept = cardOf(await driver.click(admin, card, 'removal.keep'));
    expect(visibleText(kept)).to.contain('Nothing changed');
    const view = await driver.world.services.relationships.getRelationship(
      driver.world.admin,
      CONTOSO.partnerId,
    );
    expect(view.status).to.equal('active');
  });

  it('refuses a helpdesk agent who clicks a forwarded Remove', async () => {
    // The answer comes in the language of the card (its actions' `lang`): a Chinese one here.
    const card = onlyCard(await driver.say(driver.person(driver.world.admin), '删除 1000001'));
    const helpdesk = driver.person(driver.world.helpdesk, { locale: 'zh-CN' });
    const message = errorOf(
      await driver.click(helpdesk, card, 'removal.confirm', { attestation: 'true' }),
      'not_authorised',
    );
    expect(message).to.contain('你的角色不允许执行此操作');
    expect(await eventsOf(driver.world, subject)).to.have.length(2);
  });

  it('shows the Chinese confirmation card', async () => {
    const card = onlyCard(await driver.say(driver.person(driver.world.admin), '删除 1000001'));
    expect(visibleText(card)).to.contain('不会撤销经销商已有的委派管理特权').and.contain('不会生成终止通知');
    expect(actionsOf(card).map((a) => a.title)).to.deep.equal(['删除', '保留']);
  });
});
