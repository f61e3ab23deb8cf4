import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { RelationshipRow } from '../../data/read-models/relationship-queries.js';
import { LOCALES } from '../../i18n/index.js';
import type { AccessService } from '../access/access-service.js';
import { allows } from '../access/roles.js';
import { type Actor } from '../actor.js';
import type { ServiceContext } from '../context.js';
import { AppError, type ErrorCode } from '../errors.js';
import type { DirectoryReseller } from '../ports.js';
import { StreamRepository } from '../streams.js';
import { RelationshipTransactions } from './relationship-transactions.js';
import { parseInput } from '../validation.js';
import {
  composeDraft,
  buildMailto,
  invitationLink,
  MAX_DRAFT_BODY,
  newInvitationToken,
  tokenHashesIn,
  type InvitationDraft,
} from './invitation-draft.js';
import {
  OPEN_STATUSES,
  RELATIONSHIP_EVENTS,
  relationshipStream,
  type RelationshipState,
} from './relationship-stream.js';
import { DraftSeal } from './draft-seal.js';
import { checkReseller, DirectoryVerdicts, parsePartnerId } from './reseller-checks.js';
import { ResellerIndex } from './reseller-index.js';
import { lastPage } from '../paging.js';

const DAY_MS = 86_400_000;

const requestSchema = z.object({
  resellerEmail: z.email().max(254),
  partnerId: z.string().optional(),
  locale: z.enum(LOCALES).default('en-US'),
});

const draftSchema = z.object({
  partnerId: z.string(),
  subject: z.string().trim().min(1).max(300),
  body: z.string(),
});

/** `invitationId` binds a card's action to the request (or relationship) it was shown for. */
const removalSchema = z.object({
  partnerId: z.string(),
  invitationId: z.string().max(64).optional(),
  confirmed: z.boolean().optional(),
  attestation: z.boolean().optional(),
});

const listSchema = z.object({
  query: z.string().trim().max(100).optional(),
  page: z.number().int().min(0).max(10_000).default(0),
  pageSize: z.number().int().min(1).max(100).default(20),
  /** Rows to pass over instead of whole pages (typeahead windows start anywhere). */
  skip: z.number().int().min(0).max(1_000_000).optional(),
  include: z.enum(['active', 'pending', 'open']).default('active'),
});

export interface RelationshipRequestResult {
  partnerId: string;
  resellerName: string;
  invitationId: string;
  expiresAt: Date;
  /**
   * The e-mail draft with the personalised link. A replay of the same request (same agent, same
   * idempotency key) answers with the same draft while the request is pending, opened from the
   * sealed copy of the idempotency record; `null` when that copy cannot be opened (another
   * instance's random key, a restart without DRAFT_REPLAY_SECRET) or the request is over.
   */
  draft: InvitationDraft | null;
}

/** What the idempotency record keeps of a request: the draft only sealed (it holds the link). */
type StoredRequestResult = RelationshipRequestResult & { sealedDraft?: string };

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

/** What a relationship looks like to the bot and the cards (with what Partner Center says of it). */
export type RelationshipView = RelationshipRow &
  Pick<RelationshipState, 'source' | 'partnerCenter' | 'endedIn'> & {
    /** With the Partner Center backend, an active relationship is confirmed there or still waiting. */
    partnerCenterState?: 'confirmed' | 'waiting';
  };

/** The provider side of relationships: request, cancel, remove, list and verify resellers. */
export class RelationshipService {
  readonly streams: StreamRepository<RelationshipState>;
  private readonly index: ResellerIndex;
  private readonly drafts: DraftSeal;
  private readonly verdicts: DirectoryVerdicts;

  constructor(
    private readonly ctx: ServiceContext,
    private readonly access: AccessService,
  ) {
    this.drafts = new DraftSeal(ctx.settings.draftReplaySecret);
    this.verdicts = new DirectoryVerdicts(ctx.directory, ctx.clock);
    this.streams = new StreamRepository<RelationshipState>(ctx.repos, 'relationships', relationshipStream);
    this.index = new ResellerIndex(ctx.repos, async (tenantId, partnerId) =>
      toView(tenantId, (await this.streams.load(tenantId, partnerId)).state),
    );
  }

