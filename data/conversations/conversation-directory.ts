import type { Collection, Db } from 'mongodb';
import { BoundedMap } from '../bounded-map.js';
import { insertNew, putById } from '../database.js';

/** A person's newest 1:1 chat with the bot in a tenant; `_id` is `tenantId:userId`. */
export interface PersonalChatDocument {
  _id: string;
  tenantId: string;
  userId: string;
  conversationId: string;
  updatedAt: Date;
}

/** A Bot Connector endpoint of a tenant the bot has a conversation in; `_id` is the tenant. */
export interface ConversationTenantDocument {
  _id: string;
  serviceUrl: string;
  updatedAt: Date;
}

/** What the directory reads of a stored reference. */
interface ReferenceFields {
  _id: string;
  tenantId: string;
  userId: string;
  conversationId: string;
  conversationType: string;
  updatedAt: Date;
  reference?: { serviceUrl?: unknown };
}

const PERSONAL_CHATS = 'conversation_personal_chats';
const CONVERSATION_TENANTS = 'conversation_tenants';
const REFERENCES = 'conversation_references';
/** Set in `meta` once an older database's references have been read into the directory. */
const FILLED = 'conversation_directory';
/** Documents inserted at a time by `fill`. */
const FILL_BATCH = 1_000;
/** Tenants whose endpoint this process wrote, and lookups that found nothing (oldest first out). */
const MAX_REMEMBERED = 10_000;
/** A lookup that found nothing among the references is not made again for this long. */
const MISS_MS = 10 * 60_000;

const personalId = (tenantId: string, userId: string) => `${tenantId}:${userId}`;
const serviceUrlOf = (doc: Pick<ReferenceFields, 'reference'>): string =>
  typeof doc.reference?.serviceUrl === 'string' ? doc.reference.serviceUrl : '';

/**
 * What the outbox asks for each recipient, by `_id`: a person's newest 1:1 chat and a tenant's
 * Bot Connector endpoint (to start a chat). On the local store any other query decodes every
 * reference the bot ever saved; these are one index probe each. They are written after the
 * reference they name. One that is missing (a database from before them until the maintenance
 * fills it, an instance of an older version, a save that failed half-way) is looked for among
 * the references, on the scan pool, and written then: a miss never loses a notification. A
 * search that finds nothing is not made again in this process for 10 minutes.
 * Two instances saving two chats of one person at once leave either of them (last writer wins;
 * Teams keeps one 1:1 chat per person and bot, so both are the same in practice).
 */
export class ConversationDirectory {
  private readonly personal: Collection<PersonalChatDocument>;
  private readonly tenants: Collection<ConversationTenantDocument>;
  private readonly meta: Collection<{ _id: string; at: Date }>;
  private readonly scannedReferences: Collection<ReferenceFields>;
  /** Tenant → the endpoint this process last wrote for it. */
  private readonly tenantsWritten = new BoundedMap<string, string>(MAX_REMEMBERED);
  /**
   * `person:` / `tenant:` keys whose search among the references found nothing, and when: a
   * person who never wrote to the bot would otherwise cost a scan per card and per job. A save
   * through any instance writes the directory document, which is read first.
   */
  private readonly missed = new BoundedMap<string, number>(MAX_REMEMBERED);

  constructor(
    db: Db,
    scanDb: Db = db,
    private readonly now: () => number = Date.now,
  ) {
    this.personal = db.collection<PersonalChatDocument>(PERSONAL_CHATS);
    this.tenants = db.collection<ConversationTenantDocument>(CONVERSATION_TENANTS);
    this.meta = db.collection<{ _id: string; at: Date }>('meta');
    this.scannedReferences = scanDb.collection<ReferenceFields>(REFERENCES);
  }

  /** After a reference was written: the person's newest chat (a 1:1 chat), the tenant's endpoint. */
  async saved(reference: Omit<ReferenceFields, '_id'>): Promise<void> {
    const { tenantId, userId, conversationId, updatedAt } = reference;
    this.missed.delete(`person:${personalId(tenantId, userId)}`);
    this.missed.delete(`tenant:${tenantId}`);
    if (reference.conversationType === 'personal')
      await putById(this.personal, personalId(tenantId, userId), {
        tenantId,
        userId,
        conversationId,
        updatedAt,
      });
    const serviceUrl = serviceUrlOf(reference);
    if (serviceUrl && this.tenantsWritten.get(tenantId) !== serviceUrl) {
      await putById(this.tenants, tenantId, { serviceUrl, updatedAt });
      this.tenantsWritten.set(tenantId, serviceUrl);
    }
  }

