import { z } from 'zod';
import type { Provider } from '../../data/providers/provider-store.js';
import { actorSchema, idSchema, type Actor } from '../actor.js';
import type { ServiceContext } from '../context.js';
import { AppError } from '../errors.js';
import { StreamRepository } from '../streams.js';
import { parseInput } from '../validation.js';
import { AdminRoster } from './admin-roster.js';
import { AGENT_EVENTS, agentStream, type AgentState } from './agent-stream.js';
import { started } from '../reads.js';
import { CallerMemo } from './caller-memo.js';
import { allows, ROLES, type Permission, type Role } from './roles.js';

const roleChangeSchema = z.object({
  agentId: idSchema,
  role: z.enum(ROLES),
  displayName: z.string().max(200).optional(),
});

/** A role the actor holds, and whether Partner Center, a grant in the bot, or both give it. */
export interface RoleSource {
  role: Role;
  sources: ('partner_center' | 'bot')[];
}

/** The bot itself, for set-up steps (first admin from config or the CLI). */
export const SYSTEM_ACTOR_ID = 'system';

/** Who holds which role in which provider tenant, and the check every other service calls. */
export class AccessService {
  private readonly agents: StreamRepository<AgentState>;
  /** One load of the caller's provider and roles per turn, however many checks it makes. */
  private readonly memo = new CallerMemo();
  private readonly admins: AdminRoster;

  constructor(private readonly ctx: ServiceContext) {
    this.agents = new StreamRepository<AgentState>(ctx.repos, 'agents', agentStream);
    this.admins = new AdminRoster(ctx.repos, ctx.clock);
  }

  async rolesOf(actor: Actor): Promise<Role[]> {
    return (await this.roleSources(actor)).map((held) => held.role);
  }

  /**
   * Each role the actor holds and where it comes from: Partner Center (with that backend) and/or a
   * grant in the bot (the `local` backend, or an audited override).
   */
  async roleSources(actor: Actor): Promise<RoleSource[]> {
    const { tenantId, agentId } = parseInput(actorSchema, actor);
    // The grants in the bot are read once per turn; Partner Center's roles come from their own
    // in-memory cache every time (no database command), so its refresh shows at once.
    return this.sourcesOf(tenantId, agentId, await this.granted(actor));
  }

  /** The roles granted in the bot (the agent's stream), once per turn. */
  private granted(actor: Actor): Promise<Role[]> {
    const { tenantId, agentId } = parseInput(actorSchema, actor);
    return this.memo.get(
      actor,
      'granted',
      async () => (await this.agents.load(tenantId, agentId)).state.roles,
    );
  }

  /**
   * Starts reading the roles granted in the bot to this caller (the agent's stream), and with
   * `provider` their provider tenant's record, while the turn reads anything else; every check of
   * the turn then shares those loads. A load that fails is not kept, so the check loads again and
   * reports its own failure.
   */
  prefetchCaller(actor: Actor, options: { provider?: boolean } = {}): void {
    started(Promise.resolve().then(() => this.granted(actor)));
    if (options.provider) started(Promise.resolve().then(() => this.providerOf(actor)));
  }

  private async sourcesOf(tenantId: string, agentId: string, granted: Role[]): Promise<RoleSource[]> {
    const fromPartnerCenter = (await this.ctx.roleDirectory?.rolesOf(tenantId, agentId)) ?? [];
    return ROLES.filter((role) => granted.includes(role) || fromPartnerCenter.includes(role)).map((role) => ({
      role,
      sources: [
        ...(fromPartnerCenter.includes(role) ? (['partner_center'] as const) : []),
        ...(granted.includes(role) ? (['bot'] as const) : []),
      ],
    }));
  }

  /** The provider the actor's tenant is, if it is registered (no role needed: it is their own). */
  async providerOf(actor: Actor): Promise<Provider | undefined> {
    const { tenantId } = parseInput(actorSchema, actor);
    return this.memo.get(actor, 'provider', () => this.ctx.repos.providers.get(tenantId));
  }

