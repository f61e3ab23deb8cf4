import { expect } from 'chai';
import { CloudAdapter, ConfigurationBotFrameworkAuthentication } from 'botbuilder';
import { createNotifier } from '../../bot/notifier.js';
import { systemClock } from '../../services/clock.js';
import { createLogger } from '../../services/logger.js';
import { CONTOSO, requestContoso, visibleText } from '../bot/fixtures.js';
import { onlyCard } from '../bot/driver.js';
import { OutboxWorld } from './outbox-support.js';

const APP_ID = 'app-0000-test';

/**
 * An adapter with a registered app id whose credentials sign nothing: the fake Bot Connector
 * takes no token, and the machine cannot reach Entra. (The SDK's own factory would fetch a token.)
 */
function adapterWithAppId(): CloudAdapter {
  const credentials = {
    isValidAppId: async (appId: string) => appId === APP_ID,
    isAuthenticationDisabled: async () => false,
    createCredentials: async () => ({ signRequest: async (request: unknown) => request }),
  };
  return new CloudAdapter(
    new ConfigurationBotFrameworkAuthentication({ MicrosoftAppId: APP_ID }, credentials as never),
  );
}

async function accepted(ow: OutboxWorld): Promise<void> {
  const token = await requestContoso(ow.world);
  await ow.world.services.invitations.accept({
    token,
    user: { userId: 'contoso-user-9', entraTenantId: CONTOSO.entraTenantId },
  });
}

describe('notifications: a manager who never opened a chat with the bot', () => {
  let ow: OutboxWorld;
  beforeEach(async () => (ow = await OutboxWorld.create()));
  afterEach(() => ow.close());

  it('with app credentials: the bot creates the 1:1 chat (POST /v3/conversations) and sends the card there', async () => {
    const { world, driver, connector } = ow;
    const admin = await ow.manager(world.admin, world.admin);
    await world.services.notifications.addPerson(world.admin, { userId: 'agent-megan', name: 'Megan Bowen' });
    const before = onlyCard(await driver.say(admin, 'notifications', { serviceUrl: connector.url }));
    expect(visibleText(before)).to.contain('Megan Bowen has not opened a chat with the bot yet');
    const notifier = createNotifier({
      repos: world.repos,
      services: world.services,
      clock: systemClock,
      logger: createLogger('silent'),
      adapter: adapterWithAppId(),
      appId: APP_ID,
      pollMs: 20,
      sendTimeoutMs: 10_000,
      worker: { leaseMs: 15_000, backoffBaseMs: 100 },
    });
    await accepted(ow);
    await ow.settle(notifier);
    expect(connector.created).to.have.length(1);
    const created = connector.created[0] as { members: { id: string }[]; tenantId: string; isGroup: boolean };
    expect(created.members[0]?.id).to.equal('agent-megan');
    expect(created.tenantId).to.equal(world.admin.tenantId);
    expect(created.isGroup).to.equal(false);
    const cards = connector.cardsTo('a:created-agent-megan');
    expect(cards.map((card) => visibleText(card).split('\n')[0])).to.deep.equal([
      'Contoso Cloud Partners accepted',
    ]);
    // The new chat is stored: the card no longer warns, and the next notification goes there directly.
    const after = onlyCard(await driver.say(admin, 'notifications', { serviceUrl: connector.url }));
    expect(visibleText(after)).not.to.contain('has not opened a chat');
  });

  it('without app credentials: nothing is sent to them and the notifications card says why', async () => {
    const { world, driver, connector } = ow;
    const admin = await ow.manager(world.admin, world.admin);
    await world.services.notifications.addPerson(world.admin, { userId: 'agent-megan', name: 'Megan Bowen' });
    await accepted(ow);
    await ow.settle();
    expect(connector.created).to.deep.equal([]);
    expect(connector.cardsTo(admin.conversationId)).to.have.length(1);
    const card = onlyCard(await driver.say(admin, 'notifications', { serviceUrl: connector.url }));
    expect(visibleText(card)).to.contain('Megan Bowen has not opened a chat with the bot yet');
  });
});
