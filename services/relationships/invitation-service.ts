import { domainToASCII } from 'node:url';
import { z } from 'zod';
import type { ServiceContext } from '../context.js';
import { AppError } from '../errors.js';
import { checkReseller } from './reseller-checks.js';
import { hashInvitationToken } from './invitation-draft.js';
import { RELATIONSHIP_EVENTS, type RelationshipState } from './relationship-stream.js';
import type { RelationshipService } from './relationship-service.js';
import { parseInput } from '../validation.js';

const tokenSchema = z.string().regex(/^[A-Za-z0-9_-]{43}$/);

/** The reseller's user answering a request (from Teams: Entra tenant, object id, sign-in address). */
const resellerUserSchema = z.object({
  userId: z.string().min(1).max(128),
  entraTenantId: z.string().min(1).max(128),
  /** The user's e-mail or user principal name, as Teams reports it. */
  email: z.string().max(320).optional(),
  name: z.string().max(200).optional(),
});

type ResellerUser = z.infer<typeof resellerUserSchema>;

const answerSchema = z.object({ token: z.string(), user: resellerUserSchema });

/** What the reseller's invitation card shows. */
export interface InvitationView {
  providerName: string;
  providerTenantId: string;
  resellerName: string;
  partnerId: string;
  expiresAt: Date;
  /**
   * `pending` can be answered; every other status is final. `ended`: it was accepted, and the
   * relationship has since been removed.
   */
  status: 'pending' | 'accepted' | 'ended' | 'declined' | 'cancelled' | 'expired' | 'replaced';
  /** With the Partner Center backend: the provider's request link, the step that makes it real. */
  partnerCenterRequestLink?: string;
}

type Answer = 'accept' | 'decline';

/** The reseller side of a relationship request: open the link, accept or decline. */
export class InvitationService {
  constructor(
    private readonly ctx: ServiceContext,
    private readonly relationships: RelationshipService,
  ) {}

  /** Resolves a token to the request it belongs to; a forged token is refused. */
  async open(rawToken: unknown): Promise<InvitationView> {
    const { pointer, provider } = await this.resolve(rawToken);
    const { state } = await this.relationships.expireIfDue(pointer.tenantId, pointer.partnerId);
    const view = this.view(
      provider,
      state,
      await this.outcomeOf(pointer.tenantId, pointer.partnerId, pointer.invitationId, state),
    );
    const requestLink = await this.ctx.settings.partnerCenter?.requestLink(pointer.tenantId);
    return requestLink ? { ...view, partnerCenterRequestLink: requestLink } : view;
  }

  async accept(input: unknown, idempotencyKey?: string): Promise<InvitationView> {
    return this.answer('accept', input, idempotencyKey);
  }

  async decline(input: unknown, idempotencyKey?: string): Promise<InvitationView> {
    return this.answer('decline', input, idempotencyKey);
  }

