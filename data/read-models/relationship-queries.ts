import type { Collection, Db } from 'mongodb';
import { SOMETHING_DUE } from './relationship-due.js';

/** The fields of the relationships read model that lists and searches use. */
export interface RelationshipRow {
  tenantId: string;
  partnerId: string;
  resellerName: string;
  resellerNameLower: string;
  country: string;
  status: string;
  activeSince?: Date;
  /** When an ended relationship ended (declined, expired, cancelled, removed). */
  endedAt?: Date;
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

export class RelationshipQueries {
  private readonly relationships: Collection<RelationshipDocument>;

  /** `db` is the scan pool of the database (every query here is a scan). */
  constructor(db: Db) {
    this.relationships = db.collection<RelationshipDocument>('relationships');
  }

  /** Every relationship of a provider in these states (one scan; the search index is built from it). */
  async listByStatus(tenantId: string, statuses: string[]): Promise<RelationshipRow[]> {
    const docs = await this.relationships.find({ tenantId, status: { $in: statuses } }).toArray();
    return docs.map(toRow);
  }

  /** Every relationship with something due, of every provider (one scan, hourly). */
  async withSomethingDue(): Promise<{ tenantId: string; partnerId: string }[]> {
    const docs = await this.relationships
      .find(SOMETHING_DUE, { projection: { tenantId: 1, partnerId: 1 } })
      .toArray();
    return docs.map(({ tenantId, partnerId }) => ({ tenantId, partnerId }));
  }
}

function toRow(doc: RelationshipDocument): RelationshipRow {
  const { _id: _ignored, ...row } = doc;
  return row;
}
