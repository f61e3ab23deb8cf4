import type { RoleSource } from '../services/access/access-service.js';
import { allows, permissionsOf, type Role } from '../services/access/roles.js';
import { action, cardText, expand, plain, type CardJson, type Ui } from './render.js';
import template from './templates/role.json' with { type: 'json' };

export interface RoleData {
  displayName?: string;
  tenantId: string;
  /** The provider's name; undefined when the tenant is not registered in the bot. */
  organisationName?: string | undefined;
  roles: readonly Role[];
  /** Where each role comes from (Partner Center, a grant in the bot); shown next to the role. */
  sources?: readonly RoleSource[];
}

/** "My role": who the bot thinks the caller is, the roles held, and what they allow. */
export function roleCard(data: RoleData, ui: Ui): CardJson {
  const t = cardText(ui);
  const none = t('common.none');
  return expand(template, {
    title: t('role.title'),
    facts: [
      { title: t('role.you'), value: data.displayName ? plain(data.displayName) : none },
      {
        title: t('role.organisation'),
        value: data.organisationName
          ? plain(data.organisationName)
          : t('role.organisationUnknown', { tenantId: data.tenantId }),
      },
      {
        title: t('role.roles'),
        value:
          data.roles
            .map((role) => {
              const from = data.sources?.find((held) => held.role === role)?.sources ?? [];
              const origin = from.map((source) => t(`role.from.${source}`)).join(t('common.listSeparator'));
              return origin
                ? t('role.withSource', { role: t(`roleName.${role}`), sources: origin })
                : t(`roleName.${role}`);
            })
            .join(t('common.listSeparator')) || none,
      },
    ],
    canTitle: t('role.canTitle'),
    permissions: permissionsOf(data.roles).map((permission) => ({
      line: `- ${t(`permission.${permission}`)}`,
    })),
    noRole: data.roles.length === 0,
    noRoleText: t('role.noRole'),
    hasActions: allows(data.roles, 'manageRoles'),
    actions: allows(data.roles, 'manageRoles') ? [action(ui, 'roles.manage', t('roles.open'))] : [],
  });
}
