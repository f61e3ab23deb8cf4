import { randomBytes } from 'node:crypto';
import type { Collection, Db } from 'mongodb';
import type { RelationshipRow } from './relationship-queries.js';

/** Rows per chunk document (a packed row is ~70–170 bytes: ~0.4–0.8 MB per chunk). */
const CHUNK_ROWS = 5_000;
/**
 * How rows are packed in a chunk. A head of another format (or none) is ignored: the caller
 * scans the read model and stores the index again, in this one. Format 3: every status but
 * `none` (format 2 held active and pending only), with the end of an ended one.
 */
const FORMAT = 3;

/** A stored copy of a provider's resellers index: its rows in list order, as of a feed position. */
export interface IndexSnapshot {
  rows: RelationshipRow[];
  feedSeq: number;
  savedAt: Date;
}

interface HeadDocument {
  _id: string;
  format?: number;
  version: string;
  chunks: number;
  feedSeq: number;
  savedAt: Date;
}

interface ChunkDocument {
  _id: string;
  /** The chunk's rows, packed (`pack`) as one JSON string. */
  packed: string;
}

/**
 * One row as a JSON array, dates as epoch milliseconds, the tenant left out (the chunk's id
 * names it). The local store decodes a document field by field (~0.1 s per 1,000 nested rows):
 * one string per chunk makes its decoding a copy (50,000 rows: 5–7 s nested, 0.3–0.4 s packed).
 */
type PackedRow = [
  partnerId: string,
  resellerName: string,
  resellerNameLower: string,
  country: string,
  status: string,
  activeSince: number | null,
  invitation:
    [id: string, email: string, expiresAt: number, requestedAt: number, sentAt: number | null] | null,
  endedAt: number | null,
];

/**
 * The resellers index of each provider, stored in chunks read by `_id` (an index probe each on
 * every store), so a fresh process loads 50,000 rows in ~10 lookups instead of scanning the
 * relationships. A save writes a new version's chunks, then the head that names them, then
 * removes the old version's chunks: a reader that finds a chunk missing (removed under it)
 * answers "none" and the caller scans. It is a cache of the read model: losing it loses nothing.
 */
export class IndexSnapshotStore {
  private readonly heads: Collection<HeadDocument>;
  private readonly chunks: Collection<ChunkDocument>;

  /** `db`: the scan pool (chunks are large documents; their reads get its longer deadline). */
  constructor(db: Db) {
    this.heads = db.collection<HeadDocument>('reseller_index_heads');
    this.chunks = db.collection<ChunkDocument>('reseller_index_chunks');
  }

  async load(tenantId: string): Promise<IndexSnapshot | undefined> {
    const head = await this.heads.findOne({ _id: tenantId });
    if (!head || head.format !== FORMAT) return undefined;
    const rows: RelationshipRow[] = [];
    for (let n = 0; n < head.chunks; n++) {
      const chunk = await this.chunks.findOne({ _id: chunkId(tenantId, head.version, n) });
      if (typeof chunk?.packed !== 'string') return undefined;
      for (const row of JSON.parse(chunk.packed) as PackedRow[]) rows.push(unpack(tenantId, row));
    }
    return { rows, feedSeq: head.feedSeq, savedAt: head.savedAt };
  }

  async save(tenantId: string, snapshot: IndexSnapshot): Promise<void> {
    const previous = await this.heads.findOne({ _id: tenantId });
    const version = randomBytes(6).toString('hex');
    const chunks = Math.ceil(snapshot.rows.length / CHUNK_ROWS);
    for (let n = 0; n < chunks; n++) {
      const rows = snapshot.rows.slice(n * CHUNK_ROWS, (n + 1) * CHUNK_ROWS);
      await this.chunks.insertOne({
        _id: chunkId(tenantId, version, n),
        packed: JSON.stringify(rows.map(pack)),
      });
    }
    await this.heads.replaceOne(
      { _id: tenantId },
      { format: FORMAT, version, chunks, feedSeq: snapshot.feedSeq, savedAt: snapshot.savedAt },
      { upsert: true },
    );
    // Single-key deletes (FerretDB pushes no other filter down).
    for (let n = 0; previous && n < (previous.chunks ?? 0); n++)
      await this.chunks.deleteOne({ _id: chunkId(tenantId, previous.version, n) });
  }
}

function chunkId(tenantId: string, version: string, n: number): string {
  return `${tenantId}:${version}:${n}`;
}

function pack(row: RelationshipRow): PackedRow {
  const invitation = row.invitation;
  return [
    row.partnerId,
    row.resellerName,
    row.resellerNameLower,
    row.country,
    row.status,
    row.activeSince ? row.activeSince.getTime() : null,
    invitation
      ? [
          invitation.invitationId,
          invitation.resellerEmail,
          invitation.expiresAt.getTime(),
          invitation.requestedAt.getTime(),
          invitation.sentAt ? invitation.sentAt.getTime() : null,
        ]
      : null,
    row.endedAt ? row.endedAt.getTime() : null,
  ];
}

function unpack(tenantId: string, packed: PackedRow): RelationshipRow {
  const [partnerId, resellerName, resellerNameLower, country, status, activeSince, invitation, endedAt] =
    packed;
  return {
    tenantId,
    partnerId,
    resellerName,
    resellerNameLower,
    country,
    status,
    ...(activeSince !== null ? { activeSince: new Date(activeSince) } : {}),
    ...(invitation
      ? {
          invitation: {
            invitationId: invitation[0],
            resellerEmail: invitation[1],
            expiresAt: new Date(invitation[2]),
            requestedAt: new Date(invitation[3]),
            ...(invitation[4] !== null ? { sentAt: new Date(invitation[4]) } : {}),
          },
        }
      : {}),
    ...(endedAt !== null ? { endedAt: new Date(endedAt) } : {}),
  };
}
