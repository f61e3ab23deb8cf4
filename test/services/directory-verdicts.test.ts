import { expect } from 'chai';
import type { Provider } from '../../data/providers/provider-store.js';
import type { DirectoryLookup, DirectoryReseller, PartnerDirectory } from '../../services/ports.js';
import { DirectoryVerdicts } from '../../services/relationships/reseller-checks.js';
import { TestClock } from '../support/world.js';

/** A directory that counts what it is asked (no database: this is about how often it is asked). */
class CountingDirectory implements PartnerDirectory {
  asked: string[] = [];
  constructor(readonly entries: Map<string, DirectoryReseller>) {}
  async lookup(partnerId: string): Promise<DirectoryLookup> {
    this.asked.push(partnerId);
    const reseller = this.entries.get(partnerId);
    return reseller ? { found: true, reseller } : { found: false, reason: 'not_found' };
  }
  async findByEntraTenant(): Promise<DirectoryReseller | undefined> {
    return undefined;
  }
}

const provider = {
  tenantId: 'tenant-a',
  name: 'Adatum Distribution',
  partnerId: '9000001',
  allowedCountries: ['CN'],
} as Provider;
const reseller = (partnerId: string, mpaStatus: DirectoryReseller['mpaStatus']): DirectoryReseller => ({
  partnerId,
  name: `Reseller ${partnerId}`,
  country: 'CN',
  enrolledAsIndirectReseller: true,
  mpaStatus,
});

describe('directory verdicts for the reseller choice lists', () => {
  it('names the resellers a transaction would refuse, and asks the directory about each once a minute', async () => {
    const directory = new CountingDirectory(
      new Map([
        ['1000001', reseller('1000001', 'active')],
        ['1000004', reseller('1000004', 'not_signed')],
      ]),
    );
    const clock = new TestClock();
    const verdicts = new DirectoryVerdicts(directory, clock);
    const ids = ['1000001', '1000004', '1000009'];
    const first = await verdicts.blockers(provider, ids);
    expect(Object.fromEntries(first)).to.deep.equal({
      '1000004': 'reseller_mpa_inactive',
      '1000009': 'reseller_not_found',
    });
    expect(directory.asked).to.have.length(3);
    // Keystrokes of a typeahead within the minute: answered from memory.
    expect(Object.fromEntries(await verdicts.blockers(provider, ids))).to.deep.equal(
      Object.fromEntries(first),
    );
    expect(directory.asked).to.have.length(3);
    // A minute later the directory is asked again, and a lapsed agreement shows.
    directory.entries.set('1000001', reseller('1000001', 'expired'));
    clock.advanceMinutes(2);
    const later = await verdicts.blockers(provider, ids);
    expect(later.get('1000001')).to.equal('reseller_mpa_inactive');
    expect(directory.asked).to.have.length(6);
  });
});
