import { auditCard, auditExportCard } from '../../cards/audit.js';
import {
  customerAddedCard,
  customerFormCard,
  orderFormCard,
  orderSubmittedCard,
} from '../../cards/commerce-forms.js';
import { customersCard, subscriptionsCard } from '../../cards/customers.js';
import { draftCard, requestReplayedCard, requestSentCard } from '../../cards/draft.js';
import { helpCard } from '../../cards/help.js';
import { invitationCard, invitationOutcomeCard } from '../../cards/invitation.js';
import { languageCard } from '../../cards/language.js';
import { listingCard } from '../../cards/listing.js';
import { noticeCard } from '../../cards/notice.js';
import { pickerCard, pickerDoneCard } from '../../cards/picker.js';
import type { CardJson, Ui } from '../../cards/render.js';
import { keptCard, removalCard, removedCard } from '../../cards/removal.js';
import { requestCancelledCard, resellerDetailsCard, resellersCard } from '../../cards/resellers.js';
import { roleCard } from '../../cards/role.js';
import { requestFormCard } from '../../cards/request-form.js';
import { uiFor } from '../../bot/turn.js';
import type { Locale } from '../../i18n/index.js';
import { composeDraft } from '../../services/relationships/invitation-draft.js';
import type { RelationshipView } from '../../services/relationships/relationship-service.js';

const at = new Date('2026-11-01T09:00:00Z');
const later = new Date('2026-11-15T09:00:00Z');
const can = { remove: true, cancel: true, request: true, addCustomer: true };
const customerCan = {
  addCustomer: true,
  submitOrder: true,
  setResellerOfRecord: true,
  designateSupportContact: true,
};

/** A UI whose action ids count up, so two renders of the same data are identical. */
export function testUi(locale: Locale): Ui {
  let n = 0;
  return uiFor(locale, () => `00000000-0000-4000-8000-${String(++n).padStart(12, '0')}`);
}

function active(i: number): RelationshipView {
  return {
    tenantId: 'tenant-a',
    partnerId: String(1_000_000 + i),
    resellerName: `Reseller ${i} with a rather long company name Ltd.`,
    resellerNameLower: `reseller ${i}`,
    country: 'CN',
    status: 'active',
    activeSince: at,
    updatedAt: at,
  };
}

function pending(i: number): RelationshipView {
  return {
    ...active(i),
    status: 'pending',
    activeSince: undefined,
    invitation: {
      invitationId: `inv-${i}`,
      resellerEmail: `owner${i}@reseller.example`,
      expiresAt: later,
      requestedAt: at,
    },
  };
}

const subscription = {
  subscriptionId: 'sub-1',
  customerId: 'cust-1',
  providerTenantId: 'tenant-a',
  offerName: 'Microsoft 365 E3',
  quantity: 25,
  partnerId: '1000001',
};
const pickerBase = { subscription, customerName: 'Wide World Importers', holders: [] };
const customer = {
  customerId: 'cust-1',
  providerTenantId: 'tenant-a',
  companyName: 'Wide World Importers',
  domain: 'wwi.example',
  azure: true,
  associatedPartnerId: '1000001',
};
const choice = (i: number) => ({ partnerId: String(1_000_000 + i), resellerName: `Reseller ${i} Ltd.` });
const many = (count: number, make: (i: number) => RelationshipView) =>
  Array.from({ length: count }, (_, i) => make(i + 1));

