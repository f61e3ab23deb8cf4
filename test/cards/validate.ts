import { AdaptiveCard, SerializationContext } from 'adaptivecards';

/** Teams refuses cards larger than this (28 KB for a card in a message). */
export const MAX_CARD_BYTES = 28 * 1024;

/**
 * Everything wrong with a rendered card: parse and validation events of the `adaptivecards`
 * parser (schema 1.5), template expressions left unexpanded, and a size over the Teams limit.
 */
export function cardProblems(card: unknown): string[] {
  const problems: string[] = [];
  const parsed = new AdaptiveCard();
  const context = new SerializationContext();
  parsed.parse(card, context);
  for (let i = 0; i < context.eventCount; i++) problems.push(`parse: ${context.getEventAt(i).message}`);
  for (const event of parsed.validateProperties().validationEvents)
    problems.push(`validate: ${event.message}`);
  const json = JSON.stringify(card);
  if (json.includes('${'))
    problems.push(
      `unexpanded template expression near ${json.slice(json.indexOf('${'), json.indexOf('${') + 40)}`,
    );
  if (Buffer.byteLength(json, 'utf8') > MAX_CARD_BYTES)
    problems.push(`card is ${Buffer.byteLength(json, 'utf8')} bytes`);
  if ((card as { version?: string }).version !== '1.5') problems.push('not schema version 1.5');
  return problems;
}

/** Every string a user can read on the card (texts, titles, labels, facts, choices, input values). */
export function visibleText(card: unknown): string {
  const out: string[] = [];
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(walk);
    if (typeof node !== 'object' || node === null) return;
    for (const [key, value] of Object.entries(node)) {
      if (key === 'data') continue;
      if (
        typeof value === 'string' &&
        ['text', 'title', 'label', 'placeholder', 'value', 'errorMessage'].includes(key)
      )
        out.push(value);
      else walk(value);
    }
  };
  walk(card);
  return out.join('\n');
}

export interface FoundAction {
  type: string;
  verb?: string;
  title: string;
  url?: string;
  data: Record<string, unknown>;
}

/** Every action on a card, in order (Execute, Submit fallbacks excluded, OpenUrl, ToggleVisibility). */
export function actionsOf(card: unknown): FoundAction[] {
  const found: FoundAction[] = [];
  const walk = (node: unknown, inFallback: boolean): void => {
    if (Array.isArray(node)) return node.forEach((item) => walk(item, inFallback));
    if (typeof node !== 'object' || node === null) return;
    const record = node as Record<string, unknown>;
    if (typeof record.type === 'string' && record.type.startsWith('Action.') && !inFallback) {
      found.push({
        type: record.type,
        title: String(record.title ?? ''),
        ...(typeof record.verb === 'string' ? { verb: record.verb } : {}),
        ...(typeof record.url === 'string' ? { url: record.url } : {}),
        data: (record.data as Record<string, unknown>) ?? {},
      });
    }
    for (const [key, value] of Object.entries(record)) {
      if (key !== 'data') walk(value, inFallback || key === 'fallback');
    }
  };
  walk(card, false);
  return found;
}
