import { expect } from 'chai';
import { AppError } from '../../services/errors.js';
import { PartnerCenterDirectory } from '../../services/partner-center/directory.js';
import { PartnerCenterHttp } from '../../services/partner-center/http.js';
import type { DirectoryLookup } from '../../services/ports.js';
import { PartnerCenterStub } from '../support/partner-center-stub.js';

const TOKEN = 'token-of-provider-a';
const context = { providerTenantId: 'provider-a' };

describe('Partner Center directory', () => {
  let stub: PartnerCenterStub;
  let directory: PartnerCenterDirectory;

  beforeEach(async () => {
    stub = await PartnerCenterStub.start({
      token: TOKEN,
      partners: [
        { mpnId: '1234567', partnerName: 'Contoso Reseller', agreement: true },
        { mpnId: '2000001', partnerName: 'Unsigned Ltd', agreement: false },
        { mpnId: '2000002', partnerName: 'No MPA GmbH', agreement: { status: 400, code: 2203 } },
        { mpnId: '2000003', partnerName: 'Direct Only SA', agreement: { status: 400, code: 2204 } },
        { mpnId: '2000004', partnerName: 'Elsewhere Inc', agreement: { status: 400, code: 2201 } },
        { mpnId: '2000005', profileError: { status: 400, code: 600000 } },
        { mpnId: '2000008', partnerName: 'Unmigrated', agreement: { status: 400, code: 2200 } },
        { mpnId: '2000006', profileError: { status: 400, code: 2201 } },
        { mpnId: '2000007', partnerName: 'Odd Co', agreement: { status: 403, code: 2032 } },
      ],
    });
    const http = new PartnerCenterHttp({
      baseUrl: stub.baseUrl,
      tokenProvider: async () => TOKEN,
      sleep: async () => {},
    });
    directory = new PartnerCenterDirectory(http);
  });
  afterEach(() => stub.stop());

  function found(partnerId: string, name: string, enrolled: boolean, mpa: string): DirectoryLookup {
    return {
      found: true,
      reseller: {
        partnerId,
        name,
        country: '',
        enrolledAsIndirectReseller: enrolled,
        mpaStatus: mpa as 'active',
      },
    };
  }

  it('finds an enrolled reseller with an active MPA from the profile and the agreement status', async () => {
    const before = stub.requests.length;
    expect(await directory.lookup('1234567', context)).to.deep.equal(
      found('1234567', 'Contoso Reseller', true, 'active'),
    );
    const calls = stub.requests.slice(before).map((r) => r.path);
    expect(calls).to.deep.equal([
      '/v1/profiles/mpn?mpnId=1234567',
      '/v1/compliance/csp/agreementstatus?mpnId=1234567',
    ]);
  });

  it('answers not_found for an unknown Partner ID (404, code 3000)', async () => {
    expect(await directory.lookup('9999999', context)).to.deep.equal({ found: false, reason: 'not_found' });
  });

  it('answers not_found for error codes 600000 and 2200 whatever the HTTP status', async () => {
    expect(await directory.lookup('2000005', context)).to.deep.equal({ found: false, reason: 'not_found' });
    expect(await directory.lookup('2000008', context)).to.deep.equal({ found: false, reason: 'not_found' });
  });

  it('answers region_mismatch for error code 2201, from either call', async () => {
    expect(await directory.lookup('2000004', context)).to.deep.equal({
      found: false,
      reason: 'region_mismatch',
    });
    expect(await directory.lookup('2000006', context)).to.deep.equal({
      found: false,
      reason: 'region_mismatch',
    });
  });

  it('reports a partner without a CSP indirect reseller account (2204) as not enrolled', async () => {
    expect(await directory.lookup('2000003', context)).to.deep.equal(
      found('2000003', 'Direct Only SA', false, 'not_signed'),
    );
  });

  it('reports MPA not signed for error code 2203 and for isAgreementSigned false', async () => {
    expect(await directory.lookup('2000002', context)).to.deep.equal(
      found('2000002', 'No MPA GmbH', true, 'not_signed'),
    );
    expect(await directory.lookup('2000001', context)).to.deep.equal(
      found('2000001', 'Unsigned Ltd', true, 'not_signed'),
    );
  });

  it('maps any other refusal to external_rejected with its status and code', async () => {
    const error = await directory.lookup('2000007', context).then(
      () => expect.fail('expected a refusal'),
      (e: unknown) => e,
    );
    expect(error).to.be.instanceOf(AppError);
    expect((error as AppError).code).to.equal('external_rejected');
    expect((error as AppError).params).to.deep.equal({ status: 403, code: 2032 });
  });

  it('surfaces an outage as external_unavailable rather than "not found"', async () => {
    stub.fail('mpnProfile', { times: 10, status: 503 });
    const error = await directory.lookup('1234567', context).then(
      () => expect.fail('expected a failure'),
      (e: unknown) => e,
    );
    expect((error as AppError).code).to.equal('external_unavailable');
  });

  it('refuses a Partner ID that is not numeric without calling Partner Center', async () => {
    const before = stub.requests.length;
    const error = await directory.lookup('12ab', context).then(
      () => expect.fail('expected a refusal'),
      (e: unknown) => e,
    );
    expect((error as AppError).code).to.equal('invalid_input');
    expect(stub.requests.length).to.equal(before);
  });

  it('cannot find a reseller by Entra tenant', async () => {
    expect(await directory.findByEntraTenant('6f1d7a52-0000-0000-0000-000000000000')).to.equal(undefined);
  });
});
