import { expect } from 'chai';
import { randomBytes } from 'node:crypto';
import { ConnectionLog } from '../../services/partner-center/auth/connections.js';
import { TokenCipher } from '../../services/partner-center/auth/token-cipher.js';
import { PartnerCenterTokens } from '../../services/partner-center/auth/token-provider.js';
import { FakeEntra } from '../support/fake-entra.js';
import { browse } from '../support/fake-entra-auth-code.js';
import { createWorld, refusal, TENANT_A, type World } from '../support/world.js';

const CLIENT_ID = '11111111-2222-3333-4444-555555555555';
const KEY = randomBytes(32).toString('base64');
const SCOPE = 'https://api.partnercenter.microsoft.com/user_impersonation';

describe('Partner Center sign-in with the authorization-code flow (PKCE, loopback) against a local Entra', () => {
  let world: World;
  let entra: FakeEntra;

  before(async () => (entra = await FakeEntra.start()));
  after(() => entra.stop());
  beforeEach(async () => {
    world = await createWorld();
    entra.reset();
    entra.setAdmin(TENANT_A, { oid: 'oid-ada', username: 'ada@adatum.example' });
  });
  afterEach(() => world.close());

  const tokens = () =>
    new PartnerCenterTokens(
      {
        clientId: CLIENT_ID,
        authorityHost: entra.authorityHost,
        scopes: [SCOPE],
        networkClient: entra.networkClient,
      },
      world.repos.partnerCenterTokenCaches,
      new TokenCipher(KEY),
      new ConnectionLog(world.repos, world.clock),
    );

  it('signs in through the browser and a loopback redirect, stores the sign-in sealed, and renews from it', async () => {
    const provider = tokens();
    const urls: string[] = [];
    const landed: number[] = [];
    const { username } = await provider.connectWithAuthCode(TENANT_A, {
      onUrl: async (url) => {
        urls.push(url);
        landed.push((await browse(url, entra.caPem)).status);
      },
    });
    expect(username).to.equal('ada@adatum.example');
    expect(landed).to.deep.equal([200]);
    const signIn = new URL(urls[0] ?? '');
    expect(signIn.origin + signIn.pathname).to.equal(
      `${entra.authorityHost}/${TENANT_A}/oauth2/v2.0/authorize`,
    );
    const [asked] = entra.authCodes.requests;
    expect(asked?.query.get('code_challenge_method')).to.equal('S256');
    expect(asked?.query.get('state')).to.have.length.greaterThan(10);
    expect(asked?.query.get('redirect_uri')).to.match(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    expect(asked?.query.get('scope')).to.include(SCOPE);
    expect(entra.callsFor(TENANT_A, 'authorization_code')).to.have.length(1);

    const stored = await world.repos.partnerCenterTokenCaches.get(TENANT_A);
    const [refreshToken] = entra.liveRefreshTokens(TENANT_A);
    expect(stored?.sealed).to.match(/^v1\./);
    expect(stored?.sealed).to.not.include(refreshToken);
    expect((await new ConnectionLog(world.repos, world.clock).state(TENANT_A)).status).to.equal('connected');
    // Another instance renews from the sealed cache with the refresh token of this sign-in.
    entra.expireAccessTokens(TENANT_A);
    const other = tokens();
    other.invalidate(TENANT_A);
    expect(entra.tenantOf(await other.accessToken(TENANT_A))).to.equal(TENANT_A);
    expect(entra.callsFor(TENANT_A, 'refresh_token').map((c) => c.refreshToken)).to.deep.equal([
      refreshToken,
    ]);
  });

  it('ignores a redirect with a foreign state, then takes the right one; the listener is closed after', async () => {
    let redirect = '';
    await tokens().connectWithAuthCode(TENANT_A, {
      onUrl: async (url) => {
        const forged = new URL(url);
        forged.searchParams.set('state', 'forged-state');
        const wrong = await browse(forged.toString(), entra.caPem);
        expect(wrong.status, 'a foreign state is refused').to.equal(400);
        const right = await browse(url, entra.caPem);
        expect(right.status).to.equal(200);
        redirect = right.location;
      },
    });
    expect(entra.callsFor(TENANT_A, 'authorization_code')).to.have.length(1);
    const closed = await fetch(redirect).then(
      () => 'open',
      () => 'closed',
    );
    expect(closed).to.equal('closed');
  });

  it('keeps nothing when the admin declines, or never comes back', async () => {
    entra.authCodes.refuseNext = 'access_denied';
    const declined = await refusal(
      tokens().connectWithAuthCode(TENANT_A, { onUrl: async (url) => void (await browse(url, entra.caPem)) }),
    );
    expect(declined).to.deep.equal({
      code: 'partner_center_reconnect_required',
      params: { reason: 'access_denied' },
    });
    const late = await refusal(tokens().connectWithAuthCode(TENANT_A, { onUrl: () => {}, timeoutMs: 200 }));
    expect(late.params).to.deep.equal({ reason: 'timed_out' });
    expect(await world.repos.partnerCenterTokenCaches.get(TENANT_A)).to.equal(undefined);
    expect((await new ConnectionLog(world.repos, world.clock).state(TENANT_A)).status).to.equal('never');
    expect(entra.callsFor(TENANT_A)).to.have.length(0);
  });
});
