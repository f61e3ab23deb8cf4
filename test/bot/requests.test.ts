import { expect } from 'chai';
import { actionsOf, cardProblems } from '../cards/validate.js';
import { BotDriver, findAction, onlyCard } from './driver.js';
import { cardOf, CONTOSO, errorOf, eventsOf, visibleText } from './fixtures.js';

const subject = `relationship:${CONTOSO.partnerId}`;
const inputs = { resellerEmail: 'owner@contoso.example', partnerId: CONTOSO.partnerId };

describe('bot: requesting a relationship (form → draft → done)', () => {
  let driver: BotDriver;
  beforeEach(async () => (driver = await BotDriver.create()));
  afterEach(async () => driver.close());

  async function draft(locale = 'en-US') {
    const admin = driver.person(driver.world.admin, { locale });
    const form = onlyCard(await driver.say(admin, 'invite'));
    const card = cardOf(await driver.click(admin, form, 'request.create', inputs));
    return { admin, form, card };
  }

  it('writes the e-mail with the personalised link, Open in e-mail, Copy, Check, Done and the dialog', async () => {
    const { card } = await draft();
    expect(cardProblems(card)).to.deep.equal([]);
    const text = visibleText(card);
    expect(text)
      .to.contain('Relationship request to Contoso Cloud Partners')
      .and.contain('owner@contoso.example');
    expect(text).to.match(/https:\/\/bot\.example\.test\/invite\/[A-Za-z0-9_-]{43}/);
    const actions = actionsOf(card);
    expect(actions.map((a) => a.title)).to.deep.equal([
      'Open in e-mail',
      'Copy to clipboard',
      'Check my edits',
      'Done',
      'Edit in a dialog',
    ]);
    expect(actions[0]?.url).to.match(/^mailto:owner%40contoso\.example\?subject=/);
    expect(await eventsOf(driver.world, subject)).to.deep.equal(['relationship.requested']);
  });

  it('writes the e-mail in Chinese for a Chinese-speaking agent', async () => {
    const { card } = await draft('zh-CN');
    expect(visibleText(card)).to.contain('个性化链接').and.contain('邀请');
    expect(actionsOf(card).map((a) => a.title)).to.include('在电子邮件中打开');
  });

  it('refuses Done when the link was removed from the body, says why, and changes nothing', async () => {
    const { admin, card } = await draft();
    const answer = cardOf(
      await driver.click(admin, card, 'draft.done', { subject: 'Hi', body: 'Please join us.' }),
    );
    expect(visibleText(answer)).to.contain('The message must contain the personalised link');
    expect(visibleText(answer)).to.contain('Please join us.');
    expect(await eventsOf(driver.world, subject)).to.deep.equal(['relationship.requested']);
  });

  it('checks edits, shows selectable text to copy, and marks the request sent once on Done', async () => {
    const { admin, card } = await draft();
    const link = findAction(card, 'draft.done').data.link as string;
    const body = `Dear partner,\n\nPlease join us: ${link}\n\nThanks`;
    const checked = cardOf(await driver.click(admin, card, 'draft.review', { subject: 'Join us', body }));
    expect(visibleText(checked)).to.contain('Your text still holds the link');
    expect(decodeURIComponent(actionsOf(checked)[0]?.url ?? '')).to.contain('Please join us');
    const copy = cardOf(await driver.click(admin, checked, 'draft.copy', { subject: 'Join us', body }));
    expect(visibleText(copy)).to.contain('Select the text below');
    // Each line of the e-mail is its own block, so the blank lines between paragraphs survive.
    expect(JSON.stringify(copy)).to.contain(`"text":"Please join us: ${link}"`);
    const done = findAction(copy, 'draft.done');
    const sent = cardOf(
      await driver
        .invoke(admin, done.verb, { ...done.data, subject: 'Join us', body })
        .then((r) => r.response),
    );
    expect(visibleText(sent)).to.contain('Request sent');
    expect(actionsOf(sent)).to.deep.equal([]);
    // A second click with the same action id (a double click or a redelivery) changes nothing.
    const again = cardOf(
      (await driver.invoke(admin, done.verb, { ...done.data, subject: 'Join us', body })).response,
    );
    expect(visibleText(again)).to.contain('Request sent');
    expect(await eventsOf(driver.world, subject)).to.deep.equal([
      'relationship.requested',
      'relationship.request_sent',
    ]);
  });

  it('creates one request for a double click on "Write the e-mail"', async () => {
    const { admin, form } = await draft();
    const replay = cardOf(await driver.click(admin, form, 'request.create', inputs));
    expect(visibleText(replay)).to.contain('Request already created');
    expect(await eventsOf(driver.world, subject)).to.deep.equal(['relationship.requested']);
  });

  it('shows the service’s reason in the form for a reseller that cannot be invited', async () => {
    const admin = driver.person(driver.world.admin);
    const form = onlyCard(await driver.say(admin, 'invite'));
    const notEnrolled = cardOf(
      await driver.click(admin, form, 'request.create', { ...inputs, partnerId: '1000003' }),
    );
    expect(visibleText(notEnrolled)).to.contain(
      'Northwind Traders is not enrolled as a CSP indirect reseller',
    );
    const missing = cardOf(await driver.click(admin, form, 'request.create', { ...inputs, partnerId: '' }));
    expect(visibleText(missing)).to.contain('Enter the reseller’s Partner ID');
    expect(findAction(missing, 'request.create')).to.not.equal(undefined);
  });

  it('refuses a sales agent who clicks an admin’s form, and nothing is created', async () => {
    const { form } = await draft();
    const sales = driver.person(driver.world.sales);
    const message = errorOf(
      await driver.click(sales, form, 'request.create', { ...inputs, partnerId: '1000002' }),
      'not_authorised',
    );
    expect(message).to.contain('Your role does not allow this');
    expect(await eventsOf(driver.world, 'relationship:1000002')).to.deep.equal([]);
  });

  it('lets an admin cancel a pending request from the list; the card becomes a summary', async () => {
    await draft();
    const admin = driver.person(driver.world.admin);
    const list = onlyCard(await driver.say(admin, 'pending'));
    expect(visibleText(list)).to.contain('Sent to owner@contoso.example');
    const cancelled = cardOf(await driver.click(admin, list, 'request.cancel'));
    expect(visibleText(cancelled)).to.contain('Request cancelled').and.contain('no longer works');
    expect(actionsOf(cancelled)).to.deep.equal([]);
    expect(await eventsOf(driver.world, subject)).to.deep.equal([
      'relationship.requested',
      'relationship.cancelled',
    ]);
  });

  it('hides Cancel from sales agents and refuses a forwarded Cancel', async () => {
    await draft();
    const list = onlyCard(await driver.say(driver.person(driver.world.admin), 'pending'));
    const salesList = onlyCard(await driver.say(driver.person(driver.world.sales), 'pending'));
    expect(actionsOf(salesList).map((a) => a.verb)).not.to.include('request.cancel');
    errorOf(await driver.click(driver.person(driver.world.sales), list, 'request.cancel'), 'not_authorised');
  });

  it('refuses a card of provider A clicked by an admin of provider B, and A’s request stays pending', async () => {
    await draft();
    const list = onlyCard(await driver.say(driver.person(driver.world.admin), 'pending'));
    // B has no request that card was shown for: the card is stale there, and says nothing of A's.
    const message = errorOf(
      await driver.click(driver.person(driver.world.adminB), list, 'request.cancel'),
      'stale_action',
    );
    expect(message).not.to.contain('Contoso Cloud Partners');
    const view = await driver.world.services.relationships.getRelationship(
      driver.world.admin,
      CONTOSO.partnerId,
    );
    expect(view.status).to.equal('pending');
  });
});
