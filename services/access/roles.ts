/** Agent roles, as in Partner Center. */
export const ROLES = ['admin', 'sales', 'helpdesk'] as const;
export type Role = (typeof ROLES)[number];

/** Who may do what: the rule table of the programme, in one place. */
export const PERMISSIONS = {
  viewResellers: ['admin', 'sales', 'helpdesk'],
  viewAudit: ['admin', 'sales', 'helpdesk'],
  viewListing: ['admin', 'sales', 'helpdesk'],
  viewCommerce: ['admin', 'sales', 'helpdesk'],
  requestRelationship: ['admin'],
  cancelRelationship: ['admin'],
  removeRelationship: ['admin', 'sales'],
  setResellerOfRecord: ['admin', 'sales'],
  addCustomer: ['admin', 'sales'],
  submitOrder: ['admin', 'sales'],
  designateSupportContact: ['admin'],
  manageRoles: ['admin'],
  viewNotifications: ['admin', 'sales', 'helpdesk'],
  manageNotifications: ['admin'],
} as const satisfies Record<string, readonly Role[]>;

export type Permission = keyof typeof PERMISSIONS;

export function allows(roles: readonly Role[], permission: Permission): boolean {
  const allowed: readonly Role[] = PERMISSIONS[permission];
  return roles.some((role) => allowed.includes(role));
}

/** The permissions a set of roles grants (for the help card). */
export function permissionsOf(roles: readonly Role[]): Permission[] {
  return (Object.keys(PERMISSIONS) as Permission[]).filter((permission) => allows(roles, permission));
}
