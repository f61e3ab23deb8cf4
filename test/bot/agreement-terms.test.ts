import { expect } from 'chai';
import { ACCEPTANCE_FORM, newestEvents, TENANT_A } from '../support/world.js';
import { BotDriver, onlyCard } from './driver.js';
import { activeContoso, cardOf, visibleText } from './fixtures.js';

const CUSTOMER = {
  companyName: 'Tailwind Traders',
  domain: 'tailwind.example',
  azure: 'false',
  choice: '1000001',
};

describe('bot: the Microsoft Customer Agreement on add customer, and the order’s term and billing', () => {
  let driver: BotDriver;
  beforeEach(async () => {
    driver = await BotDriver.create();
    await activeContoso(driver.world);
  });
  afterEach(async () => driver.close());

  it('asks who accepted the agreement, refuses without the attestation or with a bad e-mail, keeps what was typed', async () => {
    const admin = driver.person(driver.world.admin);
    const form = cardOf(
      await driver.click(admin, onlyCard(await driver.say(admin, 'customers')), 'customer.start'),
    );
    expect(visibleText(form))
      .to.contain('Microsoft Customer Agreement')
      .and.contain('https://www.microsoft.com/licensing/docs/customeragreement')
      .and.contain('I confirm that this person accepted the Microsoft Customer Agreement');
    const unattested = cardOf(
      await driver.click(admin, form, 'customer.add', {
        ...CUSTOMER,
        ...ACCEPTANCE_FORM,
        agreementAttested: 'false',
      }),
    );
    expect(visibleText(unattested)).to.contain(
      'Confirm that the customer accepted the Microsoft Customer Agreement',
    );
    expect(JSON.stringify(unattested)).to.contain('mei.lin@customer.example');
    const badEmail = cardOf(
      await driver.click(admin, form, 'customer.add', {
        ...CUSTOMER,
        ...ACCEPTANCE_FORM,
        contactEmail: 'mei at example',
      }),
    );
    expect(visibleText(badEmail)).to.contain('The e-mail address of the person who accepted is not valid');
    const badPhone = cardOf(
      await driver.click(admin, form, 'customer.add', {
        ...CUSTOMER,
        ...ACCEPTANCE_FORM,
        contactPhone: 'call me',
      }),
    );
    expect(visibleText(badPhone)).to.contain('The phone number (digits, spaces, + ( ) - only) is not valid');
    expect(await driver.world.services.commerce.listCustomers(driver.world.admin)).to.have.length(1);

    const added = cardOf(
      await driver.click(admin, form, 'customer.add', {
        ...CUSTOMER,
        ...ACCEPTANCE_FORM,
        contactPhone: '+86 21 5555 0100',
      }),
    );
    expect(visibleText(added))
      .to.contain('Customer added')
      .and.contain(
        'The acceptance of the Microsoft Customer Agreement by Mei Lin (mei.lin@customer.example) on',
      );
    const events = await newestEvents(driver.world.repos, TENANT_A);
    const accepted = events.find((e) => e.type === 'customer.agreement_accepted');
    expect(accepted?.data).to.deep.include({
      agreementType: 'MicrosoftCustomerAgreement',
      acceptedBy: 'Mei Lin',
      acceptedByEmail: 'mei.lin@customer.example',
      acceptedByPhone: '+86 21 5555 0100',
      companyName: 'Tailwind Traders',
    });
    const customerId = String(accepted?.data.customerId);
    expect(await driver.world.commerce.hasCustomerAgreement(TENANT_A, customerId)).to.equal(true);
    const audit = visibleText(onlyCard(await driver.say(admin, 'audit')));
    expect(audit)
      .to.contain('Microsoft Customer Agreement acceptance recorded')
      .and.contain('Tailwind Traders');

    const zh = driver.person(driver.world.admin, { locale: 'zh-CN' });
    const zhForm = cardOf(await driver.click(zh, onlyCard(await driver.say(zh, '客户')), 'customer.start'));
    const zhRefused = cardOf(
      await driver.click(zh, zhForm, 'customer.add', {
        ...CUSTOMER,
        ...ACCEPTANCE_FORM,
        agreementAttested: 'false',
      }),
    );
    expect(visibleText(zhRefused)).to.contain('请确认客户已接受 Microsoft 客户协议');
  });

  it('shows the typed offer’s terms on “Show terms”, and the chosen term on the confirmation', async () => {
    const admin = driver.person(driver.world.admin);
    const form = cardOf(
      await driver.click(admin, onlyCard(await driver.say(admin, 'customers')), 'order.start'),
    );
    expect(visibleText(form)).to.contain('Usual terms: type the offer ID and press Show terms');
    const shown = cardOf(
      await driver.click(admin, form, 'order.start', {
        offerId: 'CFQ7TTC0LH18:0001',
        quantity: '4',
        choice: '1000001',
      }),
    );
    expect(visibleText(shown)).to.contain('Terms offered for CFQ7TTC0LH18:0001.');
    expect(JSON.stringify(shown)).to.contain('"value":"CFQ7TTC0LH18:0001"').and.contain('"value":4');
    const done = cardOf(
      await driver.click(admin, shown, 'order.submit', {
        choice: '1000001',
        offerId: 'CFQ7TTC0LH18:0001',
        quantity: '4',
        term: 'P1M:monthly',
      }),
    );
    expect(visibleText(done)).to.contain('CFQ7TTC0LH18:0001: one-month term, billed monthly');
    const zh = driver.person(driver.world.admin, { locale: 'zh-CN' });
    const zhForm = cardOf(await driver.click(zh, onlyCard(await driver.say(zh, '客户')), 'order.start'));
    expect(visibleText(zhForm)).to.contain('一年期限，按年计费');
  });
});
