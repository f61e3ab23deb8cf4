import { z } from 'zod';
import { AppError } from '../errors.js';
import type { DirectoryLookup, DirectoryReseller, PartnerDirectory } from '../ports.js';
import { expectOk } from './http.js';
import type { PartnerCenterHttp, PartnerCenterResponse } from './http.js';

// MpnProfile ("Verify a partner PartnerID", GET /v1/profiles/mpn?mpnId=): { partnerName, mpnId,
// profileType: "MpnProfile", links, attributes: { objectType: "MpnProfile" } }. Older examples
// omit partnerName, so it is optional. The profile carries no country.
const mpnProfileSchema = z.looseObject({
  mpnId: z.union([z.string(), z.number()]).nullish(),
  partnerName: z.string().nullish(),
  profileType: z.string().nullish(),
});

// AgreementSignatureStatus (GET /v1/compliance/csp/agreementstatus?mpnId=). The documented example
// and the SDK model name the field `isAgreementSigned`; `agreementSigned` is accepted as well.
const agreementStatusSchema = z
  .looseObject({ isAgreementSigned: z.boolean().optional(), agreementSigned: z.boolean().optional() })
  .refine((b) => b.isAgreementSigned !== undefined || b.agreementSigned !== undefined);

// PartnerRelationship items of GET /v1/relationships?relationship_type=IsIndirectCloudSolutionProviderOf.
const relationshipSchema = z.looseObject({
  id: z.string(),
  name: z.string().nullish(),
  mpnId: z.union([z.string(), z.number()]).nullish(),
  location: z.string().nullish(),
});

// Error codes in the error body. 2200 (MPN ID invalid or not migrated), 2201, 2203 and 2204 are
// documented on the agreement-status page, as 400s. 3000 comes from the MPN profile page's 404
// example ("Partner Organization ... could not be found"); the general error table calls 3000
// "Invalid property", so it means "not found" only on these two calls. 600000 is not documented
// anywhere we found; it is read as "not found" as the product brief asks. The docs show 2201,
// 2203 and 2204 only for agreement status; they are honoured on both calls.
const NOT_FOUND_CODES: ReadonlySet<number> = new Set([3000, 600000, 2200]);
const REGION_MISMATCH = 2201;
const MPA_NOT_SIGNED = 2203;
const NOT_ENROLLED = 2204;

type Outcome = 'not_found' | 'region_mismatch' | 'not_enrolled' | 'mpa_not_signed';

function classify(response: PartnerCenterResponse): Outcome | undefined {
  if (response.ok) return undefined;
  if (response.code === REGION_MISMATCH) return 'region_mismatch';
  if (response.code === NOT_ENROLLED) return 'not_enrolled';
  if (response.code === MPA_NOT_SIGNED) return 'mpa_not_signed';
  if (response.status === 404 || (response.code !== undefined && NOT_FOUND_CODES.has(response.code))) {
    return 'not_found';
  }
  return undefined;
}

/**
 * Partner ID checks against Partner Center: the MPN profile proves the ID exists, the agreement
 * status says whether the partner is a CSP indirect reseller that signed the MPA.
 */
export class PartnerCenterDirectory implements PartnerDirectory {
  constructor(private readonly http: PartnerCenterHttp) {}

  /**
   * `country` is always '' (neither call returns one) and `mpaStatus` is never 'expired'
   * (the API only says signed or not). Not enrolled implies 'not_signed'.
   */
  async lookup(partnerId: string, context: { providerTenantId: string }): Promise<DirectoryLookup> {
    const mpnId = partnerId.trim();
    // Partner Center answers 400/2000 "MPN Id must be numeric"; refuse before the round trip.
    if (!/^\d{1,12}$/.test(mpnId)) throw new AppError('invalid_input', { field: 'partnerId' });
    const { providerTenantId } = context;

    const profile = await this.http.send({
      method: 'GET',
      path: '/v1/profiles/mpn',
      query: { mpnId },
      providerTenantId,
    });
    const profileOutcome = classify(profile);
    if (profileOutcome === 'not_found' || profileOutcome === 'region_mismatch') {
      return { found: false, reason: profileOutcome };
    }
    if (profileOutcome !== undefined) return { found: true, reseller: reseller(mpnId, '', profileOutcome) };
    const name = expectOk(profile, mpnProfileSchema).partnerName ?? '';

    const agreement = await this.http.send({
      method: 'GET',
      path: '/v1/compliance/csp/agreementstatus',
      query: { mpnId },
      providerTenantId,
    });
    const agreementOutcome = classify(agreement);
    if (agreementOutcome === 'not_found' || agreementOutcome === 'region_mismatch') {
      return { found: false, reason: agreementOutcome };
    }
    if (agreementOutcome !== undefined)
      return { found: true, reseller: reseller(mpnId, name, agreementOutcome) };
    const status = expectOk(agreement, agreementStatusSchema);
    const signed = status.isAgreementSigned ?? status.agreementSigned ?? false;
    return { found: true, reseller: reseller(mpnId, name, signed ? 'signed' : 'mpa_not_signed') };
  }