  /** The conversation id of the person's newest 1:1 chat in the tenant. */
  async personalChatId(tenantId: string, userId: string): Promise<string | undefined> {
    const _id = personalId(tenantId, userId);
    const known = await this.personal.findOne({ _id });
    if (known) return known.conversationId;
    if (this.missedLately(`person:${_id}`)) return undefined;
    const chats = await this.scannedReferences
      .find({ tenantId, userId, conversationType: 'personal' })
      .project<ReferenceFields>({ tenantId: 1, userId: 1, conversationId: 1, updatedAt: 1 })
      .toArray();
    const newest = chats.sort((a, b) => time(b.updatedAt) - time(a.updatedAt))[0];
    if (!newest) return this.miss(`person:${_id}`);
    await this.insertMissing(this.personal, [
      { _id, tenantId, userId, conversationId: newest.conversationId, updatedAt: newest.updatedAt },
    ]);
    return newest.conversationId;
  }

  /** A Bot Connector endpoint of the tenant, from a conversation the bot has there. */
  async serviceUrlOf(tenantId: string): Promise<string | undefined> {
    const known = await this.tenants.findOne({ _id: tenantId });
    if (known?.serviceUrl) return known.serviceUrl;
    if (this.missedLately(`tenant:${tenantId}`)) return undefined;
    const any = await this.scannedReferences.findOne(
      { tenantId, 'reference.serviceUrl': { $type: 'string', $ne: '' } },
      { projection: { 'reference.serviceUrl': 1, updatedAt: 1 } },
    );
    const serviceUrl = any ? serviceUrlOf(any) : '';
    if (!serviceUrl) return this.miss(`tenant:${tenantId}`);
    const doc = { serviceUrl, updatedAt: any?.updatedAt ?? new Date() };
    // A document without an endpoint (written by an earlier version) is replaced.
    if (known) await putById(this.tenants, tenantId, doc);
    else await this.insertMissing(this.tenants, [{ _id: tenantId, ...doc }]);
    return serviceUrl;
  }

  private missedLately(key: string): boolean {
    const at = this.missed.get(key);
    return at !== undefined && this.now() - at < MISS_MS;
  }

  private miss(key: string): undefined {
    this.missed.set(key, this.now());
    return undefined;
  }

  /**
   * Reads an older database's references into the directory, once (a scan on the scan pool; the
   * maintenance runs it in the background at start). Inserts only: a document there already was
   * written by a save, which is newer. Safe twice and from two instances at once. Answers how many
   * documents it wrote.
   */
  async fill(): Promise<number> {
    if (await this.meta.findOne({ _id: FILLED })) return 0;
    const newest = new Map<string, PersonalChatDocument>();
    const tenants = new Map<string, ConversationTenantDocument>();
    const cursor = this.scannedReferences.find(
      {},
      {
        projection: {
          tenantId: 1,
          userId: 1,
          conversationId: 1,
          conversationType: 1,
          updatedAt: 1,
          'reference.serviceUrl': 1,
        },
      },
    );
    for await (const doc of cursor) {
      const tenantId = String(doc.tenantId);
      const updatedAt = doc.updatedAt instanceof Date ? doc.updatedAt : new Date(0);
      const serviceUrl = serviceUrlOf(doc);
      const tenant = tenants.get(tenantId);
      if (serviceUrl && (!tenant || tenant.updatedAt < updatedAt))
        tenants.set(tenantId, { _id: tenantId, serviceUrl, updatedAt });
      if (doc.conversationType !== 'personal') continue;
      const userId = String(doc.userId);
      const _id = personalId(tenantId, userId);
      const person = newest.get(_id);
      if (!person || person.updatedAt < updatedAt)
        newest.set(_id, { _id, tenantId, userId, conversationId: String(doc.conversationId), updatedAt });
    }
    const written =
      (await this.insertMissing(this.personal, [...newest.values()])) +
      (await this.insertMissing(this.tenants, [...tenants.values()]));
    await putById(this.meta, FILLED, { at: new Date() });
    return written;
  }

  /** Inserts what is not there yet (a duplicate `_id` is a newer document); answers how many it inserted. */
  private async insertMissing<T extends { _id: string }>(
    collection: Collection<T>,
    docs: T[],
  ): Promise<number> {
    let inserted = 0;
    for (let at = 0; at < docs.length; at += FILL_BATCH)
      inserted += await insertNew(collection, docs.slice(at, at + FILL_BATCH));
    return inserted;
  }
}

const time = (at: unknown): number => (at instanceof Date ? at.getTime() : 0);
