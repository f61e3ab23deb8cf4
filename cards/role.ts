import { permissionsOf, type Role } from '../services/access/roles.js';
import { cardText, expand, plain, type CardJson, type Ui } from './render.js';
import template from './templates/role.json' with { type: 'json' };

export interface RoleData {
  displayName?: string;
  tenantId: string;
  roles: readonly Role[];
}

/** "My role": who the bot thinks the caller is, the roles held, and what they allow. */
export function roleCard(data: RoleData, ui: Ui): CardJson {
  const t = cardText(ui);
  const none = t('common.none');
  return expand(template, {
    title: t('role.title'),
    facts: [
      { title: t('role.you'), value: data.displayName ? plain(data.displayName) : none },
      { title: t('role.organisation'), value: plain(data.tenantId) },
      {
        title: t('role.roles'),
        value: data.roles.map((role) => t(`roleName.${role}`)).join(t('common.listSeparator')) || none,
      },
    ],
    canTitle: t('role.canTitle'),
    permissions: permissionsOf(data.roles).map((permission) => ({
      line: `- ${t(`permission.${permission}`)}`,
    })),
    noRole: data.roles.length === 0,
    noRoleText: t('role.noRole'),
  });
}