  /**
   * Loads the resellers index of every registered provider whose people have a stored
   * conversation with the bot, one after another, so their first list or search does not wait
   * for a full load (the bot runs this in the background at start). Answers how many it loaded.
   */
  async warmResellerIndex(): Promise<number> {
    let warmed = 0;
    for (const tenantId of await this.ctx.repos.conversations.tenants()) {
      if (!(await this.ctx.repos.providers.get(tenantId))) continue;
      await this.index.warm(tenantId);
      warmed += 1;
    }
    return warmed;
  }

  /** Creates the pending relationship and its personalised link, and returns the e-mail draft. */
  async requestRelationship(
    actor: Actor,
    input: unknown,
    idempotencyKey?: string,
  ): Promise<RelationshipRequestResult> {
    const provider = await this.access.require(actor, 'requestRelationship');
    const { resellerEmail, partnerId: rawPartnerId, locale } = parseInput(requestSchema, input);
    if (!rawPartnerId?.trim()) throw new AppError('partner_id_required');
    const scope = { tenantId: actor.tenantId, actorId: actor.agentId, operation: 'relationship.request' };
    const boundTo = (invitationId: string) =>
      [actor.tenantId, actor.agentId, String(idempotencyKey), invitationId].join('|');
    const result = await this.ctx.idempotency.run<StoredRequestResult>(
      scope,
      idempotencyKey,
      async (key) => {
        const reseller = await checkReseller(this.ctx.directory, provider, rawPartnerId, {
          activeMpa: false,
        });
        await this.expireIfDue(provider.tenantId, reseller.partnerId);
        const partnerCenterLink = await this.ctx.settings.partnerCenter?.requestLink(provider.tenantId);
        const now = this.ctx.clock.now();
        const expiresAt = new Date(now.getTime() + this.ctx.settings.invitationTtlDays * DAY_MS);
        const invitationId = randomUUID();
        const { token, tokenHash } = newInvitationToken();
        // The pointer goes first: a crash after it leaves an unused pointer, never a dangling link.
        await this.ctx.repos.invitations.add({
          tokenHash,
          tenantId: provider.tenantId,
          partnerId: reseller.partnerId,
          invitationId,
          createdAt: now,
        });
        return this.streams.execute<StoredRequestResult>(
          provider.tenantId,
          reseller.partnerId,
          ({ state }) => {
            if (OPEN_STATUSES.includes(state.status)) {
              throw new AppError('relationship_already_open', {
                resellerName: state.resellerName,
                status: state.status,
              });
            }
            return {
              append: {
                type: RELATIONSHIP_EVENTS.requested,
                at: now,
                actor: agentActor(actor),
                ...(key ? { idempotencyKey: key } : {}),
                before: { status: state.status },
                after: { status: 'pending' },
                data: {
                  invitationId,
                  resellerEmail,
                  tokenHash,
                  expiresAt,
                  resellerName: reseller.name,
                  country: reseller.country,
                },
              },
              answer: () => ({
                partnerId: reseller.partnerId,
                resellerName: reseller.name,
                invitationId,
                expiresAt,
                draft: composeDraft({
                  locale,
                  to: resellerEmail,
                  providerName: provider.name,
                  resellerName: reseller.name,
                  agentName: actor.displayName ?? provider.name,
                  expiresAt,
                  link: invitationLink(this.ctx.settings.publicBaseUrl, token),
                  ...(partnerCenterLink ? { partnerCenterLink } : {}),
                }),
              }),
            };
          },
        );
      },
      ({ draft, ...stored }) => ({
        ...stored,
        draft: null,
        ...(draft ? { sealedDraft: this.drafts.seal(draft, boundTo(stored.invitationId)) } : {}),
      }),
    );
    const { sealedDraft, ...answer } = result;
    if (answer.draft || !sealedDraft) return answer;
    // A repeated click: the same draft again, while the request it was written for is pending.
    const { state } = await this.expireIfDue(actor.tenantId, answer.partnerId);
    const current = state.status === 'pending' && state.invitation?.invitationId === answer.invitationId;
    return {
      ...answer,
      draft: current ? (this.drafts.open(sealedDraft, boundTo(answer.invitationId)) ?? null) : null,
    };
  }

