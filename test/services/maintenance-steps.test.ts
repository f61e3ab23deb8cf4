import { expect } from 'chai';
import { pino } from 'pino';
import { createRepositories } from '../../data/repositories.js';
import { createServices } from '../../services/index.js';
import { createWorld, RESELLERS, TENANT_A, type World } from '../support/world.js';

/**
 * A maintenance pass is a list of independent steps: one that fails (a scan past its deadline,
 * a collection the database cannot read) is named in the report and logged, and the others
 * still run, so one bad step does not hold up the repairs behind it until the next hour.
 */
describe('maintenance: a failing step leaves the others to run', () => {
  let world: World;
  beforeEach(async () => (world = await createWorld()));
  afterEach(async () => world.close());

  it('the idempotency sweep times out: the due documents are still put right, and the report and the log name the step', async () => {
    await world.services.relationships.requestRelationship(world.admin, {
      resellerEmail: 'owner@contoso.example',
      partnerId: RESELLERS.ready.partnerId,
    });
    const due = world.database.db.collection<{ _id: string }>('relationship_due');
    await due.deleteOne({ _id: `${TENANT_A}:${RESELLERS.ready.partnerId}` });

    const repos = createRepositories(world.database.db, world.database.scanDb);
    repos.idempotency.sweepable = async () => {
      throw new Error('operation exceeded time limit');
    };
    const services = createServices({
      repos,
      clock: world.clock,
      directory: world.directory,
      commerce: world.commerce,
      settings: { publicBaseUrl: 'https://bot.example.test', invitationTtlDays: 14 },
    });
    const lines: { msg: string; step?: string; err?: { message: string } }[] = [];
    const logger = pino({ level: 'warn' }, { write: (line: string) => void lines.push(JSON.parse(line)) });

    const report = await services.maintenance.runOnce(logger);
    expect(report.failed).to.deep.equal(['idempotency keys']);
    expect(report.dueRepaired).to.equal(1);
    expect(await due.countDocuments()).to.equal(1);
    expect(lines.map((l) => [l.msg, l.step, l.err?.message])).to.deep.equal([
      ['a maintenance step failed', 'idempotency keys', 'operation exceeded time limit'],
    ]);
    // Without the fault the same pass names nothing.
    expect((await world.services.maintenance.runOnce()).failed).to.deep.equal([]);
  });
});
