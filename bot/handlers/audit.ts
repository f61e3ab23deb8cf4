import { AUDIT_PAGE_SIZE, auditCard, auditExportCard } from '../../cards/audit.js';
import { route, type RouteTable } from '../route.js';

/**
 * The CSV travels inside the message as a data: URL, so it must stay well under the ~100 KB a
 * Teams message may carry; a longer trail is cut to its newest rows (the card says so).
 */
const MAX_CSV_BYTES = 60_000;
/** Lets spreadsheet apps read the file as UTF-8 (Chinese names). */
const BOM = '\uFEFF';

/** Cuts the CSV at a row boundary under the size limit; returns the text and its data-row count. */
export function fitCsv(
  csv: string,
  maxBytes = MAX_CSV_BYTES,
): { csv: string; rows: number; truncated: boolean } {
  const lines = csv.split('\r\n').filter((line) => line !== '');
  const kept: string[] = [];
  let bytes = 0;
  for (const line of lines) {
    const size = Buffer.byteLength(line, 'utf8') + 2;
    if (bytes + size > maxBytes) break;
    kept.push(line);
    bytes += size;
  }
  return {
    csv: `${kept.join('\r\n')}\r\n`,
    rows: Math.max(0, kept.length - 1),
    truncated: kept.length < lines.length,
  };
}

/** The audit trail: a page of the newest changes, older pages by cursor, and the CSV export. */
export const auditRoutes: Pick<RouteTable, 'audit.page' | 'audit.export'> = {
  'audit.page': route('audit.page', {
    handle: async (turn, { cursor }) => {
      const page = await turn.services.audit.page(turn.actor, {
        limit: AUDIT_PAGE_SIZE,
        ...(cursor ? { cursor } : {}),
      });
      return { card: auditCard(page, turn.ui, { older: Boolean(cursor) }) };
    },
  }),
  'audit.export': route('audit.export', {
    handle: async (turn) => {
      const fitted = fitCsv(await turn.services.audit.exportCsv(turn.actor));
      const day = new Date().toISOString().slice(0, 10);
      return {
        card: auditExportCard(fitted.rows, fitted.truncated, turn.ui),
        also: [
          {
            type: 'message',
            text: turn.ui.t('audit.exportMessage'),
            attachments: [
              {
                contentType: 'text/csv',
                name: `audit-${day}.csv`,
                contentUrl: `data:text/csv;base64,${Buffer.from(BOM + fitted.csv, 'utf8').toString('base64')}`,
              },
            ],
          },
        ],
      };
    },
  }),
};
