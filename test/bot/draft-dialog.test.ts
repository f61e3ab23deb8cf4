import { expect } from 'chai';
import { errorMessage, translate } from '../../i18n/index.js';
import { createDialogGrants } from '../../web/dialog-grant.js';
import { actionsOf } from '../cards/validate.js';
import { BotDriver, EXPORT_LINK_SECRET, onlyCard, PUBLIC_BASE_URL, type Person } from './driver.js';
import { cardOf, CONTOSO } from './fixtures.js';

interface TaskAnswer {
  task: { type: 'continue' | 'message'; value: string | { title: string; url: string; height: string } };
}

describe('bot: the e-mail draft dialog (task/fetch from the draft card)', () => {
  let driver: BotDriver;
  beforeEach(async () => (driver = await BotDriver.create()));
  afterEach(async () => driver.close());

  async function draftCard(admin: Person) {
    const form = onlyCard(await driver.say(admin, 'invite'));
    const inputs = { resellerEmail: 'owner@contoso.example', partnerId: CONTOSO.partnerId };
    const create = actionsOf(form).find((a) => a.verb === 'request.create');
    return cardOf((await driver.invoke(admin, 'request.create', { ...create?.data, ...inputs })).response);
  }

  /** What Teams sends when the dialog action is clicked: its data plus the card's inputs. */
  async function fetchTask(person: Person, data: Record<string, unknown>): Promise<TaskAnswer> {
    const { sent } = await driver.process(
      driver.activity(person, {
        type: 'invoke',
        name: 'task/fetch',
        value: { data, context: { theme: 'default' } },
      }),
    );
    const reply = sent.find((a) => a.type === 'invokeResponse')?.value as {
      status: number;
      body: TaskAnswer;
    };
    expect(reply.status).to.equal(200);
    return reply.body;
  }

  it('opens the dialog page with the edited draft, in the agent’s language, acting for that agent only', async () => {
    const admin = driver.person(driver.world.admin, { locale: 'zh-CN' });
    const card = await draftCard(admin);
    const action = actionsOf(card).find((a) => a.title === translate('zh-CN', 'dialog.draft.edit'));
    expect(action?.type).to.equal('Action.Submit');
    expect(action?.data?.msteams).to.deep.equal({ type: 'task/fetch' });
    const link = String(action?.data?.link);
    const body = `你好，\n${link}\n谢谢`;
    const answer = await fetchTask(admin, { ...action?.data, subject: '邀请', body });

    expect(answer.task.type).to.equal('continue');
    const value = answer.task.value as { title: string; url: string };
    expect(value.title).to.equal(translate('zh-CN', 'dialog.draft.title'));
    const url = new URL(value.url);
    expect(`${url.origin}${url.pathname}${url.search}`).to.equal(
      `${PUBLIC_BASE_URL}/dialogs/email-draft?locale=zh-CN`,
    );
    const fragment = new URLSearchParams(url.hash.slice(1));
    const draft = JSON.parse(Buffer.from(fragment.get('draft') ?? '', 'base64url').toString('utf8'));
    expect(draft).to.deep.equal({
      partnerId: CONTOSO.partnerId,
      link,
      subject: '邀请',
      body,
      to: 'owner@contoso.example',
    });
    const grants = createDialogGrants({ secret: EXPORT_LINK_SECRET, clock: driver.world.clock });
    expect(grants.verify(fragment.get('grant') ?? '')).to.deep.equal({
      ok: true,
      caller: { tenantId: driver.world.admin.tenantId, agentId: driver.world.admin.agentId },
    });
  });

  it('refuses to open it for a text without the link, with the card’s error', async () => {
    const admin = driver.person(driver.world.admin);
    const action = actionsOf(await draftCard(admin)).find((a) => a.title === 'Edit in a dialog');
    const answer = await fetchTask(admin, { ...action?.data, subject: 'Hi', body: 'Please join us.' });
    expect(answer).to.deep.equal({
      task: { type: 'message', value: errorMessage('en-US', 'draft_link_missing') },
    });
  });

  it('never opens it in a group chat, where everyone would see the link', async () => {
    const admin = driver.person(driver.world.admin);
    const action = actionsOf(await draftCard(admin)).find((a) => a.title === 'Edit in a dialog');
    const answer = await fetchTask(driver.inShared(admin), {
      ...action?.data,
      subject: 's',
      body: String(action?.data?.link),
    });
    expect(answer).to.deep.equal({
      task: { type: 'message', value: translate('en-US', 'bot.personalChatOnly') },
    });
  });

  it('answers the dialog’s Done (task/submit) with a line Teams shows', async () => {
    const admin = driver.person(driver.world.admin);
    const { sent } = await driver.process(
      driver.activity(admin, { type: 'invoke', name: 'task/submit', value: { data: { sent: true } } }),
    );
    const reply = sent.find((a) => a.type === 'invokeResponse')?.value as {
      status: number;
      body: TaskAnswer;
    };
    expect(reply).to.deep.equal({
      status: 200,
      body: { task: { type: 'message', value: translate('en-US', 'dialog.draft.sent') } },
    });
  });
});
