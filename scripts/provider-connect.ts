/**
 * Connects a provider tenant to Partner Center: an admin agent of the provider signs in once
 * (device code flow, or with --flow auth-code a browser sign-in on this machine; with MFA) and
 * the bot keeps that sign-in, sealed, to act for the provider.
 *   npm run provider:connect -- --tenant <provider tenant id> [--flow device-code|auth-code] [--no-browser] [--request-link <https://…>]
 * Run it again to reconnect after the bot says "reconnect Partner Center". `--request-link` is the
 * provider's Partner Center link that asks a reseller to accept the relationship there; the bot
 * adds it to each request e-mail and invitation page.
 */
import { z } from 'zod';
import { runCli, required } from './cli.js';
import { openBrowser } from './open-browser.js';

const usage =
  'npm run provider:connect -- --tenant <provider tenant id> [--flow device-code|auth-code] [--no-browser] [--request-link <https://…>] [--billing-profile <json>]';
const requestLinkSchema = z.url({ protocol: /^https$/ }).max(2000);

const options = {
  tenant: { type: 'string' },
  flow: { type: 'string' },
  'no-browser': { type: 'boolean' },
  'request-link': { type: 'string' },
  'billing-profile': { type: 'string' },
} as const;
// CustomerBillingProfile: https://learn.microsoft.com/en-us/partner-center/developer/customer-resources#customerbillingprofile
const billingProfileSchema = z.object({
  email: z.email(),
  culture: z.string().regex(/^[a-z]{2}-[A-Z]{2}$/),
  language: z.string().regex(/^[a-z]{2}$/),
  defaultAddress: z
    .object({
      country: z.string().length(2),
      city: z.string().min(1),
      addressLine1: z.string().min(1),
      postalCode: z.string(),
    })
    .catchall(z.string()),
});

await runCli(usage, options, async ({ repos, partnerCenter }, values) => {
  const tenantId = required(values, 'tenant', usage);
  const flow = values.flow ?? 'device-code';
  if (flow !== 'device-code' && flow !== 'auth-code') throw new Error('--flow is device-code or auth-code');
  const rawLink = values['request-link'];
  const requestLink = rawLink === undefined ? undefined : requestLinkSchema.safeParse(rawLink);
  if (requestLink && !requestLink.success) throw new Error('--request-link must be an https:// link');
  const rawBilling = values['billing-profile'];
  let billingProfile: z.infer<typeof billingProfileSchema> | undefined;
  if (typeof rawBilling === 'string') {
    let json: unknown;
    try {
      json = JSON.parse(rawBilling);
    } catch {
      throw new Error('--billing-profile must be JSON: {"email","culture","language","defaultAddress":{…}}');
    }
    const parsed = billingProfileSchema.safeParse(json);
    if (!parsed.success) {
      throw new Error(
        `--billing-profile: ${parsed.error.issues.map((i) => i.path.join('.')).join(', ')} not valid`,
      );
    }
    billingProfile = parsed.data;
  }
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
  const { username } =
    flow === 'auth-code'
      ? await partnerCenter.tokens.connectWithAuthCode(tenantId, {
          onUrl: (url) => {
            console.log(`Open this address in a browser on this machine and sign in:\n${url}`);
            if (values['no-browser'] !== true && openBrowser(url)) console.log('(a browser was opened)');
          },
        })
      : await partnerCenter.tokens.connect(tenantId, (prompt) => console.log(prompt.message));
  console.log(`Partner Center connected for ${provider.name} as ${username}.`);
  if (billingProfile) {
    await repos.partnerCenterSettings.update(tenantId, { billingProfile }, new Date());
    console.log('New customers get this billing profile.');
  }
  if (requestLink?.success) {
    await repos.partnerCenterSettings.update(tenantId, { requestLink: requestLink.data }, new Date());
    console.log(`Request e-mails and invitation pages now carry ${requestLink.data}.`);
  }
});
