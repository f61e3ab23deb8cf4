import type { Repositories } from '../data/repositories.js';
import { AccessService } from './access/access-service.js';
import { AuditService } from './audit/audit-service.js';
import type { Clock } from './clock.js';
import { CommerceService } from './commerce/commerce-service.js';
import type { ServiceContext } from './context.js';
import { Idempotency } from './idempotency.js';
import { Maintenance } from './maintenance.js';
import { DeadLetterService } from './notifications/dead-letter-service.js';
import { NotificationSubscriptionService } from './notifications/subscription-service.js';
import type { CommerceGateway, PartnerDirectory } from './ports.js';
import { ChannelOverviewService } from './relationships/channel-overview.js';
import { InvitationService } from './relationships/invitation-service.js';
import { RelationshipService } from './relationships/relationship-service.js';

/** Every use case of the bot; handlers call these and nothing below them. */
export interface Services {
  access: AccessService;
  relationships: RelationshipService;
  invitations: InvitationService;
  /** The resellers tab: relationships, pending requests, the channel funnel (read only). */
  channel: ChannelOverviewService;
  commerce: CommerceService;
  audit: AuditService;
  /** Finishes what a crash interrupted (start, periodically, `npm run repair`). */
  maintenance: Maintenance;
  notifications: NotificationSubscriptionService;
  deadLetters: DeadLetterService;
}

export function createServices(deps: {
  repos: Repositories;
  clock: Clock;
  directory: PartnerDirectory;
  commerce: CommerceGateway;
  roleDirectory?: ServiceContext['roleDirectory'];
  settings: ServiceContext['settings'];
}): Services {
  const ctx: ServiceContext = { ...deps, idempotency: new Idempotency(deps.repos.idempotency, deps.clock) };
  const access = new AccessService(ctx);
  const relationships = new RelationshipService(ctx, access);
  const commerce = new CommerceService(ctx, access);
  return {
    access,
    relationships,
    invitations: new InvitationService(ctx, relationships),
    channel: new ChannelOverviewService(ctx, access, relationships),
    commerce,
    audit: new AuditService(
      ctx,
      access,
      async (tenantId, partnerId) =>
        (await relationships.streams.load(tenantId, partnerId)).state.resellerName || undefined,
    ),
    maintenance: new Maintenance(ctx, commerce),
    notifications: new NotificationSubscriptionService(ctx, access),
    deadLetters: new DeadLetterService(ctx, access),
  };
}
