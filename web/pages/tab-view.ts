// Drawing of the resellers tab: the table rows, the pending list and the funnel chart (SVG, no
// chart library). Only DOM calls (no HTML strings), so names from other organisations stay text.

export type Texts = Record<string, string>;

export interface Row {
  partnerId: string;
  resellerName: string;
  country: string;
  status: string;
  since?: string;
  subscriptions: number;
  supportContacts: number;
  invitation?: { resellerEmail: string; requestedAt: string; expiresAt: string; sentAt?: string };
}

export interface Funnel {
  days: number;
  sent: number;
  accepted: number;
  declined: number;
  expired: number;
  cancelled: number;
  pending: number;
  medianMsToAccept?: number;
}

/** Fills `{name}` placeholders. */
export function fill(text: string | undefined, params: Record<string, string>): string {
  return (text ?? '').replace(/\{(\w+)\}/g, (whole, name: string) => params[name] ?? whole);
}

/** Number and date formats of the page's language (dates in UTC, as the bot's cards). */
export function formats(locale: string) {
  const number = new Intl.NumberFormat(locale);
  const date = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone: 'UTC' });
  const time = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'long', timeZone: 'UTC' });
  const unit = (value: number, name: 'day' | 'hour') =>
    new Intl.NumberFormat(locale, {
      style: 'unit',
      unit: name,
      unitDisplay: 'long',
      maximumFractionDigits: 1,
    }).format(value);
  return {
    number: (value: number) => number.format(value),
    date: (iso: string | undefined) => (iso ? date.format(new Date(iso)) : '—'),
    time: (iso: string) => time.format(new Date(iso)),
    /** A duration in days (hours below one day). */
    duration: (ms: number) =>
      ms >= 86_400_000 ? unit(ms / 86_400_000, 'day') : unit(ms / 3_600_000, 'hour'),
  };
}

type Formats = ReturnType<typeof formats>;

function cell(tag: 'td' | 'th', text: string, attributes: Record<string, string> = {}): HTMLElement {
  const element = document.createElement(tag);
  element.textContent = text;
  for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, value);
  return element;
}

/** One relationship row; every cell names its column (`data-col`) for tests and styles. */
export function relationshipRow(row: Row, texts: Texts, f: Formats): HTMLTableRowElement {
  const tr = document.createElement('tr');
  tr.dataset.testid = 'relationship-row';
  tr.dataset.partnerId = row.partnerId;
  tr.dataset.status = row.status;
  tr.append(
    cell('th', row.resellerName, { scope: 'row', 'data-col': 'resellerName' }),
    cell('td', row.partnerId, { 'data-col': 'partnerId' }),
    cell('td', texts[`status.${row.status}`] ?? row.status, {
      'data-col': 'status',
      class: `state ${row.status}`,
    }),
    cell('td', f.date(row.since), { 'data-col': 'since' }),
    cell('td', f.number(row.subscriptions), { 'data-col': 'subscriptions', class: 'number' }),
    cell('td', f.number(row.supportContacts), { 'data-col': 'supportContacts', class: 'number' }),
  );
  return tr;
}

/** One pending request: who, to whom, when, until when. */
export function pendingRow(row: Row, f: Formats): HTMLTableRowElement {
  const tr = document.createElement('tr');
  tr.dataset.testid = 'pending-row';
  tr.dataset.partnerId = row.partnerId;
  tr.append(
    cell('th', `${row.resellerName} (${row.partnerId})`, { scope: 'row' }),
    cell('td', row.invitation?.resellerEmail ?? ''),
    cell('td', f.date(row.invitation?.requestedAt)),
    cell('td', f.date(row.invitation?.expiresAt), { 'data-col': 'expires' }),
  );
  return tr;
}

const STAGES = ['sent', 'accepted', 'declined', 'expired', 'cancelled', 'pending'] as const;
const SVG = 'http://www.w3.org/2000/svg';

/**
 * The funnel as horizontal bars: requests sent, then each outcome, each bar as long as its share
 * of the requests sent. Each bar's group carries its number (`data-value`) and shows it formatted.
 */
export function funnelChart(funnel: Funnel, texts: Texts, f: Formats): SVGSVGElement {
  const rowHeight = 30;
  const labelWidth = 150;
  const barSpace = 260;
  const width = labelWidth + barSpace + 60;
  const svg = document.createElementNS(SVG, 'svg');
  svg.setAttribute('viewBox', `0 0 ${width} ${STAGES.length * rowHeight}`);
  svg.setAttribute('width', String(width));
  svg.setAttribute('role', 'img');
  svg.setAttribute('aria-label', texts['tab.funnel.chartLabel'] ?? '');
  const make = <K extends keyof SVGElementTagNameMap>(
    tag: K,
    attributes: Record<string, string | number>,
  ) => {
    const element = document.createElementNS(SVG, tag);
    for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, String(value));
    return element;
  };
  STAGES.forEach((stage, index) => {
    const value = funnel[stage];
    const y = index * rowHeight;
    const length = funnel.sent > 0 ? Math.max((value / funnel.sent) * barSpace, value > 0 ? 2 : 0) : 0;
    const group = make('g', {
      'data-testid': `funnel-${stage}`,
      'data-value': value,
      class: `stage ${stage}`,
    });
    const label = make('text', { x: 0, y: y + 19, class: 'label' });
    label.textContent = texts[`tab.funnel.${stage}`] ?? stage;
    const bar = make('rect', {
      x: labelWidth,
      y: y + 5,
      width: length,
      height: rowHeight - 10,
      rx: 3,
      class: 'bar',
    });
    const number = make('text', { x: labelWidth + length + 6, y: y + 19, class: 'value' });
    number.textContent = f.number(value);
    const title = make('title', {});
    title.textContent = `${label.textContent}: ${f.number(value)}`;
    group.append(title, label, bar, number);
    svg.append(group);
  });
  return svg;
}
