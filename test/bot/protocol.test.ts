import { expect } from 'chai';
import type { DirectoryReseller } from '../../services/ports.js';
import { tokenOf } from '../support/world.js';
import { BotDriver, cardsIn, findAction, onlyCard } from './driver.js';
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

describe('bot: card actions are untrusted input', () => {
  let driver: BotDriver;
  let token: string;
  beforeEach(async () => {
    driver = await BotDriver.create();
    token = await requestContoso(driver.world);
  });
  afterEach(async () => driver.close());

  const key = '5b0e6d3c-3c1f-4a57-9b7e-0d1f2a3b4c5d';

  it('answers a forged payload with a localised 400 error, and nothing changes', async () => {
    const admin = driver.person(driver.world.admin);
    const forged = [
      { verb: 'request.cancel', data: { partnerId: { $ne: null }, actionId: key } },
      { verb: 'request.cancel', data: { partnerId: CONTOSO.partnerId } },
      { verb: 'request.cancel', data: { partnerId: CONTOSO.partnerId, actionId: '$where' } },
      { verb: 'removal.confirm', data: { partnerId: CONTOSO.partnerId, actionId: key, confirmed: 'yes' } },
      { verb: 'resellers.list', data: { page: -1 } },
      { verb: 'drop.database', data: {} },
      { verb: { $gt: '' }, data: {} },
      { verb: 'request.cancel', data: 'partnerId=1000001' },
    ];
    for (const { verb, data } of forged) {
      const message = errorOf((await driver.invoke(admin, verb, data)).response, 'invalid_action');
      expect(message).to.contain('This card action is not valid');
    }
    const zh = driver.person(driver.world.admin, { locale: 'zh-CN' });
    expect(
      errorOf((await driver.invoke(zh, 'request.cancel', { partnerId: { $ne: null } })).response),
    ).to.contain('此卡片操作无效');
    expect(await eventsOf(driver.world, `relationship:${CONTOSO.partnerId}`)).to.deep.equal([
      'relationship.requested',
    ]);
  });

  it('answers an adaptiveCard/action invoke without an action object with 400, not a crash', async () => {
    const admin = driver.person(driver.world.admin);
    const { sent } = await driver.process(
      driver.activity(admin, { type: 'invoke', name: 'adaptiveCard/action', value: {} }),
    );
    const reply = sent.find((a) => a.type === 'invokeResponse')?.value as {
      status: number;
      body: { type: string };
    };
    expect(reply.status).to.equal(400);
    expect(reply.body.type).to.equal('application/vnd.microsoft.error');
  });

  it('answers a stale card with the reason and changes nothing', async () => {
    const admin = driver.person(driver.world.admin);
    const list = onlyCard(await driver.say(admin, 'pending'));
    // Meanwhile the reseller accepted: the Cancel button on the old card is stale.
    const card = onlyCard(await driver.say(contosoUser, `invite ${token}`));
    await driver.click(contosoUser, card, 'invitation.accept');
    // The answer is the card as things stand now, with the reason on it.
    const answer = cardOf(await driver.click(admin, list, 'request.cancel'));
    expect(visibleText(answer)).to.contain('There is no pending request to Contoso Cloud Partners any more');
    const view = await driver.world.services.relationships.getRelationship(
      driver.world.admin,
      CONTOSO.partnerId,
    );
    expect(view.status).to.equal('active');
  });

  it('passes the request a Cancel was shown for: a card of an earlier request changes nothing', async () => {
    const { world } = driver;
    const admin = driver.person(world.admin);
    const list = onlyCard(await driver.say(admin, 'pending'));
    await world.services.relationships.cancelRequest(world.admin, { partnerId: CONTOSO.partnerId });
    await requestContoso(world);
    errorOf(await driver.click(admin, list, 'request.cancel'), 'stale_action');
    const view = await world.services.relationships.getRelationship(world.admin, CONTOSO.partnerId);
    expect(view.status).to.equal('pending');
  });

  it('re-checks the tenant: an id echoed from another provider’s card finds nothing there', async () => {
    const other = driver.person(driver.world.adminB);
    errorOf(
      (await driver.invoke(other, 'reseller.details', { partnerId: CONTOSO.partnerId })).response,
      'relationship_not_found',
    );
  });
});

