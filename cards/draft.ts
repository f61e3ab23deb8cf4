import { formatDate } from '../i18n/index.js';
import { noticeCard } from './notice.js';
import {
  action,
  banner,
  cardBytes,
  cardText,
  expand,
  MAX_CARD_BYTES,
  plain,
  type CardJson,
  type Ui,
} from './render.js';
import template from './templates/draft.json' with { type: 'json' };

export interface DraftData {
  partnerId: string;
  resellerName: string;
  to: string;
  subject: string;
  body: string;
  /** The personalised link that must stay in the body. */
  link: string;
  mailtoUrl: string;
  expiresAt?: Date;
  /** Show the text as plain, selectable text (the "Copy" step). */
  copy?: boolean;
  notice?: string;
  error?: string;
}

/** Room left for the message around the card (Teams counts the whole message). */
const ENVELOPE_BYTES = 2 * 1024;

/**
 * Step 2: the editable e-mail with the personalised link; Open in e-mail, Copy, Update and Done.
 * The Copy step shows the text a second time as plain text, unless the two copies would not fit
 * in one card (a long text in Chinese): then it says to copy from the Message box. The Message box
 * always stays, since Check and Done send what it holds.
 */
export function draftCard(data: DraftData, ui: Ui): CardJson {
  if (!data.copy) return render(data, ui, 'none');
  const full = render(data, ui, 'full');
  return cardBytes(full) <= MAX_CARD_BYTES - ENVELOPE_BYTES ? full : render(data, ui, 'inBox');
}

function render(data: DraftData, ui: Ui, copy: 'none' | 'full' | 'inBox'): CardJson {
  const t = cardText(ui);
  const target = { partnerId: data.partnerId, link: data.link };
  const facts = [{ title: t('draft.to'), value: plain(data.to) }];
  if (data.expiresAt) facts.push({ title: t('draft.expires'), value: formatDate(ui.locale, data.expiresAt) });
  return expand(template, {
    title: t('draft.title', { resellerName: data.resellerName }),
    intro: t('draft.intro'),
    notice: banner(data.notice),
    error: banner(data.error),
    facts,
    subjectLabel: t('draft.subjectLabel'),
    subjectError: t('draft.subjectError'),
    subject: data.subject,
    bodyLabel: t('draft.bodyLabel'),
    bodyError: t('draft.bodyError'),
    body: data.body,
    linkLabel: t('draft.linkLabel'),
    // The link and the copy below are plain text runs (no Markdown): they show, and are copied,
    // exactly as written.
    link: data.link,
    copy: {
      show: copy !== 'none',
      full: copy === 'full',
      hint: t(copy === 'full' ? 'draft.copyHint' : 'draft.copyInBox'),
      subject: data.subject,
      lines: copy === 'full' ? copyLines(data.body) : [],
    },
    openTitle: t('draft.open'),
    mailtoUrl: data.mailtoUrl,
    // Teams opens the e-mail draft dialog (web/draft-dialog.ts) with the card's inputs in the data.
    dialogTitle: t('dialog.draft.edit'),
    dialogData: { msteams: { type: 'task/fetch' }, verb: 'draft.dialog', ...target, lang: ui.locale },
    actions: [
      action(ui, 'draft.copy', t('draft.copy'), target),
      action(ui, 'draft.review', t('draft.review'), target),
      action(ui, 'draft.done', t('draft.done'), target, 'positive'),
    ],
  });
}

/** Above this, one block per line would make the card too large; the text goes in one block. */
const MAX_COPY_LINES = 80;

/** One block per line: card renderers fold a lone "\n" and collapse blank lines. */
function copyLines(body: string): { text: string }[] {
  const lines = body.split('\n');
  if (lines.length > MAX_COPY_LINES) return [{ text: body }];
  return lines.map((line) => ({ text: line.trim() === '' ? '\u00a0' : line }));
}

export interface RequestSentData {
  resellerName: string;
  partnerId: string;
  to: string;
  expiresAt?: Date;
}

/** The read-only summary after Done: the request is on its way and how long it stays valid. */
export function requestSentCard(data: RequestSentData, ui: Ui): CardJson {
  const t = cardText(ui);
  return noticeCard({
    tone: 'good',
    title: t('draft.sentTitle'),
    text: t('draft.sentText', {
      resellerName: data.resellerName,
      partnerId: data.partnerId,
      to: data.to,
      expiresOn: data.expiresAt ? formatDate(ui.locale, data.expiresAt) : t('common.none'),
    }),
  });
}

/**
 * A repeated "Write the e-mail" click: the request exists, but its link was shown once on the
 * first card and is not stored, so it cannot be shown again.
 */
export function requestReplayedCard(data: { resellerName: string; partnerId: string }, ui: Ui): CardJson {
  const t = cardText(ui);
  return noticeCard({
    tone: 'info',
    title: t('draft.replayedTitle'),
    text: t('draft.replayedText', { resellerName: data.resellerName, partnerId: data.partnerId }),
    actions: [action(ui, 'resellers.list', t('resellers.showPending'), { include: 'pending', page: 0 })],
  });
}
