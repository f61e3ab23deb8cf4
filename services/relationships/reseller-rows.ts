import type { RelationshipRow } from '../../data/read-models/relationship-queries.js';

/** What a list or a search asks of the rows. */
export interface RowQuery {
  statuses: string[];
  prefix?: string;
  skip: number;
  limit: number;
}

/** One provider's rows: by Partner ID, and in list order (name, then Partner ID). */
export interface Rows {
  byPartner: Map<string, RelationshipRow>;
  sorted: RelationshipRow[];
  /** Rows per status, so a list's total needs no pass over the rows. */
  counts: Map<string, number>;
  feedSeq: number;
}

/**
 * One page of the rows a list or a search shows, and how many there are: a list counts from the
 * per-status totals and walks only to its page; a name prefix is one run of the list order, found
 * by binary search. Only a digits prefix (a Partner ID, or a name starting with digits) looks at
 * every row.
 */
export function searchRows(rows: Rows, options: RowQuery): { rows: RelationshipRow[]; total: number } {
  const prefix = options.prefix?.trim().toLowerCase();
  const wanted = (row: RelationshipRow) => options.statuses.includes(row.status);
  if (!prefix) {
    let total = 0;
    for (const status of new Set(options.statuses)) total += rows.counts.get(status) ?? 0;
    return { rows: page(rows.sorted, 0, rows.sorted.length, wanted, options), total };
  }
  // A Partner ID is digits: a prefix with anything else can match names only.
  if (/^\d+$/.test(prefix)) {
    const matches = rows.sorted.filter(
      (row) => wanted(row) && (row.resellerNameLower.startsWith(prefix) || row.partnerId.startsWith(prefix)),
    );
    return { rows: matches.slice(options.skip, options.skip + options.limit), total: matches.length };
  }
  // Names with a prefix are one run in list order: from the first name not before it.
  const from = lowerBound(rows.sorted, prefix);
  let to = from;
  while (to < rows.sorted.length && (rows.sorted[to] as RelationshipRow).resellerNameLower.startsWith(prefix))
    to += 1;
  let total = 0;
  for (let i = from; i < to; i++) if (wanted(rows.sorted[i] as RelationshipRow)) total += 1;
  return { rows: page(rows.sorted, from, to, wanted, options), total };
}

export function rowsOf(sorted: RelationshipRow[], feedSeq: number): Rows {
  const counts = new Map<string, number>();
  for (const row of sorted) counts.set(row.status, (counts.get(row.status) ?? 0) + 1);
  return { byPartner: new Map(sorted.map((row) => [row.partnerId, row])), sorted, counts, feedSeq };
}

/** The `skip`…`skip + limit` wanted rows of `sorted[from…to)`, in order. */
function page(
  sorted: RelationshipRow[],
  from: number,
  to: number,
  wanted: (row: RelationshipRow) => boolean,
  options: { skip: number; limit: number },
): RelationshipRow[] {
  const found: RelationshipRow[] = [];
  let skipped = 0;
  for (let i = from; i < to && found.length < options.limit; i++) {
    const row = sorted[i] as RelationshipRow;
    if (!wanted(row)) continue;
    if (skipped < options.skip) skipped += 1;
    else found.push(row);
  }
  return found;
}

/** The first position whose name is not before `name` (binary search). */
function lowerBound(sorted: RelationshipRow[], name: string): number {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if ((sorted[middle] as RelationshipRow).resellerNameLower < name) low = middle + 1;
    else high = middle;
  }
  return low;
}

/** Puts a row where its list order says (or takes it out), without sorting the rest again. */
export function place(rows: Rows, partnerId: string, row: RelationshipRow | undefined): void {
  const old = rows.byPartner.get(partnerId);
  if (old) {
    const at = position(rows.sorted, old);
    if (rows.sorted[at] === old) rows.sorted.splice(at, 1);
    rows.byPartner.delete(partnerId);
    rows.counts.set(old.status, (rows.counts.get(old.status) ?? 1) - 1);
  }
  if (!row) return;
  rows.sorted.splice(position(rows.sorted, row), 0, row);
  rows.byPartner.set(partnerId, row);
  rows.counts.set(row.status, (rows.counts.get(row.status) ?? 0) + 1);
}

/** The first position whose row does not come before `row` (binary search). */
function position(sorted: RelationshipRow[], row: RelationshipRow): number {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (byListOrder(sorted[middle] as RelationshipRow, row) < 0) low = middle + 1;
    else high = middle;
  }
  return low;
}

export function byListOrder(a: RelationshipRow, b: RelationshipRow): number {
  return compare(a.resellerNameLower, b.resellerNameLower) || compare(a.partnerId, b.partnerId);
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

const OPEN = new Set(['active', 'pending']);

/**
 * Only what the list, the picker, the typeahead and the resellers tab show (the read-model
 * document also holds the token hash, who requested, sequence numbers…); the tenant id is the
 * provider's one string.
 */
export function slim(
  tenantId: string,
  row: RelationshipRow,
  shared: (value: string) => string,
): RelationshipRow {
  const invitation = row.invitation;
  return {
    tenantId,
    partnerId: row.partnerId,
    resellerName: row.resellerName,
    resellerNameLower: row.resellerNameLower,
    country: shared(row.country),
    status: shared(row.status),
    ...(row.activeSince ? { activeSince: row.activeSince } : {}),
    // An ended row shows since when (the resellers tab).
    ...(!OPEN.has(row.status) && (row.endedAt ?? row.updatedAt)
      ? { endedAt: row.endedAt ?? row.updatedAt }
      : {}),
    // Only a pending row shows its request (to whom, until when) and binds Cancel to it.
    ...(row.status === 'pending' && invitation
      ? {
          invitation: {
            invitationId: invitation.invitationId,
            resellerEmail: invitation.resellerEmail,
            expiresAt: invitation.expiresAt,
            requestedAt: invitation.requestedAt,
            ...(invitation.sentAt ? { sentAt: invitation.sentAt } : {}),
          },
        }
      : {}),
  };
}
