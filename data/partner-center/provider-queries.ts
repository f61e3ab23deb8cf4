import type { Db } from 'mongodb';

/** Which provider tenants the Partner Center jobs visit (small collections, read whole). */
export class PartnerCenterProviderQueries {
  constructor(private readonly db: Db) {}

  /** Providers whose admin connected Partner Center and whose sign-in still works. */
  async connectedTenants(): Promise<string[]> {
    const docs = await this.db
      .collection<{ tenantId: string; status: string }>('partner_center_connections')
      .find({ status: 'connected' }, { projection: { tenantId: 1 } })
      .toArray();
    return docs.map((d) => d.tenantId).sort();
  }

  /** Every registered provider (the development override acts for all with one token). */
  async registeredTenants(): Promise<string[]> {
    const docs = await this.db
      .collection<{ _id: string }>('providers')
      .find({}, { projection: { _id: 1 } })
      .toArray();
    return docs.map((d) => d._id).sort();
  }
}
