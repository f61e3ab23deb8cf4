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
import { notificationCard } from '../../cards/notification.js';
import {
  notificationsCard,
  notificationsFailedCard,
  notificationTypesCard,
} from '../../cards/notifications.js';
import { NOTIFY_TYPES } from '../../services/notifications/subscription-stream.js';
import { pickerCard, pickerDoneCard } from '../../cards/picker.js';
import type { CardJson, Ui } from '../../cards/render.js';
import { keptCard, removalCard, removedCard } from '../../cards/removal.js';
import { requestCancelledCard, resellerDetailsCard, resellersCard } from '../../cards/resellers.js';
import { roleCard } from '../../cards/role.js';
import { requestFormCard } from '../../cards/request-form.js';
import { uiFor } from '../../bot/turn.js';
import type { Locale } from '../../i18n/index.js';
import { composeDraft, MAX_DRAFT_BODY } from '../../services/relationships/invitation-draft.js';
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

/**
 * Names and addresses that come from other organisations (the partner directory, Teams, Partner
 * Center); tests pass hostile ones to check that no card renders them as Markdown.
 */
export interface ExternalNames {
  reseller?: string;
  provider?: string;
  person?: string;
  company?: string;
  email?: string;
}

/** A reseller user's display name that Teams would render as a phishing link, unescaped. */
export const PHISHING = '[Microsoft Security: re-verify](https://evil.example/login)';

/** Every external value of the samples made hostile. */
export const HOSTILE: Required<ExternalNames> = {
  reseller: PHISHING,
  provider: `# ${PHISHING}`,
  person: `- **${PHISHING}**`,
  company: `1. _${PHISHING}_`,
  email: `> ~${PHISHING}~@x.example`,
};

const subscription = {
  subscriptionId: 'sub-1',
  customerId: 'cust-1',
  providerTenantId: 'tenant-a',
  offerName: 'Microsoft 365 E3',
  quantity: 25,
  partnerId: '1000001',
};
const many = (count: number, make: (i: number) => RelationshipView) =>
  Array.from({ length: count }, (_, i) => make(i + 1));

/** The sample records, named as given (hostile names in one test). */
function records(external: ExternalNames) {
  const active = (i: number): RelationshipView => ({
    tenantId: 'tenant-a',
    partnerId: String(1_000_000 + i),
    resellerName: external.reseller ?? `Reseller ${i} with a rather long company name Ltd.`,
    resellerNameLower: `reseller ${i}`,
    country: 'CN',
    status: 'active',
    activeSince: at,
    updatedAt: at,
  });
  const invitation = (i: number) => ({
    invitationId: `inv-${i}`,
    resellerEmail: external.email ?? `owner${i}@reseller.example`,
    expiresAt: later,
    requestedAt: at,
  });
  const pending = (i: number): RelationshipView => ({
    ...active(i),
    status: 'pending',
    activeSince: undefined,
    invitation: invitation(i),
  });
  const customer = {
    customerId: 'cust-1',
    providerTenantId: 'tenant-a',
    companyName: external.company ?? 'Wide World Importers',
    domain: 'wwi.example',
    azure: true,
    associatedPartnerId: '1000001',
  };
  const choice = (i: number) => ({
    partnerId: String(1_000_000 + i),
    resellerName: external.reseller ?? `Reseller ${i} Ltd.`,
  });
  return { active, invitation, pending, customer, choice };
}

/**
 * A draft body of exactly MAX_DRAFT_BODY characters in Chinese, holding the link; `lines` lines
 * (the copy view shows up to 80 as one block each).
 */
function longestChineseBody(link: string, lines: number): string {
  const line = '尊敬的合作伙伴，我们诚挚邀请贵公司成为我们的间接经销商。';
  const head = Array.from({ length: lines - 1 }, (_, i) => line.slice(0, (i % line.length) + 1)).join('\n');
  const start = `${link}\n${head}\n`;
  const fill = '邀'.repeat(MAX_DRAFT_BODY - start.length);
  return `${start}${fill}`;
}

