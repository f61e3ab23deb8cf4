import type { Collection, Db } from 'mongodb';
import { putById } from '../database.js';
import { LOCALES, type Locale } from '../../i18n/index.js';

/** One user's settings in one tenant; `_id` is `tenantId:userId`. */
interface PreferenceDocument {
  _id: string;
  tenantId: string;
  userId: string;
  locale: Locale;
  updatedAt: Date;
}

/** Per-user settings (the language override); the tenant is part of every lookup. */
export class PreferenceStore {
  private readonly preferences: Collection<PreferenceDocument>;

  constructor(db: Db) {
    this.preferences = db.collection<PreferenceDocument>('user_preferences');
  }

  private static id(tenantId: string, userId: string): string {
    return `${tenantId}:${userId}`;
  }

  /** The language the user chose, or undefined when they never chose one. */
  async getLocale(tenantId: string, userId: string): Promise<Locale | undefined> {
    const doc = await this.preferences.findOne({ _id: PreferenceStore.id(String(tenantId), String(userId)) });
    // A value written by an older version may no longer be a supported locale.
    return doc && (LOCALES as readonly string[]).includes(doc.locale) ? doc.locale : undefined;
  }

  async setLocale(tenantId: string, userId: string, locale: Locale, now: Date = new Date()): Promise<void> {
    const _id = PreferenceStore.id(String(tenantId), String(userId));
    await putById(this.preferences, _id, {
      tenantId: String(tenantId),
      userId: String(userId),
      locale,
      updatedAt: now,
    });
  }
}
