import type { Collection, Db } from 'mongodb';

/** A provider tenant served by the bot (one Microsoft Entra tenant of an indirect provider). */
export interface Provider {
  tenantId: string;
  name: string;
  /** The provider's own Partner ID; it can never be its own reseller. */
  partnerId: string;
  country: string;
  /** Countries whose resellers this provider may work with (ISO alpha-2); empty means any. */
  allowedCountries: string[];
  /** How the provider appears on Microsoft's list of indirect providers (view only). */
  listing: {
    displayName: string;
    website: string;
    regions: string[];
    contactEmail: string;
    description: string;
  };
  createdAt: Date;
}

interface ProviderDocument extends Provider {
  _id: string;
}

export class ProviderStore {
  private readonly providers: Collection<ProviderDocument>;

  constructor(db: Db) {
    this.providers = db.collection<ProviderDocument>('providers');
  }

  async get(tenantId: string): Promise<Provider | undefined> {
    const doc = await this.providers.findOne({ _id: tenantId });
    return doc ? toProvider(doc) : undefined;
  }

  /** Every provider's tenant id (a scan of a small collection, for maintenance). */
  async tenantIds(): Promise<string[]> {
    return (await this.providers.find({}, { projection: { _id: 1 } }).toArray()).map((doc) => doc._id);
  }

  /** Creates or replaces the provider's profile (set-up and demo data only). */
  async upsert(provider: Provider): Promise<void> {
    await this.providers.replaceOne({ _id: provider.tenantId }, provider, { upsert: true });
  }
}

function toProvider(doc: ProviderDocument): Provider {
  const { _id: _ignored, ...provider } = doc;
  return provider;
}
