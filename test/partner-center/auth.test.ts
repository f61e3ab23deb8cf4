import { expect } from 'chai';
import { randomBytes } from 'node:crypto';
import { ConnectionLog } from '../../services/partner-center/auth/connections.js';
import { TokenCipher, TokenCipherError } from '../../services/partner-center/auth/token-cipher.js';
import { PartnerCenterTokens } from '../../services/partner-center/auth/token-provider.js';
import { FakeEntra } from '../support/fake-entra.js';
import { createWorld, refusal, TENANT_A, TENANT_B, type World } from '../support/world.js';

const CLIENT_ID = '11111111-2222-3333-4444-555555555555';
const KEY = randomBytes(32).toString('base64');

describe('Partner Center tokens per provider (MSAL against a local Entra)', () => {
  let world: World;
  let entra: FakeEntra;

  before(async () => {
    entra = await FakeEntra.start();
  });
  after(() => entra.stop());
  beforeEach(async () => {
    world = await createWorld();
    entra.reset();
    entra.setAdmin(TENANT_A, { oid: 'oid-ada', username: 'ada@adatum.example' });
    entra.setAdmin(TENANT_B, { oid: 'oid-lee', username: 'lee@litware.example' });
  });
  afterEach(() => world.close());

  /** The token provider as one bot instance builds it (a second call: another instance). */
  function tokens(): PartnerCenterTokens {
    return new PartnerCenterTokens(
      {
        clientId: CLIENT_ID,
        authorityHost: entra.authorityHost,
        scopes: ['https://api.partnercenter.microsoft.com/user_impersonation'],
        networkClient: entra.networkClient,
      },
      world.repos.partnerCenterTokenCaches,
      new TokenCipher(KEY),
      new ConnectionLog(world.repos, world.clock),
    );
  }

  async function connect(provider: PartnerCenterTokens, tenantId: string): Promise<string> {
    const prompts: string[] = [];
    const { username } = await provider.connect(tenantId, (p) => prompts.push(p.userCode));
    expect(prompts).to.deep.equal(['FAKE-CODE']);
    return username;
  }

  it('connects a provider once and keeps its refresh token sealed at rest, with an audited event', async () => {
    const provider = tokens();
    expect(await connect(provider, TENANT_A)).to.equal('ada@adatum.example');
    const stored = await world.repos.partnerCenterTokenCaches.get(TENANT_A);
    const [refreshToken] = entra.liveRefreshTokens(TENANT_A);
    expect(refreshToken).to.be.a('string');
    expect(stored?.sealed).to.match(/^v1\./);
    expect(stored?.sealed).to.not.include(refreshToken);
    expect(stored?.sealed).to.not.include('ada@adatum.example');
    const raw = JSON.stringify(
      await world.database.db.collection('partner_center_token_caches').find().toArray(),
    );
    expect(raw).to.not.include(refreshToken);
    const trail = await world.repos.events.readAfter(
      TENANT_A,
      'partner_center_connection',
      'partner-center',
      0,
    );
    expect(trail.map((e) => [e.type, e.data.username])).to.deep.equal([
      ['partner_center.connected', 'ada@adatum.example'],
    ]);
  });

  it('uses a cached access token until shortly before it expires', async () => {
    const provider = tokens();
    await connect(provider, TENANT_A);
    const first = await provider.accessToken(TENANT_A);
    expect(await provider.accessToken(TENANT_A)).to.equal(first);
    expect(entra.tenantOf(first)).to.equal(TENANT_A);
    expect(entra.callsFor(TENANT_A, 'refresh_token')).to.have.length(0);
  });

  it('renews a token about to expire and keeps the rolled refresh token, for every instance', async () => {
    entra.accessTokenSeconds = 60; // inside the 5-minute renewal window: every call renews
    const provider = tokens();
    await connect(provider, TENANT_A);
    const [original] = entra.liveRefreshTokens(TENANT_A);
    const renewed = await provider.accessToken(TENANT_A);
    expect(entra.tenantOf(renewed)).to.equal(TENANT_A);
    const [rolled] = entra.liveRefreshTokens(TENANT_A);
    expect(rolled).to.not.equal(original);
    // Another instance (or a restart) reads the rolled refresh token from the database.
    const other = await tokens().accessToken(TENANT_A);
    expect(other).to.not.equal(renewed);
    const presented = entra.callsFor(TENANT_A, 'refresh_token').map((c) => c.refreshToken);
    expect(presented).to.deep.equal([original, rolled]);
    expect(entra.callsFor(TENANT_A).every((c) => c.answer === 'tokens')).to.equal(true);
  });

  it('asks Entra again after Partner Center refused the token', async () => {
    const provider = tokens();
    await connect(provider, TENANT_A);
    const first = await provider.accessToken(TENANT_A);
    provider.invalidate(TENANT_A);
    const second = await provider.accessToken(TENANT_A);
    expect(second).to.not.equal(first);
    expect(entra.callsFor(TENANT_A, 'refresh_token')).to.have.length(1);
  });

  it('turns a revoked refresh token into "reconnect Partner Center", recorded once', async () => {
    entra.accessTokenSeconds = 60;
    const provider = tokens();
    await connect(provider, TENANT_A);
    entra.revoke(TENANT_A);
    expect((await refusal(provider.accessToken(TENANT_A))).code).to.equal(
      'partner_center_reconnect_required',
    );
    const calls = entra.calls.length;
    expect((await refusal(tokens().accessToken(TENANT_A))).code).to.equal(
      'partner_center_reconnect_required',
    );
    expect(entra.calls.length, 'a lost connection does not ask Entra again').to.equal(calls);
    const state = await new ConnectionLog(world.repos, world.clock).state(TENANT_A);
    expect(state).to.include({ status: 'reconnect_required', reason: 'invalid_grant' });
    const trail = await world.repos.events.readAfter(
      TENANT_A,
      'partner_center_connection',
      'partner-center',
      0,
    );
    expect(trail.map((e) => e.type)).to.deep.equal([
      'partner_center.connected',
      'partner_center.disconnected',
    ]);

    // The admin connects again: tokens flow again.
    await connect(provider, TENANT_A);
    expect(entra.tenantOf(await provider.accessToken(TENANT_A))).to.equal(TENANT_A);
  });

  it('tells withdrawn consent apart', async () => {
    entra.accessTokenSeconds = 60;
    const provider = tokens();
    await connect(provider, TENANT_A);
    entra.withdrawConsent(TENANT_A);
    expect((await refusal(provider.accessToken(TENANT_A))).code).to.equal(
      'partner_center_reconnect_required',
    );
    const state = await new ConnectionLog(world.repos, world.clock).state(TENANT_A);
    expect(state).to.include({ status: 'reconnect_required', reason: 'consent_revoked' });
  });

  it('keeps nothing of a sign-in from another organisation', async () => {
    entra.setAdmin(TENANT_A, {
      oid: 'oid-mallory',
      username: 'm@fabrikam.example',
      homeTenantId: 'tenant-fabrikam',
    });
    const refused = await refusal(tokens().connect(TENANT_A, () => {}));
    expect(refused).to.deep.equal({ code: 'invalid_input', params: { field: 'tenant' } });
    expect(await world.repos.partnerCenterTokenCaches.get(TENANT_A)).to.equal(undefined);
    expect((await new ConnectionLog(world.repos, world.clock).state(TENANT_A)).status).to.equal('never');
  });

  it('refuses a provider that never connected, without calling Entra', async () => {
    expect((await refusal(tokens().accessToken(TENANT_A))).code).to.equal(
      'partner_center_reconnect_required',
    );
    expect(entra.callsFor(TENANT_A)).to.have.length(0);
  });

  it('never mixes two providers: each has its own sign-in, cache and tokens', async () => {
    entra.accessTokenSeconds = 60;
    const provider = tokens();
    await connect(provider, TENANT_A);
    await connect(provider, TENANT_B);
    const [a, b] = await Promise.all([provider.accessToken(TENANT_A), provider.accessToken(TENANT_B)]);
    expect(entra.tenantOf(a)).to.equal(TENANT_A);
    expect(entra.tenantOf(b)).to.equal(TENANT_B);
    entra.revoke(TENANT_B);
    expect((await refusal(provider.accessToken(TENANT_B))).code).to.equal(
      'partner_center_reconnect_required',
    );
    expect(entra.tenantOf(await provider.accessToken(TENANT_A))).to.equal(TENANT_A);
    // One provider's sealed cache does not open as the other's.
    const sealedA = (await world.repos.partnerCenterTokenCaches.get(TENANT_A))?.sealed ?? '';
    expect(() => new TokenCipher(KEY).open(sealedA, TENANT_B)).to.throw(TokenCipherError);
    expect(new TokenCipher(KEY).open(sealedA, TENANT_A)).to.include('oid-ada');
  });
});
