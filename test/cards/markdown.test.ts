import { expect } from 'chai';
import { auditCard } from '../../cards/audit.js';
import { customerFormCard } from '../../cards/commerce-forms.js';
import { plain } from '../../cards/render.js';
import { LOCALES } from '../../i18n/index.js';
import { HOSTILE, PHISHING, renderAll, testUi } from './samples.js';

/** Every string a Teams client renders as Markdown: TextBlock texts and FactSet titles and values. */
function markdownTexts(card: unknown): string[] {
  const out: string[] = [];
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(walk);
    if (typeof node !== 'object' || node === null) return;
    const record = node as Record<string, unknown>;
    if (record.type === 'TextBlock' && typeof record.text === 'string') out.push(record.text);
    if (record.type === 'FactSet' && Array.isArray(record.facts))
      for (const fact of record.facts as { title: string; value: string }[]) out.push(fact.title, fact.value);
    // Action data is never shown; RichTextBlock text runs render no Markdown.
    for (const [key, value] of Object.entries(record))
      if (key !== 'data' && record.type !== 'RichTextBlock') walk(value);
  };
  walk(card);
  return out;
}

/** The text with every backslash escape taken out: what is left is what Markdown interprets. */
const unescaped = (text: string) => text.replace(/\\[\s\S]/g, '');
const ESCAPED_PHISHING = '\\[Microsoft Security: re-verify\\]\\(https://evil.example/login\\)';

describe('cards: names from other organisations show as literal text', () => {
  it('escapes Markdown characters, and a list marker at the start of a line', () => {
    expect(plain(PHISHING)).to.equal('\\[Microsoft Security: re-verify\\]\\(https://evil.example/login\\)');
    expect(plain('a\\b *c* _d_ ~e~ `f` > g # h')).to.equal(
      'a\\\\b \\*c\\* \\_d\\_ \\~e\\~ \\`f\\` \\> g \\# h',
    );
    expect(plain('- a')).to.equal('\\- a');
    expect(plain('+ a')).to.equal('\\+ a');
    expect(plain('12. a\n  - b\nc - d 1. e')).to.equal('12\\. a\n  \\- b\nc - d 1. e');
    expect(plain('Contoso Cloud Partners')).to.equal('Contoso Cloud Partners');
    expect(plain('陈杰 (Chen Jie)')).to.equal('陈杰 \\(Chen Jie\\)');
  });

  for (const locale of LOCALES) {
    it(`${locale}: no card renders a hostile name, e-mail or company as Markdown`, () => {
      for (const [name, card] of Object.entries(renderAll(locale, HOSTILE))) {
        for (const text of markdownTexts(card)) {
          const left = unescaped(text);
          expect(left, `${name}: ${text}`).not.to.contain('](');
          expect(left, `${name}: ${text}`).not.to.match(/\*\*|~|_|`/);
          expect(left, `${name}: ${text}`).not.to.match(/^\s*(#|>|\+|\d+\.)/m);
          // What is left of a hostile value is plain words: every one was escaped in full.
          if (text.includes('Microsoft Security')) expect(text, name).to.contain(ESCAPED_PHISHING);
        }
      }
    });
  }

  it('shows the phishing name as literal text on the audit card, the resellers list and the invitation', () => {
    const cards = renderAll('en-US', HOSTILE);
    for (const name of ['audit', 'resellers', 'pending', 'details', 'invitation', 'removal', 'customers']) {
      const texts = markdownTexts(cards[name]).join('\n');
      expect(texts, name).to.contain(ESCAPED_PHISHING);
      expect(unescaped(texts), name).not.to.contain('](');
    }
    const [who] = markdownTexts(
      auditCard(
        {
          entries: [
            {
              id: 'e1',
              at: new Date('2026-11-01T09:00:00Z'),
              type: 'relationship.accepted',
              subject: 'relationship:1000001',
              about: { kind: 'relationship', partnerId: '1000001', resellerName: PHISHING },
              actor: { kind: 'reseller', id: 'contoso-user-1', name: PHISHING },
              details: {},
            },
          ],
        },
        testUi('en-US'),
      ),
    ).filter((text) => text.startsWith('By '));
    expect(who).to.equal(`By Reseller ${ESCAPED_PHISHING}`);
  });

  it('keeps inputs’ values and choice titles raw: they are plain text', () => {
    const form = JSON.stringify(
      customerFormCard(
        {
          resellers: [{ partnerId: '1000001', resellerName: PHISHING }],
          total: 1,
          values: { companyName: PHISHING, domain: 'a.example', azure: false },
        },
        testUi('en-US'),
      ),
    );
    expect(form).to.contain(`"value":${JSON.stringify(PHISHING)}`);
    expect(form).to.contain(`"title":${JSON.stringify(`${PHISHING} (1000001)`)}`);
  });
});
