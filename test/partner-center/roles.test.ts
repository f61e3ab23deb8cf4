import { expect } from 'chai';
import { roleCard } from '../../cards/role.js';
import { createServices, type Services } from '../../services/index.js';
import { PartnerCenterHttp } from '../../services/partner-center/http.js';
import { PartnerCenterRoleDirectory } from '../../services/partner-center/roles.js';
import { testUi } from '../cards/samples.js';
import { PartnerCenterStub, type StubRole } from '../support/partner-center-stub.js';
import { createWorld, refusal, RESELLERS, TENANT_A, type World } from '../support/world.js';

const TOKEN = 'token-of-adatum';
const PROMOTED = 'b6c1e0aa-0000-4000-8000-000000000001';
const member = (id: string) => ({ id, userPrincipalName: `${id}@adatum.example`, displayName: id });

describe('roles from Partner Center', () => {
  let world: World;
  let stub: PartnerCenterStub;
  let roles: PartnerCenterRoleDirectory;
  let services: Services;
  let now: number;

  beforeEach(async () => {
    world = await createWorld();
    const seedRoles: StubRole[] = [
      { id: 'r-admin', name: 'Admin Agent', members: [member('agent-admin')] },
      { id: 'r-sales', name: 'Sales Agent', members: [] },
      { id: 'r-help', name: 'Helpdesk Agent', members: [member('x-1'), member(PROMOTED), member('x-2')] },
      { id: 'r-billing', name: 'Billing Admin', members: [member('billing-only')] },
    ];
    stub = await PartnerCenterStub.start({ token: TOKEN, roles: seedRoles, maxPageSize: 2 });
    now = 0;
    const http = new PartnerCenterHttp({
      baseUrl: stub.baseUrl,
      tokenProvider: async () => TOKEN,
      sleep: async () => {},
    });
    roles = new PartnerCenterRoleDirectory(http, { ttlMs: 60_000, now: () => now });
    services = createServices({
      repos: world.repos,
      clock: world.clock,
      directory: world.directory,
      commerce: world.commerce,
      roleDirectory: roles,
      settings: { publicBaseUrl: 'https://bot.example.test', invitationTtlDays: 14 },
    });
  });
  afterEach(async () => {
    await stub.stop();
    await world.close();
  });

  const promoted = { tenantId: TENANT_A, agentId: PROMOTED, displayName: 'Pat Promoted' };
  const request = () =>
    services.relationships.requestRelationship(promoted, {
      resellerEmail: 'owner@contoso.example',
      partnerId: RESELLERS.ready.partnerId,
    });

  it('reads each agent role and its paged members; other Partner Center roles grant nothing', async () => {
    expect(await services.access.rolesOf(promoted)).to.deep.equal(['helpdesk']);
    expect(await services.access.rolesOf({ tenantId: TENANT_A, agentId: 'billing-only' })).to.deep.equal([]);
    const pages = stub.requestsTo('roleMembers').filter((r) => r.path.startsWith('/v1/roles/r-help/'));
    expect(pages).to.have.length(2);
    expect(stub.requestsTo('roleMembers').some((r) => r.path.includes('r-billing'))).to.equal(false);
  });

  it('lets a helpdesk agent promoted to admin agent in Partner Center request a relationship after the refresh', async () => {
    expect((await refusal(request())).code).to.equal('not_authorised');
    const help = stub.state().roles.find((r) => r.id === 'r-help')!;
    help.members.splice(
      help.members.findIndex((m) => m.id === PROMOTED),
      1,
    );
    stub.state().roles[0]!.members.push(member(PROMOTED));
    expect((await refusal(request())).code, 'the cache holds until its TTL or the next sync').to.equal(
      'not_authorised',
    );
    await roles.refresh(TENANT_A); // what the sync job does
    expect((await request()).resellerName).to.equal(RESELLERS.ready.name);
    expect(await services.access.rolesOf(promoted)).to.deep.equal(['admin']);
  });

  it('takes admin away from a user removed from the admin agents; a grant in the bot stays as an override', async () => {
    // agent-admin is admin in Partner Center and by the bot's own grant (bootstrap).
    expect(await services.access.roleSources(world.admin)).to.deep.equal([
      { role: 'admin', sources: ['partner_center', 'bot'] },
    ]);
    stub.state().roles[0]!.members.push(member(PROMOTED));
    await roles.refresh(TENANT_A);
    expect(await services.access.rolesOf(promoted)).to.include('admin');
    stub.state().roles[0]!.members.splice(0);
    now += 60_000; // past the TTL
    expect(await services.access.rolesOf(promoted)).to.deep.equal(['helpdesk']);
    expect(await services.access.roleSources(world.admin)).to.deep.equal([
      { role: 'admin', sources: ['bot'] },
    ]);
  });

  it('keeps the last known roles when Partner Center cannot answer', async () => {
    expect(await services.access.rolesOf(promoted)).to.deep.equal(['helpdesk']);
    stub.fail('roles', { times: 10, status: 503 });
    now += 60_000;
    expect(await services.access.rolesOf(promoted)).to.deep.equal(['helpdesk']);
  });

  it('shows on the role card where each role comes from, in both languages', async () => {
    const sources = await services.access.roleSources(world.admin);
    const card = (locale: 'en-US' | 'zh-CN') =>
      JSON.stringify(roleCard({ tenantId: TENANT_A, roles: ['admin'], sources }, testUi(locale)));
    expect(card('en-US')).to.include('(Partner Center, granted in the bot)');
    expect(card('zh-CN')).to.include('管理员代理（合作伙伴中心、在机器人中授予）');
    expect(
      JSON.stringify(roleCard({ tenantId: TENANT_A, roles: ['admin'] }, testUi('en-US'))),
    ).to.not.include('Partner Center');
  });
});