  /** Checks an edited draft still carries this request's link; returns the mailto: for it. */
  async reviewDraft(actor: Actor, input: unknown): Promise<{ mailtoUrl: string; to: string }> {
    await this.access.require(actor, 'requestRelationship');
    const draft = parseInput(draftSchema, input);
    const { state } = await this.streams.load(actor.tenantId, parsePartnerId(draft.partnerId));
    const invitation = this.pendingInvitation(state);
    this.checkDraftBody(draft.body, invitation.tokenHash);
    const link = draft.body.match(/https?:\/\/\S+\/invite\/[A-Za-z0-9_-]{43}/)?.[0] ?? '';
    return {
      to: invitation.resellerEmail,
      mailtoUrl: buildMailto(invitation.resellerEmail, draft.subject, draft.body, link),
    };
  }

  /** "Done": the agent sent the e-mail. The final text must still carry the link. */
  async markRequestSent(actor: Actor, input: unknown, idempotencyKey?: string): Promise<RelationshipView> {
    await this.access.require(actor, 'requestRelationship');
    const draft = parseInput(draftSchema, input);
    const partnerId = parsePartnerId(draft.partnerId);
    const scope = { tenantId: actor.tenantId, actorId: actor.agentId, operation: 'relationship.sent' };
    return this.ctx.idempotency.run(scope, idempotencyKey, (key) =>
      this.streams.execute<RelationshipView>(actor.tenantId, partnerId, ({ state }) => {
        const invitation = this.pendingInvitation(state);
        this.checkDraftBody(draft.body, invitation.tokenHash);
        if (invitation.sentAt) return { noChange: toView(actor.tenantId, state) };
        return {
          append: {
            type: RELATIONSHIP_EVENTS.requestSent,
            at: this.ctx.clock.now(),
            actor: agentActor(actor),
            ...(key ? { idempotencyKey: key } : {}),
            // The body holds the token: only its length is kept.
            data: { invitationId: invitation.invitationId, bodyLength: draft.body.length },
          },
          answer: (_event, next) => toView(actor.tenantId, next),
        };
      }),
    );
  }

