/**
 * Registers (or updates) a provider tenant the bot serves.
 *   npm run provider -- --tenant <tenantId> --name "…" --partner-id <provider's Partner ID> [--country CN] [--countries CN,HK]
 */
import { runCli, required } from './cli.js';

const usage =
  'npm run provider -- --tenant <tenantId> --name <name> --partner-id <PartnerID> [--country <ISO>] [--countries <ISO,ISO…>] [--website <url>] [--email <contact>]';

await runCli(
  usage,
  {
    tenant: { type: 'string' },
    name: { type: 'string' },
    'partner-id': { type: 'string' },
    country: { type: 'string', default: 'CN' },
    countries: { type: 'string', default: '' },
    website: { type: 'string', default: '' },
    email: { type: 'string', default: '' },
  },
  async ({ repos }, values) => {
    const tenantId = required(values, 'tenant', usage);
    const name = required(values, 'name', usage);
    const partnerId = required(values, 'partner-id', usage);
    if (!/^\d{5,10}$/.test(partnerId)) throw new Error('--partner-id must be a numeric Partner ID');
    const allowedCountries = String(values.countries ?? '')
      .split(',')
      .map((c) => c.trim().toUpperCase())
      .filter(Boolean);
    const existing = await repos.providers.get(tenantId);
    await repos.providers.upsert({
      tenantId,
      name,
      partnerId,
      country: String(values.country).toUpperCase(),
      allowedCountries,
      listing: existing?.listing ?? {
        displayName: name,
        website: String(values.website ?? ''),
        regions: allowedCountries,
        contactEmail: String(values.email ?? ''),
        description: '',
      },
      createdAt: existing?.createdAt ?? new Date(),
    });
    console.log(
      `provider ${name} (${tenantId}) ${existing ? 'updated' : 'registered'}; grant its first admin with npm run grant`,
    );
  },
);
