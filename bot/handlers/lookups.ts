import type { ResellerChoice } from '../../cards/picker.js';
import { isAppError } from '../../services/errors.js';
import type { Turn } from '../turn.js';

/** How many active resellers the forms offer as static choices. */
const FORM_CHOICES = 100;

/** The provider's active resellers, for the choice sets of the forms. */
export async function activeResellers(turn: Turn): Promise<ResellerChoice[]> {
  const list = await turn.services.relationships.listResellers(turn.actor, {
    include: 'active',
    pageSize: FORM_CHOICES,
  });
  return list.rows.map(({ partnerId, resellerName }) => ({ partnerId, resellerName }));
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

/** Names by Partner ID, for lines that show a reseller next to a customer or subscription. */
export async function resellerNames(turn: Turn): Promise<Map<string, string>> {
  return new Map((await activeResellers(turn)).map((r) => [r.partnerId, r.resellerName]));
}