  /**
   * Always undefined: Partner Center has no "partner by Entra tenant" lookup. Its indirect-reseller
   * list does carry tenant ids, but only for resellers already related to one provider, and this
   * method is not told which provider's token to use.
   */
  async findByEntraTenant(_entraTenantId: string): Promise<DirectoryReseller | undefined> {
    return undefined;
  }
}

function reseller(
  partnerId: string,
  name: string,
  state: 'signed' | 'not_enrolled' | 'mpa_not_signed',
): DirectoryReseller {
  return {
    partnerId,
    name,
    country: '',
    enrolledAsIndirectReseller: state !== 'not_enrolled',
    mpaStatus: state === 'signed' ? 'active' : 'not_signed',
  };
}

/** An indirect reseller the provider has a relationship with, as Partner Center lists it. */
export interface IndirectReseller {
  /** The reseller's Entra tenant id (what customers' `associatedPartnerId` and support contacts use). */
  tenantId: string;
  partnerId: string;
  name: string;
  country: string;
}

/**
 * The provider's indirect resellers (GET /v1/relationships?relationship_type=IsIndirectCloudSolutionProviderOf),
 * cached per provider tenant. Partner Center addresses a reseller by tenant id in customers and
 * support contacts while the bot speaks Partner IDs; this is the documented bridge between the two.
 */
export class PartnerCenterResellerIndex {
  private readonly cache = new Map<string, { at: number; resellers: IndirectReseller[] }>();

  constructor(
    private readonly http: PartnerCenterHttp,
    private readonly options: { ttlMs?: number; maxPages?: number; now?: () => number } = {},
  ) {}

  /** The related reseller with this Partner ID, if any. */
  async byPartnerId(providerTenantId: string, partnerId: string): Promise<IndirectReseller | undefined> {
    return (await this.list(providerTenantId)).find((r) => r.partnerId === partnerId.trim());
  }

  /** The related reseller with this Entra tenant id, if any. */
  async byTenantId(providerTenantId: string, tenantId: string): Promise<IndirectReseller | undefined> {
    const wanted = tenantId.toLowerCase();
    return (await this.list(providerTenantId)).find((r) => r.tenantId.toLowerCase() === wanted);
  }

  /**
   * Reads the whole list again (the sync job), following continuation tokens; `complete` is false
   * when more pages existed than the bound allows, so a caller never mistakes a cut list for the
   * whole. The page documents no paging; tokens are followed all the same.
   * https://learn.microsoft.com/en-us/partner-center/developer/retrieve-a-list-of-indirect-resellers
   */
  async refresh(providerTenantId: string): Promise<{ resellers: IndirectReseller[]; complete: boolean }> {
    this.cache.delete(providerTenantId);
    return this.read(providerTenantId);
  }

  private async list(providerTenantId: string): Promise<IndirectReseller[]> {
    const now = (this.options.now ?? Date.now)();
    const cached = this.cache.get(providerTenantId);
    if (cached && now - cached.at < (this.options.ttlMs ?? 300_000)) return cached.resellers;
    return (await this.read(providerTenantId)).resellers;
  }

  private async read(
    providerTenantId: string,
  ): Promise<{ resellers: IndirectReseller[]; complete: boolean }> {
    const now = (this.options.now ?? Date.now)();
    const { items, truncated } = await this.http.collect(
      {
        method: 'GET',
        path: '/v1/relationships',
        query: { relationship_type: 'IsIndirectCloudSolutionProviderOf' },
        providerTenantId,
      },
      relationshipSchema,
      this.options.maxPages ?? 20,
    );
    const resellers = items
      .filter((r) => r.mpnId !== undefined && r.mpnId !== null && String(r.mpnId) !== '')
      .map((r) => ({
        tenantId: r.id,
        partnerId: String(r.mpnId),
        name: r.name ?? '',
        country: r.location ?? '',
      }));
    this.cache.set(providerTenantId, { at: now, resellers });
    return { resellers, complete: !truncated };
  }
}
