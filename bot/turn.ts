import type { Activity } from 'botbuilder';
import type { CardJson, Ui } from '../cards/render.js';
import { translator, type Locale } from '../i18n/index.js';
import { permissionsOf, type Permission, type Role } from '../services/access/roles.js';
import type { Actor } from '../services/actor.js';
import type { Services } from '../services/index.js';
import type { Logger } from '../services/logger.js';
import type { ExportLinks } from '../web/export-link.js';

/** The person in a reseller organisation answering an invitation (from Teams). */
export interface ResellerUser {
  userId: string;
  entraTenantId?: string;
  /** The sign-in address (e-mail or user principal name), when Teams told it. */
  email?: string;
  name?: string;
}

/** Where the per-user language override lives (data/preferences in production). */
export interface LocalePreferences {
  getLocale(tenantId: string, userId: string): Promise<Locale | undefined>;
  setLocale(tenantId: string, userId: string, locale: Locale): Promise<void>;
}

/** Everything a handler needs about the current turn; built once per activity. */
export interface Turn {
  /** The caller as an agent of the provider tenant the conversation belongs to. */
  actor: Actor;
  /** The same caller as a reseller's user (for invitations sent to another organisation). */
  resellerUser: ResellerUser;
  /** True in a group chat or channel: everyone there sees the answer. */
  shared: boolean;
  /** The conversation the activity came from, as Teams names it. */
  conversation: { id: string; type: string; name?: string };
  locale: Locale;
  ui: Ui;
  services: Services;
  preferences: LocalePreferences;
  /** Signed download links of the audit CSV. */
  exportLinks: ExportLinks;
  log: Logger;
  /** The caller's roles, loaded once per turn on first use. */
  roles(): Promise<Role[]>;
  /** What the caller's roles allow, for hiding buttons (the services check again on every call). */
  permissions(): Promise<ReadonlySet<Permission>>;
  /** The same turn in another language (after the language override changed). */
  withLocale(locale: Locale): Turn;
}

/** What a handler answers: the card that replaces (or follows) the one clicked, and any extra message. */
export interface Reply {
  card: CardJson;
  also?: Partial<Activity>[];
}

export function uiFor(locale: Locale, newKey: () => string): Ui {
  return { locale, t: translator(locale), newKey };
}

export interface TurnParts {
  actor: Actor;
  resellerUser: ResellerUser;
  shared: boolean;
  conversation: { id: string; type: string; name?: string };
  locale: Locale;
  services: Services;
  preferences: LocalePreferences;
  exportLinks: ExportLinks;
  log: Logger;
  newKey: () => string;
}

/**
 * Builds a turn; `roles()` shares the load the bot started beside the language read (an agent's
 * stream: for a stranger, one lookup that finds nothing; a reseller's user answering an
 * invitation costs none).
 */
export function createTurn(parts: TurnParts): Turn {
  let roles: Promise<Role[]> | undefined;
  const turn: Turn = {
    actor: parts.actor,
    resellerUser: parts.resellerUser,
    shared: parts.shared,
    conversation: parts.conversation,
    locale: parts.locale,
    ui: uiFor(parts.locale, parts.newKey),
    services: parts.services,
    preferences: parts.preferences,
    exportLinks: parts.exportLinks,
    log: parts.log,
    roles: () => (roles ??= parts.services.access.rolesOf(parts.actor)),
    permissions: async () => new Set(permissionsOf(await turn.roles())),
    withLocale: (locale) => createTurn({ ...parts, locale }),
  };
  return turn;
}
