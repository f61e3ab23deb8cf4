import { z } from 'zod';
import type { Provider } from '../../data/providers/provider-store.js';
import { BoundedMap } from '../../data/bounded-map.js';
import { AppError, isAppError, type ErrorCode } from '../errors.js';
import type { Clock } from '../clock.js';
import type { DirectoryReseller, PartnerDirectory } from '../ports.js';

/** A Partner ID (formerly MPN ID) is a number; anything else, objects included, is refused here. */
export const partnerIdSchema = z
  .string()
  .trim()
  .regex(/^\d{5,10}$/);

export function parsePartnerId(value: unknown): string {
  const parsed = partnerIdSchema.safeParse(value);
  if (!parsed.success) throw new AppError('invalid_input', { field: 'partnerId' });
  return parsed.data;
}

/** What a Partner ID must pass before anything may happen with that reseller. */
export interface ResellerRequirements {
  /** Transactions need an active Microsoft Partner Agreement; an invitation does not. */
  activeMpa: boolean;
}

/**
 * Looks the reseller up and checks, in order: not the provider itself, known, in a region the
 * provider serves, enrolled as an indirect reseller, and (when asked) with an active MPA.
 */
export async function checkReseller(
  directory: PartnerDirectory,
  provider: Provider,
  rawPartnerId: unknown,
  requirements: ResellerRequirements,
): Promise<DirectoryReseller> {
  const partnerId = parsePartnerId(rawPartnerId);
  if (partnerId === provider.partnerId) throw new AppError('reseller_is_provider', { partnerId });
  const lookup = await directory.lookup(partnerId, { providerTenantId: provider.tenantId });
  if (!lookup.found) {
    throw new AppError(
      lookup.reason === 'region_mismatch' ? 'reseller_region_mismatch' : 'reseller_not_found',
      {
        partnerId,
      },
    );
  }
  const reseller = lookup.reseller;
  const params = { partnerId, resellerName: reseller.name };
  const countryKnown = reseller.country !== '';
  if (
    countryKnown &&
    provider.allowedCountries.length > 0 &&
    !provider.allowedCountries.includes(reseller.country)
  ) {
    throw new AppError('reseller_region_mismatch', params);
  }
  if (!reseller.enrolledAsIndirectReseller) throw new AppError('reseller_not_enrolled', params);
  if (requirements.activeMpa && reseller.mpaStatus !== 'active')
    throw new AppError('reseller_mpa_inactive', params);
  return reseller;
}

/** Directory lookups in flight at once when checking a list (Partner Center throttles bursts). */
const CHECK_CONCURRENCY = 8;

/**
 * The resellers among these that a transaction (or Verify) would refuse now, with the refusal
 * code: the same checks as `checkReseller` with an active MPA required.
 */
export async function transactionBlockers(
  directory: PartnerDirectory,
  provider: Provider,
  partnerIds: readonly string[],
): Promise<Map<string, ErrorCode>> {
  const blockers = new Map<string, ErrorCode>();
  const queue = [...new Set(partnerIds)];
  const worker = async () => {
    for (let partnerId = queue.shift(); partnerId !== undefined; partnerId = queue.shift()) {
      try {
        await checkReseller(directory, provider, partnerId, { activeMpa: true });
      } catch (error) {
        if (!isAppError(error)) throw error;
        blockers.set(partnerId, error.code);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(CHECK_CONCURRENCY, queue.length) }, worker));
  return blockers;
}

/** How long a directory verdict serves the choice lists (Submit and Verify always ask anew). */
const VERDICT_TTL_MS = 60_000;
const MAX_VERDICTS = 10_000;

/**
 * The choice lists' view of `transactionBlockers`, remembered for a minute per provider and
 * Partner ID: a typeahead asks about the same resellers at every keystroke, and against Partner
 * Center each question is an HTTP call. A hint only: every transaction checks the reseller again.
 */
export class DirectoryVerdicts {
  private readonly verdicts = new BoundedMap<string, { code: ErrorCode | undefined; at: number }>(
    MAX_VERDICTS,
  );

  constructor(
    private readonly directory: PartnerDirectory,
    private readonly clock: Clock,
  ) {}

  async blockers(provider: Provider, partnerIds: readonly string[]): Promise<Map<string, ErrorCode>> {
    const now = this.clock.now().getTime();
    const key = (partnerId: string) => `${provider.tenantId}|${partnerId}`;
    const blockers = new Map<string, ErrorCode>();
    const unknown: string[] = [];
    for (const partnerId of new Set(partnerIds)) {
      const known = this.verdicts.get(key(partnerId));
      if (!known || now - known.at > VERDICT_TTL_MS) unknown.push(partnerId);
      else if (known.code) blockers.set(partnerId, known.code);
    }
    const fresh = await transactionBlockers(this.directory, provider, unknown);
    for (const partnerId of unknown) {
      const code = fresh.get(partnerId);
      if (code) blockers.set(partnerId, code);
      // The least recently asked leave first when full.
      this.verdicts.set(key(partnerId), { code, at: now });
    }
    return blockers;
  }
}
