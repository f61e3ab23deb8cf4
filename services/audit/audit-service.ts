import { z } from 'zod';
import type { StoredEvent } from '../../data/events/event.js';
import type { AccessService } from '../access/access-service.js';
import type { Actor } from '../actor.js';
import type { ServiceContext } from '../context.js';
import { AppError } from '../errors.js';
import { parseInput } from '../validation.js';
import { SubjectNames, type AuditSubject, type ResellerNameOf } from './subject-names.js';

export type { AuditSubject } from './subject-names.js';

/** One change as the audit trail shows it: who, what, when, before, after. */
export interface AuditEntry {
  id: string;
  at: Date;
  type: string;
  /** The record changed, e.g. `relationship:1234567`. */
  subject: string;
  /** The same by name: the reseller and its Partner ID, the customer, the subscription… */
  about: AuditSubject;
  actor: { kind: string; id: string; name?: string };
  before?: Record<string, unknown>;
  after?: Record<string, unknown>;
  details: Record<string, unknown>;
}

export interface AuditPage {
  entries: AuditEntry[];
  /** Pass back as `cursor` for the next (older) page. */
  cursor?: string;
}

const pageSchema = z.object({
  limit: z.number().int().min(1).max(200).default(20),
  cursor: z.string().max(300).optional(),
  subject: z.string().max(200).optional(),
});

/** Secrets never leave the log, not even as hashes. */
const HIDDEN_FIELDS = new Set(['tokenHash']);
const CSV_BATCH = 500;
const CSV_MAX_ROWS = 100_000;

/** The audit trail: the event log itself, read per provider with paging; no age limit. */
export class AuditService {
  constructor(
    private readonly ctx: ServiceContext,
    private readonly access: AccessService,
    private readonly resellerNameOf: ResellerNameOf,
  ) {}

  private names(tenantId: string): SubjectNames {
    return new SubjectNames(tenantId, {
      repos: this.ctx.repos,
      commerce: this.ctx.commerce,
      resellerNameOf: this.resellerNameOf,
    });
  }

  /**
   * A page of the provider's trail, newest first (in the order the changes were written), or of
   * one record's (`subject`, e.g. `relationship:1234567`). Its cost does not grow with the trail.
   */
  async page(actor: Actor, input: unknown = {}): Promise<AuditPage> {
    await this.access.require(actor, 'viewAudit');
    const { limit, cursor, subject } = parseInput(pageSchema, input);
    const before = cursor ? await this.position(actor.tenantId, decodeCursor(cursor), subject) : undefined;
    const { events, next } = await this.events(actor.tenantId, { limit, before, subject });
    const names = this.names(actor.tenantId);
    return {
      entries: await Promise.all(events.map(async (event) => toEntry(event, await names.of(event)))),
      ...(next !== undefined ? { cursor: encodeCursor(subject ? { stream: next } : { feed: next }) } : {}),
    };
  }

  /** Events before a position, newest first, and the position to continue before (if any are left). */
  private async events(
    tenantId: string,
    options: { limit: number; before: number | undefined; subject: string | undefined },
  ): Promise<{ events: StoredEvent[]; next?: number }> {
    const { limit, before, subject } = options;
    if (subject) {
      const page = await this.ctx.repos.events.readBefore(tenantId, subject, before, limit);
      return { events: page.events, ...(page.next !== undefined ? { next: page.next } : {}) };
    }
    const page = await this.ctx.repos.feed.readBefore(tenantId, before, limit);
    return {
      events: page.entries.map((entry) => entry.event),
      ...(page.next !== undefined ? { next: page.next } : {}),
    };
  }

