import type { Collection, Db, Document, Filter } from 'mongodb';
import { putById } from '../database.js';

/**
 * A relationship the periodic work has to look at: a pending request (the expiry sweep and the
 * reminders read its expiry) and/or transactions started and not ended (maintenance finishes
 * them). Every other relationship has no document here.
 */
export interface DueRelationship {
  tenantId: string;
  partnerId: string;
  resellerName: string;
  pending?: { invitationId: string; expiresAt: Date };
  /** Intent ids of the transactions still open. */
  openTransactions?: string[];
}

interface DueDocument extends DueRelationship {
  _id: string;
}

/** The fields of a relationship's state (or its read-model document) that decide what is due. */
export interface DueSource {
  partnerId: string;
  resellerName: string;
  status: string;
  invitation?: { invitationId: string; expiresAt: Date };
  openTransactions?: Record<string, unknown>;
}

/** The relationships (read-model documents) that have something due: a pending request or an open transaction. */
export const SOMETHING_DUE: { $or: Document[] } = {
  $or: [{ status: 'pending' }, { openTransactions: { $exists: true } }],
};

/** Whether two dues say the same (a stored document and what a relationship's state gives). */
export function sameDue(a: DueRelationship | undefined, b: DueRelationship | undefined): boolean {
  if (!a || !b) return a === b;
  return (
    a.tenantId === b.tenantId &&
    a.partnerId === b.partnerId &&
    a.resellerName === b.resellerName &&
    a.pending?.invitationId === b.pending?.invitationId &&
    a.pending?.expiresAt.getTime() === b.pending?.expiresAt.getTime() &&
    (a.openTransactions ?? []).join('\n') === (b.openTransactions ?? []).join('\n')
  );
}

/** What is due of one relationship, or undefined: nothing (the shape the sweeps read). */
export function dueOf(tenantId: string, source: DueSource): DueRelationship | undefined {
  const pending =
    source.status === 'pending' && source.invitation
      ? { invitationId: source.invitation.invitationId, expiresAt: source.invitation.expiresAt }
      : undefined;
  const open = Object.keys(source.openTransactions ?? {}).sort();
  if (!pending && open.length === 0) return undefined;
  return {
    tenantId,
    partnerId: source.partnerId,
    resellerName: source.resellerName,
    ...(pending ? { pending } : {}),
    ...(open.length > 0 ? { openTransactions: open } : {}),
  };
}

/**
 * The relationships with something due, one small document each, kept with the relationship
 * (written before its read model, see `relationshipStreams`). The sweeps scan this collection
 * instead of every relationship: on the local store a scan decodes every document, and a
 * provider with 50,000 resellers has a few hundred pending requests and almost never an open
 * transaction.
 */
export class RelationshipDueStore {
  private readonly due: Collection<DueDocument>;
  /** Through the scan pool for the sweeps' queries. */
  private readonly scanned: Collection<DueDocument>;

  constructor(db: Db, scanDb: Db = db) {
    this.due = db.collection<DueDocument>('relationship_due');
    this.scanned = scanDb.collection<DueDocument>('relationship_due');
  }

  private static id(tenantId: string, partnerId: string): string {
    return `${tenantId}:${partnerId}`;
  }

  /** Stores what is due of the relationship (single-key writes), or removes it when nothing is. */
  async put(tenantId: string, partnerId: string, due: DueRelationship | undefined): Promise<void> {
    const _id = RelationshipDueStore.id(tenantId, partnerId);
    if (due) await putById(this.due, _id, due);
    else await this.due.deleteOne({ _id });
  }

  /** Relationships with a transaction that has not ended. */
  async withOpenTransactions(limit: number): Promise<DueRelationship[]> {
    const docs = await this.scanned
      .find({ openTransactions: { $exists: true } })
      .limit(limit)
      .toArray();
    return docs.map(withoutId);
  }

  /**
   * Pending requests that expire after `after` (none: any time) and at or before `before`, soonest
   * first; with `from` (the last row of the previous page), the ones that sort after it, so a
   * sweep pages through them even while it rewrites or removes rows it has read.
   */
  async pendingExpiring(
    range: { after?: Date; before: Date },
    page: { from?: DueRelationship; limit: number },
  ): Promise<DueRelationship[]> {
    const window = { ...(range.after ? { $gt: range.after } : {}), $lte: range.before };
    const last = page.from?.pending;
    const filter: Filter<DueDocument> = last
      ? {
          $or: [
            { 'pending.expiresAt': { ...window, $gt: last.expiresAt } },
            {
              'pending.expiresAt': last.expiresAt,
              _id: { $gt: RelationshipDueStore.id(page.from!.tenantId, page.from!.partnerId) },
            },
          ],
        }
      : { 'pending.expiresAt': window };
    const docs = await this.scanned
      .find(filter)
      .sort({ 'pending.expiresAt': 1, _id: 1 })
      .limit(page.limit)
      .toArray();
    return docs.map(withoutId);
  }

  /** Every document (the hourly reconciliation compares them with the relationships). */
  async all(): Promise<DueRelationship[]> {
    return (await this.scanned.find({}).toArray()).map(withoutId);
  }

  /** Removes every document of a tenant (its relationships are folded again from the log). */
  async clear(tenantId: string): Promise<void> {
    await this.due.deleteMany({ tenantId });
  }
}

function withoutId({ _id: _ignored, ...due }: DueDocument): DueRelationship {
  return due;
}
