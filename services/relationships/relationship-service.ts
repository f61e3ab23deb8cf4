import { z } from 'zod';
import type { AccessService } from '../access/access-service.js';
import { allows } from '../access/roles.js';
import { type Actor } from '../actor.js';
import type { ServiceContext } from '../context.js';
import { AppError, type ErrorCode } from '../errors.js';
import type { DirectoryReseller } from '../ports.js';
import type { StreamRepository } from '../streams.js';
import { RelationshipTransactions } from './relationship-transactions.js';
import { parseInput } from '../validation.js';
import {
  checkDue,
  OPEN_STATUSES,
  RELATIONSHIP_EVENTS,
  relationshipStreams,
  type RelationshipState,
} from './relationship-stream.js';
import {
  agentActor,
  refuseIfStale,
  toView,
  withPartnerCenter,
  type RelationshipView,
} from './relationship-view.js';
import { DraftReview } from './draft-review.js';
import { RequestService, type RelationshipRequestResult } from './request-service.js';
import { checkReseller, DirectoryVerdicts, parsePartnerId } from './reseller-checks.js';
import { ResellerListing } from './reseller-listing.js';

export { agentActor, toView, type RelationshipView } from './relationship-view.js';
export type { RelationshipRequestResult } from './request-service.js';

/** `invitationId` binds a card's action to the request (or relationship) it was shown for. */
const removalSchema = z.object({
  partnerId: z.string(),
  invitationId: z.string().max(64).optional(),
  confirmed: z.boolean().optional(),
  attestation: z.boolean().optional(),
});

export interface RemovalResult {
  partnerId: string;
  resellerName: string;
  removedAt: Date;
  /** What removal leaves in place; the bot tells the agent each of these. */
  consequences: {
    customersKept: true;
    delegatedAdminPrivilegesKept: true;
    terminationNoticeGenerated: false;
  };
}

export type VerificationResult =
  | { related: true; reseller: DirectoryReseller }
  | {
      related: false;
      reseller: DirectoryReseller;
      status: RelationshipState['status'];
      canRequestRelationship: boolean;
    };

/** The provider side of relationships: request, cancel, remove, list and verify resellers. */
export class RelationshipService {
  readonly streams: StreamRepository<RelationshipState>;
  private readonly listing: ResellerListing;
  private readonly requests: RequestService;
  private readonly drafts: DraftReview;
  private readonly verdicts: DirectoryVerdicts;

  constructor(
    private readonly ctx: ServiceContext,
    private readonly access: AccessService,
  ) {
    this.verdicts = new DirectoryVerdicts(ctx.directory, ctx.clock);
    this.streams = relationshipStreams(ctx.repos);
    this.listing = new ResellerListing(ctx, access, this.streams, (tenantId, partnerId) =>
      this.expireIfDue(tenantId, partnerId),
    );
    this.requests = new RequestService(ctx, access, this.streams, (tenantId, partnerId) =>
      this.expireIfDue(tenantId, partnerId),
    );
    this.drafts = new DraftReview(ctx, access, this.streams);
  }

  /** Warms the resellers index at start (see ResellerListing). */
  warmResellerIndex(): Promise<number> {
    return this.listing.warm();
  }

  /** Keeps the resellers index following this process's writes in the background (see ResellerIndex). */
  followIndexAppends(): () => void {
    return this.listing.followAppends();
  }

  /** Request, resend and cancel: see RequestService; review and mark sent: DraftReview. */
  requestRelationship(actor: Actor, input: unknown, key?: string): Promise<RelationshipRequestResult> {
    return this.requests.requestRelationship(actor, input, key);
  }

  renewRequest(actor: Actor, input: unknown, key?: string): Promise<RelationshipRequestResult> {
    return this.requests.renewRequest(actor, input, key);
  }

  reviewDraft(actor: Actor, input: unknown): Promise<{ mailtoUrl: string; to: string }> {
    return this.drafts.reviewDraft(actor, input);
  }

  markRequestSent(actor: Actor, input: unknown, key?: string): Promise<RelationshipView> {
    return this.drafts.markRequestSent(actor, input, key);
  }

  cancelRequest(actor: Actor, input: unknown, key?: string): Promise<RelationshipView> {
    return this.requests.cancelRequest(actor, input, key);
  }

