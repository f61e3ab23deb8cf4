import { allows, type Permission, type Role } from '../services/access/roles.js';
import type { MessageKey } from '../i18n/index.js';
import { action, banner, cardText, expand, type CardAction, type CardJson, type Ui } from './render.js';
import template from './templates/help.json' with { type: 'json' };

/** The commands the help card lists, each shown only to roles with the permission it needs. */
const HELP_COMMANDS = [
  { command: 'resellers', permission: 'viewResellers' },
  { command: 'pending', permission: 'viewResellers' },
  { command: 'invite', permission: 'requestRelationship' },
  { command: 'customers', permission: 'viewCommerce' },
  { command: 'subscription', permission: 'viewCommerce' },
  { command: 'remove', permission: 'removeRelationship' },
  { command: 'audit', permission: 'viewAudit' },
  { command: 'listing', permission: 'viewListing' },
  { command: 'notifications', permission: 'viewNotifications' },
  { command: 'role' },
  { command: 'roles', permission: 'manageRoles' },
  { command: 'language' },
  { command: 'help' },
] as const satisfies readonly { command: string; permission?: Permission }[];

export type HelpCommand = (typeof HELP_COMMANDS)[number]['command'];

export interface HelpData {
  displayName?: string;
  roles: readonly Role[];
  /** A confirmation shown on top (e.g. after the language changed). */
  notice?: string;
  /** A message that was no command (as typed), and the command it most looks like. */
  notUnderstood?: { typed: string; suggestion?: string };
}

/** The help card: what the caller's role may do, with buttons for the main flows. */
export function helpCard(data: HelpData, ui: Ui): CardJson {
  const t = cardText(ui);
  const may = (permission?: Permission) => !permission || allows(data.roles, permission);
  const commands = HELP_COMMANDS.filter((entry) =>
    may('permission' in entry ? entry.permission : undefined),
  ).map(({ command }) => ({
    syntax: t(`help.syntax.${command}` satisfies MessageKey),
    text: t(`help.text.${command}` satisfies MessageKey),
  }));
  const actions: CardAction[] = [];
  if (may('viewResellers')) actions.push(action(ui, 'resellers.list', t('help.action.resellers')));
  if (may('requestRelationship')) actions.push(action(ui, 'request.start', t('help.action.request')));
  if (may('viewCommerce')) actions.push(action(ui, 'customers.list', t('help.action.customers')));
  if (may('viewAudit')) actions.push(action(ui, 'audit.page', t('help.action.audit')));
  actions.push(action(ui, 'role.show', t('help.action.role')));
  const roleNames = data.roles.map((role) => t(`roleName.${role}`)).join(t('common.listSeparator'));
  const problem = data.notUnderstood
    ? [
        t('bot.notUnderstood', { typed: data.notUnderstood.typed }),
        data.notUnderstood.suggestion ? t('bot.didYouMean', { command: data.notUnderstood.suggestion }) : '',
      ]
        .filter(Boolean)
        .join(' ')
    : undefined;
  return expand(template, {
    notice: banner(data.notice),
    problem: banner(problem),
    title: data.displayName ? t('help.titleNamed', { name: data.displayName }) : t('help.title'),
    roleLine: roleNames ? t('help.roles', { roles: roleNames }) : t('help.noRole'),
    commandsTitle: t('help.commandsTitle'),
    commands,
    inviteHint: t('help.inviteHint'),
    hasActions: actions.length > 0,
    actions,
  });
}
