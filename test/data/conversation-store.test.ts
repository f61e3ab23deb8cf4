import { expect } from 'chai';
import { ConversationStore } from '../../data/conversations/conversation-store.js';
import { createWorld, TENANT_A, type World } from '../support/world.js';

/** A message writes its conversation reference only when it changed (or is 10 minutes old). */
describe('conversation references', () => {
  let world: World;
  beforeEach(async () => (world = await createWorld()));
  afterEach(async () => world.close());

  it('writes a changed reference, and an unchanged one only after 10 minutes', async () => {
    const store = new ConversationStore(world.database.db);
    const stored = () => world.database.db.collection('conversation_references').findOne({});
    const reference = (serviceUrl: string) => ({
      tenantId: TENANT_A,
      conversationId: 'a:1',
      conversationType: 'personal',
      userId: 'agent-admin',
      reference: { serviceUrl, conversation: { id: 'a:1' } as never, activityId: 'message-1' },
    });
    const t0 = new Date('2026-12-02T03:00:00Z');
    await store.save(reference('https://smba.one/'), t0);
    // Another message (its own activity id): nothing to write.
    await store.save(
      {
        ...reference('https://smba.one/'),
        reference: { ...reference('https://smba.one/').reference, activityId: 'message-2' },
      },
      new Date(t0.getTime() + 60_000),
    );
    expect((await stored())?.updatedAt).to.deep.equal(t0);
    const t1 = new Date(t0.getTime() + 120_000);
    await store.save(reference('https://smba.two/'), t1);
    expect(await stored()).to.deep.include({ updatedAt: t1 });
    expect((await stored())?.reference.serviceUrl).to.equal('https://smba.two/');
    const t2 = new Date(t1.getTime() + 10 * 60_000);
    await store.save(reference('https://smba.two/'), t2);
    expect((await stored())?.updatedAt).to.deep.equal(t2);
    expect(await store.tenants()).to.deep.equal([TENANT_A]);
  });
});
