/** Realistic demo data for local use: one provider (the Agents Playground's tenant), its agents and ~50 resellers. */
import type { DirectoryReseller, CommerceCustomer, CommerceSubscription } from '../services/ports.js';

/** The tenant and users the Microsoft 365 Agents Playground sends by default. */
export const DEMO_TENANT = '00000000-0000-0000-0000-0000000000001';
export const DEMO_AGENTS = {
  admin: { agentId: '00000000-0000-0000-0000-0000000000020', displayName: 'Alex Wilber' },
  sales: { agentId: '00000000-0000-0000-0000-0000000000021', displayName: 'Megan Bowen' },
  helpdesk: { agentId: '00000000-0000-0000-0000-0000000000022', displayName: 'Adele Vance' },
};
export const DEMO_PROVIDER_PARTNER_ID = '4100001';

/** The reseller the second Playground (`playground/reseller/`) signs in as: Relecloud's tenant. */
export const DEMO_RESELLER_TENANT = '7d3c1a52-9b4e-4c1f-9a55-2f0e5c1d0001';
export const DEMO_PLAYGROUND_RESELLER = 'Relecloud';

const NAMES = [
  'Contoso Cloud Partners',
  'Fabrikam Solutions',
  'Northwind Traders IT',
  'Tailspin Technologies',
  'Woodgrove Digital',
  'Litware Systems',
  'Proseware Cloud',
  'Adventure Works Tech',
  'Alpine Ski IT',
  'Blue Yonder Consulting',
  'Coho Winery Tech',
  'Consolidated Messenger',
  'Datum Networks',
  'Fourth Coffee Digital',
  'Graphic Design Institute IT',
  'Humongous Insurance Tech',
  'Lucerne Publishing IT',
  'Margie’s Travel Tech',
  'Nod Publishers Cloud',
  'Southridge Video IT',
  'Trey Research',
  'Wide World Importers IT',
  'Wingtip Toys Cloud',
  'VanArsdel Solutions',
  'Relecloud',
  '华云科技',
  '蓝海信息',
  '星辰数码',
  '长城云服务',
  '东方智联',
  '北辰网络',
  '天合数据',
  '瑞达软件',
  '新锐互联',
  '云帆科技',
  'Lamna Healthcare IT',
  'Munson’s Pickles Tech',
  'Olympia Cloud',
  'Bellows College IT',
  'Best For You Organics IT',
  'Boulder Innovations',
  'City Power & Light IT',
  'Contoso Pharmaceuticals IT',
  'First Up Consultants',
  'Hexa Cloud',
  'Liberty’s Delightful Tech',
  'Nod Cloud Services',
  'School of Fine Art IT',
  'Sunrise Systems',
  'Tailwind Traders',
];
const COUNTRIES = ['CN', 'CN', 'CN', 'HK', 'SG', 'CN', 'MY', 'CN', 'US', 'CN'];

/** Directory entries: most enrolled with an active MPA, a few of each refusal case. */
export const DEMO_RESELLERS: DirectoryReseller[] = NAMES.map((name, i) => ({
  partnerId: String(5000001 + i),
  name,
  country: COUNTRIES[i % COUNTRIES.length] ?? 'CN',
  enrolledAsIndirectReseller: i % 13 !== 7,
  mpaStatus: i % 11 === 5 ? 'not_signed' : i % 17 === 9 ? 'expired' : 'active',
  ...(name === DEMO_PLAYGROUND_RESELLER ? { entraTenantId: DEMO_RESELLER_TENANT } : {}),
}));

export const DEMO_CUSTOMERS: CommerceCustomer[] = [
  ['Wide World Importers', 'wideworldimporters.example', false],
  ['Blue Yonder Airlines', 'blueyonder.example', true],
  ['上海明远贸易', 'mingyuan.example', false],
  ['Trey Research Labs', 'treyresearch.example', true],
  ['深圳启航电子', 'qihang.example', false],
  ['Fabrikam Residences', 'fabrikamres.example', false],
  ['Coho Vineyard', 'cohovineyard.example', true],
  ['北京智远教育', 'zhiyuan.example', false],
].map(([companyName, domain, azure], i) => ({
  customerId: `c0000000-0000-4000-8000-00000000000${i + 1}`,
  providerTenantId: DEMO_TENANT,
  companyName: companyName as string,
  domain: domain as string,
  azure: azure as boolean,
}));

const OFFERS = [
  'Microsoft 365 E3',
  'Microsoft 365 Business Premium',
  'Azure plan',
  'Dynamics 365 Sales',
  'Microsoft Teams Essentials',
];

export const DEMO_SUBSCRIPTIONS: CommerceSubscription[] = DEMO_CUSTOMERS.flatMap((customer, c) =>
  [0, 1, 2].slice(0, 1 + (c % 3)).map((s) => ({
    subscriptionId: `s0000000-0000-4000-8000-0000000000${c + 1}${s + 1}`,
    customerId: customer.customerId,
    providerTenantId: DEMO_TENANT,
    offerName: OFFERS[(c + s) % OFFERS.length] ?? 'Microsoft 365 E3',
    quantity: 5 + ((c * 7 + s * 3) % 40),
  })),
);
