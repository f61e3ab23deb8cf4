import type { StoredEvent } from '../../data/events/event.js';
import { dueOf, sameDue, type DueRelationship } from '../../data/read-models/relationship-due.js';
import type { Repositories } from '../../data/repositories.js';
import { StreamRepository, type Derived, type StreamDefinition } from '../streams.js';

export const RELATIONSHIP_STATUSES = [
  'none',
  'pending',
  'active',
  'removed',
  'declined',
  'expired',
  'cancelled',
] as const;
export type RelationshipStatus = (typeof RELATIONSHIP_STATUSES)[number];

/** Only these two count as an open relationship (at most one per provider and reseller). */
export const OPEN_STATUSES: readonly RelationshipStatus[] = ['pending', 'active'];

export const RELATIONSHIP_EVENTS = {
  requested: 'relationship.requested',
  requestSent: 'relationship.request_sent',
  /** "Resend": the pending request gets a fresh link and expiry; the old link is void. */
  requestRenewed: 'relationship.request_renewed',
  accepted: 'relationship.accepted',
  declined: 'relationship.declined',
  cancelled: 'relationship.cancelled',
  expired: 'relationship.expired',
  removed: 'relationship.removed',
  /** Partner Center sync: active there, unknown to the bot. */
  imported: 'relationship.imported',
  /** Partner Center sync: accepted in the bot and now present in Partner Center. */
  confirmedInPartnerCenter: 'relationship.confirmed_in_partner_center',
  /** Partner Center sync: confirmed before, gone from Partner Center now. */
  endedInPartnerCenter: 'relationship.ended_in_partner_center',
  transactionStarted: 'transaction.started',
  transactionCompleted: 'transaction.completed',
  transactionFailed: 'transaction.failed',
} as const;

/** What Partner Center says of the relationship, once the sync has seen it there. */
export interface PartnerCenterLink {
  /** The reseller's Entra tenant id, as Partner Center lists it. */
  resellerTenantId: string;
  confirmedAt: Date;
}

/** A transaction with the reseller that has started and not yet ended (see RelationshipTransactions). */
export interface OpenTransaction {
  intentId: string;
  kind: string;
  startedAt: Date;
  actorId: string;
  idempotencyKey?: string;
  /** What the transaction does, as recorded when it started (for a retry after a crash). */
  input: Record<string, unknown>;
  before?: Record<string, unknown>;
}

export interface InvitationState {
  invitationId: string;
  resellerEmail: string;
  tokenHash: string;
  expiresAt: Date;
  requestedBy: string;
  requestedAt: Date;
  sentAt?: Date;
}

/** One provider's relationship with one reseller (Partner ID), over all its cycles. */
export interface RelationshipState {
  [key: string]: unknown;
  partnerId: string;
  resellerName: string;
  /** Lower-cased name, for prefix search. */
  resellerNameLower: string;
  country: string;
  status: RelationshipStatus;
  invitation?: InvitationState;
  activeSince?: Date;
  endedAt?: Date;
  updatedAt?: Date;
  /** `partner_center`: imported by the sync (related in the portal before or outside the bot). */
  source?: 'partner_center';
  /** Set while Partner Center lists the relationship; unset: waiting for the reseller to accept there. */
  partnerCenter?: PartnerCenterLink;
  /** `partner_center`: it ended because Partner Center no longer lists it. */
  endedIn?: 'partner_center';
  /** Transactions started against this relationship and not yet ended, by intent id. */
  openTransactions?: Record<string, OpenTransaction>;
}

interface PartnerCenterData {
  resellerTenantId: string;
  resellerName?: string;
  country?: string;
}

interface RequestedData {
  invitationId: string;
  resellerEmail: string;
  tokenHash: string;
  expiresAt: Date;
  resellerName: string;
  country: string;
}

/** The invitation an issuing event (a request, or its resend with a fresh link) writes. */
function invitationOf(event: StoredEvent): InvitationState {
  const data = event.data as unknown as RequestedData;
  return {
    invitationId: data.invitationId,
    resellerEmail: data.resellerEmail,
    tokenHash: data.tokenHash,
    expiresAt: data.expiresAt,
    requestedBy: event.actor.id,
    requestedAt: event.at,
  };
}

