import { randomUUID } from 'node:crypto';
import type { FakeConnector } from './connector.js';

/** One Teams user in a 1:1 chat with the bot. */
export interface Conversation {
  tenantId: string;
  userId: string;
  conversationId: string;
}

/** What one turn needs: the activity's own fields and how to tell the answer is the expected one. */
export interface TurnSpec {
  label: string;
  fields: Record<string, unknown>;
  /** For an invoke: text the answer must contain (a refusal looks different). */
  expect?: string;
}

export interface TurnOutcome {
  label: string;
  ms: number;
  /** ok, or why not: `http 500`, `card 400`, `no reply`, `unexpected answer`, `network`. */
  outcome: string;
}

/**
 * Plays the Teams channel over plain HTTP (no SDK): posts the activity to the bot's
 * /api/messages with the fake connector as its serviceUrl and times the whole turn (the HTTP
 * answer comes after the bot's replies reached the connector).
 */
export async function playTurn(
  botUrl: string,
  connector: FakeConnector,
  conversation: Conversation,
  spec: TurnSpec,
): Promise<TurnOutcome> {
  const id = `bench-${randomUUID()}`;
  const activity = {
    id,
    channelId: 'msteams',
    serviceUrl: connector.url,
    timestamp: new Date().toISOString(),
    from: { id: `29:${conversation.userId}`, aadObjectId: conversation.userId, name: conversation.userId },
    recipient: { id: '28:bench-bot', name: 'Reseller Bot' },
    conversation: {
      id: conversation.conversationId,
      conversationType: 'personal',
      tenantId: conversation.tenantId,
    },
    channelData: { tenant: { id: conversation.tenantId } },
    locale: 'en-US',
    ...spec.fields,
  };
  const started = performance.now();
  let outcome = 'ok';
  try {
    const response = await fetch(`${botUrl}/api/messages`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(activity),
    });
    const body = await response.text();
    if (response.status !== 200) outcome = `http ${response.status}`;
    else if (spec.fields.type === 'invoke') {
      const status = (JSON.parse(body) as { statusCode?: number }).statusCode;
      if (status !== 200) outcome = `card ${status}`;
      else if (spec.expect && !body.includes(spec.expect)) outcome = 'unexpected answer';
    } else if (connector.take(id) === 0) outcome = 'no reply';
  } catch {
    outcome = 'network';
  }
  return { label: spec.label, ms: performance.now() - started, outcome };
}
