import { expect } from 'chai';
import { actionsOf } from '../cards/validate.js';
import { BotDriver, onlyCard, type Person } from './driver.js';
import {
  activeContoso,
  cardOf,
  CONTOSO,
  contosoUser,
  eventsOf,
  FABRIKAM,
  requestContoso,
  SUBSCRIPTION,
  visibleText,
  withSubscription,
} from './fixtures.js';

/** The rules of SPEC.md where the agent sees them: the card says no, and nothing changed. */

const subject = `relationship:${CONTOSO.partnerId}`;

describe('bot: a second request to an active reseller', () => {
  let driver: BotDriver;
  beforeEach(async () => {
    driver = await BotDriver.create();
    await activeContoso(driver.world);
  });
  afterEach(async () => driver.close());

  it('is refused on the form; the reseller stays active and listed', async () => {
    const admin = driver.person(driver.world.admin);
    const form = onlyCard(await driver.say(admin, `invite ${CONTOSO.partnerId}`));
    const answer = visibleText(
      cardOf(
        await driver.click(admin, form, 'request.create', {
          resellerEmail: 'owner@contoso.example',
          partnerId: CONTOSO.partnerId,
        }),
      ),
    );
    expect(answer).to.contain('There is already an open relationship (Active) with Contoso Cloud Partners');
    expect(answer).not.to.match(/\/invite\/[A-Za-z0-9_-]{43}/);
    expect(await eventsOf(driver.world, subject)).to.deep.equal([
      'relationship.requested',
      'relationship.accepted',
    ]);
    expect(visibleText(onlyCard(await driver.say(admin, 'resellers')))).to.contain(
      `${CONTOSO.name} (${CONTOSO.partnerId})`,
    );
  });
});

describe('bot: a reseller whose request is only pending', () => {
  let driver: BotDriver;
  let admin: Person;
  beforeEach(async () => {
    driver = await BotDriver.create();
    await withSubscription(driver.world);
    await requestContoso(driver.world);
    admin = driver.person(driver.world.admin);
  });
  afterEach(async () => driver.close());

  const subscription = () => driver.world.commerce.getSubscription('tenant-a', SUBSCRIPTION);

  it('is not verified as related, and Verify offers no second request', async () => {
    const picker = onlyCard(await driver.say(admin, 'subscription cust-1 sub-1'));
    const verified = cardOf(
      await driver.click(admin, picker, 'picker.verify', { manualPartnerId: CONTOSO.partnerId }),
    );
    const text = visibleText(verified);
    expect(text).not.to.contain('is verified and related to you');
    expect(text).to.contain('Contoso Cloud Partners (1000001)');
    expect(actionsOf(verified).map((a) => a.verb)).not.to.include('request.start');
    // An unrelated reseller is offered the request: the difference is the pending request.
    const unrelated = cardOf(
      await driver.click(admin, picker, 'picker.verify', { manualPartnerId: FABRIKAM.partnerId }),
    );
    expect(actionsOf(unrelated).map((a) => a.verb)).to.include('request.start');
  });

  it('cannot be made reseller of record or support contact, nor take an order', async () => {
    // The picker offers no pending reseller; a forged (or stale) Submit is checked all the same.
    for (const purpose of ['resellerOfRecord', 'supportContact']) {
      const { response } = await driver.invoke(admin, 'picker.submit', {
        actionId: `forged-${purpose}`,
        ...SUBSCRIPTION,
        purpose,
        choice: CONTOSO.partnerId,
      });
      expect(visibleText(cardOf(response)), purpose).to.contain(
        'There is no active relationship with Contoso Cloud Partners',
      );
    }
    const order = await driver.invoke(admin, 'order.submit', {
      actionId: 'forged-order',
      customerId: SUBSCRIPTION.customerId,
      choice: CONTOSO.partnerId,
      offerId: 'CFQ7TTC0LH18:0001',
      quantity: '5',
    });
    expect(visibleText(cardOf(order.response))).to.contain(
      'There is no active relationship with Contoso Cloud Partners',
    );
    const now = await subscription();
    expect(now?.partnerId).to.equal(undefined);
    expect(now?.supportContactPartnerId).to.equal(undefined);
    expect(await driver.world.database.db.collection('commerce_orders').countDocuments()).to.equal(0);
  });
});

