import { z } from 'zod';
import type { Role } from '../access/roles.js';
import { expectOk } from './http.js';
import type { PartnerCenterHttp } from './http.js';

// Role of GET /v1/roles: { id, name, attributes }.
// https://learn.microsoft.com/en-us/rest/api/partner-center/manage-account-profiles/get-all-available-roles
const roleSchema = z.looseObject({ id: z.string(), name: z.string().nullish() });
const rolesSchema = z.looseObject({ items: z.array(roleSchema) });
// UserMember of GET /v1/roles/{role-id}/usermembers: { id (Entra object id), userPrincipalName, displayName, roleId }.
const memberSchema = z.looseObject({
  id: z.string(),
  userPrincipalName: z.string().nullish(),
  displayName: z.string().nullish(),
});

/** Partner Center role names → the bot's roles; other roles (billing admin, …) grant nothing here. */
const ROLE_BY_NAME: Record<string, Role> = {
  'admin agent': 'admin',
  adminagent: 'admin',
  'sales agent': 'sales',
  salesagent: 'sales',
  'helpdesk agent': 'helpdesk',
  helpdeskagent: 'helpdesk',
};

interface ProviderRoles {
  at: number;
  byAgent: Map<string, Role[]>;
}

/**
 * The provider's agents and their roles as Partner Center knows them: the roles
 * (GET /v1/roles) and each agent role's user members (GET /v1/roles/{role-id}/usermembers,
 * paged), cached per provider for a short time and refreshed by the sync job. A failed read
 * keeps the last answer (or none): roles never break a turn.
 */
export class PartnerCenterRoleDirectory {
  private readonly cache = new Map<string, ProviderRoles>();
  private readonly inFlight = new Map<string, Promise<ProviderRoles>>();

  constructor(
    private readonly http: PartnerCenterHttp,
    private readonly options: { ttlMs?: number; maxPages?: number; now?: () => number } = {},
  ) {}

  /** The agent's Partner Center roles (Entra object id), from the cache while it is fresh. */
  async rolesOf(tenantId: string, agentId: string): Promise<Role[]> {
    const now = this.now();
    let roles = this.cache.get(tenantId);
    if (!roles || now - roles.at >= (this.options.ttlMs ?? 300_000)) {
      try {
        roles = await this.refresh(tenantId);
      } catch {
        // Partner Center unreachable or the sign-in lost: the last known roles, else none.
      }
    }
    return roles?.byAgent.get(agentId.toLowerCase()) ?? [];
  }

  /** Reads the roles again now (the sync job); throws what Partner Center answered. */
  refresh(tenantId: string): Promise<ProviderRoles> {
    const running = this.inFlight.get(tenantId);
    if (running) return running;
    const read = this.read(tenantId).finally(() => this.inFlight.delete(tenantId));
    this.inFlight.set(tenantId, read);
    return read;
  }

  private async read(tenantId: string): Promise<ProviderRoles> {
    const response = await this.http.send({ method: 'GET', path: '/v1/roles', providerTenantId: tenantId });
    const byAgent = new Map<string, Role[]>();
    for (const role of expectOk(response, rolesSchema).items) {
      const mapped = ROLE_BY_NAME[(role.name ?? '').trim().toLowerCase()];
      if (!mapped) continue;
      const { items } = await this.http.collect(
        {
          method: 'GET',
          path: `/v1/roles/${encodeURIComponent(role.id)}/usermembers`,
          providerTenantId: tenantId,
        },
        memberSchema,
        this.options.maxPages ?? 20,
      );
      for (const member of items) {
        const id = member.id.toLowerCase();
        const held = byAgent.get(id) ?? [];
        if (!held.includes(mapped)) byAgent.set(id, [...held, mapped]);
      }
    }
    const roles = { at: this.now(), byAgent };
    this.cache.set(tenantId, roles);
    return roles;
  }

  private now(): number {
    return (this.options.now ?? Date.now)();
  }
}
