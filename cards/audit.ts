import type { AuditEntry, AuditPage } from '../services/audit/audit-service.js';
import { formatDateTime, type Translate } from '../i18n/index.js';
import { EXPORT_LINK_TTL_MINUTES } from '../web/export-link.js';
import { label } from './labels.js';
import { action, banner, cardText, expand, type CardJson, type Ui } from './render.js';
import exportTemplate from './templates/audit-export.json' with { type: 'json' };
import template from './templates/audit.json' with { type: 'json' };

/** Entries per page of the audit card. */
export const AUDIT_PAGE_SIZE = 10;
const MAX_CHANGE_LENGTH = 200;

/** The last changes (who, what, when, before → after), Older, Newest and Export CSV. */
export function auditCard(
  page: AuditPage,
  ui: Ui,
  options: { older?: boolean; notice?: string } = {},
): CardJson {
  const t = cardText(ui);
  const actions = [];
  if (page.cursor) actions.push(action(ui, 'audit.page', t('audit.older'), { cursor: page.cursor }));
  if (options.older) actions.push(action(ui, 'audit.page', t('audit.newest')));
  actions.push(action(ui, 'audit.export', t('audit.export')));
  return expand(template, {
    title: t('audit.title'),
    notice: banner(options.notice),
    empty: { show: page.entries.length === 0, text: t('audit.empty') },
    entries: page.entries.map((entry) => {
      const change = describeChange(entry, t);
      return {
        heading: t('audit.heading', {
          at: formatDateTime(ui.locale, entry.at),
          what: label(t, 'event', entry.type),
          subject: entry.subject,
        }),
        who: t('audit.who', {
          kind: label(t, 'actorKind', entry.actor.kind),
          name: entry.actor.name ?? entry.actor.id,
        }),
        hasChange: change !== '',
        change,
      };
    }),
    actions,
  });
}

/** Values of these fields are codes the catalogue names (a status, a list of roles). */
const CODED_VALUES: Record<string, 'status' | 'roleName'> = { status: 'status', roles: 'roleName' };

/**
 * `field: before → after` for each field the event changed, in the reader's language where the
 * catalogue knows the field and its values, shortened to fit a card line.
 */
function describeChange(entry: AuditEntry, t: Translate): string {
  const fields = new Set([...Object.keys(entry.before ?? {}), ...Object.keys(entry.after ?? {})]);
  const show = (field: string, value: unknown): string => {
    if (value === undefined || value === null) return t('common.none');
    const prefix = Object.hasOwn(CODED_VALUES, field) ? CODED_VALUES[field] : undefined;
    if (prefix && typeof value === 'string') return label(t, prefix, value);
    if (prefix && Array.isArray(value) && value.every((item) => typeof item === 'string'))
      return value.length
        ? value.map((item) => label(t, prefix, item)).join(t('common.listSeparator'))
        : t('common.none');
    return typeof value === 'string' ? value : JSON.stringify(value);
  };
  const text = [...fields]
    .map((field) =>
      t('audit.change', {
        field: label(t, 'auditField', field),
        before: show(field, entry.before?.[field]),
        after: show(field, entry.after?.[field]),
      }),
    )
    .join(t('audit.changeSeparator'));
  if (text.length <= MAX_CHANGE_LENGTH) return text;
  // Never end on half of a Markdown escape: a lone backslash would show.
  return `${text.slice(0, MAX_CHANGE_LENGTH - 1).replace(/(?<!\\)((?:\\\\)*)\\$/, '$1')}…`;
}

/**
 * After Export CSV: a Download button to the signed link (Teams shows no file attachments from a
 * bot), valid for a few minutes and for the caller only.
 */
export function auditExportCard(link: { url: string; expiresAt: Date }, ui: Ui): CardJson {
  const t = cardText(ui);
  return expand(exportTemplate, {
    title: t('audit.exportTitle'),
    text: t('audit.exportLink', {
      minutes: EXPORT_LINK_TTL_MINUTES,
      until: formatDateTime(ui.locale, link.expiresAt),
    }),
    downloadTitle: t('audit.download'),
    url: link.url,
    actions: [action(ui, 'audit.page', t('audit.back'))],
  });
}
