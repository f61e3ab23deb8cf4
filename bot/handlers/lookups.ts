import type { ResellerOptions } from '../../cards/commerce-forms.js';
import { TYPEAHEAD_THRESHOLD, type ResellerChoice, type UnavailableReseller } from '../../cards/picker.js';
import { isAppError } from '../../services/errors.js';
import type { Turn } from '../turn.js';

/** The first page of the provider's active resellers (the typeahead serves the rest), and how many there are. */
async function firstPage(turn: Turn): Promise<ResellerOptions> {
  const list = await turn.services.relationships.listResellers(turn.actor, {
    include: 'active',
    pageSize: TYPEAHEAD_THRESHOLD,
  });
  return {
    resellers: list.rows.map(({ partnerId, resellerName }) => ({ partnerId, resellerName })),
    total: list.total,
  };
}

/**
 * What a form's reseller choice set offers: the first page of active resellers, how many there
 * are (above the threshold the card adds the typeahead), and the pre-selected reseller even when
 * it is beyond the first page, as long as it is active; less those a transaction would refuse now.
 */
export async function resellerOptions(turn: Turn, selected?: string): Promise<ResellerOptions> {
  const options = await firstPage(turn);
  const partnerId = selected?.trim();
  const extra =
    partnerId && !options.resellers.some((reseller) => reseller.partnerId === partnerId)
      ? await activeReseller(turn, partnerId)
      : undefined;
  const all = extra ? [extra, ...options.resellers] : options.resellers;
  return { ...(await selectable(turn, all)), total: options.total };
}

/**
 * Splits active resellers into those a transaction would accept now and those it would refuse
 * (no active MPA any more, left the programme…), which the cards list apart with the reason.
 */
export async function selectable<R extends ResellerChoice>(
  turn: Turn,
  resellers: readonly R[],
): Promise<{ resellers: R[]; unavailable: UnavailableReseller[] }> {
  const blockers = await turn.services.relationships.transactionBlockers(
    turn.actor,
    resellers.map((reseller) => reseller.partnerId),
  );
  const unavailable: UnavailableReseller[] = [];
  const usable: R[] = [];
  for (const reseller of resellers) {
    const code = blockers.get(reseller.partnerId);
    if (code) unavailable.push({ partnerId: reseller.partnerId, resellerName: reseller.resellerName, code });
    else usable.push(reseller);
  }
  return { resellers: usable, unavailable };
}

async function activeReseller(turn: Turn, partnerId: string): Promise<ResellerChoice | undefined> {
  try {
    const view = await turn.services.relationships.getRelationship(turn.actor, partnerId);
    return view.status === 'active' ? { partnerId, resellerName: view.resellerName || partnerId } : undefined;
  } catch (error) {
    if (isAppError(error)) return undefined;
    throw error;
  }
}

/** A reseller's name for a summary card after a change succeeded; the Partner ID if it cannot be read. */
export async function nameOf(turn: Turn, partnerId: string): Promise<string> {
  try {
    return (
      (await turn.services.relationships.getRelationship(turn.actor, partnerId)).resellerName || partnerId
    );
  } catch (error) {
    if (isAppError(error)) return partnerId;
    throw error;
  }
}

/**
 * Names by Partner ID, for lines that show a reseller next to a customer or subscription: the
 * first page of active resellers, and any of these Partner IDs beyond it (a few per card).
 */
export async function resellerNames(
  turn: Turn,
  partnerIds: readonly (string | undefined)[],
): Promise<Map<string, string>> {
  const names = new Map((await firstPage(turn)).resellers.map((r) => [r.partnerId, r.resellerName]));
  const missing = [...new Set(partnerIds)].filter((id): id is string => !!id && !names.has(id));
  for (const partnerId of missing) {
    const name = await nameOf(turn, partnerId);
    if (name !== partnerId) names.set(partnerId, name);
  }
  return names;
}
