import type { StoredEvent } from '../../data/events/event.js';
import type { Repositories } from '../../data/repositories.js';
import type { CommerceGateway } from '../ports.js';

/** Who or what an audit entry is about, by name, with each id on its own. */
export interface AuditSubject {
  kind: 'relationship' | 'customer' | 'subscription' | 'order' | 'agent' | 'other';
  resellerName?: string;
  partnerId?: string;
  customerName?: string;
  customerId?: string;
  subscriptionName?: string;
  subscriptionId?: string;
  orderId?: string;
  agentName?: string;
  agentId?: string;
}

/** How a relationship's current reseller name is read (the relationships read model). */
export type ResellerNameOf = (tenantId: string, partnerId: string) => Promise<string | undefined>;

/**
 * Names the subjects of one page (or one export) of the audit trail. The event's own data comes
 * first; what it lacks is looked up once per subject and remembered for the rest of the page, so
 * a CSV of thousands of entries asks about each reseller, customer and subscription only once.
 * A lookup that fails (a customer gone from Partner Center) leaves the id alone.
 */
export class SubjectNames {
  private readonly cache = new Map<string, Promise<string | undefined>>();
  private agents: Promise<Map<string, string>> | undefined;

  constructor(
    private readonly tenantId: string,
    private readonly deps: { repos: Repositories; commerce: CommerceGateway; resellerNameOf: ResellerNameOf },
  ) {}

  async of(event: StoredEvent): Promise<AuditSubject> {
    const [type, ...rest] = event.stream.split(':');
    const id = rest.join(':');
    const data = event.data;
    const text = (value: unknown) => (typeof value === 'string' && value ? value : undefined);
    switch (type) {
      case 'relationship':
        return {
          kind: 'relationship',
          partnerId: id,
          ...named('resellerName', text(data.resellerName) ?? (await this.reseller(id))),
        };
      case 'customer':
        return {
          kind: 'customer',
          customerId: id,
          ...named('customerName', text(data.companyName) ?? (await this.customer(id))),
          ...(text(data.partnerId) ? await this.resellerFields(text(data.partnerId) ?? '') : {}),
        };
      case 'subscription': {
        const [customerId = '', subscriptionId = ''] = id.split('/');
        return {
          kind: 'subscription',
          customerId,
          subscriptionId,
          ...named('customerName', await this.customer(customerId)),
          ...named(
            'subscriptionName',
            text(data.offerName) ?? (await this.subscription(customerId, subscriptionId)),
          ),
          ...(text(data.partnerId) ? await this.resellerFields(text(data.partnerId) ?? '') : {}),
        };
      }
      case 'order': {
        const customerId = text(data.customerId);
        return {
          kind: 'order',
          orderId: id,
          ...(customerId ? { customerId, ...named('customerName', await this.customer(customerId)) } : {}),
          ...(text(data.partnerId) ? await this.resellerFields(text(data.partnerId) ?? '') : {}),
        };
      }
      case 'agent':
        return {
          kind: 'agent',
          agentId: id,
          ...named('agentName', text(data.displayName) ?? (await this.agentNames()).get(id)),
        };
      default:
        return { kind: 'other' };
    }
  }

  private async resellerFields(partnerId: string): Promise<Partial<AuditSubject>> {
    return { partnerId, ...named('resellerName', await this.reseller(partnerId)) };
  }

  private reseller(partnerId: string) {
    return this.remember(`r:${partnerId}`, () => this.deps.resellerNameOf(this.tenantId, partnerId));
  }

  private customer(customerId: string) {
    return this.remember(
      `c:${customerId}`,
      async () => (await this.deps.commerce.getCustomer(this.tenantId, customerId))?.companyName,
    );
  }

  private subscription(customerId: string, subscriptionId: string) {
    return this.remember(
      `s:${customerId}/${subscriptionId}`,
      async () =>
        (await this.deps.commerce.getSubscription(this.tenantId, { customerId, subscriptionId }))?.offerName,
    );
  }

  private agentNames(): Promise<Map<string, string>> {
    this.agents ??= this.deps.repos.agentQueries
      .list(this.tenantId)
      .then(
        (agents) =>
          new Map(
            agents.flatMap((agent) =>
              agent.displayName ? [[agent.agentId, agent.displayName] as const] : [],
            ),
          ),
      )
      .catch(() => new Map());
    return this.agents;
  }

  private remember(key: string, lookup: () => Promise<string | undefined>): Promise<string | undefined> {
    let found = this.cache.get(key);
    if (!found) {
      found = lookup().catch(() => undefined);
      this.cache.set(key, found);
    }
    return found;
  }
}

function named<K extends keyof AuditSubject>(field: K, value: string | undefined): Partial<AuditSubject> {
  return value ? { [field]: value } : {};
}
