import type { Actor } from '../actor.js';

/**
 * How long an answer about one caller (their provider, their roles) is reused for the same actor
 * object. The bot builds one actor per turn, so within a turn every service check shares one
 * load; a role revoked on another instance stops acting at the caller's next turn, and within a
 * turn that lasts longer than this at the next check. A change made through this process's
 * access service takes effect at once (see `forget`).
 */
export const CALLER_MEMO_MS = 2_000;

interface Entry {
  key: string;
  at: number;
  generation: number;
  values: Map<string, Promise<unknown>>;
}

/**
 * Answers about a caller, remembered per actor object (a weak reference: an entry goes with its
 * turn) for at most `CALLER_MEMO_MS` and until the next `forget`. A failed load is not kept.
 */
export class CallerMemo {
  private readonly entries = new WeakMap<Actor, Entry>();
  private generation = 0;

  constructor(private readonly now: () => number = () => performance.now()) {}

  /** The remembered answer for `part` of this caller, or `load()`'s (then remembered). */
  get<T>(actor: Actor, part: string, load: () => Promise<T>): Promise<T> {
    const key = `${actor.tenantId}\n${actor.agentId}`;
    const now = this.now();
    let entry = this.entries.get(actor);
    if (
      !entry ||
      entry.key !== key ||
      entry.generation !== this.generation ||
      now - entry.at >= CALLER_MEMO_MS
    ) {
      entry = { key, at: now, generation: this.generation, values: new Map() };
      this.entries.set(actor, entry);
    }
    const kept = entry.values.get(part) as Promise<T> | undefined;
    if (kept) return kept;
    const values = entry.values;
    const loading = load();
    values.set(part, loading);
    loading.catch(() => {
      if (values.get(part) === loading) values.delete(part);
    });
    return loading;
  }

  /** Drops every remembered answer (a role or provider changed through this process). */
  forget(): void {
    this.generation += 1;
  }
}
