import type { TaskModuleResponse } from 'botbuilder';
import { z } from 'zod';
import { errorMessage } from '../../i18n/index.js';
import { isAppError } from '../../services/errors.js';
import type { DialogGrants } from '../../web/dialog-grant.js';
import { draftDialogUrl } from '../../web/draft-dialog.js';
import type { Turn } from '../turn.js';

/** What the bot needs to open the e-mail draft dialog: the grants the page's calls are checked with. */
export interface DraftDialogs {
  grants: DialogGrants;
  baseUrl: string;
}

/** The data of the draft card's "Edit in a dialog" action, with the card's inputs Teams adds. */
const fetchSchema = z.object({
  verb: z.literal('draft.dialog'),
  partnerId: z.string().max(40),
  link: z.string().max(300),
  subject: z.string().max(300),
  body: z.string().max(10_000),
});

/**
 * task/fetch from the draft card: the same check as the card's Copy (role, pending request, the
 * link in the text), then the dialog page with the draft and a grant for this agent.
 * https://learn.microsoft.com/microsoftteams/platform/task-modules-and-cards/task-modules/task-modules-bots
 */
export async function openDraftDialog(
  turn: Turn,
  data: unknown,
  dialogs: DraftDialogs | undefined,
): Promise<TaskModuleResponse> {
  const message = (value: string): TaskModuleResponse => ({ task: { type: 'message', value } });
  const parsed = fetchSchema.safeParse(data);
  if (!parsed.success || !dialogs) return message(turn.ui.t('bot.invalidAction'));
  // The dialog shows the invitation link: never in a group chat or channel.
  if (turn.shared) return message(turn.ui.t('bot.personalChatOnly'));
  const { verb: _verb, ...draft } = parsed.data;
  try {
    const { to } = await turn.services.relationships.reviewDraft(turn.actor, draft);
    const url = draftDialogUrl(
      dialogs.baseUrl,
      turn.locale,
      { ...draft, to },
      dialogs.grants.create(turn.actor),
    );
    return {
      task: {
        type: 'continue',
        value: {
          title: turn.ui.t('dialog.draft.title'),
          url,
          fallbackUrl: url,
          height: 'large',
          width: 'large',
        },
      },
    };
  } catch (error) {
    if (isAppError(error)) return message(errorMessage(turn.locale, error.code, error.params));
    throw error;
  }
}

/** task/submit from the dialog's Done: the request is marked sent already; Teams shows this line. */
export function draftDialogSubmitted(turn: Turn): TaskModuleResponse {
  return { task: { type: 'message', value: turn.ui.t('dialog.draft.sent') } };
}
