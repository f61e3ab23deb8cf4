import { expect } from 'chai';
import { zhCN } from '../../i18n/zh-CN.js';
import { englishRuns } from './english.js';
import { renderAll } from './samples.js';
import { visibleText } from './validate.js';

/** Every outside name in Chinese: whatever Latin prose is left on a card is the bot's own. */
const CHINESE_NAMES = {
  reseller: '蓝天云科技',
  provider: '大华分销',
  person: '陈杰',
  company: '环球进口贸易',
  email: 'owner@contoso.example',
};

describe('Chinese cards hold no English sentence', () => {
  it('finds English prose, whether or not the English catalogue has it (the check itself)', () => {
    expect(englishRuns('合作关系已删除。This relationship was removed.')).to.deep.equal([
      'This relationship was removed',
    ]);
    expect(englishRuns('请联系 Please contact us 以获取帮助')).to.have.length(1);
    expect(
      englishRuns('在 Microsoft Teams 中打开（MPN ID）；Microsoft 365 E3；owner@contoso.example'),
    ).to.deep.equal([]);
  });

  it('in any zh-CN catalogue message', () => {
    const found = Object.entries(zhCN).flatMap(([key, text]) =>
      englishRuns(text).map((run) => `${key}: ${run}`),
    );
    expect(found).to.deep.equal([]);
  });

  it('on any card rendered in zh-CN', () => {
    const found = Object.entries(renderAll('zh-CN', CHINESE_NAMES)).flatMap(([name, card]) =>
      englishRuns(visibleText(card)).map((run) => `${name}: ${run}`),
    );
    expect(found).to.deep.equal([]);
  });
});
