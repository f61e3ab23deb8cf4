import type { Collection, Db } from 'mongodb';

/** What each provider configures about Partner Center (set with npm run provider:connect). */
export interface PartnerCenterSettings {
  /**
   * The provider's Partner Center link that asks a reseller to accept the indirect reseller
   * relationship (Partner Center: "Request a reseller relationship"); the step that makes an
   * acceptance in the bot real in Partner Center.
   */
  requestLink?: string;
  /**
   * The CustomerBillingProfile sent when an agent adds a customer (Partner Center requires one; the
   * add-customer form does not ask for it): e-mail, culture, language and default address.
   */
  billingProfile?: {
    email: string;
    culture: string;
    language: string;
    defaultAddress: Record<string, string>;
  };
}

interface SettingsDocument extends PartnerCenterSettings {
  _id: string;
  updatedAt: Date;
}

export class PartnerCenterSettingsStore {
  private readonly settings: Collection<SettingsDocument>;

  constructor(db: Db) {
    this.settings = db.collection<SettingsDocument>('partner_center_settings');
  }

  async get(tenantId: string): Promise<PartnerCenterSettings> {
    const doc = await this.settings.findOne({ _id: tenantId });
    return {
      ...(doc?.requestLink ? { requestLink: doc.requestLink } : {}),
      ...(doc?.billingProfile ? { billingProfile: doc.billingProfile } : {}),
    };
  }

  /** Sets the given fields and keeps the others. */
  async update(tenantId: string, change: PartnerCenterSettings, at: Date): Promise<void> {
    const current = await this.get(tenantId);
    await this.settings.replaceOne(
      { _id: tenantId },
      { ...current, ...change, updatedAt: at },
      { upsert: true },
    );
  }
}