  private async answer(kind: Answer, input: unknown, idempotencyKey?: string): Promise<InvitationView> {
    const { token, user } = parseInput(answerSchema, input);
    const { pointer, provider } = await this.resolve(token);
    const scope = { tenantId: pointer.tenantId, actorId: user.userId, operation: `invitation.${kind}` };
    return this.ctx.idempotency.run(scope, idempotencyKey, async (key) => {
      await this.relationships.expireIfDue(pointer.tenantId, pointer.partnerId);
      // Rule 2 holds at acceptance too: the reseller may have left the programme meanwhile.
      const resellerTenantId =
        kind === 'accept'
          ? (await checkReseller(this.ctx.directory, provider, pointer.partnerId, { activeMpa: false }))
              .entraTenantId
          : await this.knownTenantOf(provider.tenantId, pointer.partnerId);
      const target = kind === 'accept' ? 'active' : 'declined';
      return this.relationships.streams.execute<InvitationView>(
        pointer.tenantId,
        pointer.partnerId,
        async ({ state }) => {
          const { status: outcome, invitedEmail } = await this.standing(
            pointer.tenantId,
            pointer.partnerId,
            pointer.invitationId,
            state,
          );
          // Before anything else: someone of another organisation clicking a used link must not
          // be told "accepted" as if the answer were theirs.
          assertInvitedOrganisation(user, provider.tenantId, resellerTenantId, invitedEmail);
          const answered = kind === 'accept' ? 'accepted' : 'declined';
          // The same answer again (a double click, or the loser of a race with itself) is a no-op.
          if (outcome === answered) return { noChange: this.view(provider, state, outcome) };
          if (outcome !== 'pending') throw refusalFor(outcome, state);
          return {
            append: {
              type: kind === 'accept' ? RELATIONSHIP_EVENTS.accepted : RELATIONSHIP_EVENTS.declined,
              at: this.ctx.clock.now(),
              actor: { kind: 'reseller', id: user.userId, ...(user.name ? { name: user.name } : {}) },
              ...(key ? { idempotencyKey: key } : {}),
              before: { status: 'pending' },
              after: { status: target },
              data: {
                invitationId: pointer.invitationId,
                resellerUserId: user.userId,
                ...(user.entraTenantId ? { resellerTenantId: user.entraTenantId } : {}),
              },
            },
            answer: (_event, next) => this.view(provider, next, answered),
          };
        },
      );
    });
  }

  private async knownTenantOf(providerTenantId: string, partnerId: string): Promise<string | undefined> {
    const lookup = await this.ctx.directory.lookup(partnerId, { providerTenantId });
    return lookup.found ? lookup.reseller.entraTenantId : undefined;
  }

  private async resolve(rawToken: unknown) {
    const parsed = tokenSchema.safeParse(rawToken);
    if (!parsed.success) throw new AppError('invitation_unknown');
    const pointer = await this.ctx.repos.invitations.find(hashInvitationToken(parsed.data));
    if (!pointer) throw new AppError('invitation_unknown');
    const provider = await this.ctx.repos.providers.get(pointer.tenantId);
    if (!provider) throw new AppError('invitation_unknown');
    return { pointer, provider };
  }

  /**
   * Where this invitation stands. The stream may have moved on to a newer request; then the
   * invitation's own last event tells how it ended. A pointer whose request event never landed
   * (a crash in between) is unknown.
   */
  private async outcomeOf(
    tenantId: string,
    partnerId: string,
    invitationId: string,
    state: RelationshipState,
  ): Promise<InvitationView['status']> {
    return (await this.standing(tenantId, partnerId, invitationId, state)).status;
  }

  /** The invitation's status and the address it was sent to (its own, not a newer request's). */
  private async standing(
    tenantId: string,
    partnerId: string,
    invitationId: string,
    state: RelationshipState,
  ): Promise<{ status: InvitationView['status']; invitedEmail?: string }> {
    if (state.invitation?.invitationId === invitationId) {
      return { status: statusOfCurrent(state), invitedEmail: state.invitation.resellerEmail };
    }
    const events = await this.ctx.repos.events.readAfter(tenantId, 'relationship', partnerId, 0);
    const own = events.filter((event) => event.data.invitationId === invitationId);
    if (own.length === 0) throw new AppError('invitation_unknown');
    const issued = own.find(
      (event) =>
        event.type === RELATIONSHIP_EVENTS.requested || event.type === RELATIONSHIP_EVENTS.requestRenewed,
    );
    const invitedEmail = issued?.data.resellerEmail;
    const withEmail = typeof invitedEmail === 'string' ? { invitedEmail } : {};
    // "Resend" gave the request a newer link: this one ended there, whatever came after.
    if (events.some((event) => event.data.replacesInvitationId === invitationId))
      return { status: 'replaced', ...withEmail };
    const outcomes = own
      .map((event) => (Object.hasOwn(EVENT_OUTCOME, event.type) ? EVENT_OUTCOME[event.type] : undefined))
      .filter((outcome) => outcome !== undefined);
    const last = outcomes[outcomes.length - 1] ?? 'cancelled';
    // A newer request exists only once this one's relationship is over.
    return { status: last === 'accepted' ? 'ended' : last, ...withEmail };
  }

