import { isMessageKey, type Translate } from '../i18n/index.js';

/**
 * The label of a stored code (a relationship status, an audit event type, a role, a field an
 * event changed) under a catalogue prefix; a code the catalogue does not know yet is shown as it
 * is rather than hidden.
 */
export function label(
  t: Translate,
  prefix: 'status' | 'event' | 'actorKind' | 'roleName' | 'auditField',
  code: string,
): string {
  const key = `${prefix}.${code}`;
  return isMessageKey(key) ? t(key) : code;
}