describe('bot: Action.Submit (clients without Universal Actions)', () => {
  let driver: BotDriver;
  beforeEach(async () => {
    driver = await BotDriver.create();
    await activeContoso(driver.world);
  });
  afterEach(async () => driver.close());

  it('goes through the same verb table and replaces the clicked card', async () => {
    const admin = driver.person(driver.world.admin);
    const first = await driver.say(admin, 'remove 1000001');
    const cardMessageId = first.sent[0]?.id;
    const keep = findAction(onlyCard(first), 'removal.keep');
    const result = await driver.submit(admin, keep.data, cardMessageId);
    expect(result.sent).to.deep.equal([]);
    expect(result.updated).to.have.length(1);
    expect(result.updated[0]?.id).to.equal(cardMessageId);
    expect(visibleText(cardsIn(result.updated)[0])).to.contain('Nothing changed');
  });

  it('sends a new card when the clicked message is unknown, and a notice for a refusal', async () => {
    const admin = driver.person(driver.world.admin);
    const card = onlyCard(await driver.say(admin, 'remove 1000001'));
    const confirm = findAction(card, 'removal.confirm');
    const removed = await driver.submit(admin, { ...confirm.data, attestation: 'true' });
    expect(visibleText(onlyCard(removed))).to.contain('Relationship removed');
    const forged = await driver.submit(
      admin,
      { verb: 'removal.confirm', partnerId: { $ne: null } },
      'some-message',
    );
    expect(forged.updated).to.deep.equal([]);
    expect(visibleText(onlyCard(forged)))
      .to.contain('Not possible')
      .and.contain('This card action is not valid');
  });
});

describe('bot: reseller typeahead (Data.Query)', () => {
  let driver: BotDriver;
  beforeEach(async () => {
    driver = await BotDriver.create();
    await activeContoso(driver.world);
  });
  afterEach(async () => driver.close());

  const search = async (
    actor = driver.world.admin,
    value: unknown = { dataset: 'resellers', queryText: 'cont' },
  ) => {
    const { sent } = await driver.process(
      driver.activity(driver.person(actor), {
        type: 'invoke',
        name: 'application/search',
        value: { kind: 'search', ...(value as object) },
      }),
    );
    return (
      sent.find((a) => a.type === 'invokeResponse')?.value as {
        status: number;
        body: Record<string, unknown>;
      }
    ).body;
  };

  it('answers with matching active resellers', async () => {
    const body = await search();
    expect(body).to.deep.equal({
      statusCode: 200,
      type: 'application/vnd.microsoft.search.searchResponse',
      value: { results: [{ title: 'Contoso Cloud Partners (1000001)', value: '1000001' }] },
    });
    expect(
      (
        (await search(driver.world.admin, { dataset: 'resellers', queryText: 'zzz' })).value as {
          results: unknown[];
        }
      ).results,
    ).to.deep.equal([]);
  });

  it('answers exactly the rows Teams asks for, at any skip (skip 1, top 15)', async () => {
    const { world } = driver;
    const more: DirectoryReseller[] = Array.from({ length: 17 }, (_, i) => ({
      partnerId: String(2_000_001 + i),
      name: `Contoso Partner ${String(i + 1).padStart(2, '0')}`,
      country: 'CN',
      enrolledAsIndirectReseller: true,
      mpaStatus: 'active',
      entraTenantId: `partner-tenant-${i + 1}`,
    }));
    await world.directory.upsert(more);
    for (const reseller of more) {
      const { draft } = await world.services.relationships.requestRelationship(world.admin, {
        resellerEmail: `owner@partner-${reseller.partnerId}.example`,
        partnerId: reseller.partnerId,
      });
      await world.services.invitations.accept({
        token: tokenOf(draft?.link ?? ''),
        user: { userId: `user-${reseller.partnerId}`, entraTenantId: reseller.entraTenantId ?? '' },
      });
    }
    const rows = async (queryOptions: { skip: number; top: number }) =>
      (
        (await search(world.admin, { dataset: 'resellers', queryText: 'cont', queryOptions })).value as {
          results: { value: string }[];
        }
      ).results.map((result) => result.value);
    const all = await rows({ skip: 0, top: 100 });
    expect(all).to.have.length(18);
    expect(await rows({ skip: 1, top: 15 })).to.deep.equal(all.slice(1, 16));
    expect(await rows({ skip: 15, top: 15 })).to.deep.equal(all.slice(15));
    expect(await rows({ skip: 7, top: 4 })).to.deep.equal(all.slice(7, 11));
    expect(await rows({ skip: 30, top: 15 })).to.deep.equal([]);
  });

  it('refuses an unknown dataset and a caller without a role', async () => {
    expect((await search(driver.world.admin, { dataset: 'customers', queryText: 'a' })).statusCode).to.equal(
      400,
    );
    const refused = await search(driver.world.nobody);
    expect(refused).to.deep.include({ statusCode: 400, type: 'application/vnd.microsoft.error' });
  });
});
