/** Every call the fake answers, by method and path. Names are what tests count requests by. */
export type StubRoute =
  | 'mpnProfile'
  | 'agreementStatus'
  | 'relationships'
  | 'roles'
  | 'roleMembers'
  | 'listCustomers'
  | 'createCustomer'
  | 'getCustomer'
  | 'listSubscriptions'
  | 'getSubscription'
  | 'patchSubscription'
  | 'getSupportContact'
  | 'putSupportContact'
  | 'createOrder'
  | 'createCart'
  | 'checkoutCart'
  | 'acceptAgreement'
  | 'customerAgreements'
  | 'agreementMetadata'
  | 'availability'
  | 'availabilities';

const SUB = '/v1/customers/([^/]+)/subscriptions/([^/]+)';

const ROUTES: { method: string; pattern: RegExp; name: StubRoute }[] = [
  { method: 'GET', pattern: /^\/v1\/profiles\/mpn$/, name: 'mpnProfile' },
  { method: 'GET', pattern: /^\/v1\/compliance\/csp\/agreementstatus$/, name: 'agreementStatus' },
  { method: 'GET', pattern: /^\/v1\/relationships$/, name: 'relationships' },
  { method: 'GET', pattern: /^\/v1\/roles$/, name: 'roles' },
  { method: 'GET', pattern: /^\/v1\/roles\/([^/]+)\/usermembers$/, name: 'roleMembers' },
  { method: 'GET', pattern: /^\/v1\/customers$/, name: 'listCustomers' },
  { method: 'POST', pattern: /^\/v1\/customers$/, name: 'createCustomer' },
  { method: 'GET', pattern: /^\/v1\/customers\/([^/]+)$/, name: 'getCustomer' },
  { method: 'GET', pattern: /^\/v1\/customers\/([^/]+)\/subscriptions$/, name: 'listSubscriptions' },
  { method: 'GET', pattern: new RegExp(`^${SUB}$`), name: 'getSubscription' },
  { method: 'PATCH', pattern: new RegExp(`^${SUB}$`), name: 'patchSubscription' },
  { method: 'GET', pattern: new RegExp(`^${SUB}/supportcontact$`), name: 'getSupportContact' },
  { method: 'PUT', pattern: new RegExp(`^${SUB}/supportcontact$`), name: 'putSupportContact' },
  { method: 'POST', pattern: /^\/v1\/customers\/([^/]+)\/orders$/, name: 'createOrder' },
  { method: 'POST', pattern: /^\/v1\/customers\/([^/]+)\/carts$/, name: 'createCart' },
  { method: 'POST', pattern: /^\/v1\/customers\/([^/]+)\/carts\/([^/]+)\/checkout$/, name: 'checkoutCart' },
  { method: 'POST', pattern: /^\/v1\/customers\/([^/]+)\/agreements$/, name: 'acceptAgreement' },
  { method: 'GET', pattern: /^\/v1\/customers\/([^/]+)\/agreements$/, name: 'customerAgreements' },
  { method: 'GET', pattern: /^\/v1\/agreements$/, name: 'agreementMetadata' },
  {
    method: 'GET',
    pattern: /^\/v1\/products\/([^/]+)\/skus\/([^/]+)\/availabilities\/([^/]+)$/,
    name: 'availability',
  },
  {
    method: 'GET',
    pattern: /^\/v1\/products\/([^/]+)\/skus\/([^/]+)\/availabilities$/,
    name: 'availabilities',
  },
];

export function routeOf(method: string, pathname: string): { name: StubRoute; params: string[] } | undefined {
  for (const r of ROUTES) {
    const match = r.method === method ? r.pattern.exec(pathname) : null;
    if (match) return { name: r.name, params: match.slice(1).map((p) => decodeURIComponent(p)) };
  }
  return undefined;
}