/** Every card the bot can render, with the largest data each one shows, in one locale. */
export function renderAll(locale: Locale, external: ExternalNames = {}): Record<string, CardJson> {
  const ui = testUi(locale);
  const { active, invitation: invitationOf, pending, customer: customerOne, choice } = records(external);
  const pickerBase = { subscription, customerName: customerOne.companyName, holders: [] };
  const draft = composeDraft({
    locale,
    to: external.email ?? 'owner@contoso.example',
    providerName: external.provider ?? 'Adatum Distribution',
    resellerName: external.reseller ?? 'Contoso Cloud Partners',
    agentName: external.person ?? 'Ada Admin',
    expiresAt: later,
    link: `https://bot.example.test/invite/${'A'.repeat(43)}`,
  });
  const draftData = {
    partnerId: '1000001',
    resellerName: external.reseller ?? 'Contoso Cloud Partners',
    to: draft.to,
    subject: draft.subject,
    body: draft.body,
    link: draft.link,
    mailtoUrl: draft.mailtoUrl,
    mailtoText: 'original' as const,
    expiresAt: later,
  };
  const invitation = {
    providerName: external.provider ?? 'Adatum Distribution',
    providerTenantId: 'tenant-a',
    resellerName: external.reseller ?? 'Contoso Cloud Partners',
    partnerId: '1000001',
    expiresAt: later,
    status: 'pending' as const,
  };
  const auditEntries = Array.from({ length: 10 }, (_, i) => ({
    id: `e${i}`,
    at,
    type: i % 2 ? 'relationship.accepted' : 'subscription.reseller_of_record_set',
    subject: `relationship:${1_000_000 + i}`,
    about: {
      kind: 'relationship' as const,
      partnerId: String(1_000_000 + i),
      resellerName: external.reseller ?? 'Contoso Cloud Partners',
    },
    actor: { kind: i % 2 ? 'reseller' : 'agent', id: 'agent-admin', name: external.person ?? 'Ada Admin' },
    before: { status: 'pending', roles: ['sales'] },
    after: { status: 'active', roles: ['sales', 'admin'] },
    details: {},
  }));
  const names = new Map(many(10, active).map((r) => [r.partnerId, r.resellerName]));
  const resellerChoices = Array.from({ length: 100 }, (_, i) => choice(i + 1));
  return {
    help: helpCard(
      { displayName: external.person ?? 'Ada Admin', roles: ['admin', 'sales'], notice: 'notice' },
      ui,
    ),
    helpNoRole: helpCard({ roles: [] }, ui),
    notice: noticeCard({ tone: 'error', title: 'title', text: 'text' }),
    role: roleCard(
      { displayName: external.person ?? 'Ada Admin', tenantId: 'tenant-a', roles: ['admin', 'sales'] },
      ui,
    ),
    roleNone: roleCard({ tenantId: 'tenant-a', roles: [] }, ui),
    listing: listingCard(
      {
        tenantId: 'tenant-a',
        name: external.provider ?? 'Adatum Distribution',
        partnerId: '9000001',
        country: 'CN',
        allowedCountries: ['CN'],
        listing: {
          displayName: '',
          website: '',
          regions: [],
          contactEmail: external.email ?? '',
          description: external.provider ?? '',
        },
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
    // The longest body in Chinese (three bytes a character in UTF-8), in one block and line by line.
    draftLongestChinese: draftCard({ ...draftData, body: longestChineseBody(draft.link, 1) }, ui),
    draftCopyLongestChinese: draftCard(
      { ...draftData, body: longestChineseBody(draft.link, 1), copy: true, notice: 'notice' },
      ui,
    ),
    draftCopyLongestChineseLines: draftCard(
      { ...draftData, body: longestChineseBody(draft.link, 80), copy: true, error: 'error' },
      ui,
    ),
    requestSent: requestSentCard(
      { resellerName: draftData.resellerName, partnerId: '1000001', to: draft.to, expiresAt: later },
      ui,
    ),
    requestReplayed: requestReplayedCard({ resellerName: draftData.resellerName, partnerId: '1000001' }, ui),
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
          {
            partnerId: subscription.partnerId ?? '',
            resellerName: external.reseller ?? 'Former Reseller',
            status: 'removed',
          },
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
        customers: Array.from({ length: 25 }, (_, i) => ({ ...customerOne, customerId: `c${i}` })),
        page: 1,
        resellerNames: names,
        can: customerCan,
      },
      ui,
    ),
    customersEmpty: customersCard({ customers: [], page: 0, resellerNames: names, can: customerCan }, ui),
    subscriptions: subscriptionsCard(
      {
        customer: customerOne,
        subscriptions: Array.from({ length: 12 }, (_, i) => ({ ...subscription, subscriptionId: `s${i}` })),
        resellerNames: names,
        can: customerCan,
      },
      ui,
    ),
    customerForm: customerFormCard(
      {
        resellers: resellerChoices,
        total: 100,
        selected: '1000001',
        values: { companyName: 'A', domain: 'a.example', azure: true },
        error: 'error',
      },
      ui,
    ),
    // Beyond 100 active resellers: the first page, the one chosen from a later page, and the typeahead.
    customerFormTypeahead: customerFormCard(
      { resellers: [choice(5000), ...resellerChoices], total: 5000, selected: '1005000' },
      ui,
    ),
    customerFormEmpty: customerFormCard({ resellers: [], total: 0 }, ui),
    customerAdded: customerAddedCard(customerOne, choice(1), true, ui, undefined, {
      acceptedBy: 'Mei Lin',
      email: 'mei.lin@customer.example',
      dateAgreed: at,
    }),
    orderForm: orderFormCard(
      {
        customer: customerOne,
        resellers: resellerChoices,
        total: 100,
        values: { offerId: 'CFQ7TTC0LH18:0001', quantity: 3, term: 'P1Y:annual' },
        terms: {
          offerId: 'CFQ7TTC0LH18:0001',
          terms: [
            { termDuration: 'P1M', billingCycle: 'monthly' },
            { termDuration: 'P1Y', billingCycle: 'annual' },
            { termDuration: 'P3Y', billingCycle: 'triennial' },
          ],
        },
        error: 'error',
      },
      ui,
    ),
    orderFormTypeahead: orderFormCard(
      {
        customer: { ...customerOne, associatedPartnerId: '1005000' },
        resellers: [choice(5000), ...resellerChoices],
        total: 5000,
        terms: { terms: [{ termDuration: 'P1M', billingCycle: 'monthly' }] },
      },
      ui,
    ),
    orderSubmitted: orderSubmittedCard(
      {
        orderId: 'o-1',
        customerId: 'cust-1',
        providerTenantId: 'tenant-a',
        partnerIdOnRecord: '1000001',
        lineItems: [{ offerId: 'o', quantity: 3, termDuration: 'P1Y', billingCycle: 'annual' }],
        createdAt: at,
      },
      customerOne,
      choice(1),
      ui,
    ),
    removal: removalCard({ ...active(1), invitation: invitationOf(1) }, ui, 'error'),
    removalNotActive: removalCard({ ...active(1), status: 'removed' }, ui),
    removed: removedCard(
      {
        partnerId: '1000001',
        resellerName: external.reseller ?? 'Contoso',
        removedAt: at,
        consequences: {
          customersKept: true,
          delegatedAdminPrivilegesKept: true,
          terminationNoticeGenerated: false,
        },
      },
      external.provider ?? 'Adatum Distribution',
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
    ...notificationSamples(ui, external),
  };
}

/** The notifications cards: the subscriptions list, the event-type form, failures, and one card per event. */
function notificationSamples(ui: Ui, external: ExternalNames): Record<string, CardJson> {
  const person = external.person ?? 'Ada Admin';
  const subscription = {
    recipientId: 'a'.repeat(24),
    kind: 'person' as const,
    userId: 'agent-admin',
    name: person,
    types: ['accepted' as const, 'declined' as const],
    active: true,
    addedBy: 'agent-admin',
    addedAt: at,
  };
  const facts = {
    partnerId: '1000001',
    resellerName: external.reseller ?? 'Contoso Cloud Partners',
    actorName: person,
    providerName: external.provider ?? 'Adatum Distribution',
    customerId: 'cust-1',
    companyName: external.company ?? 'Wide World Importers',
    subscriptionId: 'sub-1',
    offerName: 'Microsoft 365 E3',
  };
  const cards: Record<string, CardJson> = {
    notifications: notificationsCard(
      {
        callerId: 'agent-other',
        canManage: true,
        deadLetters: 2,
        subscriptions: [
          { ...subscription, reachable: false },
          {
            ...subscription,
            recipientId: 'b'.repeat(24),
            active: false,
            goneReason: 'blocked',
            reachable: true,
          },
          {
            ...subscription,
            recipientId: 'c'.repeat(24),
            kind: 'channel',
            conversationId: '19:x@thread.tacv2',
            name: 'General',
            reachable: true,
          },
        ],
      },
      ui,
      { inChannel: true, notice: 'notice' },
    ),
    notificationsEmpty: notificationsCard(
      { callerId: 'agent-admin', canManage: false, deadLetters: 0, subscriptions: [] },
      ui,
      { inChannel: false },
    ),
    notificationTypes: notificationTypesCard(subscription, ui, 'error'),
    notificationsFailed: notificationsFailedCard(
      [
        {
          _id: 'f'.repeat(32),
          tenantId: 'tenant-a',
          eventId: 'e',
          eventType: 'relationship.accepted',
          eventAt: at,
          audience: 'manager',
          target: { tenantId: 'tenant-a', kind: 'person', userId: 'agent-admin' },
          facts: { ...facts, recipientName: person },
          status: 'dead',
          attempt: 6,
          attemptLimit: 6,
          dueAt: at,
          createdAt: at,
          lastStatus: 503,
        },
      ],
      ui,
      'notice',
    ),
    notificationsFailedEmpty: notificationsFailedCard([], ui),
    notifyReseller: notificationCard(
      { eventType: 'relationship.accepted', eventAt: at, audience: 'reseller', toChannel: false, facts },
      ui,
    ),
  };
  for (const [code, eventType] of Object.entries(NOTIFY_TYPES)) {
    cards[`notify-${code}`] = notificationCard(
      { eventType, eventAt: at, audience: 'manager', toChannel: false, facts },
      ui,
    );
  }
  return cards;
}
