import { expect } from 'chai';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { enUS } from '../../i18n/en-US.js';
import { zhCN } from '../../i18n/zh-CN.js';
import { messageKeys } from '../../i18n/index.js';
import { ERROR_CODES } from '../../services/errors.js';
import { PERMISSIONS, ROLES } from '../../services/access/roles.js';
import { RELATIONSHIP_STATUSES } from '../../services/relationships/relationship-stream.js';
import { COMMANDS } from '../../bot/commands.js';
import { MAX_DRAFT_BODY } from '../../services/relationships/invitation-draft.js';

const templatesDir = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'cards', 'templates');
/** Properties whose string a user reads or that name a verb: each must be one `${…}` expression. */
const BOUND = new Set([
  'text',
  'title',
  'label',
  'placeholder',
  'errorMessage',
  'altText',
  'fallbackText',
  'speak',
  'verb',
  'url',
]);
const EXPRESSION = /^\$\{[^{}]+\}$/;
const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('message catalogues', () => {
  it('lets the draft card accept exactly the body length the services accept', () => {
    const draft = readFileSync(join(templatesDir, 'draft.json'), 'utf8');
    expect(draft).to.contain(`"maxLength": ${MAX_DRAFT_BODY},`);
  });

  it('uses full-width punctuation next to Chinese text, and no <…> a card would strip as HTML', () => {
    const asciiBesideChinese = /[\u3400-\u9fff][,:;?!()]|[,:;?!()][\u3400-\u9fff]/u;
    for (const [key, text] of Object.entries(zhCN)) {
      expect(asciiBesideChinese.test(text), `${key}: ${text}`).to.equal(false);
    }
    for (const [key, text] of [...Object.entries(enUS), ...Object.entries(zhCN)]) {
      expect(/<[^<>{}]+>/.test(text), `${key}: ${text}`).to.equal(false);
    }
  });

  it('have the same keys in en-US and zh-CN', () => {
    expect(messageKeys('zh-CN').sort()).to.deep.equal(messageKeys('en-US').sort());
  });

  it('use the same {placeholders} in both languages', () => {
    for (const [key, text] of Object.entries(enUS)) {
      expect(placeholders(zhCN[key as keyof typeof zhCN]), key).to.deep.equal(placeholders(text));
    }
  });

  it('have no empty message', () => {
    for (const [key, text] of [...Object.entries(enUS), ...Object.entries(zhCN)])
      expect(text.trim(), key).not.to.equal('');
  });

  it('name every error code, role, permission and relationship status', () => {
    const keys = new Set(messageKeys('en-US'));
    for (const code of ERROR_CODES) expect(keys.has(`error.${code}`), code).to.equal(true);
    for (const role of ROLES) expect(keys.has(`roleName.${role}`), role).to.equal(true);
    for (const permission of Object.keys(PERMISSIONS))
      expect(keys.has(`permission.${permission}`), permission).to.equal(true);
    for (const status of RELATIONSHIP_STATUSES) expect(keys.has(`status.${status}`), status).to.equal(true);
  });

  it('start each help line with a command word of its language', () => {
    for (const [command, spec] of Object.entries(COMMANDS)) {
      const en = enUS[`help.syntax.${command}` as keyof typeof enUS];
      const zh = zhCN[`help.syntax.${command}` as keyof typeof zhCN];
      expect(spec.en, command).to.include(en.split(' ')[0]);
      expect(spec.zh, command).to.include(zh.split(' ')[0]);
    }
  });
});

describe('card templates', () => {
  const templates = readdirSync(templatesDir).filter((name) => name.endsWith('.json'));

  it('exist', () => expect(templates.length).to.be.greaterThan(10));

  for (const name of templates) {
    it(`${name} holds no user-facing literal: every text, title, label, placeholder and verb is bound`, () => {
      const literals: string[] = [];
      const walk = (node: unknown, path: string, inFacts: boolean): void => {
        if (Array.isArray(node)) return node.forEach((item, i) => walk(item, `${path}[${i}]`, inFacts));
        if (typeof node !== 'object' || node === null) return;
        for (const [key, value] of Object.entries(node)) {
          const bound = BOUND.has(key) || (inFacts && key === 'value');
          if (bound && typeof value === 'string' && !EXPRESSION.test(value))
            literals.push(`${path}.${key} = ${value}`);
          walk(value, `${path}.${key}`, inFacts || key === 'facts');
        }
      };
      walk(JSON.parse(readFileSync(join(templatesDir, name), 'utf8')), '$', false);
      expect(literals).to.deep.equal([]);
    });
  }
});

describe('refusal messages', () => {
  it('show a relationship status in the reader’s language', async () => {
    const { errorMessage } = await import('../../i18n/index.js');
    const params = { resellerName: 'Contoso', status: 'pending' };
    expect(errorMessage('en-US', 'relationship_already_open', params)).to.contain('(Pending)');
    expect(errorMessage('zh-CN', 'relationship_already_open', params)).to.contain(zhCN['status.pending']);
    expect(errorMessage('zh-CN', 'relationship_already_open', params)).not.to.contain('pending');
  });
});
