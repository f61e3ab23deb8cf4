import type { Repositories } from '../../data/repositories.js';
import { isAppError } from '../errors.js';
import type { Logger } from '../logger.js';
import type { RelationshipSync, RelationshipSyncReport } from './relationship-sync.js';
import type { PartnerCenterRoleDirectory } from './roles.js';

/** One provider's run: its report, or why it did not run (a code, never a token). */
export type ProviderSyncResult =
  | { tenantId: string; ok: true; relationships: RelationshipSyncReport; agentsWithRoles: number }
  | { tenantId: string; ok: false; error: string };

/**
 * The periodic Partner Center sync of every connected provider (relationships; roles when wired),
 * one provider after the other so one provider's throttling or lost sign-in does not stop others.
 */
export class PartnerCenterSyncJob {
  private running: Promise<ProviderSyncResult[]> | undefined;

  constructor(
    private readonly relationships: RelationshipSync,
    private readonly repos: Pick<Repositories, 'partnerCenterProviders'>,
    /** With one static development token every registered provider is visited. */
    private readonly everyProvider: boolean,
    private readonly roles?: PartnerCenterRoleDirectory,
    private readonly logger?: Logger,
  ) {}

  /** Syncs one provider; throws its refusal (e.g. partner_center_reconnect_required). */
  async runOne(tenantId: string): Promise<ProviderSyncResult> {
    const relationships = await this.relationships.run(tenantId);
    // A user removed from the admin agents in Partner Center loses admin here at the latest now.
    const agentsWithRoles = this.roles ? (await this.roles.refresh(tenantId)).byAgent.size : 0;
    return { tenantId, ok: true, relationships, agentsWithRoles };
  }

  /** Syncs every provider; a run already in progress is joined, not doubled. */
  runAll(): Promise<ProviderSyncResult[]> {
    this.running ??= this.visitAll().finally(() => (this.running = undefined));
    return this.running;
  }

  /** Runs every `minutes` in this process until stopped. */
  start(minutes: number): { stop(): Promise<void> } {
    const timer = setInterval(() => void this.runAll(), minutes * 60_000);
    timer.unref();
    return {
      stop: async () => {
        clearInterval(timer);
        await this.running;
      },
    };
  }

  private async visitAll(): Promise<ProviderSyncResult[]> {
    const tenants = this.everyProvider
      ? await this.repos.partnerCenterProviders.registeredTenants()
      : await this.repos.partnerCenterProviders.connectedTenants();
    const results: ProviderSyncResult[] = [];
    for (const tenantId of tenants) {
      try {
        const result = await this.runOne(tenantId);
        const r = result.ok ? result.relationships : undefined;
        this.logger?.info(
          {
            tenantId,
            imported: r?.imported.length,
            confirmed: r?.confirmed.length,
            ended: r?.ended.length,
            stillInPartnerCenter: r?.stillInPartnerCenter.length,
            complete: r?.complete,
            agentsWithRoles: result.ok ? result.agentsWithRoles : undefined,
          },
          'partner center sync',
        );
        results.push(result);
      } catch (error) {
        const code = isAppError(error) ? error.code : 'unexpected';
        this.logger?.warn(
          { tenantId, code, ...(isAppError(error) ? {} : { err: error }) },
          'partner center sync failed',
        );
        results.push({ tenantId, ok: false, error: code });
      }
    }
    return results;
  }
}
