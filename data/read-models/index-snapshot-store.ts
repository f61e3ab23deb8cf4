import { randomBytes } from 'node:crypto';
import type { Collection, Db } from 'mongodb';
import type { RelationshipRow } from './relationship-queries.js';

/** Rows per chunk document (a slim row is ~200 bytes: ~200 KB per chunk). */
const CHUNK_ROWS = 1_000;

/** A stored copy of a provider's resellers index: its rows in list order, as of a feed position. */
export interface IndexSnapshot {
  rows: RelationshipRow[];
  feedSeq: number;
  savedAt: Date;
}

interface HeadDocument {
  _id: string;
  version: string;
  chunks: number;
  feedSeq: number;
  savedAt: Date;
}

interface ChunkDocument {
  _id: string;
  rows: RelationshipRow[];
}

/**
 * The resellers index of each provider, stored in chunks read by `_id` (an index probe each on
 * every store), so a fresh process loads 50,000 rows in ~50 lookups instead of scanning the
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
    if (!head) return undefined;
    const rows: RelationshipRow[] = [];
    for (let n = 0; n < head.chunks; n++) {
      const chunk = await this.chunks.findOne({ _id: chunkId(tenantId, head.version, n) });
      if (!chunk) return undefined;
      rows.push(...chunk.rows);
    }
    return { rows, feedSeq: head.feedSeq, savedAt: head.savedAt };
  }

  async save(tenantId: string, snapshot: IndexSnapshot): Promise<void> {
    const previous = await this.heads.findOne({ _id: tenantId });
    const version = randomBytes(6).toString('hex');
    const chunks = Math.ceil(snapshot.rows.length / CHUNK_ROWS);
    for (let n = 0; n < chunks; n++) {
      const rows = snapshot.rows.slice(n * CHUNK_ROWS, (n + 1) * CHUNK_ROWS);
      await this.chunks.insertOne({ _id: chunkId(tenantId, version, n), rows });
    }
    await this.heads.replaceOne(
      { _id: tenantId },
      { version, chunks, feedSeq: snapshot.feedSeq, savedAt: snapshot.savedAt },
      { upsert: true },
    );
    // Single-key deletes (FerretDB pushes no other filter down).
    for (let n = 0; previous && n < previous.chunks; n++)
      await this.chunks.deleteOne({ _id: chunkId(tenantId, previous.version, n) });
  }
}

function chunkId(tenantId: string, version: string, n: number): string {
  return `${tenantId}:${version}:${n}`;
}
