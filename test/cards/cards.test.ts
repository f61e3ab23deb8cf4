import { expect } from 'chai';
import { PAYLOADS } from '../../bot/verbs.js';
import { auditCard } from '../../cards/audit.js';
import { draftCard, type DraftData } from '../../cards/draft.js';
import { removalCard } from '../../cards/removal.js';
import { resellerDetailsCard, resellersCard } from '../../cards/resellers.js';
import { enUS } from '../../i18n/en-US.js';
import { zhCN } from '../../i18n/zh-CN.js';
import { LOCALES, type Locale } from '../../i18n/index.js';
import { MAX_DRAFT_BODY } from '../../services/relationships/invitation-draft.js';
import type { RelationshipView } from '../../services/relationships/relationship-service.js';
import { renderAll, testUi } from './samples.js';
import { actionsOf, cardProblems, visibleText } from './validate.js';

describe('cards: every builder in both languages', () => {
  for (const locale of LOCALES) {
    const cards = renderAll(locale);
    for (const [name, card] of Object.entries(cards)) {
      it(`${locale} ${name}: parses as Adaptive Card 1.5, fully expanded, under 28 KB`, () => {
        expect(cardProblems(card)).to.deep.equal([]);
      });
    }
  }

  it('gives every Execute action a verb, an action id, and a Submit fallback with the same data', () => {
    const walk = (node: unknown, found: Record<string, unknown>[]): Record<string, unknown>[] => {
      if (Array.isArray(node)) node.forEach((item) => walk(item, found));
      else if (typeof node === 'object' && node !== null) {
        const record = node as Record<string, unknown>;
        if (record.type === 'Action.Execute') found.push(record);
        Object.values(record).forEach((value) => walk(value, found));
      }
      return found;
    };
    for (const [name, card] of Object.entries(renderAll('en-US'))) {
      for (const execute of walk(card, [])) {
        const data = execute.data as Record<string, unknown>;
        expect(data.verb, name).to.equal(execute.verb);
        expect(data.actionId, name).to.match(/^[0-9a-f-]{36}$/);
        const fallback = execute.fallback as Record<string, unknown>;
        expect(fallback.type, name).to.equal('Action.Submit');
        expect(fallback.data, name).to.deep.equal(data);
      }
    }
  });

  it('gives each rendered action its own action id', () => {
    const ids = actionsOf(renderAll('en-US').resellers)
      .map((action) => action.data.actionId)
      .filter(Boolean);
    expect(new Set(ids).size).to.equal(ids.length);
  });

  it('shows no English catalogue text on a Chinese card', () => {
    const english = Object.entries(enUS)
      .filter(([key, text]) => text.length > 4 && zhCN[key as keyof typeof zhCN] !== text)
      .map(([, text]) => text.split('{')[0]?.trim() ?? '')
      // Whole phrases only: a reseller named "… Partners" is not English UI text.
      .filter((start) => start.length > 8 && start.includes(' '));
    for (const [name, card] of Object.entries(renderAll('zh-CN'))) {
      const text = visibleText(card);
      for (const start of english) expect(text, `${name} shows "${start}"`).not.to.contain(start);
    }
  });

  it('renders the Chinese cards in Chinese', () => {
    const cards = renderAll('zh-CN');
    expect(visibleText(cards.removal)).to.contain('合法的业务目的');
    expect(visibleText(cards.picker)).to.contain('不在列表中的间接经销商？');
    expect(actionsOf(cards.picker).map((a) => a.title)).to.include.members(['验证', '提交']);
    expect(actionsOf(cards.draft).map((a) => a.title)).to.include.members([
      '在电子邮件中打开',
      '显示要复制的文本',
      '完成',
    ]);
  });

  it('offers a Data.Query typeahead only above 100 active resellers', () => {
    const cards = renderAll('en-US');
    expect(JSON.stringify(cards.picker)).not.to.contain('Data.Query');
    expect(JSON.stringify(cards.pickerTypeahead)).to.contain(
      '"choices.data":{"type":"Data.Query","dataset":"resellers"}',
    );
  });

  it('puts the mailto: of the draft on "Open in e-mail"', () => {
    const open = actionsOf(renderAll('en-US').draft).find((a) => a.type === 'Action.OpenUrl');
    expect(open?.url).to.match(/^mailto:owner%40contoso\.example\?subject=/);
  });

  it('marks every action with the language its card was shown in; every verb’s schema strips it', () => {
    for (const locale of LOCALES) {
      for (const [name, card] of Object.entries(renderAll(locale))) {
        for (const found of actionsOf(card).filter((a) => a.verb)) {
          expect(found.data.lang, `${name} ${found.verb}`).to.equal(locale);
          const schema = PAYLOADS[found.verb as keyof typeof PAYLOADS];
          const { lang: _lang, ...without } = found.data;
          const withLang = schema.safeParse(found.data);
          expect(withLang.success, `${name} ${found.verb}`).to.equal(schema.safeParse(without).success);
          if (withLang.success) expect(withLang.data, `${name} ${found.verb}`).not.to.have.property('lang');
        }
      }
    }
    // No schema refuses an unknown key (a strict object would, with `unrecognized_keys`).
    for (const [verb, schema] of Object.entries(PAYLOADS)) {
      const parsed = schema.safeParse({ lang: 'zh-CN' });
      const issues = parsed.success ? [] : parsed.error.issues.map((issue) => issue.code);
      expect(issues, verb).not.to.include('unrecognized_keys');
    }
  });
});

