import type { Collection, Db } from 'mongodb';
import type { DirectoryLookup, DirectoryReseller, PartnerDirectory } from '../../services/ports.js';

interface DirectoryDocument extends DirectoryReseller {
  _id: string;
}

/**
 * The partner directory kept in MongoDB: demo data for local use and tests. It stands for
 * Microsoft's global directory, so it belongs to no provider tenant.
 */
export class LocalPartnerDirectory implements PartnerDirectory {
  private readonly resellers: Collection<DirectoryDocument>;

  constructor(db: Db) {
    this.resellers = db.collection<DirectoryDocument>('directory_resellers');
  }

  async lookup(partnerId: string): Promise<DirectoryLookup> {
    const doc = await this.resellers.findOne({ _id: partnerId });
    return doc ? { found: true, reseller: toReseller(doc) } : { found: false, reason: 'not_found' };
  }

  async findByEntraTenant(entraTenantId: string): Promise<DirectoryReseller | undefined> {
    const doc = await this.resellers.findOne({ entraTenantId });
    return doc ? toReseller(doc) : undefined;
  }

  /** Adds or replaces directory entries (seed data and tests). */
  async upsert(resellers: DirectoryReseller[]): Promise<void> {
    for (const reseller of resellers) {
      await this.resellers.replaceOne({ _id: reseller.partnerId }, reseller, { upsert: true });
    }
  }
}

function toReseller(doc: DirectoryDocument): DirectoryReseller {
  const { _id: _ignored, ...reseller } = doc;
  return reseller;
}
