/**
 * Connects a provider tenant to Partner Center: an admin agent of the provider signs in once
 * (device code flow, with MFA) and the bot keeps that sign-in, sealed, to act for the provider.
 *   npm run provider:connect -- --tenant <provider tenant id> [--request-link <https://…>]
 * Run it again to reconnect after the bot says "reconnect Partner Center". `--request-link` is the
 * provider's Partner Center link that asks a reseller to accept the relationship there; the bot
 * adds it to each request e-mail and invitation page.
 */
import { z } from 'zod';
import { runCli, required } from './cli.js';

const usage = 'npm run provider:connect -- --tenant <provider tenant id> [--request-link <https://…>]';
const requestLinkSchema = z.url({ protocol: /^https$/ }).max(2000);

const options = { tenant: { type: 'string' }, 'request-link': { type: 'string' } } as const;

await runCli(usage, options, async ({ repos, partnerCenter }, values) => {
  const tenantId = required(values, 'tenant', usage);
  const rawLink = values['request-link'];
  const requestLink = rawLink === undefined ? undefined : requestLinkSchema.safeParse(rawLink);
  if (requestLink && !requestLink.success) throw new Error('--request-link must be an https:// link');
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
  if (requestLink?.success) {
    await repos.partnerCenterSettings.setRequestLink(tenantId, requestLink.data, new Date());
    console.log(`Request e-mails and invitation pages now carry ${requestLink.data}.`);
  }
});
