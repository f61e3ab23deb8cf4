/**
 * Grants or revokes an agent's role in a provider tenant, as the bot's operator. This is how the
 * first admin of a provider is made; admins then manage roles from Teams.
 *   npm run grant -- --tenant <tenantId> --agent <Entra object id> --role admin|sales|helpdesk [--name "…"] [--revoke]
 */
import { runCli, required } from './cli.js';

const usage =
  'npm run grant -- --tenant <tenantId> --agent <entraObjectId> --role admin|sales|helpdesk [--name <display name>] [--revoke]';

await runCli(
  usage,
  {
    tenant: { type: 'string' },
    agent: { type: 'string' },
    role: { type: 'string' },
    name: { type: 'string' },
    revoke: { type: 'boolean', default: false },
  },
  async ({ services }, values) => {
    const tenantId = required(values, 'tenant', usage);
    const input = {
      agentId: required(values, 'agent', usage),
      role: required(values, 'role', usage),
      displayName: values.name,
    };
    const agent = await services.access.operatorChangeRole(
      tenantId,
      input,
      values.revoke ? 'revoke' : 'grant',
    );
    console.log(`${agent.agentId} in ${tenantId} now holds: ${agent.roles.join(', ') || '(no role)'}`);
  },
);
