import type { Collection, Db } from 'mongodb';

interface AgentDocument {
  _id: string;
  tenantId: string;
  agentId: string;
  displayName?: string;
  roles: string[];
}

/** Queries over the agents read model (folded from `agent.*` events). */
export class AgentQueries {
  private readonly agents: Collection<AgentDocument>;

  constructor(db: Db) {
    this.agents = db.collection<AgentDocument>('agents');
  }

  async countWithRole(tenantId: string, role: string): Promise<number> {
    return this.agents.countDocuments({ tenantId, roles: role });
  }

  async list(tenantId: string): Promise<{ agentId: string; displayName?: string; roles: string[] }[]> {
    const docs = await this.agents.find({ tenantId }).sort({ agentId: 1 }).limit(500).toArray();
    return docs.map(({ agentId, displayName, roles }) => ({ agentId, displayName, roles }));
  }
}
