import { expect } from 'chai';
import { actionsOf, cardProblems } from '../cards/validate.js';
import { BotDriver, onlyCard } from './driver.js';
import {
  cardOf,
  CONTOSO,
  contosoUser,
  eventsOf,
  FABRIKAM,
  fabrikamUser,
  requestContoso,
  requestFabrikam,
  visibleText,
} from './fixtures.js';

describe('bot: the reseller’s invitation card', () => {
  let driver: BotDriver;
  let token: string;
  beforeEach(async () => {
    driver = await BotDriver.create();
    token = await requestContoso(driver.world);
  });
  afterEach(async () => driver.close());

  it('shows who invites whom and what it means, with Accept and Decline', async () => {
    const card = onlyCard(await driver.say(contosoUser, `invite ${token}`));
    expect(cardProblems(card)).to.deep.equal([]);
    expect(visibleText(card))
      .to.contain('Adatum Distribution invites you')
      .and.contain('Contoso Cloud Partners (1000001)')
      .and.contain('What the relationship means');
    expect(actionsOf(card).map((a) => a.title)).to.deep.equal(['Accept', 'Decline']);
  });

  it('opens from a pasted link, in Chinese for a Chinese user', async () => {
    const card = onlyCard(
      await driver.say(
        { ...contosoUser, locale: 'zh-CN' },
        `这是链接 https://bot.example.test/invite/${token}`,
      ),
    );
    expect(visibleText(card)).to.contain('Adatum Distribution 邀请你建立 CSP 间接经销商合作关系');
    expect(actionsOf(card).map((a) => a.title)).to.deep.equal(['接受', '拒绝']);
  });

  it('accepts with one click; a second click of the same button changes nothing', async () => {
    const card = onlyCard(await driver.say(contosoUser, `invite ${token}`));
    const accepted = cardOf(await driver.click(contosoUser, card, 'invitation.accept'));
    expect(visibleText(accepted))
      .to.contain('Relationship accepted')
      .and.contain('indirect reseller of Adatum Distribution');
    expect(actionsOf(accepted)).to.deep.equal([]);
    expect(visibleText(cardOf(await driver.click(contosoUser, card, 'invitation.accept')))).to.contain(
      'Relationship accepted',
    );
    const events = await eventsOf(driver.world, `relationship:${CONTOSO.partnerId}`);
    expect(events).to.deep.equal(['relationship.requested', 'relationship.accepted']);
  });

  it('declines; Accept on the old card then shows the invitation as declined', async () => {
    const card = onlyCard(await driver.say(contosoUser, `invite ${token}`));
    expect(visibleText(cardOf(await driver.click(contosoUser, card, 'invitation.decline')))).to.contain(
      'Invitation declined',
    );
    const stale = cardOf(await driver.click(contosoUser, card, 'invitation.accept'));
    expect(visibleText(stale)).to.contain('This invitation was declined');
    expect(actionsOf(stale)).to.deep.equal([]);
  });

  it('says so for an expired, a cancelled, a used and an unknown invitation', async () => {
    driver.world.clock.advanceDays(15);
    const expired = onlyCard(await driver.say(contosoUser, `invite ${token}`));
    expect(visibleText(expired)).to.contain('This invitation expired on November 15, 2026');
    expect(actionsOf(expired)).to.deep.equal([]);

    const unknown = onlyCard(await driver.say(contosoUser, `invite ${'B'.repeat(43)}`));
    expect(visibleText(unknown))
      .to.contain('Invitation not found')
      .and.contain('This invitation link is not valid');
  });

  it('refuses an answer from another organisation’s user', async () => {
    const card = onlyCard(await driver.say(contosoUser, `invite ${token}`));
    const stranger = {
      ...contosoUser,
      tenantId: 'fabrikam-tenant',
      userId: 'fabrikam-user',
      conversationId: 'a:f',
    };
    const answer = cardOf(await driver.click(stranger, card, 'invitation.accept'));
    expect(visibleText(answer)).to.contain('This invitation was sent to another organisation');
    const view = await driver.world.services.relationships.getRelationship(
      driver.world.admin,
      CONTOSO.partnerId,
    );
    expect(view.status).to.equal('pending');
  });

  it('shows a cancelled invitation as cancelled', async () => {
    await driver.world.services.relationships.cancelRequest(driver.world.admin, {
      partnerId: CONTOSO.partnerId,
    });
    const card = onlyCard(await driver.say(contosoUser, `invite ${token}`));
    expect(visibleText(card)).to.contain('Adatum Distribution cancelled this invitation');
    expect(actionsOf(card)).to.deep.equal([]);
  });
});

