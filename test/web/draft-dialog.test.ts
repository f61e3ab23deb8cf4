import { expect } from 'chai';
import { buildWeb } from '../../scripts/build-web.mjs';
import { errorMessage, translate, type Locale } from '../../i18n/index.js';
import { systemClock } from '../../services/clock.js';
import { createDialogGrants } from '../../web/dialog-grant.js';
import { DRAFT_DIALOG_API, DRAFT_DIALOG_PATH } from '../../web/draft-dialog.js';
import type { RunningServer } from '../../bot/server.js';
import { serveWorld } from '../support/server.js';
import { createWorld, RESELLERS, type World } from '../support/world.js';

const SECRET = 'draft-dialog-test-secret-0123456789abcdef';

describe('e-mail draft dialog (web page and its JSON call)', function () {
  this.timeout(30_000);
  let world: World;
  let server: RunningServer;
  const grants = createDialogGrants({ secret: SECRET, clock: systemClock });
  let draft: { partnerId: string; subject: string; body: string; link: string };

  before(async () => {
    await buildWeb();
  });
  beforeEach(async () => {
    world = await createWorld();
    server = await serveWorld(world, { env: { EXPORT_LINK_SECRET: SECRET } });
    const request = await world.services.relationships.requestRelationship(world.admin, {
      resellerEmail: 'owner@contoso.example',
      partnerId: RESELLERS.ready.partnerId,
    });
    const { subject, body, link } = request.draft!;
    draft = { partnerId: RESELLERS.ready.partnerId, subject, body, link };
  });
  afterEach(async () => {
    await server.stop();
    await world.close();
  });

  const call = (body: unknown, contentType = 'application/json') =>
    fetch(`${server.url}${DRAFT_DIALOG_API}`, {
      method: 'POST',
      headers: { 'content-type': contentType },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });
  const asAdmin = () => grants.create(world.admin);
  const sentAt = async () =>
    (await world.services.relationships.getRelationship(world.admin, draft.partnerId)).invitation?.sentAt;

  for (const [locale, accept] of [
    ['en-US', 'en-GB,en;q=0.8'],
    ['zh-CN', 'zh-CN,zh;q=0.9'],
  ] as [Locale, string][]) {
    it(`serves the page in ${locale} with a strict CSP and no inline script`, async () => {
      const response = await fetch(`${server.url}${DRAFT_DIALOG_PATH}`, {
        headers: { 'accept-language': accept },
      });
      expect(response.status).to.equal(200);
      const csp = response.headers.get('content-security-policy') ?? '';
      expect(csp).to.include("script-src 'self'").and.include("default-src 'none'").and.not.include('unsafe');
      const html = await response.text();
      for (const key of [
        'dialog.draft.title',
        'draft.copy',
        'draft.open',
        'draft.done',
        'draft.bodyLabel',
      ] as const) {
        expect(html, key).to.include(translate(locale, key));
      }
      // Every script is a file of the bot's own.
      expect(html.match(/<script[^>]*>/g)).to.deep.equal([
        '<script type="module" src="/web/draft-dialog.js">',
      ]);
      expect(html).to.not.match(/\son[a-z]+=/i);
      expect(html).to.not.include('style=');
    });
  }

  it('takes the locale from the query Teams context gives, before the browser language', async () => {
    const html = await (
      await fetch(`${server.url}${DRAFT_DIALOG_PATH}?locale=zh-cn`, {
        headers: { 'accept-language': 'en-US' },
      })
    ).text();
    expect(html).to.include(translate('zh-CN', 'dialog.draft.title'));
  });

  it('serves its script (teams-js bundled) and its style sheet, and nothing else', async () => {
    const script = await fetch(`${server.url}/web/draft-dialog.js`);
    expect(script.status).to.equal(200);
    expect(script.headers.get('content-type')).to.match(/^text\/javascript/);
    expect(await script.text()).to.include('/api/dialogs/email-draft');
    const style = await fetch(`${server.url}/web/pages.css`);
    expect(style.status).to.equal(200);
    expect((await fetch(`${server.url}/web/..%2Fpackage.json`)).status).to.equal(404);
    expect((await fetch(`${server.url}/web/missing.js`)).status).to.equal(404);
  });

  it('checks an edited text that keeps the link and answers the mailto: of the edited text', async () => {
    const edited = { ...draft, body: `Dear partner,\n\n${draft.link}\n\nRegards` };
    const response = await call({ grant: asAdmin(), action: 'review', draft: edited });
    expect(response.status).to.equal(200);
    const { mailtoUrl } = (await response.json()) as { mailtoUrl: string };
    expect(mailtoUrl)
      .to.include(encodeURIComponent('Dear partner,'))
      .and.include(encodeURIComponent(draft.link));
  });

  for (const locale of ['en-US', 'zh-CN'] as Locale[]) {
    it(`refuses a body without the link with the card's error (${locale}), and nothing changes`, async () => {
      const without = { ...draft, body: 'Hello, please accept.' };
      for (const action of ['review', 'done']) {
        const response = await call({
          grant: asAdmin(),
          action,
          locale,
          draft: without,
          actionId: 'dialog-key-1',
        });
        expect(response.status, action).to.equal(400);
        expect(await response.json()).to.deep.equal({
          code: 'draft_link_missing',
          error: errorMessage(locale, 'draft_link_missing'),
        });
      }
      expect(await sentAt()).to.equal(undefined);
    });
  }

  it('marks the request sent on Done, once, however often it is pressed', async () => {
    const done = { grant: asAdmin(), action: 'done', actionId: 'dialog-done-key-1', draft };
    expect((await call(done)).status).to.equal(200);
    const first = await sentAt();
    expect(first).to.be.instanceOf(Date);
    const again = await call(done);
    expect(again.status).to.equal(200);
    expect(await again.json()).to.deep.equal({ sent: true });
    expect((await sentAt())?.getTime()).to.equal(first?.getTime());
  });

  it('acts only for the agent the bot signed for, with that agent’s role', async () => {
    const forged = `${asAdmin().slice(0, -2)}xx`;
    const response = await call({ grant: forged, action: 'review', draft });
    expect(response.status).to.equal(403);
    expect(await response.json()).to.deep.equal({ error: translate('en-US', 'dialog.draft.grantInvalid') });
    const otherSecret = createDialogGrants({ secret: 'x'.repeat(40), clock: systemClock }).create(
      world.admin,
    );
    expect((await call({ grant: otherSecret, action: 'review', draft })).status).to.equal(403);
    const helpdesk = await call({
      grant: grants.create(world.helpdesk),
      action: 'done',
      draft,
      locale: 'zh-CN',
    });
    expect(helpdesk.status).to.equal(403);
    expect(await helpdesk.json()).to.deep.equal({
      code: 'not_authorised',
      error: errorMessage('zh-CN', 'not_authorised'),
    });
    expect(await sentAt()).to.equal(undefined);
  });

  it('accepts JSON only, and answers a malformed call with the localised input error', async () => {
    const form = await call(`grant=${asAdmin()}&action=done`, 'application/x-www-form-urlencoded');
    expect(form.status).to.equal(415);
    const bad = await call({ grant: asAdmin(), action: 'delete', draft });
    expect(bad.status).to.equal(400);
    expect(await bad.json()).to.deep.equal({
      error: errorMessage('en-US', 'invalid_input', { field: 'draft' }),
    });
  });
});