  /**
   * Checks the provider exists and the actor's roles allow the permission; returns the provider.
   * Every check of one turn (one actor object) shares one load of both (see `CallerMemo`).
   */
  async require(actor: Actor, permission: Permission): Promise<Provider> {
    // The provider and the roles at once: one round trip of waiting, not two (for an unknown
    // provider the roles are read for nothing).
    this.prefetchCaller(actor);
    const provider = await this.providerOf(actor);
    if (!provider) throw new AppError('provider_unknown');
    const roles = await this.rolesOf(actor);
    if (!allows(roles, permission)) throw new AppError('not_authorised', { permission });
    return provider;
  }

  async grantRole(actor: Actor, input: unknown, idempotencyKey?: string): Promise<AgentState> {
    await this.require(actor, 'manageRoles');
    return this.changeRole(actor, input, 'grant', idempotencyKey);
  }

  async revokeRole(actor: Actor, input: unknown, idempotencyKey?: string): Promise<AgentState> {
    await this.require(actor, 'manageRoles');
    return this.changeRole(actor, input, 'revoke', idempotencyKey);
  }

  /** Makes an agent admin without an acting admin: only for start-up configuration and the CLI. */
  async bootstrapAdmin(tenantId: string, agentId: string, displayName?: string): Promise<AgentState> {
    return this.operatorChangeRole(tenantId, { agentId, role: 'admin', displayName }, 'grant');
  }

  /** A role change by the operator of the bot (the `grant` CLI), recorded as done by the system. */
  async operatorChangeRole(
    tenantId: string,
    input: unknown,
    change: 'grant' | 'revoke',
  ): Promise<AgentState> {
    const system: Actor = { tenantId: parseInput(idSchema, tenantId), agentId: SYSTEM_ACTOR_ID };
    if (!(await this.ctx.repos.providers.get(system.tenantId))) throw new AppError('provider_unknown');
    return this.changeRole(system, input, change, undefined, 'system');
  }

  /** The provider's agents and their roles (the roles card shows it to admins, who may change them). */
  async listAgents(actor: Actor): Promise<{ agentId: string; displayName?: string; roles: string[] }[]> {
    await this.require(actor, 'viewResellers');
    return this.ctx.repos.agentQueries.list(actor.tenantId);
  }

  private async changeRole(
    actor: Actor,
    input: unknown,
    change: 'grant' | 'revoke',
    idempotencyKey: string | undefined,
    actorKind: 'agent' | 'system' = 'agent',
  ): Promise<AgentState> {
    const { agentId, role, displayName } = parseInput(roleChangeSchema, input);
    const scope = { tenantId: actor.tenantId, actorId: actor.agentId, operation: `role.${change}` };
    const changed = this.ctx.idempotency.run(scope, idempotencyKey, async (key) => {
      // Admin changes are ordered on the provider's admin roster first: its append decides a race.
      if (role === 'admin') await this.admins.order(actor, actorKind, agentId, change, key);
      return this.agents.execute<AgentState>(actor.tenantId, agentId, ({ state }) => {
        const has = state.roles.includes(role);
        if ((change === 'grant') === has) return { noChange: state };
        return {
          append: {
            type: change === 'grant' ? AGENT_EVENTS.roleGranted : AGENT_EVENTS.roleRevoked,
            at: this.ctx.clock.now(),
            actor: {
              kind: actorKind,
              id: actor.agentId,
              ...(actor.displayName ? { name: actor.displayName } : {}),
            },
            ...(key ? { idempotencyKey: key } : {}),
            before: { roles: state.roles },
            after: {
              roles: change === 'grant' ? [...state.roles, role] : state.roles.filter((r) => r !== role),
            },
            data: { agentId, role, ...(displayName ? { displayName } : {}) },
          },
          answer: (_event, next) => next,
        };
      });
    });
    try {
      return await changed;
    } finally {
      // After the change is written: every check in this process reads it from here on.
      this.memo.forget();
    }
  }
}
