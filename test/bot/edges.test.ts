import { expect } from 'chai';
import { BotDriver, onlyCard } from './driver.js';
import { activeContoso, cardOf, CONTOSO, visibleText } from './fixtures.js';

describe('bot: pages past the end and words that are not in a table', () => {
  let driver: BotDriver;
  beforeEach(async () => {
    driver = await BotDriver.create();
    await activeContoso(driver.world);
  });
  afterEach(async () => driver.close());

  it('shows the last page for a page number past the end of the resellers or customers', async () => {
    const admin = driver.person(driver.world.admin);
    const resellers = visibleText(
      cardOf((await driver.invoke(admin, 'resellers.list', { include: 'active', page: 3 })).response),
    );
    expect(resellers).to.contain('1–1 of 1').and.contain(`${CONTOSO.name} (${CONTOSO.partnerId})`);
    expect(resellers).not.to.match(/\b31–/);
    const customers = visibleText(
      cardOf((await driver.invoke(admin, 'customers.list', { page: 4 })).response),
    );
    expect(customers).to.contain('1–1 of 1').and.contain('Wide World Importers');
  });

  it('treats a language word that names an Object property like any unknown word', async () => {
    const admin = driver.person(driver.world.admin);
    for (const word of ['constructor', '__proto__', 'toString', 'hasOwnProperty', 'valueOf']) {
      const text = visibleText(onlyCard(await driver.say(admin, `language ${word}`)));
      expect(text, word).not.to.contain('This card action is not valid');
      expect(text, word).to.contain('The bot answers you in English.');
    }
  });
});
