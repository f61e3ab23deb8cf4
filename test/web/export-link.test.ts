import { expect } from 'chai';
import {
  createExportLinks,
  exportFileName,
  signExportLink,
  verifyExportLink,
} from '../../web/export-link.js';
import { TestClock } from '../support/world.js';

const SECRET = 'unit-test-export-link-secret-0123456789';
const BASE = 'https://bot.example.test/';

const queryOf = (url: string) => new URL(url).searchParams;

describe('audit export links', () => {
  it('round-trips any tenant and agent id, and keeps the fields apart', () => {
    const clock = new TestClock();
    const links = createExportLinks({ secret: SECRET, baseUrl: BASE, clock });
    const caller = { tenantId: 'tenant a&t=b', agentId: '陈杰=1/2?' };
    const link = links.create(caller);
    expect(link.url.startsWith('https://bot.example.test/audit/export.csv?t=')).to.equal(true);
    expect(link.expiresAt.toISOString()).to.equal('2026-11-01T09:10:00.000Z');
    expect(links.verify(queryOf(link.url))).to.deep.equal({
      ok: true,
      claims: { ...caller, expiresAt: link.expiresAt },
    });
    const expiresAt = new Date('2026-11-01T09:10:00Z');
    const split = (tenantId: string, agentId: string) =>
      queryOf(signExportLink({ tenantId, agentId, expiresAt }, SECRET, BASE)).get('s');
    expect(split('a', 'b:c')).not.to.equal(split('a:b', 'c'));
  });

  it('is expired from the second it names on', () => {
    const link = signExportLink(
      { tenantId: 't', agentId: 'a', expiresAt: new Date('2026-11-01T09:10:00Z') },
      SECRET,
      BASE,
    );
    expect(verifyExportLink(queryOf(link), SECRET, new Date('2026-11-01T09:09:59.999Z')).ok).to.equal(true);
    expect(verifyExportLink(queryOf(link), SECRET, new Date('2026-11-01T09:10:00Z'))).to.deep.equal({
      ok: false,
      reason: 'expired',
    });
  });

  it('refuses another secret and any other spelling of the expiry or the signature', () => {
    const url = signExportLink(
      { tenantId: 't', agentId: 'a', expiresAt: new Date('2026-11-01T09:10:00Z') },
      SECRET,
      BASE,
    );
    const now = new Date('2026-11-01T09:00:00Z');
    const invalid = { ok: false, reason: 'invalid' };
    expect(verifyExportLink(queryOf(url), `${SECRET}!`, now)).to.deep.equal(invalid);
    const query = queryOf(url);
    const e = query.get('e') ?? '';
    const s = query.get('s') ?? '';
    for (const [name, value] of [
      ['e', `0${e}`],
      ['e', `+${e}`],
      ['e', `${e}.0`],
      ['s', `${s}=`],
      ['s', Buffer.from(s, 'base64url').toString('base64')],
      ['s', ''],
    ] as const) {
      const changed = queryOf(url);
      changed.set(name, value);
      expect(verifyExportLink(changed, SECRET, now), `${name}=${value}`).to.deep.equal(invalid);
    }
  });

  it('will not sign with a short secret', () => {
    expect(() => createExportLinks({ secret: 'short', baseUrl: BASE, clock: new TestClock() })).to.throw(
      /at least 32 characters/,
    );
  });

  it('names the file after the UTC day', () => {
    expect(exportFileName(new Date('2026-11-01T23:59:59Z'))).to.equal('audit-2026-11-01.csv');
  });
});
