import { expect } from 'chai';
import { ACCEPTANCE_FORM, newestEvents, TENANT_A, type World } from '../support/world.js';

/** The [title, value] choices of a card's choice set. */
function choicesOf(card: unknown, id: string): [string, string][] {
  let found: [string, string][] = [];
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(walk);
    if (typeof node !== 'object' || node === null) return;
    const element = node as { id?: string; choices?: { title: string; value: string }[] };
    if (element.id === id && element.choices) found = element.choices.map((c) => [c.title, c.value]);
    Object.values(node).forEach(walk);
  };
  walk(card);
  return found;
}
import { actionsOf, cardProblems } from '../cards/validate.js';
import { BotDriver, findAction, onlyCard } from './driver.js';
import { activeContoso, cardOf, CONTOSO, visibleText } from './fixtures.js';

/**
 * 120 more active resellers in the read model, all listed before Contoso (by name): Contoso is
 * not on the first page of 100 the forms offer.
 */
async function manyResellers(world: World): Promise<void> {
  const at = world.clock.now();
  const rows = Array.from({ length: 120 }, (_, i) => {
    const partnerId = String(2_000_000 + i);
    const resellerName = `Aaa Reseller ${String(i).padStart(3, '0')}`;
    return {
      _id: `${TENANT_A}:${partnerId}`,
      tenantId: TENANT_A,
      streamId: partnerId,
      seq: 1,
      partnerId,
      resellerName,
      resellerNameLower: resellerName.toLowerCase(),
      country: 'CN',
      status: 'active',
      activeSince: at,
      updatedAt: at,
    };
  });
  await world.database.db.collection<{ _id: string }>('relationships').insertMany(rows);
  // The directory knows them in good standing: the forms offer only resellers a transaction accepts.
  await world.directory.upsert(
    rows.map((row) => ({
      partnerId: row.partnerId,
      name: row.resellerName,
      country: 'CN',
      enrolledAsIndirectReseller: true,
      mpaStatus: 'active' as const,
    })),
  );
}