describe('cards: the e-mail draft fits in one card for any text the services accept', () => {
  const link = `https://bot.example.test/invite/${'A'.repeat(43)}`;
  const data = (body: string, copy: boolean): DraftData => ({
    partnerId: '1000001',
    resellerName: 'Contoso Cloud Partners',
    to: 'owner@contoso.example',
    subject: `${'主题'.repeat(149)}!`,
    body,
    link,
    mailtoUrl: `mailto:owner%40contoso.example?body=${'%E9%82%80'.repeat(200)}`,
    mailtoText: 'checked',
    expiresAt: new Date('2026-11-15T09:00:00Z'),
    copy,
    notice: 'notice',
    error: 'error',
  });
  /** The longest body in a script: the link, then `unit` up to MAX_DRAFT_BODY characters (UTF-16). */
  const longest = (unit: string, newlineEvery = 0) => {
    let body = `${link}\n`;
    while (body.length + unit.length <= MAX_DRAFT_BODY)
      body += newlineEvery && body.length % newlineEvery === 0 ? '\n' : unit;
    return body;
  };
  const scripts = {
    Latin: longest('x'),
    Chinese: longest('邀'),
    'Chinese, 80 lines': longest('邀', 75),
    'Chinese, many lines': longest('邀', 3),
    emoji: longest('😀'),
    quotes: longest('"'),
  };

  for (const locale of LOCALES) {
    for (const [script, body] of Object.entries(scripts)) {
      it(`${locale} ${script}: the draft and its copy view are valid cards under 28 KB`, () => {
        expect(body.length).to.be.within(MAX_DRAFT_BODY - 1, MAX_DRAFT_BODY);
        for (const copy of [false, true]) {
          const card = draftCard(data(body, copy), testUi(locale));
          expect(cardProblems(card), `copy: ${copy}`).to.deep.equal([]);
          // The Message box always holds the text: Check and Done send what it holds.
          expect(JSON.stringify(card)).to.contain(`"id":"body"`);
          expect(actionsOf(card).map((a) => a.verb)).to.include.members(['draft.review', 'draft.done']);
        }
      });
    }
  }

  it('shows the text a second time to copy when it fits, and otherwise says to copy from the Message box', () => {
    const short = draftCard(data(`Hello\n\n${link}`, true), testUi('zh-CN'));
    expect(JSON.stringify(short)).to.contain(`"text":"${link}"`).and.contain('"text":"Hello"');
    expect(visibleText(short)).to.contain(zhCN['draft.copyHint']).and.not.contain(zhCN['draft.copyInBox']);
    const long = draftCard(data(scripts.Chinese, true), testUi('zh-CN'));
    expect(visibleText(long)).to.contain(zhCN['draft.copyInBox']).and.not.contain(zhCN['draft.copyHint']);
    // The text is in the card once only: in the Message box.
    const count = (text: string) => text.match(/邀/g)?.length ?? 0;
    expect(count(JSON.stringify(long))).to.equal(count(scripts.Chinese));
  });
});