  private view(
    provider: { name: string; tenantId: string },
    state: RelationshipState,
    status: InvitationView['status'],
  ): InvitationView {
    return {
      providerName: provider.name,
      providerTenantId: provider.tenantId,
      resellerName: state.resellerName,
      partnerId: state.partnerId,
      expiresAt: state.invitation?.expiresAt ?? new Date(0),
      status,
    };
  }
}

const EVENT_OUTCOME: Record<string, InvitationView['status'] | undefined> = {
  [RELATIONSHIP_EVENTS.accepted]: 'accepted',
  [RELATIONSHIP_EVENTS.declined]: 'declined',
  [RELATIONSHIP_EVENTS.cancelled]: 'cancelled',
  [RELATIONSHIP_EVENTS.expired]: 'expired',
};

function statusOfCurrent(state: RelationshipState): InvitationView['status'] {
  switch (state.status) {
    case 'pending':
      return 'pending';
    case 'active':
      return 'accepted';
    case 'removed':
      return 'ended';
    case 'declined':
      return 'declined';
    case 'expired':
      return 'expired';
    default:
      return 'cancelled';
  }
}

function refusalFor(outcome: InvitationView['status'], state: RelationshipState): AppError {
  switch (outcome) {
    case 'expired':
      return new AppError('invitation_expired', {
        expiredOn: (state.invitation?.expiresAt ?? new Date(0)).toISOString().slice(0, 10),
      });
    case 'cancelled':
      return new AppError('invitation_cancelled');
    case 'declined':
      return new AppError('invitation_declined');
    case 'replaced':
      return new AppError('invitation_replaced');
    default:
      return new AppError('invitation_used');
  }
}

/**
 * Only the invited organisation may answer (rule 5: the link is bound to the reseller): never a
 * user of the provider's own tenant; a user of the reseller's Entra tenant where the directory
 * knows it; otherwise a user whose sign-in address is in the invited address's domain.
 */
function assertInvitedOrganisation(
  user: ResellerUser,
  providerTenantId: string,
  resellerTenantId: string | undefined,
  invitedEmail: string | undefined,
): void {
  const refuse = () => new AppError('invitation_wrong_organisation');
  if (user.entraTenantId === providerTenantId) throw refuse();
  if (resellerTenantId) {
    if (resellerTenantId !== user.entraTenantId) throw refuse();
    return;
  }
  const invited = domainOf(invitedEmail);
  if (!invited || domainOf(user.email) !== invited) throw refuse();
}

/**
 * The domain of an address in one comparable form (IDNA ASCII, lower case), or undefined when the
 * address is not one mailbox at one well-formed domain: exactly one `@`, a non-empty local part,
 * and at least two labels of letters, digits and inner hyphens, the last not all digits (no IP
 * address). `x@invited.example@evil.example` has no domain at all.
 */
function domainOf(address: string | undefined): string | undefined {
  const parts = address?.trim().split('@');
  if (!parts || parts.length !== 2 || !parts[0]) return undefined;
  const raw = parts[1] ?? '';
  // domainToASCII parses a URL host: it would drop a path or query ("a.example/x" → "a.example").
  if (URL_SYNTAX.test(raw)) return undefined;
  // It answers '' for what is not a valid domain name, and maps the rest to lower-case ASCII.
  const ascii = domainToASCII(raw);
  const labels = ascii.split('.');
  if (labels.length < 2 || !labels.every((label) => DOMAIN_LABEL.test(label))) return undefined;
  if (/^[0-9]+$/.test(labels[labels.length - 1] ?? '')) return undefined;
  return ascii;
}

const DOMAIN_LABEL = /^(?!-)[a-z0-9-]{1,63}(?<!-)$/;
const URL_SYNTAX = /[\s/\\?#:@[\]%<>"]/u;