/** The choice set of a form: its static choices, selected value, and whether it asks the bot as one types. */
function choiceSetOf(card: Record<string, unknown>) {
  const set = (card.body as Record<string, unknown>[]).find((element) => element.id === 'choice');
  if (!set) throw new Error('no choice set');
  return {
    values: (set.choices as { value: string }[]).map((choice) => choice.value),
    selected: set.value,
    typeahead: set['choices.data'],
  };
}

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
        ...ACCEPTANCE_FORM,
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
        ...ACCEPTANCE_FORM,
      }),
    );
    expect(visibleText(answer)).to.contain('There is no active relationship with Fabrikam Solutions');
  });

  it('submits an order with the reseller on record', async () => {
    const admin = driver.person(driver.world.admin);
    const list = onlyCard(await driver.say(admin, 'customers'));
    const form = cardOf(await driver.click(admin, list, 'order.start'));
    // The form offers the term and billing the backend sells (the local backend's fixed set).
    expect(choicesOf(form, 'term')).to.deep.equal([
      ['one-month term, billed monthly', 'P1M:monthly'],
      ['one-year term, billed monthly', 'P1Y:monthly'],
      ['one-year term, billed annually', 'P1Y:annual'],
    ]);
    const noTerm = cardOf(
      await driver.click(admin, form, 'order.submit', {
        choice: '1000001',
        offerId: 'CFQ7TTC0LH18:0001',
        quantity: '5',
      }),
    );
    expect(visibleText(noTerm)).to.contain(
      'CFQ7TTC0LH18:0001 is not sold with that term and billing: choose one of the terms the form now shows for it',
    );
    expect(visibleText(noTerm)).to.contain('Terms offered for CFQ7TTC0LH18:0001.');
    const forged = cardOf(
      await driver.click(admin, form, 'order.submit', {
        choice: '1000001',
        offerId: 'CFQ7TTC0LH18:0001',
        quantity: '5',
        term: 'P3Y:triennial',
      }),
    );
    expect(visibleText(forged)).to.contain('is not sold with that term and billing');
    const done = cardOf(
      await driver.click(admin, form, 'order.submit', {
        choice: '1000001',
        offerId: 'CFQ7TTC0LH18:0001',
        quantity: '5',
        term: 'P1Y:annual',
      }),
    );
    expect(visibleText(done))
      .to.contain('Order submitted')
      .and.contain('CFQ7TTC0LH18:0001 × 5')
      .and.contain('CFQ7TTC0LH18:0001: one-year term, billed annually');
    const bad = cardOf(
      await driver.click(admin, form, 'order.submit', { choice: '1000001', offerId: 'x', quantity: 'many' }),
    );
    expect(visibleText(bad)).to.contain('Enter a whole number of licences from 1 to 100000');
    for (const quantity of ['0', '-3', '2.5', 0]) {
      const refused = cardOf(
        await driver.click(admin, form, 'order.submit', { choice: '1000001', offerId: 'x', quantity }),
      );
      expect(visibleText(refused), String(quantity)).to.contain('Enter a whole number of licences');
    }
    const zh = driver.person(driver.world.admin, { locale: 'zh-CN' });
    const zhForm = cardOf(await driver.click(zh, onlyCard(await driver.say(zh, '客户')), 'order.start'));
    const zhBad = cardOf(
      await driver.click(zh, zhForm, 'order.submit', { choice: '1000001', offerId: 'x', quantity: '0' }),
    );
    expect(visibleText(zhBad)).to.contain('请输入 1 到 100000 之间的整数许可证数量');
    const events = await newestEvents(driver.world.repos, TENANT_A);
    const submitted = events.filter((event) => event.type === 'order.submitted');
    expect(submitted).to.have.length(1);
    // The audit trail holds the term and billing of the line.
    expect(submitted[0]?.data.lineItems).to.deep.equal([
      { offerId: 'CFQ7TTC0LH18:0001', quantity: 5, termDuration: 'P1Y', billingCycle: 'annual' },
    ]);
    const audit = onlyCard(await driver.say(admin, 'audit'));
    expect(JSON.stringify(audit)).to.contain('P1Y');
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

  describe('with more than 100 active resellers', () => {
    beforeEach(async () => manyResellers(driver.world));

    it('adds a customer for a reseller beyond the first 100, from its details card', async () => {
      const admin = driver.person(driver.world.admin);
      const list = onlyCard(await driver.say(admin, 'resellers contoso'));
      const details = cardOf(await driver.click(admin, list, 'reseller.details'));
      const form = cardOf(await driver.click(admin, details, 'customer.start'));
      expect(cardProblems(form)).to.deep.equal([]);
      const choices = choiceSetOf(form);
      expect(choices.typeahead).to.deep.equal({ type: 'Data.Query', dataset: 'resellers' });
      expect(choices.selected).to.equal(CONTOSO.partnerId);
      expect(choices.values).to.include(CONTOSO.partnerId).and.include('2000000');
      expect(choices.values).to.have.length(101);
      const added = cardOf(
        await driver.click(admin, form, 'customer.add', {
          companyName: 'Tailwind Traders',
          domain: 'tailwind.example',
          azure: 'false',
          choice: CONTOSO.partnerId,
          ...ACCEPTANCE_FORM,
        }),
      );
      expect(visibleText(added)).to.contain('associated with Contoso Cloud Partners (1000001)');
    });

    it('keeps a choice from the typeahead when the form is refused, and offers the rest by typeahead', async () => {
      const admin = driver.person(driver.world.admin);
      const form = cardOf(
        await driver.click(admin, onlyCard(await driver.say(admin, 'customers')), 'customer.start'),
      );
      expect(choiceSetOf(form).values).not.to.include(CONTOSO.partnerId);
      const refused = cardOf(
        await driver.click(admin, form, 'customer.add', {
          companyName: 'Tailwind Traders',
          domain: 'not a domain',
          azure: 'false',
          choice: CONTOSO.partnerId,
          ...ACCEPTANCE_FORM,
        }),
      );
      expect(visibleText(refused)).to.contain('The domain (such as contoso.example) is not valid');
      expect(choiceSetOf(refused).selected).to.equal(CONTOSO.partnerId);
      expect(choiceSetOf(refused).values[0]).to.equal(CONTOSO.partnerId);
    });

    it('pre-selects the customer’s reseller beyond the first 100 on the order form', async () => {
      await driver.world.commerce.upsert({
        customers: [
          {
            customerId: 'cust-2',
            providerTenantId: TENANT_A,
            companyName: 'Tailwind Traders',
            domain: 'tailwind.example',
            azure: false,
            associatedPartnerId: CONTOSO.partnerId,
          },
        ],
        subscriptions: [],
      });
      const admin = driver.person(driver.world.admin);
      const form = cardOf(
        await driver.invoke(admin, 'order.start', { customerId: 'cust-2' }).then((r) => r.response),
      );
      const choices = choiceSetOf(form);
      expect(choices.typeahead).to.deep.equal({ type: 'Data.Query', dataset: 'resellers' });
      expect(choices.selected).to.equal(CONTOSO.partnerId);
      expect(choices.values).to.include(CONTOSO.partnerId);
      // The customers list names it too, though it is not on the first page.
      const customers = visibleText(onlyCard(await driver.say(admin, 'customers')));
      expect(customers).to.contain('reseller: Contoso Cloud Partners \\(1000001\\)');
    });
  });
});
