import { expect } from 'chai';
import { randomUUID } from 'node:crypto';
import { actionsOf } from '../cards/validate.js';
import { BotDriver, cardsIn, findAction, onlyCard, type Person } from './driver.js';
import {
  activeContoso,
  cardOf,
  CONTOSO,
  contosoUser,
  errorOf,
  eventsOf,
  FABRIKAM,
  requestContoso,
  visibleText,
} from './fixtures.js';

const LINK = `https://bot.example.test/invite/${'A'.repeat(43)}`;
const draftData = { partnerId: FABRIKAM.partnerId, link: LINK, subject: 'Join us', body: `Hi ${LINK}` };

describe('bot: secret links only in a personal chat', () => {
  let driver: BotDriver;
  beforeEach(async () => {
    driver = await BotDriver.create();
    await activeContoso(driver.world);
  });
  afterEach(async () => driver.close());

  const shared = (): Person[] => {
    const admin = driver.person(driver.world.admin);
    return [
      driver.inShared(admin, 'groupChat'),
      driver.inShared(admin, 'channel', '19:general@thread.tacv2'),
    ];
  };

  it('refuses the request form and the e-mail draft in a group chat or channel, and creates nothing', async () => {
    const request = { resellerEmail: 'owner@fabrikam.example', partnerId: FABRIKAM.partnerId };
    for (const admin of shared()) {
      const typed = onlyCard(await driver.say(admin, 'invite'));
      expect(visibleText(typed)).to.contain('Not possible');
      expect(visibleText(typed)).to.contain('only available in your personal chat with the bot');
      expect(actionsOf(typed)).to.deep.equal([]);

      const executed = await driver.invoke(admin, 'request.create', { ...request, actionId: randomUUID() });
      errorOf(executed.response, 'personal_chat_only');
      expect(executed.sent).to.deep.equal([]);
      for (const verb of ['draft.review', 'draft.copy', 'draft.done']) {
        errorOf(
          (await driver.invoke(admin, verb, { ...draftData, actionId: randomUUID() })).response,
          'personal_chat_only',
        );
      }

      // Action.Submit: a notice, the clicked card left as it was, no link anywhere.
      const submitted = await driver.submit(
        admin,
        { verb: 'request.create', ...request, actionId: randomUUID() },
        'card-message-1',
      );
      expect(submitted.updated).to.deep.equal([]);
      expect(visibleText(onlyCard(submitted))).to.contain('Not possible');
      expect(JSON.stringify(submitted.sent)).not.to.contain('/invite/');
    }
    expect(await eventsOf(driver.world, `relationship:${FABRIKAM.partnerId}`)).to.deep.equal([]);

    // In the personal chat the same steps write the e-mail with its link.
    const admin = driver.person(driver.world.admin);
    const form = onlyCard(await driver.say(admin, 'invite'));
    const draft = cardOf(await driver.click(admin, form, 'request.create', request));
    expect(visibleText(draft)).to.match(/https:\/\/bot\.example\.test\/invite\/[A-Za-z0-9_-]{43}/);
  });

  it('refuses the audit CSV link in a group chat or channel; the personal chat gets it', async () => {
    for (const admin of shared()) {
      // The audit trail itself may be read together; only the download link is personal.
      const audit = onlyCard(await driver.say(admin, 'audit'));
      const exported = await driver.invoke(admin, 'audit.export', findAction(audit, 'audit.export').data);
      errorOf(exported.response, 'personal_chat_only');
      expect(JSON.stringify(exported)).not.to.contain('/audit/export.csv');
    }
    const admin = driver.person(driver.world.admin);
    const audit = onlyCard(await driver.say(admin, 'audit'));
    const card = cardOf(await driver.click(admin, audit, 'audit.export'));
    expect(JSON.stringify(card)).to.contain('/audit/export.csv');
  });
});

