import { expect } from 'chai';
import { DraftSeal } from '../../services/relationships/draft-seal.js';

const draft = {
  to: 'owner@contoso.example',
  subject: 'Join us',
  body: 'Open https://bot.example.test/invite/abc',
  link: 'https://bot.example.test/invite/abc',
  mailtoUrl: 'mailto:owner%40contoso.example',
};

describe('sealed e-mail drafts (kept for a repeated click)', () => {
  const secret = 'a-draft-replay-secret-of-32-characters!';

  it('opens for the tenant, agent and click it was sealed for, and hides the link', () => {
    const seal = new DraftSeal(secret);
    const sealed = seal.seal(draft, 'tenant-a|agent-1|key-1|inv-1');
    expect(sealed).not.to.contain('invite');
    expect(seal.open(sealed, 'tenant-a|agent-1|key-1|inv-1')).to.deep.equal(draft);
    // Another instance with the same configured secret opens it too.
    expect(new DraftSeal(secret).open(sealed, 'tenant-a|agent-1|key-1|inv-1')).to.deep.equal(draft);
  });

  it('does not open for another agent, another key, or when altered', () => {
    const seal = new DraftSeal(secret);
    const sealed = seal.seal(draft, 'tenant-a|agent-1|key-1|inv-1');
    expect(seal.open(sealed, 'tenant-a|agent-2|key-1|inv-1')).to.equal(undefined);
    expect(
      new DraftSeal('another-secret-of-at-least-32-characters').open(sealed, 'tenant-a|agent-1|key-1|inv-1'),
    ).to.equal(undefined);
    expect(new DraftSeal(undefined).open(sealed, 'tenant-a|agent-1|key-1|inv-1')).to.equal(undefined);
    const parts = sealed.split('.');
    const data = Buffer.from(parts[3] ?? '', 'base64url');
    data[0] = (data[0] ?? 0) ^ 1;
    parts[3] = data.toString('base64url');
    expect(seal.open(parts.join('.'), 'tenant-a|agent-1|key-1|inv-1')).to.equal(undefined);
  });
});
