import type { z } from 'zod';
import { errorMessage } from '../i18n/index.js';
import { plainParams } from '../cards/render.js';
import { isAppError, type AppError } from '../services/errors.js';
import { auditRoutes } from './handlers/audit.js';
import { commerceRoutes } from './handlers/commerce.js';
import { invitationRoutes } from './handlers/invitations.js';
import { notificationRoutes } from './handlers/notifications.js';
import { pickerRoutes } from './handlers/picker.js';
import { profileRoutes } from './handlers/profile.js';
import { removalRoutes } from './handlers/removal.js';
import { requestRoutes } from './handlers/requests.js';
import { resellerRoutes } from './handlers/resellers.js';
import { roleRoutes } from './handlers/roles.js';
import { INVALID_ACTION, PERSONAL_CHAT_ONLY, type Route, type RouteTable } from './route.js';
import type { Reply, Turn } from './turn.js';
import { isVerb, traitsOf, type Payload, type Verb } from './verbs.js';

const ROUTES: RouteTable = {
  ...profileRoutes,
  ...resellerRoutes,
  ...requestRoutes,
  ...invitationRoutes,
  ...pickerRoutes,
  ...commerceRoutes,
  ...removalRoutes,
  ...auditRoutes,
  ...roleRoutes,
  ...notificationRoutes,
};

/**
 * What became of an action: a card to show, or a card-level error (nothing changed). `final`: the
 * card is the read-only answer of a final action that went through (not a refusal shown inline).
 */
export type Outcome =
  | { kind: 'reply'; reply: Reply; final: boolean }
  | {
      kind: 'error';
      code: string;
      /** Plain text, for the invoke error body. */
      message: string;
      /** The same with outside values escaped, for a card's Markdown text. */
      cardText: string;
      status: 400;
    };

/**
 * Parses the action's data with its verb's schema, runs the handler, and turns refusals into
 * outcomes. A personal-only verb in a group chat or channel runs nothing.
 */
export async function dispatch(
  turn: Turn,
  verb: unknown,
  data: unknown,
  /** Set for a typed command (its command word): bad data is then the user's text, not a forged card. */
  typed?: { alias: string },
): Promise<Outcome> {
  if (!isVerb(verb)) return invalid(turn, 'unknown verb');
  if (turn.shared && traitsOf(verb).personalOnly) {
    turn.log.info({ verb }, 'personal-only action in a shared conversation');
    return {
      kind: 'error',
      status: 400,
      code: PERSONAL_CHAT_ONLY,
      message: turn.ui.t('bot.personalChatOnly'),
      cardText: turn.ui.t('bot.personalChatOnly'),
    };
  }
  return run(turn, verb, data, typed);
}

async function run<V extends Verb>(
  turn: Turn,
  verb: V,
  data: unknown,
  typed: { alias: string } | undefined,
): Promise<Outcome> {
  const handling = ROUTES[verb] as Route<V>;
  const parsed = (handling.schema as unknown as z.ZodType<Payload<V>>).safeParse(data);
  if (!parsed.success) {
    if (typed) {
      const message = turn.ui.t('bot.typedInvalid', { command: typed.alias });
      return { kind: 'error', status: 400, code: 'invalid_input', message, cardText: message };
    }
    return invalid(
      turn,
      `bad data for ${verb}: ${parsed.error.issues.map((i) => i.path.join('.')).join(', ')}`,
    );
  }
  try {
    const reply = await handling.handle(turn, parsed.data);
    return { kind: 'reply', reply, final: traitsOf(verb).final === true };
  } catch (error) {
    if (!isAppError(error)) throw error;
    turn.log.info({ verb, code: error.code }, 'action refused');
    const inline = await inlineRefusal(handling, turn, parsed.data, error);
    if (inline) return { kind: 'reply', reply: inline, final: false };
    return {
      kind: 'error',
      status: 400,
      code: error.code,
      message: errorMessage(turn.locale, error.code, error.params),
      cardText: errorMessage(turn.locale, error.code, plainParams(error.params)),
    };
  }
}

async function inlineRefusal<V extends Verb>(
  handling: Route<V>,
  turn: Turn,
  input: Payload<V>,
  error: AppError,
): Promise<Reply | undefined> {
  try {
    return await handling.refused?.(turn, input, error);
  } catch (second) {
    // Re-rendering needs fresh data; when that is refused too, the first refusal is the answer.
    if (isAppError(second)) return undefined;
    throw second;
  }
}

function invalid(turn: Turn, reason: string): Outcome {
  turn.log.warn({ reason }, 'invalid card action');
  const message = turn.ui.t('bot.invalidAction');
  return { kind: 'error', status: 400, code: INVALID_ACTION, message, cardText: message };
}
