// The e-mail draft dialog, in the browser (bundled by scripts/build-web.mjs). Inside Teams it is a
// dialog (task module) opened from the request card and talks to Teams through teams-js; outside
// it is a plain page. The draft arrives in the URL fragment (never sent to a server, never logged):
// `#draft=<base64url JSON>&grant=<signed grant>`. Every button asks the bot first, with the same
// service call as the card's buttons, so a body without the link is refused the same way.
import { insideTeams, type TeamsHost } from './teams.js';

interface Draft {
  partnerId: string;
  to: string;
  subject: string;
  body: string;
  link: string;
}

type Texts = Record<string, string>;

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;

function readFragment(): { draft: Draft; grant: string } | undefined {
  const params = new URLSearchParams(window.location.hash.slice(1));
  const encoded = params.get('draft');
  const grant = params.get('grant');
  if (!encoded || !grant) return undefined;
  try {
    const binary = atob(encoded.replace(/-/g, '+').replace(/_/g, '/'));
    const json = new TextDecoder().decode(Uint8Array.from(binary, (c) => c.charCodeAt(0)));
    const draft = JSON.parse(json) as Draft;
    return typeof draft.body === 'string' && typeof draft.link === 'string' ? { draft, grant } : undefined;
  } catch {
    return undefined;
  }
}

async function main(): Promise<void> {
  const texts = JSON.parse(document.body.dataset.texts ?? '{}') as Texts;
  const locale = document.body.dataset.locale ?? 'en-US';
  const status = $<HTMLParagraphElement>('status');
  const show = (text: string, kind: 'ok' | 'error' | 'info') => {
    status.textContent = text;
    status.className = kind;
  };
  const buttons = ['copy', 'open', 'done'].map((id) => $<HTMLButtonElement>(id));

  const teams = await insideTeams();
  if (teams?.locale && !teams.locale.toLowerCase().startsWith(locale.slice(0, 2).toLowerCase())) {
    // Teams speaks another language than the page was made in: ask for the page in that one.
    const url = new URL(window.location.href);
    url.searchParams.set('locale', teams.locale);
    window.location.replace(url.toString());
    return;
  }

  const given = readFragment();
  if (!given) {
    show(texts['dialog.draft.missing'] ?? '', 'error');
    for (const button of buttons) button.disabled = true;
    return;
  }
  const { grant } = given;
  $<HTMLOutputElement>('to').textContent = given.draft.to;
  $<HTMLInputElement>('subject').value = given.draft.subject;
  $<HTMLTextAreaElement>('body').value = given.draft.body;
  $<HTMLElement>('link').textContent = given.draft.link;
  const current = (): Draft => ({
    ...given.draft,
    subject: $<HTMLInputElement>('subject').value,
    body: $<HTMLTextAreaElement>('body').value,
  });
  const actionId = `dialog-${crypto.randomUUID()}`;

  /** One call to the bot; the answer, or undefined after showing why not. */
  const ask = async (action: 'review' | 'done'): Promise<Record<string, unknown> | undefined> => {
    show(texts['dialog.draft.working'] ?? '', 'info');
    try {
      const response = await fetch('/api/dialogs/email-draft', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ grant, action, actionId, locale, draft: current() }),
      });
      const answer = (await response.json()) as Record<string, unknown>;
      if (response.ok) return answer;
      show(String(answer.error ?? texts['bot.error.generic']), 'error');
    } catch {
      show(texts['bot.error.generic'] ?? '', 'error');
    }
    return undefined;
  };

  $<HTMLButtonElement>('copy').addEventListener('click', async () => {
    if (!(await ask('review'))) return;
    const { subject, body } = current();
    const copied = await copy(`${subject}\n\n${body}`, teams);
    if (copied) show(texts['dialog.draft.copied'] ?? '', 'ok');
    else show(texts['dialog.draft.copyFailed'] ?? '', 'error');
  });
  $<HTMLButtonElement>('open').addEventListener('click', async () => {
    const answer = await ask('review');
    if (!answer || typeof answer.mailtoUrl !== 'string') return;
    show('', 'info');
    if (teams) await teams.sdk.app.openLink(answer.mailtoUrl);
    else window.location.href = answer.mailtoUrl;
  });
  $<HTMLButtonElement>('done').addEventListener('click', async () => {
    if (!(await ask('done'))) return;
    show(texts['dialog.draft.sent'] ?? '', 'ok');
    for (const button of buttons) button.disabled = true;
    if (teams?.sdk.dialog.url.isSupported()) {
      teams.sdk.dialog.url.submit({ sent: true, partnerId: given.draft.partnerId });
    }
  });
}

/** Puts the text on the clipboard: Teams' clipboard inside Teams, the browser's outside. */
async function copy(text: string, teams: TeamsHost | undefined): Promise<boolean> {
  try {
    if (teams?.sdk.clipboard.isSupported()) {
      await teams.sdk.clipboard.write(new Blob([text], { type: 'text/plain' }));
      return true;
    }
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    // An old browser, or a frame without the permission: the selection way still works.
    const area = $<HTMLTextAreaElement>('body');
    const before = area.value;
    area.value = text;
    area.select();
    const done = document.execCommand('copy');
    area.value = before;
    return done;
  }
}

void main();
