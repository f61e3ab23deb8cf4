import { expect } from 'chai';
import { CALLER_MEMO_MS, CallerMemo } from '../../services/access/caller-memo.js';
import { createWorld, refusal, type World } from '../support/world.js';

/**
 * The caller's provider and roles are loaded once per turn (one actor object) and reused by every
 * check of that turn; a revoked role stops acting at once on the instance that revoked it, at the
 * caller's next turn on any other instance, and within CALLER_MEMO_MS inside a long turn.
 */
describe('one load of the caller per turn (access service)', () => {
  let world: World;
  beforeEach(async () => (world = await createWorld()));
  afterEach(async () => world.close());

  it('refuses a revoked role at once on the instance that revoked it', async () => {
    const turn = { ...world.sales };
    expect((await world.services.relationships.listResellers(turn)).total).to.be.at.least(0);
    await world.services.access.revokeRole(world.admin, { agentId: world.sales.agentId, role: 'sales' });
    expect((await refusal(world.services.relationships.listResellers(turn))).code).to.equal('not_authorised');
  });

  it('refuses a role revoked on another instance at the next turn, and within the bound inside one turn', async () => {
    const other = world.withSecondInstance();
    const longTurn = { ...world.sales };
    expect((await other.relationships.listResellers(longTurn)).total).to.be.at.least(0);
    await world.services.access.revokeRole(world.admin, { agentId: world.sales.agentId, role: 'sales' });
    // The next turn is a new actor: read again.
    const nextTurn = { ...world.sales };
    expect((await refusal(other.relationships.listResellers(nextTurn))).code).to.equal('not_authorised');
    // A turn still running past the bound reads again too.
    await new Promise((resolve) => setTimeout(resolve, CALLER_MEMO_MS + 50));
    expect((await refusal(other.relationships.listResellers(longTurn))).code).to.equal('not_authorised');
  });

  it('sees a role granted on another instance at the next turn', async () => {
    const other = world.withSecondInstance();
    expect((await refusal(other.relationships.listResellers({ ...world.nobody }))).code).to.equal(
      'not_authorised',
    );
    await world.services.access.grantRole(world.admin, { agentId: world.nobody.agentId, role: 'helpdesk' });
    expect((await other.relationships.listResellers({ ...world.nobody })).total).to.be.at.least(0);
  });

  it('does not keep a failed load, and loads each part once per turn', async () => {
    const memo = new CallerMemo();
    const turn = { ...world.admin };
    let loads = 0;
    const failing = () => {
      loads += 1;
      return Promise.reject(new Error('database not answering'));
    };
    expect(await memo.get(turn, 'granted', failing).catch((error: Error) => error.message)).to.equal(
      'database not answering',
    );
    const answer = () => {
      loads += 1;
      return Promise.resolve(['admin']);
    };
    expect(await memo.get(turn, 'granted', answer)).to.deep.equal(['admin']);
    expect(await memo.get(turn, 'granted', answer)).to.deep.equal(['admin']);
    expect(loads).to.equal(2);
    memo.forget();
    expect(await memo.get(turn, 'granted', answer)).to.deep.equal(['admin']);
    expect(loads).to.equal(3);
  });
});