describe('bot: a final action updates the shared card for everyone', () => {
  let driver: BotDriver;
  let token: string;
  beforeEach(async () => {
    driver = await BotDriver.create();
    token = await requestContoso(driver.world);
  });
  afterEach(async () => driver.close());

  /** Posts a card with `text` and returns it with its message id. */
  async function post(person: Person, text: string) {
    const result = await driver.say(person, text);
    const id = result.sent[0]?.id;
    if (!id) throw new Error('the card message has no id');
    return { card: onlyCard(result), id };
  }

  it('replaces the pending list in a group chat when an admin cancels from it', async () => {
    const admin = driver.inShared(driver.person(driver.world.admin));
    const { card, id } = await post(admin, 'pending');
    const cancel = findAction(card, 'request.cancel');
    const { response, updated } = await driver.invoke(admin, cancel.verb, cancel.data, { replyToId: id });
    const answer = cardOf(response);
    expect(visibleText(answer)).to.contain('Request cancelled');
    expect(updated).to.have.length(1);
    expect(updated[0]?.id).to.equal(id);
    expect(cardsIn(updated)).to.deep.equal([answer]);
  });

  it('replaces the invitation card in a reseller’s channel on Accept', async () => {
    const reseller = driver.inShared(contosoUser, 'channel', '19:partners@thread.tacv2');
    const { card, id } = await post(reseller, `invite ${token}`);
    const accept = findAction(card, 'invitation.accept');
    const { response, updated } = await driver.invoke(reseller, accept.verb, accept.data, { replyToId: id });
    expect(visibleText(cardOf(response))).to.contain('Relationship accepted');
    expect(cardsIn(updated)).to.deep.equal([response.value]);
    expect(actionsOf(cardsIn(updated)[0])).to.deep.equal([]);
  });

  it('leaves the message alone for a view, a refusal, an inline refusal and in a personal chat', async () => {
    const { world } = driver;
    const admin = driver.inShared(driver.person(world.admin));
    const { card, id } = await post(admin, 'pending');
    const details = findAction(card, 'reseller.details');
    expect((await driver.invoke(admin, details.verb, details.data, { replyToId: id })).updated).to.deep.equal(
      [],
    );
    const cancel = findAction(card, 'request.cancel');
    const sales = driver.inShared(driver.person(world.sales));
    const refused = await driver.invoke(sales, cancel.verb, cancel.data, { replyToId: id });
    errorOf(refused.response, 'not_authorised');
    expect(refused.updated).to.deep.equal([]);

    const personal = driver.person(world.admin);
    const mine = await post(personal, 'pending');
    const own = findAction(mine.card, 'request.cancel');
    const cancelled = await driver.invoke(personal, own.verb, own.data, { replyToId: mine.id });
    expect(visibleText(cardOf(cancelled.response))).to.contain('Request cancelled');
    expect(cancelled.updated).to.deep.equal([]);
  });

  it('does not replace the removal card when the attestation is missing, and does once it is given', async () => {
    const { world } = driver;
    await world.services.invitations.accept({
      token,
      user: { userId: 'contoso-user-0', entraTenantId: CONTOSO.entraTenantId },
    });
    const admin = driver.inShared(driver.person(world.admin));
    const { card, id } = await post(admin, `remove ${CONTOSO.partnerId}`);
    const confirm = findAction(card, 'removal.confirm');
    const missing = await driver.invoke(admin, confirm.verb, confirm.data, { replyToId: id });
    expect(visibleText(cardOf(missing.response))).to.contain('legitimate business purpose');
    expect(missing.updated).to.deep.equal([]);
    const removed = await driver.invoke(
      admin,
      confirm.verb,
      { ...confirm.data, attestation: 'true' },
      { replyToId: id },
    );
    expect(visibleText(cardOf(removed.response))).to.contain('Relationship removed');
    expect(removed.updated.map((activity) => activity.id)).to.deep.equal([id]);
  });

  it('still answers the clicker when Teams refuses the update', async () => {
    const admin = driver.inShared(driver.person(driver.world.admin));
    const { card, id } = await post(admin, 'pending');
    driver.adapter.failUpdates = true;
    const cancel = findAction(card, 'request.cancel');
    const { response } = await driver.invoke(admin, cancel.verb, cancel.data, { replyToId: id });
    expect(visibleText(cardOf(response))).to.contain('Request cancelled');
    const view = await driver.world.services.relationships.getRelationship(
      driver.world.admin,
      CONTOSO.partnerId,
    );
    expect(view.status).to.equal('cancelled');
  });
});
