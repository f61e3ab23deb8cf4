import { AUDIT_PAGE_SIZE, auditCard, auditExportCard } from '../../cards/audit.js';
import { route, type RouteTable } from '../route.js';

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
    // Teams shows no file a bot attaches as a data: URL, so the card links to a signed download;
    // the download checks the role again, this check only spares the caller a dead link.
    handle: async (turn) => {
      await turn.services.access.require(turn.actor, 'viewAudit');
      return { card: auditExportCard(turn.exportLinks.create(turn.actor), turn.ui) };
    },
  }),
};