  /**
   * Ends an active relationship. Needs an explicit confirmation and the legitimate-business-purpose
   * attestation; customers and delegated admin privileges stay, and no notice is generated.
   */
  async removeRelationship(actor: Actor, input: unknown, idempotencyKey?: string): Promise<RemovalResult> {
    await this.access.require(actor, 'removeRelationship');
    const removal = parseInput(removalSchema, input);
    const partnerId = parsePartnerId(removal.partnerId);
    if (removal.confirmed !== true) throw new AppError('confirmation_required');
    if (removal.attestation !== true) throw new AppError('attestation_required');
    const result = (state: RelationshipState): RemovalResult => ({
      partnerId,
      resellerName: state.resellerName,
      removedAt: state.endedAt ?? this.ctx.clock.now(),
      consequences: {
        customersKept: true,
        delegatedAdminPrivilegesKept: true,
        terminationNoticeGenerated: false,
      },
    });
    const scope = { tenantId: actor.tenantId, actorId: actor.agentId, operation: 'relationship.remove' };
    return this.ctx.idempotency.run(scope, idempotencyKey, (key) =>
      this.streams.execute<RemovalResult>(actor.tenantId, partnerId, ({ state }) => {
        if (state.status === 'none') throw new AppError('relationship_not_found', { partnerId });
        refuseIfStale(state, removal.invitationId);
        if (state.status === 'removed') return { noChange: result(state) };
        if (state.status !== 'active')
          throw new AppError('relationship_not_active', { resellerName: state.resellerName });
        RelationshipTransactions.refuseWhileOpen(state);
        return {
          append: {
            type: RELATIONSHIP_EVENTS.removed,
            at: this.ctx.clock.now(),
            actor: agentActor(actor),
            ...(key ? { idempotencyKey: key } : {}),
            before: { status: 'active' },
            after: { status: 'removed' },
            data: { attestation: 'legitimate_business_purpose', confirmed: true },
          },
          answer: (_event, next) => result(next),
        };
      }),
    );
  }

  /** Starts what a turn's list waits for, beside its other reads: see ResellerListing.prepare. */
  prepareList(actor: Actor): void {
    this.listing.prepare(actor);
  }

  /** The provider's resellers by state, with prefix search on name and Partner ID, paged. */
  listResellers(
    actor: Actor,
    input: unknown = {},
  ): Promise<{ rows: RelationshipView[]; total: number; page: number; pageSize: number }> {
    return this.listing.list(actor, input);
  }

  /**
   * For the resellers tab (its caller checks the role): the provider's relationships in these
   * states, in list order, at most `limit`, and the channel funnel; see ResellerListing.
   */
  get channel(): Pick<ResellerListing, 'rows' | 'funnel'> {
    return this.listing;
  }

  async getRelationship(actor: Actor, rawPartnerId: unknown): Promise<RelationshipView> {
    await this.access.require(actor, 'viewResellers');
    const partnerId = parsePartnerId(rawPartnerId);
    const { state } = await this.expireIfDue(actor.tenantId, partnerId);
    if (state.status === 'none') throw new AppError('relationship_not_found', { partnerId });
    return withPartnerCenter(toView(actor.tenantId, state), this.ctx.settings);
  }

  /**
   * The "not in the list? → Verify" step: every check of the Partner ID, then whether it is related.
   * Valid but unrelated answers with an offer to send a relationship request.
   */
  async verifyPartnerId(actor: Actor, rawPartnerId: unknown): Promise<VerificationResult> {
    const provider = await this.access.require(actor, 'viewResellers');
    const reseller = await checkReseller(this.ctx.directory, provider, rawPartnerId, { activeMpa: true });
    const { state } = await this.streams.load(actor.tenantId, reseller.partnerId);
    if (state.status === 'active') return { related: true, reseller };
    const roles = await this.access.rolesOf(actor);
    const canRequestRelationship =
      allows(roles, 'requestRelationship') && !OPEN_STATUSES.includes(state.status);
    return { related: false, reseller, status: state.status, canRequestRelationship };
  }

  /**
   * Which of these resellers a transaction would refuse now although the relationship is active
   * (no active MPA any more, left the programme, …), with the refusal code: pickers leave them out
   * and say why, instead of letting the agent find out after Submit.
   */
  async transactionBlockers(actor: Actor, partnerIds: readonly string[]): Promise<Map<string, ErrorCode>> {
    const provider = await this.access.require(actor, 'viewResellers');
    return this.verdicts.blockers(provider, partnerIds);
  }

  /** Marks one pending request expired when its time has passed; answers the current state. */
  async expireIfDue(
    tenantId: string,
    partnerId: string,
  ): Promise<{ state: RelationshipState; expired: boolean }> {
    return this.streams.execute<{ state: RelationshipState; expired: boolean }>(
      tenantId,
      partnerId,
      ({ state }) => {
        const invitation = state.invitation;
        const now = this.ctx.clock.now();
        if (state.status !== 'pending' || !invitation || invitation.expiresAt > now)
          return { noChange: { state, expired: false } };
        return {
          append: {
            type: RELATIONSHIP_EVENTS.expired,
            at: now,
            actor: { kind: 'system', id: 'system' },
            before: { status: 'pending' },
            after: { status: 'expired' },
            data: { invitationId: invitation.invitationId, expiresAt: invitation.expiresAt },
          },
          answer: (_event, next) => ({ state: next, expired: true }),
        };
      },
    );
  }

  /** Rebuilds the provider's relationships read model from the event log (maintenance). */
  async rebuildReadModel(tenantId: string): Promise<number> {
    return this.streams.rebuild(tenantId);
  }

  /** Expires every overdue request (run periodically); returns how many were expired. */
  async expireDueRequests(limit = 500): Promise<number> {
    const due = await this.ctx.repos.relationshipDue.pendingExpiring(
      { before: this.ctx.clock.now() },
      { limit },
    );
    let expired = 0;
    for (const row of due) {
      if ((await this.expireIfDue(row.tenantId, row.partnerId)).expired) expired++;
      // Not expired: the row was stale (answered, renewed); put right, it no longer takes a place.
      else await checkDue(this.streams, row.tenantId, row.partnerId, row);
    }
    return expired;
  }
}
