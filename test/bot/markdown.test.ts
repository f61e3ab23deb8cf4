import { expect } from 'chai';
import { RESELLERS, TENANT_A } from '../support/world.js';
import { PHISHING } from '../cards/samples.js';
import { BotDriver, onlyCard } from './driver.js';
import { cardOf, contosoUser, requestContoso } from './fixtures.js';

/** How Teams would show it: the phishing name, every Markdown character escaped. */
const LITERAL = '\\[Microsoft Security: re-verify\\]\\(https://evil.example/login\\)';
/** A Markdown link anywhere in a card's JSON: `](` with no backslash before either bracket. */
const LINK = /(?<!\\)\]\((?!https?:\/\/bot\.example\.test)/;

describe('bot: names from other organisations cannot put links on a card', () => {
  let driver: BotDriver;
  beforeEach(async () => (driver = await BotDriver.create()));
  afterEach(async () => driver.close());

  it('shows a reseller user named like a link as literal text on the provider’s audit card', async () => {
    const token = await requestContoso(driver.world);
    const user = { ...contosoUser, name: PHISHING };
    const invitation = onlyCard(await driver.say(user, `invite ${token}`));
    cardOf(await driver.click(user, invitation, 'invitation.accept'));
    const audit = JSON.stringify(onlyCard(await driver.say(driver.person(driver.world.admin), 'audit')));
    expect(audit).to.contain(JSON.stringify(`By Reseller ${LITERAL}`).slice(1, -1));
    expect(audit).not.to.match(LINK);
  });

  it('shows a reseller named like a link as literal text in the resellers list and its details', async () => {
    await driver.world.directory.upsert([{ ...RESELLERS.ready, name: PHISHING }]);
    await requestContoso(driver.world);
    const admin = driver.person(driver.world.admin);
    const list = JSON.stringify(onlyCard(await driver.say(admin, 'pending')));
    expect(list).to.contain(JSON.stringify(`${LITERAL} (1000001)`).slice(1, -1));
    expect(list).not.to.match(LINK);
    const details = JSON.stringify(
      cardOf(await driver.click(admin, onlyCard(await driver.say(admin, 'pending')), 'reseller.details')),
    );
    expect(details).to.contain(JSON.stringify(LITERAL).slice(1, -1));
    expect(details).not.to.match(LINK);
  });

  it('shows a provider named like a link as literal text on the reseller’s invitation card', async () => {
    const provider = await driver.world.repos.providers.get(TENANT_A);
    if (!provider) throw new Error('no provider A');
    await driver.world.repos.providers.upsert({ ...provider, name: PHISHING });
    const token = await requestContoso(driver.world);
    const card = JSON.stringify(onlyCard(await driver.say(contosoUser, `invite ${token}`)));
    expect(card).to.contain(JSON.stringify(LITERAL).slice(1, -1));
    expect(card).not.to.match(LINK);
  });
});
