import { newKey, RESELLERS, tokenOf, type World } from './world.js';

/** Resellers of the channel below besides RESELLERS.ready and .second (no Entra tenant known). */
export const CHANNEL_RESELLERS = {
  litware: { partnerId: '1000011', name: 'Litware Systems', domain: 'litware.example' },
  proseware: { partnerId: '1000012', name: 'Proseware Cloud', domain: 'proseware.example' },
  alpine: { partnerId: '1000013', name: 'Alpine Ski IT', domain: 'alpine.example' },
  coho: { partnerId: '1000014', name: 'Coho Winery Tech', domain: 'coho.example' },
  datum: { partnerId: '1000015', name: 'Datum Networks', domain: 'datum.example' },
} as const;

/**
 * What `seedChannel` leaves, as the resellers tab must show it. Over the last 90 days: 6 requests
 * sent; Contoso accepted after 2 days and Alpine after 4 (median 3 days), Fabrikam declined,
 * Litware expired, Proseware cancelled, Coho still pending. Datum was accepted 115 days ago (active,
 * outside the funnel). Contoso is reseller of record of 2 subscriptions and support contact of 1.
 */
export const CHANNEL_EXPECTED = {
  funnel: { sent: 6, accepted: 2, declined: 1, expired: 1, cancelled: 1, pending: 1 },
  medianMsToAccept: 3 * 86_400_000,
  relationships: 7,
  contoso: { subscriptions: 2, supportContacts: 1 },
};

/** Builds the channel above on provider A, moving the world's clock about 115 days forward. */
export async function seedChannel(world: World): Promise<void> {
  await world.directory.upsert(
    Object.values(CHANNEL_RESELLERS).map((r) => ({
      partnerId: r.partnerId,
      name: r.name,
      country: 'CN',
      enrolledAsIndirectReseller: true,
      mpaStatus: 'active' as const,
    })),
  );
  const request = async (partnerId: string, email: string) =>
    tokenOf(
      (
        await world.services.relationships.requestRelationship(
          world.admin,
          { resellerEmail: email, partnerId },
          newKey(),
        )
      ).draft!.link,
    );
  const userOf = (domain: string) => ({
    userId: `user@${domain}`,
    entraTenantId: `tenant-${domain}`,
    email: `it@${domain}`,
  });
  const { datum, litware, proseware, alpine, coho } = CHANNEL_RESELLERS;

  const datumToken = await request(datum.partnerId, `owner@${datum.domain}`);
  world.clock.advanceMinutes(60);
  await world.services.invitations.accept({ token: datumToken, user: userOf(datum.domain) });
  world.clock.advanceDays(100);

  const contoso = await request(RESELLERS.ready.partnerId, 'owner@contoso.example');
  const fabrikam = await request(RESELLERS.second.partnerId, 'owner@fabrikam.example');
  await request(litware.partnerId, `owner@${litware.domain}`);
  await request(proseware.partnerId, `owner@${proseware.domain}`);
  const alpineToken = await request(alpine.partnerId, `owner@${alpine.domain}`);
  world.clock.advanceDays(1);
  await world.services.invitations.decline({
    token: fabrikam,
    user: { userId: 'u-fab', entraTenantId: 't-fab', email: 'it@fabrikam.example' },
  });
  await world.services.relationships.cancelRequest(world.admin, { partnerId: proseware.partnerId }, newKey());
  world.clock.advanceDays(1);
  await world.services.invitations.accept({
    token: contoso,
    user: { userId: 'contoso-user', entraTenantId: 'contoso-tenant' },
  });
  world.clock.advanceDays(2);
  await world.services.invitations.accept({ token: alpineToken, user: userOf(alpine.domain) });
  world.clock.advanceDays(11);
  await world.services.relationships.expireDueRequests();
  await request(coho.partnerId, `owner@${coho.domain}`);

  const customer = { providerTenantId: world.admin.tenantId, azure: false };
  await world.commerce.upsert({
    customers: [
      { ...customer, customerId: 'cust-1', companyName: 'Wide World', domain: 'wwi.example' },
      { ...customer, customerId: 'cust-2', companyName: 'Tailwind', domain: 'tailwind.example' },
    ],
    subscriptions: [
      {
        customerId: 'cust-1',
        subscriptionId: 'sub-1',
        offerName: 'Microsoft 365 E3',
        quantity: 10,
        partnerId: RESELLERS.ready.partnerId,
        supportContactPartnerId: RESELLERS.ready.partnerId,
      },
      {
        customerId: 'cust-2',
        subscriptionId: 'sub-2',
        offerName: 'Microsoft 365 E5',
        quantity: 5,
        partnerId: RESELLERS.ready.partnerId,
      },
      {
        customerId: 'cust-2',
        subscriptionId: 'sub-3',
        offerName: 'Azure plan',
        quantity: 1,
        partnerId: alpine.partnerId,
      },
    ].map((s) => ({ ...s, providerTenantId: world.admin.tenantId })),
  });
}
