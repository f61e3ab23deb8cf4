import { expect } from 'chai';
import type { RunningServer } from '../../bot/server.js';
import { CONTOSO, requestContoso, visibleText } from '../bot/fixtures.js';
import { actionsOf } from '../cards/validate.js';
import { FakeConnector } from '../support/fake-connector.js';
import { serveWorld } from '../support/server.js';
import { createWorld, TENANT_A, type World } from '../support/world.js';

const ADMIN_CHAT = 'a:admin-chat';
const RESELLER_CHAT = 'a:reseller-chat';

describe('notifications: through the real bot server', () => {
  let world: World;
  let connector: FakeConnector;
  let running: RunningServer;
  beforeEach(async () => {
    world = await createWorld();
    connector = await FakeConnector.start();
    running = await serveWorld(world, { options: { notifyPollMs: 20 } });
  });
  afterEach(async () => {
    await running.stop();
    await connector.stop();
    await world.close();
  });

  const activity = (who: 'admin' | 'reseller', fields: Record<string, unknown>) => {
    const admin = who === 'admin';
    const tenantId = admin ? TENANT_A : CONTOSO.entraTenantId;
    const userId = admin ? 'agent-admin' : 'contoso-user-1';
    return {
      channelId: 'msteams',
      serviceUrl: connector.url,
      id: `act-${Math.random().toString(36).slice(2)}`,
      from: { id: `29:${userId}`, aadObjectId: userId, name: admin ? 'Ada Admin' : 'Chen Jie' },
      recipient: { id: '28:bot', name: 'Reseller Bot' },
      conversation: { id: admin ? ADMIN_CHAT : RESELLER_CHAT, conversationType: 'personal', tenantId },
      channelData: { tenant: { id: tenantId } },
      locale: admin ? 'en-US' : 'zh-CN',
      ...fields,
    };
  };
  const post = (body: unknown) =>
    fetch(`${running.url}/api/messages`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
    });
  const invoke = (who: 'admin' | 'reseller', verb: string, data: Record<string, unknown>) =>
    post(
      activity(who, {
        type: 'invoke',
        name: 'adaptiveCard/action',
        value: { action: { type: 'Action.Execute', verb, data } },
      }),
    );

  it('the reseller accepts in its chat → the admin’s chat receives the card, without typing anything', async () => {
    // The admin opens the notifications card and presses Add me.
    expect((await post(activity('admin', { type: 'message', text: 'notifications' }))).status).to.equal(200);
    const [list] = connector.cardsTo(ADMIN_CHAT);
    const addMe = actionsOf(list).find((a) => a.verb === 'notifications.addMe')!;
    expect((await invoke('admin', addMe.verb!, addMe.data)).status).to.equal(200);
    // The reseller's user writes to the bot once (so the bot can confirm later), then accepts.
    await post(activity('reseller', { type: 'message', text: 'help' }));
    const token = await requestContoso(world);
    const before = connector.cardsTo(ADMIN_CHAT).length;
    const accept = await invoke('reseller', 'invitation.accept', {
      actionId: 'accept-0001',
      token,
      lang: 'zh-CN',
    });
    expect(accept.status).to.equal(200);

    const deadline = Date.now() + 10_000;
    while (connector.cardsTo(ADMIN_CHAT).length === before && Date.now() < deadline)
      await new Promise((resolve) => setTimeout(resolve, 20));
    const notified = connector.cardsTo(ADMIN_CHAT).slice(before);
    expect(notified.map((card) => visibleText(card).split('\n')[0])).to.deep.equal([
      'Contoso Cloud Partners accepted',
    ]);
    const confirmed = () =>
      connector
        .cardsTo(RESELLER_CHAT)
        .some((card) => visibleText(card).includes('你现在是 Adatum Distribution 的经销商'));
    while (!confirmed() && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
    expect(confirmed()).to.equal(true);
    // /healthz shows the outbox drained (the last outcome is recorded just after the send).
    const outbox = async () =>
      ((await (await fetch(`${running.url}/healthz`)).json()) as { outbox: Record<string, number> }).outbox;
    let health = await outbox();
    while ((health.pending ?? 0) > 0 && Date.now() < deadline) health = await outbox();
    expect(health).to.deep.equal({ pending: 0, oldestPendingSeconds: 0, deadLetters: 0 });
  });
});
