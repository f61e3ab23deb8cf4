import { expect } from 'chai';
import { ACCEPTANCE, newKey, refusal, RESELLERS, type World } from '../support/world.js';
import { activeWorld, subscription } from '../support/active-world.js';

describe('transactions with a reseller', () => {
  let world: World;
  beforeEach(async () => (world = await activeWorld()));
  afterEach(async () => world.close());

  it('lists the active reseller, with prefix search on name and Partner ID, paged', async () => {
    const all = await world.services.relationships.listResellers(world.helpdesk);
    expect(all.rows.map((r) => r.resellerName)).to.deep.equal(['Contoso Cloud Partners']);
    expect((await world.services.relationships.listResellers(world.sales, { query: 'CONT' })).total).to.equal(
      1,
    );
    expect(
      (await world.services.relationships.listResellers(world.sales, { query: '100000' })).total,
    ).to.equal(1);
    expect((await world.services.relationships.listResellers(world.sales, { query: 'fab' })).total).to.equal(
      0,
    );
    expect((await world.services.relationships.listResellers(world.sales, { query: '.*' })).total).to.equal(
      0,
    );
    expect((await refusal(world.services.relationships.listResellers(world.nobody))).code).to.equal(
      'not_authorised',
    );
  });

  it('sets the reseller of record on a subscription (admin or sales), audited with before and after', async () => {
    const updated = await world.services.commerce.setResellerOfRecord(world.sales, {
      ...subscription,
      partnerId: RESELLERS.ready.partnerId,
    });
    expect(updated.partnerId).to.equal(RESELLERS.ready.partnerId);
    // The subscription's own trail: on the provider's, the transaction's end is written after it.
    const audit = await world.services.audit.page(world.admin, {
      limit: 1,
      subject: 'subscription:cust-1/sub-1',
    });
    expect(audit.entries[0]).to.deep.include({
      type: 'subscription.reseller_of_record_set',
      before: { partnerId: null },
      after: { partnerId: RESELLERS.ready.partnerId },
    });
    expect(audit.entries[0]?.actor.id).to.equal(world.sales.agentId);
    expect(
      (
        await refusal(
          world.services.commerce.setResellerOfRecord(world.helpdesk, {
            ...subscription,
            partnerId: RESELLERS.ready.partnerId,
          }),
        )
      ).code,
    ).to.equal('not_authorised');
  });

  it('refuses an unrelated reseller, one without MPA and an unknown subscription', async () => {
    const unrelated = await refusal(
      world.services.commerce.setResellerOfRecord(world.admin, {
        ...subscription,
        partnerId: RESELLERS.second.partnerId,
      }),
    );
    expect(unrelated.code).to.equal('relationship_not_active');
    expect(unrelated.params.resellerName).to.equal('Fabrikam Solutions');
    expect(
      (
        await refusal(
          world.services.commerce.setResellerOfRecord(world.admin, {
            ...subscription,
            partnerId: RESELLERS.noMpa.partnerId,
          }),
        )
      ).code,
    ).to.equal('reseller_mpa_inactive');
    expect(
      (
        await refusal(
          world.services.commerce.setResellerOfRecord(world.admin, {
            customerId: 'cust-1',
            subscriptionId: 'nope',
            partnerId: RESELLERS.ready.partnerId,
          }),
        )
      ).code,
    ).to.equal('subscription_not_found');
    // Both are read at once; the reseller's refusal still comes first, as when read in turn.
    expect(
      (
        await refusal(
          world.services.commerce.setResellerOfRecord(world.admin, {
            customerId: 'cust-1',
            subscriptionId: 'nope',
            partnerId: RESELLERS.noMpa.partnerId,
          }),
        )
      ).code,
    ).to.equal('reseller_mpa_inactive');
  });

  it('lets only an admin designate the support contact', async () => {
    const input = { ...subscription, partnerId: RESELLERS.ready.partnerId };
    expect(
      (await refusal(world.services.commerce.designateSupportContact(world.sales, input))).code,
    ).to.equal('not_authorised');
    const updated = await world.services.commerce.designateSupportContact(world.admin, input);
    expect(updated.supportContactPartnerId).to.equal(RESELLERS.ready.partnerId);
  });

  it('adds a customer on the reseller’s behalf; an Azure customer brings the Entra guidance', async () => {
    const key = newKey();
    const added = await world.services.commerce.addCustomer(
      world.sales,
      {
        companyName: 'Blue Yonder Airlines',
        domain: 'BlueYonder.example',
        azure: true,
        partnerId: RESELLERS.ready.partnerId,
        ...ACCEPTANCE,
      },
      key,
    );
    expect(added.customer.associatedPartnerId).to.equal(RESELLERS.ready.partnerId);
    expect(added.customer.domain).to.equal('blueyonder.example');
    expect(added.showEntraUserSettingsGuidance).to.equal(true);
    const again = await world.services.commerce.addCustomer(
      world.sales,
      {
        companyName: 'Blue Yonder Airlines',
        domain: 'blueyonder.example',
        azure: true,
        partnerId: RESELLERS.ready.partnerId,
        ...ACCEPTANCE,
      },
      key,
    );
    expect(again.customer.customerId).to.equal(added.customer.customerId);
    expect(await world.services.commerce.listCustomers(world.helpdesk)).to.have.length(2);
  });

  it('submits an order with the reseller on record', async () => {
    const order = await world.services.commerce.submitOrder(world.admin, {
      customerId: 'cust-1',
      partnerId: RESELLERS.ready.partnerId,
      lineItems: [{ offerId: 'CFQ7TTC0LH18', quantity: 5, termDuration: 'P1M', billingCycle: 'monthly' }],
    });
    expect(order.partnerIdOnRecord).to.equal(RESELLERS.ready.partnerId);
    expect(
      (
        await refusal(
          world.services.commerce.submitOrder(world.admin, {
            customerId: 'cust-1',
            partnerId: RESELLERS.ready.partnerId,
            lineItems: [],
          }),
        )
      ).code,
    ).to.equal('invalid_input');
  });

  it('verifies a Partner ID: related, unrelated with an offer, and each failure', async () => {
    const related = await world.services.relationships.verifyPartnerId(
      world.sales,
      RESELLERS.ready.partnerId,
    );
    expect(related.related).to.equal(true);
    const unrelated = await world.services.relationships.verifyPartnerId(
      world.admin,
      RESELLERS.second.partnerId,
    );
    expect(unrelated).to.deep.include({ related: false, canRequestRelationship: true });
    const unrelatedForSales = await world.services.relationships.verifyPartnerId(
      world.sales,
      RESELLERS.second.partnerId,
    );
    expect(unrelatedForSales).to.deep.include({ related: false, canRequestRelationship: false });
    const codes = async (partnerId: unknown) =>
      (await refusal(world.services.relationships.verifyPartnerId(world.admin, partnerId))).code;
    expect(await codes('12ab')).to.equal('invalid_input');
    expect(await codes({ $ne: null })).to.equal('invalid_input');
    expect(await codes('9000001')).to.equal('reseller_is_provider');
    expect(await codes('5555555')).to.equal('reseller_not_found');
    expect(await codes(RESELLERS.notEnrolled.partnerId)).to.equal('reseller_not_enrolled');
    expect(await codes(RESELLERS.noMpa.partnerId)).to.equal('reseller_mpa_inactive');
    expect(await codes(RESELLERS.abroad.partnerId)).to.equal('reseller_region_mismatch');
  });
});

