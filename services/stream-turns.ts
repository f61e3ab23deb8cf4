import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * Writers of one stream in one process (one set of repositories) take turns: each waits for the
 * one before it, so they never race each other's insert: an append loses only to another
 * instance's writer (or when its decision came from a kept snapshot a failed store left behind
 * the events). 32 agents assigning the same reseller at once otherwise lost up to 31 rounds
 * each, and ran out of attempts. A write that writes the same stream again inside its own
 * decision goes on without waiting for itself.
 */
const tails = new WeakMap<object, Map<string, Promise<unknown>>>();

/** The turns a call holds; `open` until the turn ends (work it started and outlives it holds nothing). */
interface Held {
  keys: ReadonlySet<string>;
  open: boolean;
}
const holding = new AsyncLocalStorage<Held>();

/** Whether this call holds the stream's turn (a write inside its own decision). */
export const holds = (key: string): boolean => {
  const held = holding.getStore();
  return held !== undefined && held.open && held.keys.has(key);
};

/**
 * Runs `work` outside every turn this call holds: for work scheduled from inside a turn (a timer)
 * that must wait for turns like any other caller, even while that turn still runs.
 */
export function outsideTurns<R>(work: () => R): R {
  return holding.exit(work);
}

/** Runs `run` in the stream's turn: after every earlier writer of `key` in `space` is done. */
export async function inTurn<R>(space: object, key: string, run: () => Promise<R>): Promise<R> {
  if (holds(key)) return run();
  const outer = holding.getStore();
  const inherited = outer?.open ? [...outer.keys] : [];
  let streams = tails.get(space);
  if (!streams) tails.set(space, (streams = new Map()));
  const queue = streams;
  const mine = (queue.get(key) ?? Promise.resolve())
    .catch(() => undefined)
    .then(() => {
      const held: Held = { keys: new Set([...inherited, key]), open: true };
      return holding.run(held, run).finally(() => (held.open = false));
    });
  queue.set(key, mine);
  try {
    return await mine;
  } finally {
    if (queue.get(key) === mine) queue.delete(key);
  }
}
