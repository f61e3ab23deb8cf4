import { expect } from 'chai';
import { Idempotency } from '../../services/idempotency.js';
import { RelationshipTransactions } from '../../services/relationships/relationship-transactions.js';
import {
  activateContoso,
  createWorld,
  customerWithSubscriptions,
  newKey,
  refusal,
  RESELLERS,
  TENANT_A,
  type World,
} from '../support/world.js';

const SUBSCRIPTIONS = ['sub-1', 'sub-2', 'sub-3', 'sub-4', 'sub-5'];

const activate = (world: World) => activateContoso(world, newKey());

async function withSubscriptions(world: World): Promise<void> {
  await customerWithSubscriptions(world, SUBSCRIPTIONS, RESELLERS.second.partnerId);
}

const stream = `relationship:${RESELLERS.ready.partnerId}`;

describe('transactions ordered against their relationship', () => {
  let world: World;
  beforeEach(async () => {
    world = await createWorld();
    await withSubscriptions(world);
  });
  afterEach(async () => world.close());

  it('never lets a reseller-of-record change land after the removal (one removal against five changes, 12 rounds)', async function () {
    this.timeout(120_000);
    for (let round = 0; round < 12; round++) {
      await activate(world);
      const changes = SUBSCRIPTIONS.map((subscriptionId) =>
        world.services.commerce
          .setResellerOfRecord(
            world.sales,
            { customerId: 'cust-1', subscriptionId, partnerId: RESELLERS.ready.partnerId },
            newKey(),
          )
          .then(
            () => 'set',
            (error: { code?: string }) => error.code ?? 'error',
          ),
      );
      const removal = (async () => {
        // A removal refused while a change is open is tried again, as a user would.
        for (let attempt = 0; attempt < 50; attempt++) {
          try {
            await world.services.relationships.removeRelationship(
              world.admin,
              { partnerId: RESELLERS.ready.partnerId, confirmed: true, attestation: true },
              newKey(),
            );
            return 'removed';
          } catch (error) {
            if ((error as { code?: string }).code !== 'transaction_in_progress') throw error;
            await new Promise((resolve) => setTimeout(resolve, 10));
          }
        }
        return 'gave up';
      })();
      const outcomes = await Promise.all(changes);
      expect(await removal).to.equal('removed');

      const events = await world.repos.events.readAfter(
        TENANT_A,
        'relationship',
        RESELLERS.ready.partnerId,
        0,
      );
      const lastOf = (type: string) => events.map((e) => e.type).lastIndexOf(type);
      const removedAt = lastOf('relationship.removed');
      const lastRequested = lastOf('relationship.requested');
      const thisRound = events.slice(lastRequested);
      const afterRemoval = events.slice(removedAt + 1).map((e) => e.type);
      expect(afterRemoval, `round ${round}`).to.deep.equal([]);
      const started = thisRound.filter((e) => e.type === 'transaction.started').length;
      const ended = thisRound.filter((e) => e.type === 'transaction.completed').length;
      expect(started, `round ${round}`).to.equal(outcomes.filter((o) => o === 'set').length);
      expect(ended).to.equal(started);
      expect(outcomes.every((o) => o === 'set' || o === 'relationship_not_active')).to.equal(true);
      // The backend holds the reseller exactly on the subscriptions whose change was started in time.
      const held = [];
      for (const subscriptionId of SUBSCRIPTIONS) {
        const sub = await world.commerce.getSubscription(TENANT_A, { customerId: 'cust-1', subscriptionId });
        if (sub?.partnerId === RESELLERS.ready.partnerId) held.push(subscriptionId);
      }
      expect(held.length).to.equal(started);
      await customerWithSubscriptions(world, SUBSCRIPTIONS, RESELLERS.second.partnerId, {
        withCustomer: false,
      });
    }
  });

  it('finishes a transaction whose process died after its intent, with the true before value, then allows the removal', async () => {
    await activate(world);
    const transactions = new RelationshipTransactions({
      repos: world.repos,
      clock: world.clock,
      idempotency: new Idempotency(world.repos.idempotency, world.clock),
      directory: world.directory,
      commerce: world.commerce,
      settings: { publicBaseUrl: 'https://bot.example.test', invitationTtlDays: 14 },
    });
    const key = newKey();
    // The process records the intent and dies before calling the backend.
    await transactions.begin(world.sales, { partnerId: RESELLERS.ready.partnerId, name: 'Contoso' }, key, {
      kind: 'subscription.setResellerOfRecord',
      input: {
        customerId: 'cust-1',
        subscriptionId: 'sub-1',
        partnerId: RESELLERS.ready.partnerId,
        resellerName: RESELLERS.ready.name,
      },
      before: { partnerId: RESELLERS.second.partnerId },
      after: { partnerId: RESELLERS.ready.partnerId },
    });
    const removal = () =>
      world.services.relationships.removeRelationship(
        world.admin,
        { partnerId: RESELLERS.ready.partnerId, confirmed: true, attestation: true },
        newKey(),
      );
    expect((await refusal(removal())).code).to.equal('transaction_in_progress');

    // Too recent to be abandoned: maintenance leaves it to its writer.
    expect((await world.services.maintenance.runOnce()).transactionsStillOpen).to.equal(1);
    world.clock.advanceMinutes(2);
    const report = await world.services.maintenance.runOnce();
    expect(report.transactionsFinished).to.equal(1);
    const sub = await world.commerce.getSubscription(TENANT_A, {
      customerId: 'cust-1',
      subscriptionId: 'sub-1',
    });
    expect(sub?.partnerId).to.equal(RESELLERS.ready.partnerId);
    const audit = await world.services.audit.page(world.admin, { subject: 'subscription:cust-1/sub-1' });
    expect(audit.entries.map((e) => [e.type, e.before, e.after])).to.deep.equal([
      [
        'subscription.reseller_of_record_set',
        { partnerId: RESELLERS.second.partnerId },
        { partnerId: RESELLERS.ready.partnerId },
      ],
      ['subscription.change_started', { partnerId: RESELLERS.second.partnerId }, undefined],
    ]);
    // Another pass changes nothing twice: the subscription's trail stays as it is.
    await world.services.maintenance.runOnce();
    expect(
      (await world.services.audit.page(world.admin, { subject: 'subscription:cust-1/sub-1' })).entries,
    ).to.have.length(2);
    expect((await removal()).partnerId).to.equal(RESELLERS.ready.partnerId);
    const types = (await world.services.audit.page(world.admin, { subject: stream })).entries.map(
      (e) => e.type,
    );
    expect(types.slice(0, 3)).to.deep.equal([
      'relationship.removed',
      'transaction.completed',
      'transaction.started',
    ]);
  });
});
