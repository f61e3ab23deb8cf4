import type { Repositories } from '../../data/repositories.js';
import type { Clock } from '../clock.js';
import type { RelationshipService } from '../relationships/relationship-service.js';
import { RELATIONSHIP_EVENTS, type RelationshipState } from '../relationships/relationship-stream.js';
import type { Decision } from '../streams.js';
import type { IndirectReseller, PartnerCenterResellerIndex } from './directory.js';

/** The sync's own name in the audit trail. */
export const SYNC_ACTOR = { kind: 'system' as const, id: 'partner-center-sync', name: 'Partner Center sync' };

/** What one run changed for one provider (Partner IDs), and what it left for a person to decide. */
export interface RelationshipSyncReport {
  tenantId: string;
  /** Active in Partner Center, unknown to the bot: now active in the bot, source Partner Center. */
  imported: string[];
  /** Accepted in the bot (or still pending) and now listed in Partner Center. */
  confirmed: string[];
  /** Confirmed before, no longer listed in Partner Center: ended. */
  ended: string[];
  /** Removed by an agent in the bot yet still listed: only the Partner Center portal can end it. */
  stillInPartnerCenter: string[];
  /** Listed in Partner Center and already as the bot knows them. */
  unchanged: number;
  /** False when Partner Center had more pages than the bound: nothing was ended on a cut list. */
  complete: boolean;
}

type Outcome = 'imported' | 'confirmed' | 'ended' | 'stillInPartnerCenter' | 'unchanged';

/**
 * Reconciles the bot's relationships with the provider's indirect resellers as Partner Center lists
 * them (GET /v1/relationships?relationship_type=IsIndirectCloudSolutionProviderOf, paged, 429-aware
 * through the HTTP core). Every change is a relationship event, decided on the stream's current
 * state, so a second run changes nothing and a run racing an agent's action loses cleanly.
 * https://learn.microsoft.com/en-us/partner-center/developer/retrieve-a-list-of-indirect-resellers
 */
export class RelationshipSync {
  constructor(
    private readonly relationships: RelationshipService,
    private readonly resellers: PartnerCenterResellerIndex,
    private readonly repos: Pick<Repositories, 'relationshipQueries'>,
    private readonly clock: Clock,
  ) {}

  async run(tenantId: string): Promise<RelationshipSyncReport> {
    const { resellers, complete } = await this.resellers.refresh(tenantId);
    const listed = new Map(
      resellers.filter((r) => /^\d{1,12}$/.test(r.partnerId)).map((r) => [r.partnerId, r]),
    );
    const report: RelationshipSyncReport = {
      tenantId,
      imported: [],
      confirmed: [],
      ended: [],
      stillInPartnerCenter: [],
      unchanged: 0,
      complete,
    };
    const count = (partnerId: string, outcome: Outcome) => {
      if (outcome === 'unchanged') report.unchanged += 1;
      else report[outcome].push(partnerId);
    };
    for (const reseller of listed.values()) {
      count(
        reseller.partnerId,
        await this.execute(tenantId, reseller.partnerId, (s) => this.listed(s, reseller)),
      );
    }
    if (complete) {
      const open = await this.repos.relationshipQueries.listByStatus(tenantId, ['active']);
      for (const row of open.filter((r) => !listed.has(r.partnerId))) {
        const outcome = await this.execute(tenantId, row.partnerId, (s) => this.missing(s));
        if (outcome !== 'unchanged') count(row.partnerId, outcome);
      }
    }
    return report;
  }

  private execute(
    tenantId: string,
    partnerId: string,
    decide: (state: RelationshipState) => Decision<Outcome, RelationshipState>,
  ): Promise<Outcome> {
    return this.relationships.streams.execute<Outcome>(tenantId, partnerId, ({ state }) => decide(state));
  }

  private listed(state: RelationshipState, reseller: IndirectReseller): Decision<Outcome, RelationshipState> {
    const data = {
      resellerTenantId: reseller.tenantId,
      resellerName: reseller.name,
      country: /^[A-Z]{2}$/i.test(reseller.country) ? reseller.country.toUpperCase() : '',
    };
    const endedThere = state.status === 'removed' && state.endedIn === 'partner_center';
    if (['none', 'declined', 'expired', 'cancelled'].includes(state.status) || endedThere) {
      return this.append('imported', RELATIONSHIP_EVENTS.imported, state.status, 'active', data);
    }
    if (state.status === 'removed') return { noChange: 'stillInPartnerCenter' };
    if (state.status === 'pending' || !state.partnerCenter) {
      return this.append(
        'confirmed',
        RELATIONSHIP_EVENTS.confirmedInPartnerCenter,
        state.status,
        'active',
        data,
      );
    }
    return { noChange: 'unchanged' };
  }

  // Only a relationship Partner Center listed before can end there; one accepted in the bot and
  // not yet listed is still waiting for the reseller to accept in Partner Center.
  private missing(state: RelationshipState): Decision<Outcome, RelationshipState> {
    if (state.status !== 'active' || !state.partnerCenter) return { noChange: 'unchanged' };
    return this.append('ended', RELATIONSHIP_EVENTS.endedInPartnerCenter, 'active', 'removed', {
      resellerTenantId: state.partnerCenter.resellerTenantId,
    });
  }

  private append(
    outcome: Outcome,
    type: string,
    before: string,
    after: string,
    data: Record<string, unknown>,
  ): Decision<Outcome, RelationshipState> {
    return {
      append: {
        type,
        at: this.clock.now(),
        actor: SYNC_ACTOR,
        before: { status: before },
        after: { status: after },
        data: { ...data, source: 'partner_center' },
      },
      answer: () => outcome,
    };
  }
}
