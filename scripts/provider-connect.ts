/**
 * Connects a provider tenant to Partner Center: an admin agent of the provider signs in once
 * (device code flow, with MFA) and the bot keeps that sign-in, sealed, to act for the provider.
 *   npm run provider:connect -- --tenant <provider tenant id>
 * Run it again to reconnect after the bot says "reconnect Partner Center".
 */
import { runCli, required } from './cli.js';

const usage = 'npm run provider:connect -- --tenant <provider tenant id>';

await runCli(usage, { tenant: { type: 'string' } }, async ({ repos, partnerCenter }, values) => {
  const tenantId = required(values, 'tenant', usage);
  if (!partnerCenter)
    throw new Error('set PARTNER_BACKEND=partner-center to connect a provider to Partner Center');
  if (!partnerCenter.tokens) {
    throw new Error(
      'PARTNER_CENTER_ACCESS_TOKEN (development override) is set: unset it to connect providers',
    );
  }
  const provider = await repos.providers.get(tenantId);
  if (!provider) throw new Error(`provider tenant ${tenantId} is not registered (npm run provider first)`);
  console.log(`Connecting ${provider.name} (${tenantId}) to Partner Center.`);
  console.log('Sign in as an admin agent of this provider, with multi-factor authentication:');
  const { username } = await partnerCenter.tokens.connect(tenantId, (prompt) => console.log(prompt.message));
  console.log(`Partner Center connected for ${provider.name} as ${username}.`);
});
