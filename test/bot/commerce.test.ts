import { expect } from 'chai';
import { actionsOf } from '../cards/validate.js';
import { BotDriver, findAction, onlyCard } from './driver.js';
import { activeContoso, cardOf, visibleText } from './fixtures.js';

describe('bot: customers, orders and the audit trail', () => {
  let driver: BotDriver;
  beforeEach(async () => {
    driver = await BotDriver.create();
    await activeContoso(driver.world);
  });
  afterEach(async () => driver.close());

  it('adds an Azure customer on a reseller’s behalf and shows the Entra User settings guidance', async () => {
    const sales = driver.person(driver.world.sales);
    const list = onlyCard(await driver.say(sales, 'customers'));
    const form = cardOf(await driver.click(sales, list, 'customer.start'));
    expect(visibleText(form)).to.contain('Contoso Cloud Partners (1000001)');
    const added = cardOf(
      await driver.click(sales, form, 'customer.add', {
        companyName: 'Tailwind Traders',
        domain: 'tailwind.example',
        azure: 'true',
        choice: '1000001',
      }),
    );
    expect(visibleText(added))
      .to.contain('Customer added')
      .and.contain('“User settings” in the Microsoft Entra admin center');
    const customers = await driver.world.services.commerce.listCustomers(driver.world.sales);
    expect(customers.map((c) => c.companyName)).to.include('Tailwind Traders');
  });

  it('refuses a customer for a reseller without an active relationship, in the form', async () => {
    const sales = driver.person(driver.world.sales);
    const form = cardOf(
      await driver.click(sales, onlyCard(await driver.say(sales, 'customers')), 'customer.start'),
    );
    const answer = cardOf(
      await driver.click(sales, form, 'customer.add', {
        companyName: 'X',
        domain: 'x.example',
        azure: 'false',
        choice: '1000002',
      }),
    );
    expect(visibleText(answer)).to.contain('There is no active relationship with Fabrikam Solutions');
  });

  it('submits an order with the reseller on record', async () => {
    const admin = driver.person(driver.world.admin);
    const list = onlyCard(await driver.say(admin, 'customers'));
    const form = cardOf(await driver.click(admin, list, 'order.start'));
    const done = cardOf(
      await driver.click(admin, form, 'order.submit', {
        choice: '1000001',
        offerId: 'CFQ7TTC0LH18:0001',
        quantity: '5',
      }),
    );
    expect(visibleText(done)).to.contain('Order submitted').and.contain('CFQ7TTC0LH18:0001 × 5');
    const bad = cardOf(
      await driver.click(admin, form, 'order.submit', { choice: '1000001', offerId: 'x', quantity: 'many' }),
    );
    expect(visibleText(bad)).to.contain('Some of the input is not valid');
  });

  it('hides order and customer buttons from helpdesk agents', async () => {
    const card = onlyCard(await driver.say(driver.person(driver.world.helpdesk), 'customers'));
    expect(actionsOf(card).map((a) => a.verb)).to.deep.equal(['customer.subscriptions']);
  });

  it('pages through the audit trail and exports it as a signed download link, not an attachment', async () => {
    const admin = driver.person(driver.world.admin);
    const card = onlyCard(await driver.say(admin, 'audit'));
    expect(visibleText(card))
      .to.contain('Reseller accepted')
      .and.contain('Relationship requested')
      .and.contain('By Agent Ada Admin');
    const { response, sent } = await driver.invoke(
      admin,
      'audit.export',
      findAction(card, 'audit.export').data,
    );
    const exported = cardOf(response);
    expect(visibleText(exported)).to.contain('Your download link is ready');
    const download = actionsOf(exported).find((a) => a.type === 'Action.OpenUrl');
    expect(download?.title).to.equal('Download CSV');
    expect(download?.url).to.match(
      /^https:\/\/bot\.example\.test\/audit\/export\.csv\?t=tenant-a&a=agent-admin&e=\d+&s=/,
    );
    expect(sent).to.deep.equal([]);
  });

  it('shows the listing view-only, pointing to the Microsoft representative', async () => {
    const card = onlyCard(await driver.say(driver.person(driver.world.helpdesk), 'listing'));
    expect(visibleText(card))
      .to.contain('Adatum Distribution')
      .and.contain('9000001')
      .and.contain('Microsoft representative');
    expect(actionsOf(card)).to.deep.equal([]);
  });
});
