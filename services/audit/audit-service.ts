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

  async page(actor: Actor, input: unknown = {}): Promise<AuditPage> {
    await this.access.require(actor, 'viewAudit');
    const { limit, cursor, subject } = parseInput(pageSchema, input);
    const page = await this.ctx.repos.events.page(actor.tenantId, {
      limit,
      ...(cursor ? { before: decodeCursor(cursor) } : {}),
      ...(subject ? { stream: subject } : {}),
    });
    const names = this.names(actor.tenantId);
    return {
      entries: await Promise.all(page.events.map(async (event) => toEntry(event, await names.of(event)))),
      ...(page.next ? { cursor: encodeCursor(page.next) } : {}),
    };
  }

  /** The whole trail as CSV (newest first), for spreadsheets and auditors. */
  async exportCsv(actor: Actor): Promise<string> {
    await this.access.require(actor, 'viewAudit');
    const lines = [CSV_COLUMNS.join(',')];
    const names = this.names(actor.tenantId);
    let before: { at: Date; id: string } | undefined;
    while (lines.length <= CSV_MAX_ROWS) {
      const page = await this.ctx.repos.events.page(actor.tenantId, {
        limit: CSV_BATCH,
        ...(before ? { before } : {}),
      });
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
      if (!page.next) break;
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

function encodeCursor(position: { at: Date; id: string }): string {
  return Buffer.from(JSON.stringify({ at: position.at.toISOString(), id: position.id })).toString(
    'base64url',
  );
}

function decodeCursor(cursor: string): { at: Date; id: string } {
  try {
    const parsed = z
      .object({ at: z.iso.datetime(), id: z.string().max(300) })
      .parse(JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')));
    return { at: new Date(parsed.at), id: parsed.id };
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
