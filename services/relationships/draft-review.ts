import { z } from 'zod';
import type { AccessService } from '../access/access-service.js';
import type { Actor } from '../actor.js';
import type { ServiceContext } from '../context.js';
import { AppError } from '../errors.js';
import type { StreamRepository } from '../streams.js';
import { parseInput } from '../validation.js';
import { buildMailto, MAX_DRAFT_BODY, tokenHashesIn } from './invitation-draft.js';
import { RELATIONSHIP_EVENTS, type RelationshipState } from './relationship-stream.js';
import { agentActor, pendingInvitation, toView, type RelationshipView } from './relationship-view.js';
import { parsePartnerId } from './reseller-checks.js';

const draftSchema = z.object({
  partnerId: z.string(),
  subject: z.string().trim().min(1).max(300),
  body: z.string(),
});

/**
 * The e-mail of a pending request after its draft was written: the agent's edited text is
 * checked to still carry the request's link (review), and "Done" records that it was sent.
 */
export class DraftReview {
  constructor(
    private readonly ctx: ServiceContext,
    private readonly access: AccessService,
    private readonly streams: StreamRepository<RelationshipState>,
  ) {}

  /** Checks an edited draft still carries this request's link; returns the mailto: for it. */
  async reviewDraft(actor: Actor, input: unknown): Promise<{ mailtoUrl: string; to: string }> {
    await this.access.require(actor, 'requestRelationship');
    const draft = parseInput(draftSchema, input);
    const { state } = await this.streams.load(actor.tenantId, parsePartnerId(draft.partnerId));
    const invitation = pendingInvitation(state);
    checkDraftBody(draft.body, invitation.tokenHash);
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
        const invitation = pendingInvitation(state);
        checkDraftBody(draft.body, invitation.tokenHash);
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
}

function checkDraftBody(body: string, tokenHash: string): void {
  if (body.length > MAX_DRAFT_BODY)
    throw new AppError('draft_too_long', { length: body.length, max: MAX_DRAFT_BODY });
  if (!tokenHashesIn(body).includes(tokenHash)) throw new AppError('draft_link_missing');
}