describe('removing a relationship', () => {
  let world: World;
  beforeEach(async () => (world = await activeWorld()));
  afterEach(async () => world.close());

  const removal = { partnerId: RESELLERS.ready.partnerId, confirmed: true, attestation: true };

  it('needs admin or sales, the confirmation and the attestation', async () => {
    expect(
      (await refusal(world.services.relationships.removeRelationship(world.helpdesk, removal))).code,
    ).to.equal('not_authorised');
    expect(
      (
        await refusal(
          world.services.relationships.removeRelationship(world.sales, { ...removal, confirmed: false }),
        )
      ).code,
    ).to.equal('confirmation_required');
    expect(
      (
        await refusal(
          world.services.relationships.removeRelationship(world.sales, {
            ...removal,
            attestation: undefined,
          }),
        )
      ).code,
    ).to.equal('attestation_required');
    expect(
      (await world.services.relationships.getRelationship(world.admin, RESELLERS.ready.partnerId)).status,
    ).to.equal('active');
  });

  it('keeps customers and subscriptions, reports the consequences, and refuses new transactions', async () => {
    await world.services.commerce.setResellerOfRecord(world.admin, {
      ...subscription,
      partnerId: RESELLERS.ready.partnerId,
    });
    const result = await world.services.relationships.removeRelationship(world.sales, removal, newKey());
    expect(result.consequences).to.deep.equal({
      customersKept: true,
      delegatedAdminPrivilegesKept: true,
      terminationNoticeGenerated: false,
    });
    expect((await world.services.relationships.listResellers(world.admin)).total).to.equal(0);
    expect(await world.services.commerce.listCustomers(world.admin)).to.have.length(1);
    const kept = await world.services.commerce.getSubscription(world.admin, subscription);
    expect(kept.partnerId).to.equal(RESELLERS.ready.partnerId);
    expect(
      (
        await refusal(
          world.services.commerce.setResellerOfRecord(world.admin, {
            ...subscription,
            partnerId: RESELLERS.ready.partnerId,
          }),
        )
      ).code,
    ).to.equal('relationship_not_active');
    const again = await world.services.relationships.removeRelationship(world.admin, removal, newKey());
    expect(again.removedAt.getTime()).to.equal(result.removedAt.getTime());
    const audit = await world.services.audit.page(world.admin, {
      subject: `relationship:${RESELLERS.ready.partnerId}`,
    });
    expect(audit.entries.filter((e) => e.type === 'relationship.removed')).to.have.length(1);
  });

  it('refuses removal of a relationship that is not active', async () => {
    expect(
      (
        await refusal(
          world.services.relationships.removeRelationship(world.admin, {
            ...removal,
            partnerId: RESELLERS.second.partnerId,
          }),
        )
      ).code,
    ).to.equal('relationship_not_found');
  });
});
