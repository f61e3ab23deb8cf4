import { randomUUID } from 'node:crypto';
import type { Conversation, TurnSpec } from './channel.js';
import { statusOf, type BenchProvider } from './dataset.js';

/** Directory resellers with no relationship, one per conversation, for request + cancel. */
export const FREE_RESELLER_BASE = 3_000_000;
/** Reseller-of-record choices: two active relationships every data size has. */
export const RECORD_CHOICES = [0, 1, 2, 4, 5].filter((i) => statusOf(i) === 'active').slice(0, 2);

/** One conversation of the benchmark and what it may act on alone (no two workers share them). */
export interface Seat extends Conversation {
  index: number;
  freePartnerId: string;
  subscriptionId: string;
}

export function seat(provider: BenchProvider, index: number): Seat {
  return {
    index,
    tenantId: provider.tenantId,
    userId: `bench-agent-${index}`,
    conversationId: `a:bench-conversation-${index}`,
    freePartnerId: String(FREE_RESELLER_BASE + index),
    subscriptionId: `bench-sub-${index}`,
  };
}

const message = (label: string, text: string): TurnSpec => ({ label, fields: { type: 'message', text } });
const execute = (label: string, verb: string, data: Record<string, unknown>, expect?: string): TurnSpec => ({
  label,
  fields: {
    type: 'invoke',
    name: 'adaptiveCard/action',
    value: { action: { type: 'Action.Execute', verb, data: { verb, lang: 'en-US', ...data } } },
  },
  ...(expect ? { expect } : {}),
});

/** The scenarios: each iteration is one turn, or two for request + cancel. */
export const SCENARIOS: Record<
  string,
  (seat: Seat, provider: BenchProvider, iteration: number) => TurnSpec[]
> = {
  help: () => [message('help', 'help')],
  resellers: () => [message('resellers', 'resellers')],
  search: () => [message('search', 'resellers contoso 00')],
  picker: (s) => [
    execute('picker', 'picker.open', {
      customerId: 'bench-customer',
      subscriptionId: s.subscriptionId,
      purpose: 'resellerOfRecord',
    }),
  ],
  'next page': () => [execute('next page', 'resellers.list', { include: 'active', page: 1, query: '' })],
  'request + cancel': (s) => [
    execute(
      'request',
      'request.create',
      { actionId: randomUUID(), resellerEmail: `owner@free${s.index}.example`, partnerId: s.freePartnerId },
      '/invite/',
    ),
    execute('cancel', 'request.cancel', { actionId: randomUUID(), partnerId: s.freePartnerId }),
  ],
  'reseller of record': (s, provider, iteration) => [
    execute('reseller of record', 'picker.submit', {
      actionId: randomUUID(),
      customerId: 'bench-customer',
      subscriptionId: s.subscriptionId,
      purpose: 'resellerOfRecord',
      choice: String(provider.base + (RECORD_CHOICES[iteration % RECORD_CHOICES.length] ?? 0)),
    }),
  ],
  typeahead: () => [
    {
      label: 'typeahead',
      fields: {
        type: 'invoke',
        name: 'application/search',
        value: {
          kind: 'search',
          dataset: 'resellers',
          queryText: 'contoso 001',
          queryOptions: { skip: 0, top: 15 },
        },
      },
    },
  ],
};

export type ScenarioName = keyof typeof SCENARIOS;
