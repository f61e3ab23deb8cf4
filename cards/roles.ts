import { ROLES, type Role } from '../services/access/roles.js';
import {
  action,
  banner,
  cardText,
  expand,
  plain,
  type CardAction,
  type CardJson,
  type Ui,
} from './render.js';
import template from './templates/roles.json' with { type: 'json' };

/** One agent of the provider, as the roles card lists it. */
export interface AgentRow {
  agentId: string;
  displayName?: string | undefined;
  roles: readonly string[];
}

export interface RolesData {
  agents: readonly AgentRow[];
  /** The caller, marked "(you)" in the list. */
  selfId: string;
  notice?: string;
  error?: string;
}

/** Agents listed with buttons; the rest are counted (the card must stay small). */
export const MAX_AGENTS_SHOWN = 25;

/**
 * Agent roles (admin only): each agent with its roles and a button to grant or revoke each
 * role, and a form to give a role to someone not listed yet, by Entra object id.
 */
export function rolesCard(data: RolesData, ui: Ui): CardJson {
  const t = cardText(ui);
  const roleName = (role: string) =>
    (ROLES as readonly string[]).includes(role) ? t(`roleName.${role as Role}`) : role;
  const agents = data.agents.slice(0, MAX_AGENTS_SHOWN).map((agent) => {
    const actions: CardAction[] = ROLES.map((role) =>
      agent.roles.includes(role)
        ? action(ui, 'roles.change', t('roles.revoke', { role: roleName(role) }), {
            agentId: agent.agentId,
            role,
            change: 'revoke',
          })
        : action(
            ui,
            'roles.change',
            t('roles.grant', { role: roleName(role) }),
            { agentId: agent.agentId, role, change: 'grant' },
            'positive',
          ),
    );
    const name = agent.displayName ? plain(agent.displayName) : t('roles.unnamed');
    return {
      heading: agent.agentId === data.selfId ? t('roles.you', { name }) : name,
      rolesLine: t('roles.line', {
        roles: agent.roles.map(roleName).join(ui.t('common.listSeparator')) || ui.t('common.none'),
        agentId: agent.agentId,
      }),
      actions,
    };
  });
  const hidden = data.agents.length - agents.length;
  return expand(template, {
    title: t('roles.title'),
    intro: t('roles.intro'),
    notice: banner(data.notice),
    error: banner(data.error),
    agents,
    more: banner(hidden > 0 ? t('roles.more', { count: hidden }) : undefined),
    addTitle: t('roles.addTitle'),
    addIntro: t('roles.addIntro'),
    agentIdLabel: t('roles.agentIdLabel'),
    agentIdPlaceholder: t('roles.agentIdPlaceholder'),
    nameLabel: t('roles.nameLabel'),
    roleLabel: t('roles.roleLabel'),
    roleChoices: ROLES.map((role) => ({ title: roleName(role), value: role })),
    add: action(ui, 'roles.add', t('roles.add'), {}, 'positive'),
  });
}
