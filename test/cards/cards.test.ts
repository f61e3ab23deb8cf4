import { expect } from 'chai';
import { enUS } from '../../i18n/en-US.js';
import { zhCN } from '../../i18n/zh-CN.js';
import { LOCALES } from '../../i18n/index.js';
import { renderAll } from './samples.js';
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
      '复制到剪贴板',
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
});
