/**
 * Syncs relationships with Partner Center now (the bot also does it every
 * PARTNER_CENTER_SYNC_MINUTES): imports resellers related only in Partner Center, confirms those
 * accepted in the bot, ends those Partner Center no longer lists.
 *   npm run sync -- --tenant <provider tenant id>
 *   npm run sync -- --all
 */
import type { ProviderSyncResult } from '../services/partner-center/sync-job.js';
import { runCli } from './cli.js';

const usage = 'npm run sync -- --tenant <provider tenant id> | --all';

await runCli(
  usage,
  { tenant: { type: 'string' }, all: { type: 'boolean', default: false } },
  async (app, values) => {
    if (!app.partnerCenter) throw new Error('set PARTNER_BACKEND=partner-center to sync with Partner Center');
    const tenantId = typeof values.tenant === 'string' ? values.tenant : undefined;
    if (!tenantId && values.all !== true) {
      console.error(`missing --tenant or --all\nusage: ${usage}`);
      process.exit(2);
    }
    if (tenantId && !(await app.repos.providers.get(tenantId))) {
      throw new Error(`provider tenant ${tenantId} is not registered (npm run provider first)`);
    }
    const results = tenantId
      ? [await app.partnerCenter.sync.runOne(tenantId)]
      : await app.partnerCenter.sync.runAll();
    for (const result of results) console.log(describe(result));
    if (results.some((r) => !r.ok)) process.exitCode = 1;
  },
);

function describe(result: ProviderSyncResult): string {
  if (!result.ok) return `${result.tenantId}: not synced (${result.error})`;
  const r = result.relationships;
  const list = (ids: string[]) => (ids.length ? ` (${ids.join(', ')})` : '');
  return [
    `${r.tenantId}: ${r.imported.length} imported${list(r.imported)}`,
    `${r.confirmed.length} confirmed in Partner Center${list(r.confirmed)}`,
    `${r.ended.length} ended in Partner Center${list(r.ended)}`,
    `${r.unchanged} unchanged`,
    ...(r.stillInPartnerCenter.length
      ? [
          `${r.stillInPartnerCenter.length} removed here but still in Partner Center${list(r.stillInPartnerCenter)}: end them in the portal`,
        ]
      : []),
    ...(r.complete ? [] : ['the list was read only in part: nothing was ended']),
    `roles of ${result.agentsWithRoles} agents read from Partner Center`,
  ].join(', ');
}
