import { expect } from 'chai';
import { Writable } from 'node:stream';
import { pino } from 'pino';
import type { RunningServer } from '../../bot/server.js';
import type { Logger } from '../../services/logger.js';
import { signExportLink } from '../../web/export-link.js';
import { actionsOf } from '../cards/validate.js';
import { serveWorld } from '../support/server.js';
import { TENANT_A, TENANT_B } from '../support/world.js';
import {
  BotDriver,
  EXPORT_LINK_SECRET,
  findAction,
  onlyCard,
  PUBLIC_BASE_URL,
  type Person,
} from './driver.js';
import { activeContoso, cardOf, errorOf, visibleText } from './fixtures.js';

const HEADER =
  'at,type,subject,reseller_name,partner_id,customer_name,customer_id,subscription_name,subscription_id,order_id,agent_name,agent_id,actor_kind,actor_id,actor_name,before,after,details';

/** The real HTTP server over the driver's database and clock (its PUBLIC_BASE_URL is the driver's). */
async function serve(
  driver: BotDriver,
  settings: { secret?: string; logger?: Logger } = {},
): Promise<RunningServer> {
  return serveWorld(driver.world, {
    env: { PUBLIC_BASE_URL, ...(settings.secret ? { EXPORT_LINK_SECRET: settings.secret } : {}) },
    options: { clock: driver.world.clock, ...(settings.logger ? { logger: settings.logger } : {}) },
  });
}

/** Clicks Export CSV on the audit card and returns the card it answers with. */
async function exportCard(driver: BotDriver, person: Person): Promise<Record<string, unknown>> {
  const audit = onlyCard(await driver.say(person, 'audit'));
  const { response, sent } = await driver.invoke(
    person,
    'audit.export',
    findAction(audit, 'audit.export').data,
  );
  expect(sent, 'no message besides the card').to.deep.equal([]);
  return cardOf(response);
}

/** The URL of the card's Download button. */
function downloadUrl(card: unknown): string {
  const open = actionsOf(card).filter((a) => a.type === 'Action.OpenUrl');
  expect(open).to.have.length(1);
  return open[0]?.url ?? '';
}