describe('cards: actions bound to the request they were shown for', () => {
  const at = new Date('2026-11-01T09:00:00Z');
  const view = (status: 'pending' | 'active'): RelationshipView => ({
    tenantId: 'tenant-a',
    partnerId: '1000001',
    resellerName: 'Contoso Cloud Partners',
    resellerNameLower: 'contoso cloud partners',
    country: 'CN',
    status,
    ...(status === 'active' ? { activeSince: at } : {}),
    invitation: {
      invitationId: 'inv-7',
      resellerEmail: 'owner@contoso.example',
      expiresAt: at,
      requestedAt: at,
    },
  });
  const can = { remove: true, cancel: true, request: true, addCustomer: true };
  const dataOf = (card: unknown, verb: string) => actionsOf(card).find((a) => a.verb === verb)?.data;

  it('puts the request’s invitation id on Cancel (list and details) and on Remove', () => {
    const ui = testUi('en-US');
    const list = resellersCard(
      { include: 'pending', rows: [view('pending')], total: 1, page: 0, pageSize: 10, can },
      ui,
    );
    expect(dataOf(list, 'request.cancel')).to.include({ partnerId: '1000001', invitationId: 'inv-7' });
    expect(dataOf(resellerDetailsCard(view('pending'), can, ui), 'request.cancel')).to.include({
      invitationId: 'inv-7',
    });
    expect(dataOf(removalCard(view('active'), ui), 'removal.confirm')).to.include({
      partnerId: '1000001',
      invitationId: 'inv-7',
      confirmed: true,
    });
  });
});

describe('cards: the audit trail’s change line', () => {
  const entry = (before: Record<string, unknown>, after: Record<string, unknown>) => ({
    id: 'e1',
    at: new Date('2026-11-01T09:00:00Z'),
    type: 'agent.role_granted',
    subject: 'agent:agent-sales',
    about: { kind: 'agent' as const, agentId: 'agent-sales', agentName: 'Sam Sales' },
    actor: { kind: 'agent', id: 'agent-admin', name: 'Ada Admin' },
    before,
    after,
    details: {},
  });
  const changeOf = (locale: Locale, before: Record<string, unknown>, after: Record<string, unknown>) => {
    const card = auditCard({ entries: [entry(before, after)] }, testUi(locale));
    const text = JSON.stringify(card);
    return JSON.parse(
      `"${text.match(/"text":"((?:[^"\\]|\\.)*)","wrap":true,"spacing":"none","size":"small"/)?.[1] ?? ''}"`,
    ) as string;
  };

  it('names known fields and their values in the reader’s language', () => {
    const before = { status: 'pending', roles: ['sales'], partnerId: null };
    const after = { status: 'active', roles: ['sales', 'admin'], partnerId: '1000001' };
    expect(changeOf('en-US', before, after)).to.equal(
      'Status: Pending → Active; Roles: Sales agent → Sales agent, Admin agent; Reseller of record: — → 1000001',
    );
    expect(changeOf('zh-CN', before, after)).to.equal(
      '状态：待处理 → 有效；角色：销售代理 → 销售代理、管理员代理；订阅的经销商：— → 1000001',
    );
    expect(changeOf('zh-CN', { supportContactPartnerId: '1000001' }, {})).to.equal('支持联系人：1000001 → —');
    expect(changeOf('en-US', {}, { associatedPartnerId: '1000002', partnerIdOnRecord: '1000003' })).to.equal(
      'Associated reseller: — → 1000002; Reseller on record: — → 1000003',
    );
    expect(changeOf('zh-CN', {}, { roles: [] })).to.equal('角色：— → —');
  });

  it('shows unknown fields and codes as they are', () => {
    expect(changeOf('zh-CN', { status: 'on_hold' }, { tier: 'gold' })).to.equal(
      '状态：on\\_hold → —；tier：— → gold',
    );
    expect(changeOf('en-US', {}, { limits: { seats: 5 } })).to.equal('limits: — → {"seats":5}');
  });
});
