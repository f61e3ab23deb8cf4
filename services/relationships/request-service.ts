import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { LOCALES, type Locale } from '../../i18n/index.js';
import type { AccessService } from '../access/access-service.js';
import type { Actor } from '../actor.js';
import type { ServiceContext } from '../context.js';
import { AppError } from '../errors.js';
import type { Provider } from '../../data/providers/provider-store.js';
import type { StreamRepository } from '../streams.js';
import { inOrder, started } from '../reads.js';
import { parseInput } from '../validation.js';
import { DraftSeal } from './draft-seal.js';
import {
  composeDraft,
  invitationLink,
  newInvitationToken,
  type InvitationDraft,
} from './invitation-draft.js';
import { checkReseller, parsePartnerId } from './reseller-checks.js';
import { OPEN_STATUSES, RELATIONSHIP_EVENTS, type RelationshipState } from './relationship-stream.js';
import {
  agentActor,
  pendingInvitation,
  refuseIfStale,
  toView,
  type RelationshipView,
} from './relationship-view.js';

const DAY_MS = 86_400_000;

const requestSchema = z.object({
  resellerEmail: z.email().max(254),
  partnerId: z.string().optional(),
  locale: z.enum(LOCALES).default('en-US'),
});

/** `invitationId` binds the click to the request the card (a reminder) was shown for. */
const renewSchema = z.object({
  partnerId: z.string(),
  invitationId: z.string().max(64).optional(),
  locale: z.enum(LOCALES).default('en-US'),
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

/** The event a new invitation is written with, decided on the relationship's current state. */
interface IssueStep {
  type: string;
  resellerName: string;
  resellerEmail: string;
  before: Record<string, unknown>;
  after: Record<string, unknown>;
  data: Record<string, unknown>;
}

interface IssuePlan {
  provider: Provider;
  partnerId: string;
  locale: Locale;
  /** Expires the request when it is overdue (written beside the new invitation's pointer). */
  due(): Promise<unknown>;
  decide(state: RelationshipState, issued: { expiresAt: Date }): IssueStep;
}

/**
 * The provider side of a request: request, resend (a fresh link for a pending request, the old
 * one void), cancel. The e-mail's review and "Done" are DraftReview's.
 */
export class RequestService {
  private readonly drafts: DraftSeal;

  constructor(
    private readonly ctx: ServiceContext,
    private readonly access: AccessService,
    private readonly streams: StreamRepository<RelationshipState>,
    private readonly expireIfDue: (
      tenantId: string,
      partnerId: string,
    ) => Promise<{ state: RelationshipState }>,
  ) {
    this.drafts = new DraftSeal(ctx.settings.draftReplaySecret);
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
    // The reseller's checks are read beside the claim: a replayed click (a double click, a
    // redelivery) reads them too, for nothing, and answers the first result without them.
    const checked = started(checkReseller(this.ctx.directory, provider, rawPartnerId, { activeMpa: false }));
    return this.issue(actor, idempotencyKey, 'relationship.request', async () => {
      const reseller = await checked;
      return {
        provider,
        partnerId: reseller.partnerId,
        // A request past its expiry reads as expired first, so that a new one can be sent.
        due: () => this.expireIfDue(provider.tenantId, reseller.partnerId),
        locale,
        decide: (state) => {
          if (OPEN_STATUSES.includes(state.status)) {
            throw new AppError('relationship_already_open', {
              resellerName: state.resellerName,
              status: state.status,
            });
          }
          return {
            type: RELATIONSHIP_EVENTS.requested,
            resellerName: reseller.name,
            resellerEmail,
            before: { status: state.status },
            after: { status: 'pending' },
            data: { resellerName: reseller.name, country: reseller.country },
          };
        },
      };
    });
  }

  /**
   * "Resend" (from the reminder that a request is about to expire): the same pending request with
   * a fresh link and a new expiry, to the same address. The old link is void from then on: it
   * answers that a newer invitation replaced it.
   */
  async renewRequest(
    actor: Actor,
    input: unknown,
    idempotencyKey?: string,
  ): Promise<RelationshipRequestResult> {
    const provider = await this.access.require(actor, 'requestRelationship');
    const target = parseInput(renewSchema, input);
    const partnerId = parsePartnerId(target.partnerId);
    return this.issue(actor, idempotencyKey, 'relationship.renew', async () => {
      return {
        provider,
        partnerId,
        due: () => this.expireIfDue(provider.tenantId, partnerId),
        locale: target.locale,
        decide: (state, { expiresAt }) => {
          refuseIfStale(state, target.invitationId);
          const invitation = pendingInvitation(state);
          return {
            type: RELATIONSHIP_EVENTS.requestRenewed,
            resellerName: state.resellerName,
            resellerEmail: invitation.resellerEmail,
            // Dates as ISO days: the audit shows them as they are, in every language.
            before: { expiresOn: invitation.expiresAt.toISOString().slice(0, 10) },
            after: { expiresOn: expiresAt.toISOString().slice(0, 10) },
            data: { replacesInvitationId: invitation.invitationId },
          };
        },
      };
    });
  }

  /**
   * Writes a new invitation (pointer, then the event the plan decides) and answers its draft. A
   * repeated click answers the same draft again from the sealed copy, while it is still current.
   */
  private async issue(
    actor: Actor,
    idempotencyKey: string | undefined,
    operation: string,
    plan: () => Promise<IssuePlan>,
  ): Promise<RelationshipRequestResult> {
    const scope = { tenantId: actor.tenantId, actorId: actor.agentId, operation };
    const boundTo = (invitationId: string) =>
      [actor.tenantId, actor.agentId, String(idempotencyKey), invitationId].join('|');
    const result = await this.ctx.idempotency.run<StoredRequestResult>(
      scope,
      idempotencyKey,
      async (key) => {
        const { provider, partnerId, locale, decide, due } = await plan();
        const partnerCenterLink = await this.ctx.settings.partnerCenter?.requestLink(provider.tenantId);
        const now = this.ctx.clock.now();
        const expiresAt = new Date(now.getTime() + this.ctx.settings.invitationTtlDays * DAY_MS);
        const invitationId = randomUUID();
        const { token, tokenHash } = newInvitationToken();
        // The pointer goes before the event: a crash after it leaves an unused pointer, never a
        // dangling link. It is written beside the expiry of an overdue request, which it does
        // not depend on (a refusal after it leaves an unused pointer too).
        await inOrder([
          due(),
          this.ctx.repos.invitations.add({
            tokenHash,
            tenantId: provider.tenantId,
            partnerId,
            invitationId,
            createdAt: now,
          }),
        ]);
        return this.streams.execute<StoredRequestResult>(provider.tenantId, partnerId, ({ state }) => {
          const step = decide(state, { expiresAt });
          return {
            append: {
              type: step.type,
              at: now,
              actor: agentActor(actor),
              ...(key ? { idempotencyKey: key } : {}),
              before: step.before,
              after: step.after,
              data: { invitationId, resellerEmail: step.resellerEmail, tokenHash, expiresAt, ...step.data },
            },
            answer: () => ({
              partnerId,
              resellerName: step.resellerName,
              invitationId,
              expiresAt,
              draft: composeDraft({
                locale,
                to: step.resellerEmail,
                providerName: provider.name,
                resellerName: step.resellerName,
                agentName: actor.displayName ?? provider.name,
                expiresAt,
                link: invitationLink(this.ctx.settings.publicBaseUrl, token),
                ...(partnerCenterLink ? { partnerCenterLink } : {}),
              }),
            }),
          };
        });
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
        const invitation = pendingInvitation(state);
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
}