describe('bot: after removal', () => {
  let driver: BotDriver;
  beforeEach(async () => {
    driver = await BotDriver.create();
    await activeContoso(driver.world);
  });
  afterEach(async () => driver.close());

  const remove = async (person: Person, command: string) => {
    const card = onlyCard(await driver.say(person, command));
    return visibleText(cardOf(await driver.click(person, card, 'removal.confirm', { attestation: 'true' })));
  };

  it('the removed card says what stays and that no termination notice is generated', async () => {
    const removed = await remove(driver.person(driver.world.sales), `remove ${CONTOSO.partnerId}`);
    expect(removed)
      .to.contain('Relationship removed')
      .and.contain('No termination notice is generated')
      .and.contain('customers are not deleted')
      .and.contain('Delegated admin privileges the reseller already has are not revoked');
  });

  it('the Chinese removed card says it too', async () => {
    const removed = await remove(driver.person(driver.world.admin), `删除 ${CONTOSO.partnerId}`);
    expect(removed).to.contain('不会生成终止通知').and.contain('不会撤销经销商已有的委派管理特权');
  });

  it('refuses support contact and an order with the removed reseller, and changes nothing', async () => {
    const admin = driver.person(driver.world.admin);
    const support = cardOf(
      await driver.click(
        admin,
        onlyCard(await driver.say(admin, 'subscription cust-1')),
        'picker.open',
        {},
        'Support contact',
      ),
    );
    const form = cardOf(
      await driver.click(admin, onlyCard(await driver.say(admin, 'customers')), 'order.start'),
    );
    await driver.world.services.relationships.removeRelationship(driver.world.admin, {
      partnerId: CONTOSO.partnerId,
      confirmed: true,
      attestation: true,
    });
    // The cards were opened while Contoso was active: the services check again on the click.
    const supportRefused = cardOf(
      await driver.click(admin, support, 'picker.submit', { choice: CONTOSO.partnerId }),
    );
    expect(visibleText(supportRefused)).to.contain(
      'There is no active relationship with Contoso Cloud Partners',
    );
    const orderRefused = cardOf(
      await driver.click(admin, form, 'order.submit', {
        choice: CONTOSO.partnerId,
        offerId: 'CFQ7TTC0LH18:0001',
        quantity: '5',
      }),
    );
    expect(visibleText(orderRefused)).to.contain(
      'There is no active relationship with Contoso Cloud Partners',
    );
    const now = await driver.world.commerce.getSubscription('tenant-a', SUBSCRIPTION);
    expect(now?.supportContactPartnerId).to.equal(undefined);
    expect(await driver.world.database.db.collection('commerce_orders').countDocuments()).to.equal(0);
  });
});

describe('bot: the expiry boundary, on the reseller’s card', () => {
  let driver: BotDriver;
  let token: string;
  beforeEach(async () => {
    driver = await BotDriver.create();
    token = await requestContoso(driver.world);
  });
  afterEach(async () => driver.close());

  it('offers Accept one minute before the expiry time', async () => {
    driver.world.clock.advanceMinutes(14 * 24 * 60 - 1);
    const card = onlyCard(await driver.say(contosoUser, `invite ${token}`));
    expect(actionsOf(card).map((a) => a.verb)).to.deep.equal(['invitation.accept', 'invitation.decline']);
    expect(visibleText(cardOf(await driver.click(contosoUser, card, 'invitation.accept')))).to.contain(
      'Relationship accepted',
    );
  });

  it('says expired at the expiry time itself, and Accept on the card opened before changes nothing', async () => {
    driver.world.clock.advanceMinutes(14 * 24 * 60 - 1);
    const before = onlyCard(await driver.say(contosoUser, `invite ${token}`));
    driver.world.clock.advanceMinutes(1);
    const card = onlyCard(await driver.say(contosoUser, `invite ${token}`));
    expect(visibleText(card)).to.contain('This invitation expired on November 15, 2026');
    expect(actionsOf(card)).to.deep.equal([]);
    const late = visibleText(cardOf(await driver.click(contosoUser, before, 'invitation.accept')));
    expect(late).to.contain('This invitation expired on').and.not.contain('Relationship accepted');
    expect(await eventsOf(driver.world, subject)).to.deep.equal([
      'relationship.requested',
      'relationship.expired',
    ]);
  });
});

describe('bot: the reseller’s address on the request form', () => {
  let driver: BotDriver;
  beforeEach(async () => (driver = await BotDriver.create()));
  afterEach(async () => driver.close());

  it('refuses an empty or malformed e-mail on the form, and sends nothing', async () => {
    const admin = driver.person(driver.world.admin);
    const form = onlyCard(await driver.say(admin, 'invite'));
    for (const resellerEmail of ['', '   ', 'owner', 'owner@contoso', 'a@b@contoso.example']) {
      const response = await driver.click(admin, form, 'request.create', {
        resellerEmail,
        partnerId: CONTOSO.partnerId,
      });
      const text = response.statusCode === 200 ? visibleText(response.value) : JSON.stringify(response.value);
      expect(text, resellerEmail).not.to.match(/\/invite\/[A-Za-z0-9_-]{43}/);
      expect(text, resellerEmail).to.match(/not valid|e-mail/i);
    }
    expect(await eventsOf(driver.world, subject)).to.deep.equal([]);
  });
});

describe('bot: the audit card, newest first', () => {
  let driver: BotDriver;
  beforeEach(async () => (driver = await BotDriver.create()));
  afterEach(async () => driver.close());

  it('shows changes made at different times newest first, and Older continues with older ones', async () => {
    // Twelve role grants an hour apart (10:00 … 21:00 UTC), after the set-up at 09:00.
    for (let i = 1; i <= 12; i++) {
      driver.world.clock.advanceMinutes(60);
      await driver.world.services.access.grantRole(driver.world.admin, {
        agentId: `agent-${i}`,
        role: 'sales',
      });
    }
    const hours = (card: unknown) =>
      [...visibleText(card).matchAll(/\b(\d{2}):00 UTC\b/g)].map((m) => Number(m[1]));
    const admin = driver.person(driver.world.admin);
    const first = onlyCard(await driver.say(admin, 'audit'));
    expect(hours(first)).to.deep.equal([21, 20, 19, 18, 17, 16, 15, 14, 13, 12]);
    const older = cardOf(await driver.click(admin, first, 'audit.page', {}, 'Older'));
    const next = hours(older);
    expect(next.slice(0, 2)).to.deep.equal([11, 10]);
    expect(next.slice(2).every((hour) => hour === 9)).to.equal(true);
  });
});