/** Every card the bot can render, with the largest data each one shows, in one locale. */
export function renderAll(locale: Locale): Record<string, CardJson> {
  const ui = testUi(locale);
  const draft = composeDraft({
    locale,
    to: 'owner@contoso.example',
    providerName: 'Adatum Distribution',
    resellerName: 'Contoso Cloud Partners',
    agentName: 'Ada Admin',
    expiresAt: later,
    link: `https://bot.example.test/invite/${'A'.repeat(43)}`,
  });
  const draftData = {
    partnerId: '1000001',
    resellerName: 'Contoso Cloud Partners',
    to: draft.to,
    subject: draft.subject,
    body: draft.body,
    link: draft.link,
    mailtoUrl: draft.mailtoUrl,
    expiresAt: later,
  };
  const invitation = {
    providerName: 'Adatum Distribution',
    providerTenantId: 'tenant-a',
    resellerName: 'Contoso Cloud Partners',
    partnerId: '1000001',
    expiresAt: later,
    status: 'pending' as const,
  };
  const auditEntries = Array.from({ length: 10 }, (_, i) => ({
    id: `e${i}`,
    at,
    type: i % 2 ? 'relationship.accepted' : 'subscription.reseller_of_record_set',
    subject: `relationship:${1_000_000 + i}`,
    actor: { kind: 'agent', id: 'agent-admin', name: 'Ada Admin' },
    before: { status: 'pending', roles: ['sales'] },
    after: { status: 'active', roles: ['sales', 'admin'] },
    details: {},
  }));
  const names = new Map(many(10, active).map((r) => [r.partnerId, r.resellerName]));
  const resellerChoices = Array.from({ length: 100 }, (_, i) => choice(i + 1));
  return {
    help: helpCard({ displayName: 'Ada Admin', roles: ['admin', 'sales'], notice: 'notice' }, ui),
    helpNoRole: helpCard({ roles: [] }, ui),
    notice: noticeCard({ tone: 'error', title: 'title', text: 'text' }),
    role: roleCard({ displayName: 'Ada Admin', tenantId: 'tenant-a', roles: ['admin'] }, ui),
    roleNone: roleCard({ tenantId: 'tenant-a', roles: [] }, ui),
    listing: listingCard(
      {
        tenantId: 'tenant-a',
        name: 'Adatum Distribution',
        partnerId: '9000001',
        country: 'CN',
        allowedCountries: ['CN'],
        listing: { displayName: '', website: '', regions: [], contactEmail: '', description: '' },
        createdAt: at,
      },
      ui,
    ),
    language: languageCard(ui),
    requestForm: requestFormCard({ resellerEmail: 'a@b.example', partnerId: '1', error: 'error' }, ui),
    draft: draftCard({ ...draftData, notice: 'notice', error: 'error' }, ui),
    draftCopy: draftCard({ ...draftData, copy: true }, ui),
    // The longest body the services accept, line by line: the card must still fit.
    draftCopyLongest: draftCard(
      { ...draftData, body: `${'line\n'.repeat(79)}${'x'.repeat(5600)}`, copy: true },
      ui,
    ),
    draftCopyManyLines: draftCard({ ...draftData, body: 'l\n'.repeat(3000), copy: true }, ui),
    requestSent: requestSentCard(
      { resellerName: 'Contoso', partnerId: '1000001', to: draft.to, expiresAt: later },
      ui,
    ),
    requestReplayed: requestReplayedCard({ resellerName: 'Contoso', partnerId: '1000001' }, ui),
    invitation: invitationCard(invitation, 'A'.repeat(43), ui),
    invitationExpired: invitationCard({ ...invitation, status: 'expired' }, 'A'.repeat(43), ui, 'error'),
    invitationAccepted: invitationOutcomeCard({ ...invitation, status: 'accepted' }, ui),
    invitationDeclined: invitationOutcomeCard({ ...invitation, status: 'declined' }, ui),
    resellers: resellersCard(
      { include: 'active', rows: many(10, active), total: 45, page: 1, pageSize: 10, query: 'res', can },
      ui,
    ),
    resellersEmpty: resellersCard({ include: 'active', rows: [], total: 0, page: 0, pageSize: 10, can }, ui),
    pending: resellersCard(
      { include: 'pending', rows: many(10, pending), total: 10, page: 0, pageSize: 10, can },
      ui,
    ),
    details: resellerDetailsCard(active(1), can, ui),
    detailsPending: resellerDetailsCard(pending(1), can, ui),
    cancelled: requestCancelledCard(pending(1), ui),
    pickerEndedHolder: pickerCard(
      {
        ...pickerBase,
        purpose: 'resellerOfRecord',
        holders: [
          { partnerId: subscription.partnerId ?? '', resellerName: 'Former Reseller', status: 'removed' },
        ],
        resellers: [],
        total: 0,
      },
      ui,
    ),
    picker: pickerCard(
      { ...pickerBase, purpose: 'resellerOfRecord', resellers: resellerChoices, total: 100 },
      ui,
    ),
    pickerTypeahead: pickerCard(
      { ...pickerBase, purpose: 'supportContact', resellers: resellerChoices, total: 5000, error: 'error' },
      ui,
    ),
    pickerVerified: pickerCard(
      {
        ...pickerBase,
        purpose: 'resellerOfRecord',
        resellers: [],
        total: 0,
        manualPartnerId: '1000002',
        verification: { kind: 'related', reseller: choice(2) },
      },
      ui,
    ),
    pickerUnrelated: pickerCard(
      {
        ...pickerBase,
        purpose: 'resellerOfRecord',
        resellers: [choice(1)],
        total: 1,
        manualPartnerId: '1000002',
        verification: { kind: 'unrelated', reseller: choice(2), status: 'none', canRequest: true },
      },
      ui,
    ),
    pickerRefused: pickerCard(
      {
        ...pickerBase,
        purpose: 'resellerOfRecord',
        resellers: [choice(1)],
        total: 1,
        manualPartnerId: 'x',
        verification: { kind: 'refused', message: 'refused' },
      },
      ui,
    ),
    pickerDone: pickerDoneCard('resellerOfRecord', subscription, choice(1), ui),
    supportDone: pickerDoneCard('supportContact', subscription, choice(1), ui),
    customers: customersCard(
      {
        customers: Array.from({ length: 25 }, (_, i) => ({ ...customer, customerId: `c${i}` })),
        page: 1,
        resellerNames: names,
        can: customerCan,
      },
      ui,
    ),
    customersEmpty: customersCard({ customers: [], page: 0, resellerNames: names, can: customerCan }, ui),
    subscriptions: subscriptionsCard(
      {
        customer,
        subscriptions: Array.from({ length: 12 }, (_, i) => ({ ...subscription, subscriptionId: `s${i}` })),
        resellerNames: names,
        can: customerCan,
      },
      ui,
    ),
    customerForm: customerFormCard(
      {
        resellers: resellerChoices,
        selected: '1000001',
        values: { companyName: 'A', domain: 'a.example', azure: true },
        error: 'error',
      },
      ui,
    ),
    customerFormEmpty: customerFormCard({ resellers: [] }, ui),
    customerAdded: customerAddedCard(customer, choice(1), true, ui),
    orderForm: orderFormCard(
      { customer, resellers: resellerChoices, values: { offerId: 'o', quantity: 3 }, error: 'error' },
      ui,
    ),
    orderSubmitted: orderSubmittedCard(
      {
        orderId: 'o-1',
        customerId: 'cust-1',
        providerTenantId: 'tenant-a',
        partnerIdOnRecord: '1000001',
        lineItems: [{ offerId: 'o', quantity: 3 }],
        createdAt: at,
      },
      customer,
      choice(1),
      ui,
    ),
    removal: removalCard(active(1), ui, 'error'),
    removalNotActive: removalCard({ ...active(1), status: 'removed' }, ui),
    removed: removedCard(
      {
        partnerId: '1000001',
        resellerName: 'Contoso',
        removedAt: at,
        consequences: {
          customersKept: true,
          delegatedAdminPrivilegesKept: true,
          terminationNoticeGenerated: false,
        },
      },
      'Adatum Distribution',
      ui,
    ),
    kept: keptCard(active(1), ui),
    audit: auditCard({ entries: auditEntries, cursor: 'abc' }, ui, { older: true }),
    auditEmpty: auditCard({ entries: [] }, ui),
    auditExport: auditExportCard(
      {
        url: 'https://bot.example.test/audit/export.csv?t=tenant-a&a=agent-admin&e=1793523000&s=abc',
        expiresAt: new Date('2026-11-01T09:10:00Z'),
      },
      ui,
    ),
  };
}