describe('bot: who answers an invitation (the identity Teams gives)', () => {
  let driver: BotDriver;
  beforeEach(async () => (driver = await BotDriver.create()));
  afterEach(async () => driver.close());

  const statusOf = async (partnerId: string) =>
    (await driver.world.services.relationships.getRelationship(driver.world.admin, partnerId)).status;

  it('lets a Fabrikam user whose sign-in address is in the invited domain accept', async () => {
    const token = await requestFabrikam(driver.world);
    const card = onlyCard(await driver.say(fabrikamUser, `invite ${token}`));
    // Teams is asked for the address only when it is needed: for the answer, not to show the card.
    expect(driver.members.asked).to.deep.equal([]);
    const accepted = cardOf(await driver.click(fabrikamUser, card, 'invitation.accept'));
    expect(visibleText(accepted)).to.contain('Relationship accepted');
    expect(driver.members.asked).to.deep.equal([fabrikamUser.userId]);
    expect(await statusOf(FABRIKAM.partnerId)).to.equal('active');
  });

  it('refuses a Fabrikam-tenant user whose address is in another domain, or unknown to Teams', async () => {
    const token = await requestFabrikam(driver.world);
    const card = onlyCard(await driver.say(fabrikamUser, `invite ${token}`));
    for (const email of ['li.na@elsewhere.example', undefined]) {
      const user = { ...fabrikamUser, userId: `fabrikam-${email ?? 'none'}`.replace(/@/g, '.') };
      if (email) user.email = email;
      else delete user.email;
      const answer = cardOf(await driver.click(user, card, 'invitation.accept'));
      expect(visibleText(answer)).to.contain('This invitation was sent to another organisation');
    }
    expect(await statusOf(FABRIKAM.partnerId)).to.equal('pending');
  });

  it('refuses a user of the provider’s own tenant without a role, even with an address in the invited domain', async () => {
    const token = await requestFabrikam(driver.world);
    const insider = driver.person(driver.world.nobody, { email: 'someone@fabrikam.example' });
    const card = onlyCard(await driver.say(insider, `invite ${token}`));
    for (const verb of ['invitation.accept', 'invitation.decline']) {
      const answer = cardOf(await driver.click(insider, card, verb));
      expect(visibleText(answer)).to.contain('This invitation was sent to another organisation');
    }
    expect(await statusOf(FABRIKAM.partnerId)).to.equal('pending');
    expect(await eventsOf(driver.world, `relationship:${FABRIKAM.partnerId}`)).to.deep.equal([
      'relationship.requested',
    ]);
  });

  it('shows no "Relationship accepted" to someone of another organisation clicking a used card', async () => {
    const token = await requestFabrikam(driver.world);
    const card = onlyCard(await driver.say(fabrikamUser, `invite ${token}`));
    expect(visibleText(cardOf(await driver.click(fabrikamUser, card, 'invitation.accept')))).to.contain(
      'Relationship accepted',
    );
    const stranger = { ...fabrikamUser, userId: 'mallory', tenantId: 'evil-tenant', email: 'm@evil.example' };
    const answer = visibleText(cardOf(await driver.click(stranger, card, 'invitation.accept')));
    expect(answer).not.to.contain('Relationship accepted');
    expect(answer).to.contain('This invitation was sent to another organisation');
  });

  it('lets a user whose Entra display name is longer than 200 characters accept', async () => {
    const token = await requestContoso(driver.world);
    const user = { ...contosoUser, name: `Chen ${'J'.repeat(196)}` };
    expect(user.name).to.have.length(201);
    const card = onlyCard(await driver.say(user, `invite ${token}`));
    expect(visibleText(cardOf(await driver.click(user, card, 'invitation.accept')))).to.contain(
      'Relationship accepted',
    );
  });
});
