import type { Collection, Db } from 'mongodb';

/** One provider's MSAL token cache, sealed (AES-256-GCM) before it reaches this store. */
export interface SealedTokenCache {
  tenantId: string;
  /** `v1.<iv>.<tag>.<ciphertext>`: never the clear cache. */
  sealed: string;
  updatedAt: Date;
}

interface TokenCacheDocument {
  _id: string;
  sealed: string;
  updatedAt: Date;
}

/** The sealed Partner Center token cache of each provider tenant, by `_id` = tenant id. */
export class TokenCacheStore {
  private readonly caches: Collection<TokenCacheDocument>;

  constructor(db: Db) {
    this.caches = db.collection<TokenCacheDocument>('partner_center_token_caches');
  }

  async get(tenantId: string): Promise<SealedTokenCache | undefined> {
    const doc = await this.caches.findOne({ _id: tenantId });
    return doc ? { tenantId, sealed: doc.sealed, updatedAt: doc.updatedAt } : undefined;
  }

  /** Last writer wins: every writer holds a cache at least as new as the one it read. */
  async save(tenantId: string, sealed: string, updatedAt: Date): Promise<void> {
    await this.caches.replaceOne({ _id: tenantId }, { sealed, updatedAt }, { upsert: true });
  }

  async remove(tenantId: string): Promise<void> {
    await this.caches.deleteOne({ _id: tenantId });
  }
}
