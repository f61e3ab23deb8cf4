import type { Repositories } from '../data/repositories.js';
import type { Role } from './access/roles.js';
import type { Clock } from './clock.js';
import type { Idempotency } from './idempotency.js';
import type { CommerceGateway, PartnerDirectory } from './ports.js';

/** What every service is built from (see services/index.ts for the composition). */
export interface ServiceContext {
  repos: Repositories;
  clock: Clock;
  idempotency: Idempotency;
  directory: PartnerDirectory;
  commerce: CommerceGateway;
  /** With PARTNER_BACKEND=partner-center: the agents' roles as Partner Center knows them. */
  roleDirectory?: { rolesOf(tenantId: string, agentId: string): Promise<Role[]> };
  settings: {
    /** Base of the personalised links, e.g. https://bot.example.com (no trailing slash). */
    publicBaseUrl: string;
    invitationTtlDays: number;
    /** Key material sealing replayable e-mail drafts (DRAFT_REPLAY_SECRET); unset: random per process. */
    draftReplaySecret?: string;
    /** Set with PARTNER_BACKEND=partner-center: relationships become real only in Partner Center. */
    partnerCenter?: {
      /** The provider's Partner Center request link, shown as the step that makes a relationship real. */
      requestLink(tenantId: string): Promise<string | undefined>;
    };
  };
}