  /** Withdraws a pending request (admin only); a cancelled request stays cancelled. */
  async cancelRequest(actor: Actor, input: unknown, idempotencyKey?: string): Promise<RelationshipView> {
    await this.access.require(actor, 'cancelRelationship');
    const target = parseInput(
      z.object({ partnerId: z.string(), invitationId: z.string().max(64).optional() }),
      input,
    );
    const partnerId = parsePartnerId(target.partnerId);
    const scope = { tenantId: actor.tenantId, actorId: actor.agentId, operation: 'relationship.cancel' };
    return this.ctx.idempotency.run(scope, idempotencyKey, (key) =>
      this.streams.execute<RelationshipView>(actor.tenantId, partnerId, ({ state }) => {
        refuseIfStale(state, target.invitationId);
        if (state.status === 'cancelled') return { noChange: toView(actor.tenantId, state) };
        const invitation = this.pendingInvitation(state);
        return {
          append: {
            type: RELATIONSHIP_EVENTS.cancelled,
            at: this.ctx.clock.now(),
            actor: agentActor(actor),
            ...(key ? { idempotencyKey: key } : {}),
            before: { status: 'pending' },
            after: { status: 'cancelled' },
            data: { invitationId: invitation.invitationId },
          },
          answer: (_event, next) => toView(actor.tenantId, next),
        };
      }),
    );
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

  /** The provider's resellers by state, with prefix search on name and Partner ID, paged. */
  async listResellers(
    actor: Actor,
    input: unknown = {},
  ): Promise<{ rows: RelationshipView[]; total: number; page: number; pageSize: number }> {
    await this.access.require(actor, 'viewResellers');
    const parsed = parseInput(listSchema, input);
    const { query, pageSize, include, skip } = parsed;
    let page = parsed.page;
    const statuses = include === 'open' ? ['active', 'pending'] : [include];
    const search = () =>
      this.index.search(actor.tenantId, {
        statuses,
        ...(query ? { prefix: query } : {}),
        skip: skip ?? page * pageSize,
        limit: pageSize,
      });
    let found = await search();
    // A page past the end (a Next click after rows went away, or a typed page) shows the last one.
    if (skip === undefined && found.rows.length === 0 && page > 0) {
      page = lastPage(found.total, pageSize);
      if (found.total > 0) found = await search();
    }
    // A request past its expiry reads as expired now, not only after the next sweep.
    const now = this.ctx.clock.now();
    const overdue = found.rows.filter(
      (row) => row.status === 'pending' && row.invitation && row.invitation.expiresAt <= now,
    );
    if (overdue.length > 0) {
      for (const row of overdue) await this.expireIfDue(actor.tenantId, row.partnerId);
      found = await search();
    }
    return { rows: found.rows.map((row) => this.withPartnerCenter(row)), total: found.total, page, pageSize };
  }

  async getRelationship(actor: Actor, rawPartnerId: unknown): Promise<RelationshipView> {
    await this.access.require(actor, 'viewResellers');
    const partnerId = parsePartnerId(rawPartnerId);
    const { state } = await this.expireIfDue(actor.tenantId, partnerId);
    if (state.status === 'none') throw new AppError('relationship_not_found', { partnerId });
    return this.withPartnerCenter(toView(actor.tenantId, state));
  }

  // Accepting in the bot is not enough: until Partner Center lists it, the reseller has to accept there.
  private withPartnerCenter(view: RelationshipView): RelationshipView {
    if (!this.ctx.settings.partnerCenter || view.status !== 'active') return view;
    return { ...view, partnerCenterState: view.partnerCenter ? 'confirmed' : 'waiting' };
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
    const due = await this.ctx.repos.relationshipQueries.pendingExpiredBefore(
      undefined,
      this.ctx.clock.now(),
      limit,
    );
    let expired = 0;
    for (const row of due) if ((await this.expireIfDue(row.tenantId, row.partnerId)).expired) expired++;
    return expired;
  }

  private pendingInvitation(state: RelationshipState) {
    if (state.status !== 'pending' || !state.invitation) {
      throw new AppError('relationship_not_pending', { resellerName: state.resellerName || state.partnerId });
    }
    return state.invitation;
  }

  private checkDraftBody(body: string, tokenHash: string): void {
    if (body.length > MAX_DRAFT_BODY)
      throw new AppError('draft_too_long', { length: body.length, max: MAX_DRAFT_BODY });
    if (!tokenHashesIn(body).includes(tokenHash)) throw new AppError('draft_link_missing');
  }
}

/** A card shown for one request (or the relationship it opened) cannot act on a newer one. */
function refuseIfStale(state: RelationshipState, invitationId: string | undefined): void {
  if (invitationId !== undefined && state.invitation?.invitationId !== invitationId) {
    throw new AppError('stale_action', { resellerName: state.resellerName || state.partnerId });
  }
}

export function agentActor(actor: Actor) {
  return {
    kind: 'agent' as const,
    id: actor.agentId,
    ...(actor.displayName ? { name: actor.displayName } : {}),
  };
}

export function toView(tenantId: string, state: RelationshipState): RelationshipView {
  const { invitation, ...rest } = state;
  return {
    ...rest,
    tenantId,
    ...(invitation
      ? {
          invitation: {
            invitationId: invitation.invitationId,
            resellerEmail: invitation.resellerEmail,
            expiresAt: invitation.expiresAt,
            requestedAt: invitation.requestedAt,
            ...(invitation.sentAt ? { sentAt: invitation.sentAt } : {}),
          },
        }
      : {}),
  };
}
