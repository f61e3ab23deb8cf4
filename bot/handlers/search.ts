import type { SearchInvokeResponse } from 'botbuilder';
import { z } from 'zod';
import { RESELLER_DATASET } from '../../cards/picker.js';
import { errorMessage } from '../../i18n/index.js';
import { isAppError } from '../../services/errors.js';
import { INVALID_ACTION } from '../route.js';
import type { Turn } from '../turn.js';
import { selectable } from './lookups.js';

const searchSchema = z.object({
  dataset: z.literal(RESELLER_DATASET),
  queryText: z.string().max(100),
  queryOptions: z
    .object({
      skip: z.number().int().min(0).max(10_000).optional(),
      top: z.number().int().min(1).max(100).optional(),
    })
    .optional(),
});

const DEFAULT_TOP = 15;

/** Data.Query typeahead of the reseller picker: active resellers whose name or Partner ID starts so. */
export async function searchResellers(turn: Turn, value: unknown): Promise<SearchInvokeResponse> {
  const parsed = searchSchema.safeParse(value);
  if (!parsed.success) return searchError(INVALID_ACTION, turn.ui.t('bot.invalidAction'));
  const top = parsed.data.queryOptions?.top ?? DEFAULT_TOP;
  const skip = parsed.data.queryOptions?.skip ?? 0;
  try {
    const rows = await resellersFrom(turn, parsed.data.queryText.trim(), skip, top);
    return {
      statusCode: 200,
      type: 'application/vnd.microsoft.search.searchResponse',
      value: {
        results: rows.map((row) => ({
          title: `${row.resellerName} (${row.partnerId})`,
          value: row.partnerId,
        })),
      },
    };
  } catch (error) {
    if (!isAppError(error)) throw error;
    return searchError(error.code, errorMessage(turn.locale, error.code, error.params));
  }
}

/**
 * Rows skip … skip + top − 1 of the matching active resellers (Teams may skip any number of
 * rows), less those a transaction would refuse now (the card's note names them).
 */
async function resellersFrom(turn: Turn, query: string, skip: number, top: number) {
  const list = await turn.services.relationships.listResellers(turn.actor, {
    include: 'active',
    query,
    skip,
    pageSize: top,
  });
  return (await selectable(turn, list.rows)).resellers;
}

function searchError(code: string, message: string): SearchInvokeResponse {
  return { statusCode: 400, type: 'application/vnd.microsoft.error', value: { code, message } };
}
