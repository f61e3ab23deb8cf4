import type { Collection, Db, Filter } from 'mongodb';

/** The fields of the relationships read model that lists and searches use. */
export interface RelationshipRow {
  tenantId: string;
  partnerId: string;
  resellerName: string;
  resellerNameLower: string;
  country: string;
  status: string;
  activeSince?: Date;
  updatedAt?: Date;
  invitation?: {
    invitationId: string;
    resellerEmail: string;
    expiresAt: Date;
    sentAt?: Date;
    requestedAt: Date;
  };
}

interface RelationshipDocument extends RelationshipRow {
  _id: string;
}

export interface RelationshipListOptions {
  statuses: string[];
  /** Matches the start of the reseller's name (any case) or of its Partner ID. */
  prefix?: string;
  skip: number;
  limit: number;
}

export class RelationshipQueries {
  private readonly relationships: Collection<RelationshipDocument>;

  constructor(db: Db) {
    this.relationships = db.collection<RelationshipDocument>('relationships');
  }

  async list(
    tenantId: string,
    options: RelationshipListOptions,
  ): Promise<{ rows: RelationshipRow[]; total: number }> {
    const filter: Filter<RelationshipDocument> = { tenantId, status: { $in: options.statuses } };
    if (options.prefix) {
      const escaped = escapeRegex(options.prefix.toLowerCase());
      filter.$or = [
        { resellerNameLower: { $regex: `^${escaped}` } },
        { partnerId: { $regex: `^${escaped}` } },
      ];
    }
    const [docs, total] = await Promise.all([
      this.relationships
        .find(filter)
        .sort({ resellerNameLower: 1, partnerId: 1 })
        .skip(options.skip)
        .limit(options.limit)
        .toArray(),
      this.relationships.countDocuments(filter),
    ]);
    return { rows: docs.map(toRow), total };
  }

  /** Pending requests whose expiry has passed (for the expiry sweep). */
  async pendingExpiredBefore(
    tenantId: string | undefined,
    now: Date,
    limit: number,
  ): Promise<RelationshipRow[]> {
    const filter: Filter<RelationshipDocument> = { status: 'pending', 'invitation.expiresAt': { $lte: now } };
    if (tenantId) filter.tenantId = tenantId;
    return (await this.relationships.find(filter).limit(limit).toArray()).map(toRow);
  }
}

function toRow(doc: RelationshipDocument): RelationshipRow {
  const { _id: _ignored, ...row } = doc;
  return row;
}

function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