  /**
   * Where a cursor continues: a position in the provider's feed, or in the subject's stream. A
   * cursor from a card of an earlier version names the last event shown; it continues below that.
   */
  private async position(tenantId: string, cursor: Cursor, subject: string | undefined): Promise<number> {
    if ('event' in cursor) {
      const event = await this.ctx.repos.events.get(cursor.event);
      if (event?.tenantId === tenantId) {
        if (subject && event.stream === subject) return event.seq;
        if (!subject && event.feedSeq !== undefined) return event.feedSeq;
      }
    } else if (subject && 'stream' in cursor) return cursor.stream;
    else if (!subject && 'feed' in cursor) return cursor.feed;
    throw new AppError('invalid_input', { field: 'cursor' });
  }

  /** The whole trail as CSV (newest first), for spreadsheets and auditors. */
  async exportCsv(actor: Actor): Promise<string> {
    await this.access.require(actor, 'viewAudit');
    const lines = [CSV_COLUMNS.join(',')];
    const names = this.names(actor.tenantId);
    let before: number | undefined;
    while (lines.length <= CSV_MAX_ROWS) {
      const page = await this.events(actor.tenantId, { limit: CSV_BATCH, before, subject: undefined });
      for (const event of page.events) {
        const entry = toEntry(event, await names.of(event));
        const about = entry.about;
        lines.push(
          [
            entry.at.toISOString(),
            entry.type,
            entry.subject,
            ...SUBJECT_COLUMNS.map((field) => about[field] ?? ''),
            entry.actor.kind,
            entry.actor.id,
            entry.actor.name ?? '',
            json(entry.before),
            json(entry.after),
            json(entry.details),
          ]
            .map(csvField)
            .join(','),
        );
      }
      if (page.next === undefined) break;
      before = page.next;
    }
    return `${lines.join('\r\n')}\r\n`;
  }
}

/** The subject's names and ids, each in its own CSV column after the raw subject. */
const SUBJECT_COLUMNS = [
  'resellerName',
  'partnerId',
  'customerName',
  'customerId',
  'subscriptionName',
  'subscriptionId',
  'orderId',
  'agentName',
  'agentId',
] as const satisfies readonly (keyof AuditSubject)[];

const CSV_COLUMNS = [
  'at',
  'type',
  'subject',
  'reseller_name',
  'partner_id',
  'customer_name',
  'customer_id',
  'subscription_name',
  'subscription_id',
  'order_id',
  'agent_name',
  'agent_id',
  'actor_kind',
  'actor_id',
  'actor_name',
  'before',
  'after',
  'details',
];

function toEntry(event: StoredEvent, about: AuditSubject): AuditEntry {
  const details = Object.fromEntries(Object.entries(event.data).filter(([name]) => !HIDDEN_FIELDS.has(name)));
  return {
    id: event._id,
    at: event.at,
    type: event.type,
    subject: event.stream,
    about,
    actor: event.actor,
    ...(event.before ? { before: event.before } : {}),
    ...(event.after ? { after: event.after } : {}),
    details,
  };
}

/** A position to continue before: in the provider's feed, in a stream, or (older cards) an event's id. */
type Cursor = { feed: number } | { stream: number } | { event: string };

const cursorSchema = z.union([
  z.object({ feed: z.number().int().min(1) }).strict(),
  z.object({ stream: z.number().int().min(1) }).strict(),
  // The cursor of an earlier version: the time and id of the last event shown.
  z.object({ at: z.iso.datetime(), id: z.string().max(300) }).strict(),
]);

function encodeCursor(position: { feed: number } | { stream: number }): string {
  return Buffer.from(JSON.stringify(position)).toString('base64url');
}

function decodeCursor(cursor: string): Cursor {
  try {
    const parsed = cursorSchema.parse(JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')));
    return 'id' in parsed ? { event: parsed.id } : parsed;
  } catch {
    throw new AppError('invalid_input', { field: 'cursor' });
  }
}

function json(value: unknown): string {
  return value === undefined ? '' : JSON.stringify(value);
}

/** Quotes a CSV field, and defuses leading formula characters for spreadsheet apps. */
function csvField(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}