export const relationshipStream: StreamDefinition<RelationshipState> = {
  type: 'relationship',
  initial: (_tenantId, partnerId) => ({
    partnerId,
    resellerName: '',
    resellerNameLower: '',
    country: '',
    status: 'none',
  }),
  apply(state, event: StoredEvent): RelationshipState {
    const base = { ...state, updatedAt: event.at };
    switch (event.type) {
      case RELATIONSHIP_EVENTS.requested: {
        const data = event.data as unknown as RequestedData;
        return {
          ...base,
          status: 'pending',
          resellerName: data.resellerName,
          resellerNameLower: data.resellerName.toLowerCase(),
          country: data.country,
          invitation: invitationOf(event),
          activeSince: undefined,
          endedAt: undefined,
          source: undefined,
          partnerCenter: undefined,
          endedIn: undefined,
        };
      }
      case RELATIONSHIP_EVENTS.requestRenewed:
        return base.status === 'pending' ? { ...base, invitation: invitationOf(event) } : base;
      case RELATIONSHIP_EVENTS.requestSent:
        return base.invitation ? { ...base, invitation: { ...base.invitation, sentAt: event.at } } : base;
      case RELATIONSHIP_EVENTS.accepted:
        return { ...base, status: 'active', activeSince: event.at };
      case RELATIONSHIP_EVENTS.declined:
        return { ...base, status: 'declined', endedAt: event.at };
      case RELATIONSHIP_EVENTS.cancelled:
        return { ...base, status: 'cancelled', endedAt: event.at };
      case RELATIONSHIP_EVENTS.expired:
        return { ...base, status: 'expired', endedAt: event.at };
      case RELATIONSHIP_EVENTS.removed:
        return { ...base, status: 'removed', endedAt: event.at };
      case RELATIONSHIP_EVENTS.imported: {
        const data = event.data as unknown as PartnerCenterData;
        const resellerName = data.resellerName || base.resellerName;
        return {
          ...base,
          status: 'active',
          resellerName,
          resellerNameLower: resellerName.toLowerCase(),
          country: data.country || base.country,
          invitation: undefined,
          activeSince: event.at,
          endedAt: undefined,
          source: 'partner_center',
          partnerCenter: { resellerTenantId: data.resellerTenantId, confirmedAt: event.at },
          endedIn: undefined,
        };
      }
      case RELATIONSHIP_EVENTS.confirmedInPartnerCenter: {
        const data = event.data as unknown as PartnerCenterData;
        return {
          ...base,
          // A reseller that accepted in Partner Center only is active all the same.
          status: 'active',
          activeSince: base.status === 'active' ? base.activeSince : event.at,
          partnerCenter: { resellerTenantId: data.resellerTenantId, confirmedAt: event.at },
        };
      }
      case RELATIONSHIP_EVENTS.endedInPartnerCenter:
        return {
          ...base,
          status: 'removed',
          endedAt: event.at,
          partnerCenter: undefined,
          endedIn: 'partner_center',
        };
      case RELATIONSHIP_EVENTS.transactionStarted: {
        const data = event.data as unknown as Omit<OpenTransaction, 'startedAt' | 'actorId'>;
        const open: OpenTransaction = {
          ...data,
          startedAt: event.at,
          actorId: event.actor.id,
          ...(event.idempotencyKey ? { idempotencyKey: event.idempotencyKey } : {}),
          ...(event.before ? { before: event.before } : {}),
        };
        return { ...base, openTransactions: { ...state.openTransactions, [data.intentId]: open } };
      }
      case RELATIONSHIP_EVENTS.transactionCompleted:
      case RELATIONSHIP_EVENTS.transactionFailed: {
        const { [event.data.intentId as string]: _ended, ...rest } = state.openTransactions ?? {};
        // Absent when none is open, so maintenance finds open ones by the field's presence.
        return { ...base, openTransactions: Object.keys(rest).length > 0 ? rest : undefined };
      }
      default:
        return base;
    }
  },
};

/** What the sweeps look at (the pending request's expiry, the open transactions, the name shown). */
const dueKey = (state: RelationshipState): string => JSON.stringify(dueOf('', state) ?? null);

/**
 * The relationships stream with its read model and the relationships due (`relationship_due`):
 * every writer and reader of relationships goes through this, so the due documents follow
 * every change.
 */
export function relationshipStreams(
  repos: Pick<Repositories, 'events' | 'log' | 'snapshots' | 'relationshipDue'>,
): StreamRepository<RelationshipState> {
  const due: Derived<RelationshipState> = {
    key: dueKey,
    write: (tenantId, partnerId, state) =>
      repos.relationshipDue.put(tenantId, partnerId, dueOf(tenantId, state)),
    clear: (tenantId) => repos.relationshipDue.clear(tenantId),
  };
  return new StreamRepository<RelationshipState>(repos, 'relationships', relationshipStream, due);
}

/**
 * Loads a relationship (from its stored snapshot, in its stream's turn) and writes its due
 * document again when `stored`, what a sweep read of it (undefined: none), is not what its state
 * gives. Due documents can go stale or missing: a writer's crash, an older instance during a
 * rolling deploy, another instance storing an older state last. The sweeps check every row they
 * act on, and maintenance reconciles every provider hourly.
 */
export function checkDue(
  streams: StreamRepository<RelationshipState>,
  tenantId: string,
  partnerId: string,
  stored: DueRelationship | undefined,
): Promise<{ state: RelationshipState; repaired: boolean }> {
  return streams
    .repairDerived(tenantId, partnerId, (state) => sameDue(dueOf(tenantId, state), stored))
    .then(({ loaded, repaired }) => ({ state: loaded.state, repaired }));
}