describe('bot: audit trail CSV export by signed link', () => {
  let driver: BotDriver;
  let running: RunningServer;
  beforeEach(async () => {
    driver = await BotDriver.create();
    await activeContoso(driver.world);
    running = await serve(driver, { secret: EXPORT_LINK_SECRET });
  });
  afterEach(async () => {
    await running.stop();
    await driver.close();
  });

  /** GET on a link as the browser would, sent to the test server instead of the public host. */
  const download = (url: string, headers: Record<string, string> = {}) => {
    expect(url.startsWith(`${PUBLIC_BASE_URL}/`), url).to.equal(true);
    return fetch(`${running.url}${url.slice(PUBLIC_BASE_URL.length)}`, { headers });
  };
  const withParam = (url: string, name: string, value: string) => {
    const changed = new URL(url);
    changed.searchParams.set(name, value);
    return changed.toString();
  };
  /** A refused download: 403, a short text in the reader's language, no CSV. */
  const expectRefused = async (response: Response, message: string) => {
    expect(response.status).to.equal(403);
    expect(response.headers.get('content-type')).to.equal('text/plain; charset=utf-8');
    expect(response.headers.get('content-disposition')).to.equal(null);
    expect(response.headers.get('cache-control')).to.equal('no-store');
    const body = await response.text();
    expect(body).to.contain(message);
    expect(body).not.to.contain('at,type');
  };

  it('answers Export CSV with a card whose Download button opens a signed link, and no attachment', async () => {
    const card = await exportCard(driver, driver.person(driver.world.admin));
    const url = new URL(downloadUrl(card));
    expect(`${url.origin}${url.pathname}`).to.equal(`${PUBLIC_BASE_URL}/audit/export.csv`);
    expect(Object.fromEntries(url.searchParams)).to.include({ t: TENANT_A, a: 'agent-admin' });
    expect(url.searchParams.get('s')).to.match(/^[A-Za-z0-9_-]{43}$/);
    const expiresAt = Number(url.searchParams.get('e')) * 1000;
    expect(expiresAt - driver.world.clock.now().getTime()).to.equal(10 * 60_000);
    expect(actionsOf(card).map((a) => a.title)).to.deep.equal(['Download CSV', 'Back to the audit trail']);
    expect(visibleText(card))
      .to.contain('valid for 10 minutes (until Nov 1, 2026, 09:10 UTC)')
      .and.contain('only for you');
    expect(JSON.stringify(card)).not.to.contain('data:text/csv');

    const zh = await exportCard(driver, driver.person(driver.world.admin, { locale: 'zh-CN' }));
    expect(actionsOf(zh).map((a) => a.title)).to.include('下载 CSV');
    expect(visibleText(zh)).to.contain('链接在 10 分钟内有效').and.contain('仅供你本人使用');
  });

  it('downloads the whole trail of the caller’s provider as UTF-8 CSV with a BOM, as an attachment', async () => {
    // A long trail: far more than the 60 KB a chat message could carry, with Chinese text.
    const note = '经销商合作关系备注'.repeat(20);
    for (let i = 0; i < 400; i++)
      await driver.world.repos.log.commit('note', String(i), 1, {
        tenantId: TENANT_A,
        type: 'note.added',
        at: new Date(Date.UTC(2026, 9, 1, 0, 0, i)),
        actor: { kind: 'agent', id: 'agent-admin', name: '陈杰' },
        data: { note },
      });

    const url = downloadUrl(await exportCard(driver, driver.person(driver.world.admin)));
    const response = await download(url);
    expect(response.status).to.equal(200);
    expect(response.headers.get('content-type')).to.equal('text/csv; charset=utf-8');
    expect(response.headers.get('content-disposition')).to.equal(
      'attachment; filename="audit-2026-11-01.csv"',
    );
    expect(response.headers.get('cache-control')).to.equal('no-store');
    expect(response.headers.get('referrer-policy')).to.equal('no-referrer');
    expect(response.headers.get('x-content-type-options')).to.equal('nosniff');
    const bytes = Buffer.from(await response.arrayBuffer());
    expect([...bytes.subarray(0, 3)]).to.deep.equal([0xef, 0xbb, 0xbf]);
    expect(bytes.length).to.be.greaterThan(200_000);
    const lines = bytes.subarray(3).toString('utf8').trimEnd().split('\r\n');
    expect(lines[0]).to.equal(HEADER);

    const total = await driver.world.database.db.collection('events').countDocuments({ tenantId: TENANT_A });
    expect(lines.length - 1).to.equal(total);
    expect(lines.filter((line) => line.includes('note.added') && line.includes(note))).to.have.length(400);
    expect(lines.some((line) => line.startsWith('2026-11-01T09:00:00.000Z,relationship.accepted,'))).to.equal(
      true,
    );
    const text = lines.join('\n');
    expect(text).to.contain('陈杰').and.not.contain('tokenHash');
    // Provider B's admin appears only in provider B's trail.
    expect(text).not.to.contain('agent-admin-b');
    const other = await download(
      signExportLink(
        { tenantId: TENANT_B, agentId: 'agent-admin-b', expiresAt: new Date('2026-11-01T09:05:00Z') },
        EXPORT_LINK_SECRET,
        PUBLIC_BASE_URL,
      ),
    );
    expect(other.status).to.equal(200);
    const otherText = await other.text();
    expect(otherText).to.contain('agent-admin-b').and.not.contain('relationship.accepted');
  });

  it('refuses a tampered signature, another tenant or agent, and a malformed link with 403 and no CSV', async () => {
    const url = downloadUrl(await exportCard(driver, driver.person(driver.world.admin)));
    const signature = new URL(url).searchParams.get('s') ?? '';
    const flipped = `${signature.slice(0, 10)}${signature[10] === 'A' ? 'B' : 'A'}${signature.slice(11)}`;
    const forged = [
      withParam(url, 's', flipped),
      withParam(url, 's', `${signature}A`),
      withParam(url, 's', signature.slice(0, -1)),
      withParam(url, 't', TENANT_B),
      withParam(url, 'a', 'agent-helpdesk'),
      withParam(url, 'e', String(Number(new URL(url).searchParams.get('e')) + 3600)),
      `${url}&t=${TENANT_B}`,
      url.replace(/&s=[^&]*/, ''),
      `${PUBLIC_BASE_URL}/audit/export.csv`,
    ];
    for (const link of forged) {
      await expectRefused(await download(link), 'This download link is not valid');
    }
    await expectRefused(
      await download(withParam(url, 't', TENANT_B), { 'Accept-Language': 'zh-CN,zh;q=0.9' }),
      '此下载链接无效',
    );
    expect((await download(url)).status, 'the genuine link still works').to.equal(200);
  });

  it('refuses a link after its 10 minutes, also one signed with a past expiry', async () => {
    const url = downloadUrl(await exportCard(driver, driver.person(driver.world.admin)));
    driver.world.clock.advanceMinutes(9);
    expect((await download(url)).status).to.equal(200);
    driver.world.clock.advanceMinutes(1);
    await expectRefused(await download(url), 'This download link has expired');
    await expectRefused(await download(url, { 'Accept-Language': 'zh' }), '此下载链接已过期');

    const past = signExportLink(
      { tenantId: TENANT_A, agentId: 'agent-admin', expiresAt: new Date('2026-01-01T00:00:00Z') },
      EXPORT_LINK_SECRET,
      PUBLIC_BASE_URL,
    );
    await expectRefused(await download(past), 'This download link has expired');
  });

  it('lets a helpdesk agent export, and refuses the link once the role is revoked', async () => {
    const helpdesk = driver.world.helpdesk;
    const url = downloadUrl(await exportCard(driver, driver.person(helpdesk)));
    expect(new URL(url).searchParams.get('a')).to.equal('agent-helpdesk');
    const first = await download(url);
    expect(first.status).to.equal(200);
    expect((await first.text()).split('\r\n')[0]).to.equal(HEADER);

    await driver.world.services.access.revokeRole(driver.world.admin, {
      agentId: helpdesk.agentId,
      role: 'helpdesk',
    });
    await expectRefused(await download(url), 'Your role does not allow this');
  });

  it('gives no link to someone without a role', async () => {
    const nobody = driver.person(driver.world.nobody);
    const { response } = await driver.invoke(nobody, 'audit.export', {});
    expect(errorOf(response, 'not_authorised')).to.contain('Your role does not allow this');
  });
});

describe('bot server without EXPORT_LINK_SECRET', () => {
  it('signs with a random secret of its own, says so in the log, and refuses links signed with another', async () => {
    const driver = await BotDriver.create();
    const lines: string[] = [];
    const logger = pino(
      { level: 'info' },
      new Writable({
        write(chunk: Buffer, _encoding, done) {
          lines.push(chunk.toString('utf8'));
          done();
        },
      }),
    );
    const running = await serve(driver, { logger });
    try {
      const notice = lines.map((line) => JSON.parse(line) as { level: number; msg: string });
      expect(notice.find((entry) => entry.msg.includes('EXPORT_LINK_SECRET is not set'))?.level).to.equal(30);
      const link = signExportLink(
        { tenantId: TENANT_A, agentId: 'agent-admin', expiresAt: new Date('2026-11-01T09:05:00Z') },
        EXPORT_LINK_SECRET,
        PUBLIC_BASE_URL,
      );
      const response = await fetch(`${running.url}${link.slice(PUBLIC_BASE_URL.length)}`);
      expect(response.status).to.equal(403);
    } finally {
      await running.stop();
      await driver.close();
    }
  });
});
