import { expect } from 'chai';
import { customerAddedCard } from '../../cards/commerce-forms.js';
import { resellerDetailsCard, resellersCard } from '../../cards/resellers.js';
import type { InvitationView } from '../../services/relationships/invitation-service.js';
import type { RelationshipView } from '../../services/relationships/relationship-service.js';
import { renderInvitePage } from '../../web/invite-page.js';
import { testUi } from '../cards/samples.js';

const at = new Date('2026-11-01T09:00:00Z');
const can = { remove: true, cancel: true, request: true, addCustomer: true };
const base: RelationshipView = {
  tenantId: 'tenant-a',
  partnerId: '1000001',
  resellerName: 'Contoso Cloud Partners',
  resellerNameLower: 'contoso cloud partners',
  country: 'CN',
  status: 'active',
  activeSince: at,
};

/** What Partner Center says of a relationship, on the list and on the reseller's card. */
describe('Partner Center states on the reseller cards', () => {
  const text = (card: unknown) => JSON.stringify(card);

  it('says the reseller still has to accept in Partner Center, in both languages', () => {
    const waiting = { ...base, partnerCenterState: 'waiting' as const };
    const list = (locale: 'en-US' | 'zh-CN') =>
      text(
        resellersCard(
          { include: 'active', rows: [waiting], total: 1, page: 0, pageSize: 10, can },
          testUi(locale),
        ),
      );
    expect(list('en-US')).to.include('waiting for the reseller to accept in Partner Center');
    expect(list('zh-CN')).to.include('等待经销商在合作伙伴中心接受');
    expect(text(resellerDetailsCard(waiting, can, testUi('en-US')))).to.include(
      'waiting for the reseller to accept in Partner Center',
    );
    // Confirmed, or in local mode (no state): nothing about waiting.
    const confirmed = { ...base, partnerCenterState: 'confirmed' as const };
    expect(list('en-US').replace('waiting', '')).to.not.include('waiting');
    const rows = resellersCard(
      { include: 'active', rows: [confirmed, base], total: 2, page: 0, pageSize: 10, can },
      testUi('en-US'),
    );
    expect(text(rows)).to.not.include('waiting');
    expect(text(resellerDetailsCard(confirmed, can, testUi('en-US')))).to.include(
      'confirmed in Partner Center',
    );
  });

  it('shows a reseller imported from Partner Center as such, and one that ended there', () => {
    const imported = { ...base, source: 'partner_center' as const, partnerCenterState: 'confirmed' as const };
    const en = text(resellerDetailsCard(imported, can, testUi('en-US')));
    expect(en).to.include('Source').and.include('imported from Partner Center');
    expect(text(resellerDetailsCard(imported, can, testUi('zh-CN')))).to.include('从合作伙伴中心导入');
    const ended = { ...base, status: 'removed', endedIn: 'partner_center' as const };
    expect(text(resellerDetailsCard(ended, can, testUi('en-US')))).to.include('ended in Partner Center');
    expect(text(resellerDetailsCard(base, can, testUi('en-US')))).to.not.include('Partner Center');
  });
});

describe('the invitation page with the Partner Center backend', () => {
  const view: InvitationView = {
    providerName: 'Adatum',
    providerTenantId: 'tenant-a',
    resellerName: 'Contoso',
    partnerId: '1000001',
    expiresAt: at,
    status: 'pending',
    partnerCenterRequestLink: 'https://partner.microsoft.com/request?a=1&b="2"',
  };
  const page = (v: InvitationView, locale: 'en-US' | 'zh-CN') =>
    renderInvitePage({ kind: 'invitation', view: v, token: 't'.repeat(43) }, { locale });

  it('carries the provider’s Partner Center request link as the step that makes it real', () => {
    const en = page(view, 'en-US');
    expect(en).to.include('accept the request in Partner Center too');
    expect(en).to.include('href="https://partner.microsoft.com/request?a=1&amp;b=&quot;2&quot;"');
    expect(page(view, 'zh-CN')).to.include('然后还请在合作伙伴中心接受此请求');
    const { partnerCenterRequestLink: _none, ...local } = view;
    expect(page(local, 'en-US')).to.not.include('Partner Center too');
    expect(page({ ...view, status: 'declined' }, 'en-US')).to.not.include('Partner Center too');
  });
});

describe('the one-time admin credentials of a new customer', () => {
  const customer = {
    customerId: 'c-9',
    providerTenantId: 'tenant-a',
    companyName: 'Wingtip Toys',
    domain: 'wingtip.onmicrosoft.com',
    azure: false,
  };
  const reseller = { partnerId: '1000001', resellerName: 'Contoso' };
  const credentials = { userName: 'admin@wingtip.onmicrosoft.com', password: 'Xy7-one-time9' };

  it('shows them in a personal chat, and only says where to find them in a shared one', () => {
    const personal = JSON.stringify(
      customerAddedCard(customer, reseller, false, testUi('en-US'), credentials),
    );
    expect(personal).to.include('admin@wingtip.onmicrosoft.com').and.include('Xy7-one-time9');
    expect(personal).to.include('shown only now');
    const zh = JSON.stringify(customerAddedCard(customer, reseller, false, testUi('zh-CN'), credentials));
    expect(zh).to.include('一次性密码');
    const shared = JSON.stringify(customerAddedCard(customer, reseller, false, testUi('en-US'), 'hidden'));
    expect(shared).to.not.include('Xy7');
    expect(shared).to.include('only in a personal chat');
    expect(JSON.stringify(customerAddedCard(customer, reseller, false, testUi('en-US')))).to.not.include(
      'password',
    );
  });
});
