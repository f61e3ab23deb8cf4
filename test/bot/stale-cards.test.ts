import { expect } from 'chai';
import { BotDriver, onlyCard } from './driver.js';
import {
  activeContoso,
  cardOf,
  CONTOSO,
  contosoUser,
  errorOf,
  eventsOf,
  requestContoso,
  visibleText,
} from './fixtures.js';
import { actionsOf } from '../cards/validate.js';

const subject = `relationship:${CONTOSO.partnerId}`;

describe('bot: a card shown for an older request cannot act on a newer one', () => {
  let driver: BotDriver;
  beforeEach(async () => (driver = await BotDriver.create()));
  afterEach(async () => driver.close());

  const relationship = () =>
    driver.world.services.relationships.getRelationship(driver.world.admin, CONTOSO.partnerId);

  it('refuses Cancel on an old list or details card after a new request was sent; the new one stays pending', async () => {
    const admin = driver.person(driver.world.admin);
    await requestContoso(driver.world);
    const list = onlyCard(await driver.say(admin, 'pending'));
    const details = cardOf(await driver.click(admin, list, 'reseller.details'));
    // The first request ends, and a new one is sent.
    await driver.world.services.relationships.cancelRequest(driver.world.admin, {
      partnerId: CONTOSO.partnerId,
    });
    await requestContoso(driver.world);
    const pending = await relationship();

    for (const card of [list, details]) {
      const message = errorOf(await driver.click(admin, card, 'request.cancel'), 'stale_action');
      expect(message).to.contain('This card is out of date').and.contain('Contoso Cloud Partners');
    }
    const after = await relationship();
    expect(after.status).to.equal('pending');
    expect(after.invitation?.invitationId).to.equal(pending.invitation?.invitationId);

    // A card shown for the new request cancels it.
    const fresh = onlyCard(await driver.say(admin, 'pending'));
    await driver.click(admin, fresh, 'request.cancel');
    expect((await relationship()).status).to.equal('cancelled');
  });

  it('answers Cancel on a list shown before the reseller accepted with the relationship as it is now', async () => {
    const admin = driver.person(driver.world.admin);
    const token = await requestContoso(driver.world);
    const list = onlyCard(await driver.say(admin, 'pending'));
    await driver.world.services.invitations.accept({
      token,
      user: { userId: 'contoso-user-0', entraTenantId: 'contoso-tenant' },
    });
    const answer = cardOf(await driver.click(admin, list, 'request.cancel'));
    const text = visibleText(answer);
    expect(text).to.contain('There is no pending request to Contoso Cloud Partners any more');
    expect(text).to.contain('Active');
    expect(actionsOf(answer).map((a) => a.verb)).not.to.include('request.cancel');
    expect((await relationship()).status).to.equal('active');
    expect(await eventsOf(driver.world, subject)).to.deep.equal([
      'relationship.requested',
      'relationship.accepted',
    ]);
  });

  it('refuses Remove on an old confirmation after remove, a new request and its acceptance', async () => {
    await activeContoso(driver.world);
    const admin = driver.person(driver.world.admin, { locale: 'zh-CN' });
    const confirmation = onlyCard(await driver.say(admin, 'remove 1000001'));
    await driver.world.services.relationships.removeRelationship(driver.world.admin, {
      partnerId: CONTOSO.partnerId,
      confirmed: true,
      attestation: true,
    });
    const token = await requestContoso(driver.world);
    await driver.world.services.invitations.accept({
      token,
      user: { userId: contosoUser.userId, entraTenantId: CONTOSO.entraTenantId },
    });

    const message = errorOf(
      await driver.click(admin, confirmation, 'removal.confirm', { attestation: 'true' }),
      'stale_action',
    );
    expect(message).to.contain('此卡片已过期');
    expect((await relationship()).status).to.equal('active');
    expect(await eventsOf(driver.world, subject)).to.deep.equal([
      'relationship.requested',
      'relationship.accepted',
      'relationship.removed',
      'relationship.requested',
      'relationship.accepted',
    ]);
  });
});
