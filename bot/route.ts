import type { AppError } from '../services/errors.js';
import type { Reply, Turn } from './turn.js';
import { PAYLOADS, type Payload, type Verb } from './verbs.js';

/** One verb's handling: its data schema, the handler, and optionally an inline answer to a refusal. */
export interface Route<V extends Verb> {
  schema: (typeof PAYLOADS)[V];
  handle(turn: Turn, input: Payload<V>): Promise<Reply>;
  /**
   * Re-renders the card with the refusal shown in it, when the refusal is about what the user
   * entered (a missing link, an unticked attestation…). Undefined: answer with a card-level error.
   */
  refused?(turn: Turn, input: Payload<V>, error: AppError): Promise<Reply | undefined>;
}

/** The verb table: every verb has exactly one route (a missing one does not compile). */
export type RouteTable = { [V in Verb]: Route<V> };

/** Declares a verb's route with the schema from the verb table. */
export function route<V extends Verb>(verb: V, handlers: Omit<Route<V>, 'schema'>): Route<V> {
  return { schema: PAYLOADS[verb], ...handlers };
}

/** The code a forged, malformed or unknown action answers with. */
export const INVALID_ACTION = 'invalid_action';

/** The code of a personal-only verb (see `VerbTraits`) used in a group chat or channel. */
export const PERSONAL_CHAT_ONLY = 'personal_chat_only';
