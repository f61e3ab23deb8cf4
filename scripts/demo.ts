/**
 * Walks the whole lifecycle through the service layer on the seeded demo data and prints the
 * audit trail: invite → reseller accepts → reseller of record on a subscription → removal.
 *   npm run seed && npm run demo
 */
import { DEMO_AGENTS, DEMO_RESELLERS, DEMO_SUBSCRIPTIONS, DEMO_TENANT } from './demo-data.js';
import { runCli } from './cli.js';

await runCli('npm run demo', {}, async ({ services }) => {
  const admin = { tenantId: DEMO_TENANT, ...DEMO_AGENTS.admin };
  const sales = { tenantId: DEMO_TENANT, ...DEMO_AGENTS.sales };
  // A reseller with no open relationship, so the demo can run again after a removal.
  let reseller: (typeof DEMO_RESELLERS)[number] | undefined;
  for (const candidate of DEMO_RESELLERS) {
    const check = await services.relationships
      .verifyPartnerId(admin, candidate.partnerId)
      .catch(() => undefined);
    if (check && !check.related && check.canRequestRelationship) {
      reseller = candidate;
      break;
    }
  }
  const subscription = DEMO_SUBSCRIPTIONS[0];
  if (!reseller || !subscription)
    throw new Error('no eligible reseller or subscription: run npm run seed first');

  const request = await services.relationships.requestRelationship(admin, {
    resellerEmail: 'partners@example.com',
    partnerId: reseller.partnerId,
    locale: 'en-US',
  });
  if (!request.draft) throw new Error('unexpected replay');
  console.log(
    `1. ${admin.displayName} requested a relationship with ${request.resellerName} (${request.partnerId})`,
  );
  console.log(`   e-mail subject: ${request.draft.subject}\n   link: ${request.draft.link}`);
  await services.relationships.markRequestSent(admin, {
    partnerId: reseller.partnerId,
    subject: request.draft.subject,
    body: request.draft.body,
  });

  const token = request.draft.link.split('/invite/')[1] ?? '';
  const accepted = await services.invitations.accept({
    token,
    user: {
      userId: 'demo-reseller-user',
      entraTenantId: reseller.entraTenantId ?? 'demo-reseller-tenant',
      email: 'admin@example.com',
      name: 'Reseller admin',
    },
  });
  console.log(`2. ${accepted.resellerName} accepted: relationship with ${accepted.providerName} is active`);

  const updated = await services.commerce.setResellerOfRecord(sales, {
    customerId: subscription.customerId,
    subscriptionId: subscription.subscriptionId,
    partnerId: reseller.partnerId,
  });
  console.log(`3. ${sales.displayName} set ${reseller.name} as reseller of record on "${updated.offerName}"`);

  const removed = await services.relationships.removeRelationship(admin, {
    partnerId: reseller.partnerId,
    confirmed: true,
    attestation: true,
  });
  console.log(
    `4. ${admin.displayName} removed the relationship; customers kept: ${removed.consequences.customersKept}, ` +
      `delegated admin privileges kept: ${removed.consequences.delegatedAdminPrivilegesKept}, ` +
      `termination notice generated: ${removed.consequences.terminationNoticeGenerated}`,
  );

  console.log('\nAudit trail (newest first):');
  const audit = await services.audit.page(admin, { limit: 6 });
  for (const entry of audit.entries) {
    const change =
      entry.before || entry.after
        ? ` ${JSON.stringify(entry.before ?? {})} → ${JSON.stringify(entry.after ?? {})}`
        : '';
    console.log(
      `  ${entry.at.toISOString()}  ${entry.type.padEnd(38)} ${entry.subject.padEnd(60)} by ${entry.actor.name ?? entry.actor.id}${change}`,
    );
  }
});
