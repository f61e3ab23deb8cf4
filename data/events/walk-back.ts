/** Lookups sent together per step of a walk (at most; a short page sends fewer). */
const WALK_BATCH = 20;

/** What a walk found, newest first, and the position to continue before, if anything is left. */
export interface WalkedBack<T> {
  found: { position: number; value: T }[];
  next?: number;
}

/**
 * Walks positions `from`, `from − 1`, … 1 of a log numbered by `_id` (a stream, a tenant's feed),
 * looking each up with `look` (`undefined`: nothing to answer there), in batches whose lookups are
 * sent together, until `limit` are found and one more shows there is more. Every lookup is a
 * primary-key read, so a page costs the same whatever the log's length. A walk looks at
 * `limit × 4 + 40` positions at most (positions with nothing to answer are rare: lost races,
 * voided writes); it then answers what it found and where to go on.
 */
export async function walkBack<T>(
  from: number,
  limit: number,
  look: (position: number) => Promise<T | undefined>,
): Promise<WalkedBack<T>> {
  const found: { position: number; value: T }[] = [];
  const lowest = Math.max(1, from - (limit * 4 + 40) + 1);
  let top = from;
  while (top >= lowest && found.length <= limit) {
    const size = Math.min(WALK_BATCH, limit + 1 - found.length, top - lowest + 1);
    const positions = Array.from({ length: size }, (_, k) => top - k);
    const values = await Promise.all(positions.map((position) => look(position)));
    positions.forEach((position, k) => {
      const value = values[k];
      if (value !== undefined) found.push({ position, value });
    });
    top -= size;
  }
  const last = found[limit - 1];
  if (found.length > limit && last) return { found: found.slice(0, limit), next: last.position };
  return { found, ...(top >= 1 ? { next: top + 1 } : {}) };
}

/**
 * The highest position of a log numbered from 1 by `_id` (0 when empty), by galloping up and
 * bisecting: about 2·log2(n) lookups, one after another.
 */
export async function lastPosition(exists: (position: number) => Promise<boolean>): Promise<number> {
  let low = 0;
  let step = 1;
  while (await exists(low + step)) {
    low += step;
    step *= 2;
  }
  let high = low + step;
  while (high - low > 1) {
    const middle = Math.floor((low + high) / 2);
    if (await exists(middle)) low = middle;
    else high = middle;
  }
  return low;
}
