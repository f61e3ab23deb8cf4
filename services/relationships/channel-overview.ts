import type { RelationshipRow } from '../../data/read-models/relationship-queries.js';
import type { AccessService } from '../access/access-service.js';
import { allows, type Role } from '../access/roles.js';
import type { Actor } from '../actor.js';
import type { ServiceContext } from '../context.js';
import { isAppError } from '../errors.js';
import { FUNNEL_DAYS, type ChannelFunnel } from './channel-funnel.js';
import type { RelationshipService } from './relationship-service.js';
import { RELATIONSHIP_STATUSES, type RelationshipStatus } from './relationship-stream.js';

const DAY_MS = 86_400_000;
/** The tab lists at most this many relationships (the rest: search in the chat, `resellers <name>`). */
export const OVERVIEW_MAX_ROWS = 5000;
/** Customers whose subscriptions are counted; beyond, the counts are marked incomplete. */
export const OVERVIEW_MAX_CUSTOMERS = 200;
const COMMERCE_CONCURRENCY = 4;

/** One relationship as the resellers tab shows it. */
export interface ChannelRow {
  partnerId: string;
  resellerName: string;
  country: string;
  status: Exclude<RelationshipStatus, 'none'>;
  /** When the current state began: accepted (active), requested (pending), ended (the others). */
  since?: Date;
  /** Subscriptions with this reseller of record. */
  subscriptions: number;
  /** Subscriptions on which this reseller is the designated support contact. */
  supportContacts: number;
  /** Pending only: where the request went and until when the link works. */
  invitation?: { resellerEmail: string; requestedAt: Date; expiresAt: Date; sentAt?: Date };
}

/** Everything the resellers tab shows, for one agent of one provider. */
export interface ChannelOverview {
  providerName: string;
  roles: Role[];
  /** False for a role that may only look (helpdesk): the tab then says so. */
  mayChange: boolean;
  relationships: ChannelRow[];
  /** The pending requests, soonest expiry first. */
  pending: ChannelRow[];
  funnel: ChannelFunnel;
  /** False when not every customer's subscriptions could be read (too many, or the backend failed). */
  subscriptionsComplete: boolean;
  /** True when the provider has more relationships than the tab lists. */
  truncated: boolean;
  generatedAt: Date;
}

/** The tab's order of names (as `localeCompare` without a locale, built once). */
const NAMES = new Intl.Collator();

const LISTED: string[] = RELATIONSHIP_STATUSES.filter((status) => status !== 'none');

/** The read side of the resellers tab: relationships, pending requests and the channel funnel. */
export class ChannelOverviewService {
  constructor(
    private readonly ctx: ServiceContext,
    private readonly access: AccessService,
    private readonly relationships: RelationshipService,
  ) {}

  /** Every role may look (viewResellers); someone without a role is refused (not_authorised). */
  async overview(actor: Actor): Promise<ChannelOverview> {
    const provider = await this.access.require(actor, 'viewResellers');
    const roles = await this.access.rolesOf(actor);
    const now = this.ctx.clock.now();
    const { tenantId } = actor;
    // From the resellers index (in memory, caught up with the feed), not a scan. The index keeps
    // its own order (character codes): past the cut, every row is sorted as shown before cutting.
    const read = async () => {
      const first = await this.relationships.channel.rows(tenantId, LISTED, OVERVIEW_MAX_ROWS);
      return first.total <= OVERVIEW_MAX_ROWS
        ? first
        : this.relationships.channel.rows(tenantId, LISTED, first.total);
    };
    let found = await read();
    // A request past its expiry reads as expired now, not only after the next sweep.
    const overdue = found.rows.filter(
      (row) => row.status === 'pending' && row.invitation && row.invitation.expiresAt <= now,
    );
    if (overdue.length > 0) {
      for (const row of overdue) await this.relationships.expireIfDue(tenantId, row.partnerId);
      found = await read();
    }
    const rows = [...found.rows]
      .sort(
        (a, b) =>
          NAMES.compare(a.resellerNameLower, b.resellerNameLower) || NAMES.compare(a.partnerId, b.partnerId),
      )
      .slice(0, OVERVIEW_MAX_ROWS);
    const truncated = found.total > OVERVIEW_MAX_ROWS;
    const from = new Date(now.getTime() - FUNNEL_DAYS * DAY_MS);
    const [counts, funnel] = await Promise.all([
      this.subscriptionCounts(tenantId),
      this.relationships.channel.funnel(tenantId, from, now),
    ]);
    const listed = rows.map((row) => toChannelRow(row, counts.byPartner));
    return {
      providerName: provider.name,
      roles,
      mayChange: allows(roles, 'requestRelationship') || allows(roles, 'removeRelationship'),
      relationships: listed,
      pending: listed
        .filter((row) => row.status === 'pending' && row.invitation)
        .sort((a, b) => (a.invitation?.expiresAt.getTime() ?? 0) - (b.invitation?.expiresAt.getTime() ?? 0)),
      funnel,
      subscriptionsComplete: counts.complete,
      truncated,
      generatedAt: now,
    };
  }

  /** Per reseller: subscriptions on record and support contact designations, from the commerce port. */
  private async subscriptionCounts(tenantId: string): Promise<{
    byPartner: Map<string, { subscriptions: number; supportContacts: number }>;
    complete: boolean;
  }> {
    const byPartner = new Map<string, { subscriptions: number; supportContacts: number }>();
    const entry = (partnerId: string) => {
      let found = byPartner.get(partnerId);
      if (!found) byPartner.set(partnerId, (found = { subscriptions: 0, supportContacts: 0 }));
      return found;
    };
    try {
      const customers = await this.ctx.commerce.listCustomers(tenantId);
      const counted = customers.slice(0, OVERVIEW_MAX_CUSTOMERS);
      for (let i = 0; i < counted.length; i += COMMERCE_CONCURRENCY) {
        const batch = counted.slice(i, i + COMMERCE_CONCURRENCY);
        const lists = await Promise.all(
          batch.map((customer) => this.ctx.commerce.listSubscriptions(tenantId, customer.customerId)),
        );
        for (const subscription of lists.flat()) {
          if (subscription.partnerId) entry(subscription.partnerId).subscriptions += 1;
          if (subscription.supportContactPartnerId)
            entry(subscription.supportContactPartnerId).supportContacts += 1;
        }
      }
      return { byPartner, complete: counted.length === customers.length };
    } catch (error) {
      // Partner Center busy or unreachable: the tab still shows the relationships, counts marked incomplete.
      if (isAppError(error) && error.code.startsWith('external_')) return { byPartner, complete: false };
      throw error;
    }
  }
}

function toChannelRow(
  row: RelationshipRow,
  counts: Map<string, { subscriptions: number; supportContacts: number }>,
): ChannelRow {
  const status = row.status as ChannelRow['status'];
  const invitation = row.invitation;
  const since =
    status === 'active'
      ? row.activeSince
      : status === 'pending'
        ? invitation?.requestedAt
        : (row.endedAt ?? row.updatedAt);
  const count = counts.get(row.partnerId);
  return {
    partnerId: row.partnerId,
    resellerName: row.resellerName,
    country: row.country,
    status,
    ...(since ? { since } : {}),
    subscriptions: count?.subscriptions ?? 0,
    supportContacts: count?.supportContacts ?? 0,
    ...(status === 'pending' && invitation
      ? {
          invitation: {
            resellerEmail: invitation.resellerEmail,
            requestedAt: invitation.requestedAt,
            expiresAt: invitation.expiresAt,
            ...(invitation.sentAt ? { sentAt: invitation.sentAt } : {}),
          },
        }
      : {}),
  };
}
