// The resellers tab, in the browser (bundled by scripts/build-web.mjs). Inside Teams (a personal
// static tab) it takes locale, tenant and user from the context and calls the bot with Teams' SSO
// token; outside Teams it is a plain page (local mode answers for the Playground's user). Search
// and sort work on the rows loaded once; every rule (roles, funnel figures) is the bot's.
import { insideTeams } from './teams.js';
import {
  fill,
  formats,
  funnelChart,
  pendingRow,
  relationshipRow,
  type Funnel,
  type Row,
  type Texts,
} from './tab-view.js';

interface Overview {
  providerName: string;
  roles: string[];
  mayChange: boolean;
  relationships: Row[];
  pending: Row[];
  funnel: Funnel;
  subscriptionsComplete: boolean;
  truncated: boolean;
  maxRows: number;
  generatedAt: string;
}

const COLUMNS = ['resellerName', 'partnerId', 'status', 'since', 'subscriptions', 'supportContacts'] as const;
type Column = (typeof COLUMNS)[number];
const NUMERIC: readonly Column[] = ['subscriptions', 'supportContacts'];

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;

async function main(): Promise<void> {
  const texts = JSON.parse(document.body.dataset.texts ?? '{}') as Texts;
  const locale = document.body.dataset.locale ?? 'en-US';
  const status = $<HTMLParagraphElement>('status');

  const teams = await insideTeams();
  if (teams?.locale && !teams.locale.toLowerCase().startsWith(locale.slice(0, 2).toLowerCase())) {
    const url = new URL(window.location.href);
    url.searchParams.set('locale', teams.locale);
    window.location.replace(url.toString());
    return;
  }
  const headers: Record<string, string> = {};
  if (teams) {
    try {
      headers.authorization = `Bearer ${await teams.sdk.authentication.getAuthToken()}`;
    } catch {
      // No SSO token (consent missing, or an old client): the bot answers why.
    }
  }
  let overview: Overview;
  try {
    const response = await fetch(`${document.body.dataset.api ?? ''}?locale=${encodeURIComponent(locale)}`, {
      headers,
    });
    const body = (await response.json()) as Overview & { error?: string };
    if (!response.ok) {
      status.textContent = body.error ?? '';
      status.className = 'error';
      return;
    }
    overview = body;
  } catch {
    status.textContent = texts['bot.error.generic'] ?? texts['tab.error.unavailable'] ?? '';
    status.className = 'error';
    return;
  }
  render(overview, texts, locale);
  status.textContent = fill(texts['tab.asOf'], { time: formats(locale).time(overview.generatedAt) });
  status.className = 'info';
}

function render(overview: Overview, texts: Texts, locale: string): void {
  const f = formats(locale);
  $('heading').textContent = fill(texts['tab.heading'], { providerName: overview.providerName });
  if (!overview.mayChange) {
    const readOnly = $('read-only');
    const roles = overview.roles.map((role) => texts[`roleName.${role}`] ?? role).join(', ');
    readOnly.textContent = fill(texts['tab.readOnly'], { roles });
    readOnly.hidden = false;
  }

  $('funnel-title').textContent = fill(texts['tab.funnelTitle'], { days: f.number(overview.funnel.days) });
  $('funnel-chart').replaceChildren(funnelChart(overview.funnel, texts, f));
  const median = overview.funnel.medianMsToAccept;
  $('funnel-median').textContent =
    median === undefined
      ? (texts['tab.funnel.medianNone'] ?? '')
      : fill(texts['tab.funnel.median'], { duration: f.duration(median) });
  $('funnel-median').dataset.ms = median === undefined ? '' : String(median);

  const pendingBody = $<HTMLTableElement>('pending').tBodies[0];
  pendingBody?.replaceChildren(...overview.pending.map((row) => pendingRow(row, f)));
  $('pending').hidden = overview.pending.length === 0;
  $('pending-none').hidden = overview.pending.length > 0;

  const notes = [
    overview.subscriptionsComplete ? '' : texts['tab.subscriptionsIncomplete'],
    overview.truncated ? fill(texts['tab.truncated'], { max: f.number(overview.maxRows) }) : '',
  ].filter(Boolean);
  $('notes').textContent = notes.join(' ');

  const table = $<HTMLTableElement>('relationships');
  const headRow = table.tHead?.rows[0];
  const body = table.tBodies[0];
  const search = $<HTMLInputElement>('search');
  let sort: { column: Column; direction: 1 | -1 } = { column: 'resellerName', direction: 1 };
  const headers = COLUMNS.map((column) => {
    const th = document.createElement('th');
    th.scope = 'col';
    const button = document.createElement('button');
    button.type = 'button';
    button.id = `sort-${column}`;
    button.dataset.testid = `sort-${column}`;
    const label = texts[`tab.column.${column === 'resellerName' ? 'reseller' : column}`] ?? column;
    button.textContent = label;
    button.title = fill(texts['tab.sortBy'], { column: label });
    button.addEventListener('click', () => {
      sort = { column, direction: sort.column === column ? (sort.direction === 1 ? -1 : 1) : 1 };
      draw();
    });
    th.append(button);
    return th;
  });
  headRow?.replaceChildren(...headers);
  const collator = new Intl.Collator(locale, { sensitivity: 'base', numeric: true });
  const compare = (a: Row, b: Row): number => {
    const { column, direction } = sort;
    let result: number;
    if (NUMERIC.includes(column)) result = (a[column] as number) - (b[column] as number);
    else if (column === 'since') result = (a.since ?? '').localeCompare(b.since ?? '');
    else if (column === 'status')
      result = collator.compare(
        texts[`status.${a.status}`] ?? a.status,
        texts[`status.${b.status}`] ?? b.status,
      );
    else result = collator.compare(String(a[column]), String(b[column]));
    return direction * result || collator.compare(a.resellerName, b.resellerName);
  };
  const draw = () => {
    const query = search.value.trim().toLocaleLowerCase(locale);
    const rows = overview.relationships
      .filter(
        (row) =>
          !query ||
          row.resellerName.toLocaleLowerCase(locale).includes(query) ||
          row.partnerId.startsWith(query),
      )
      .sort(compare);
    body?.replaceChildren(...rows.map((row) => relationshipRow(row, texts, f)));
    COLUMNS.forEach((column, index) => {
      const state = sort.column === column ? (sort.direction === 1 ? 'ascending' : 'descending') : 'none';
      headers[index]?.setAttribute('aria-sort', state);
    });
    $('shown').textContent = fill(texts['tab.shown'], {
      shown: f.number(rows.length),
      total: f.number(overview.relationships.length),
    });
    $('no-match').hidden = rows.length > 0;
  };
  search.addEventListener('input', draw);
  draw();
  $('content').hidden = false;
}

void main();
