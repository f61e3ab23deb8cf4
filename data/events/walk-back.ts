/** Lookups sent together per step of a walk (at most; a short page sends fewer). */
const WALK_BATCH = 50;

/** What a walk found, newest first, and whether anything is left below the last of it. */
export interface WalkedBack<T> {
  found: { position: number; value: T }[];
  more: boolean;
}

/**
 * Walks positions `from`, `from − 1`, … 1 of a log numbered by `_id` (a stream, a tenant's feed),
 * looking each up with `look` (`undefined`: nothing to answer there), in batches whose lookups are
 * sent together, until `limit` are found and one more shows there is more. Every lookup is a
 * primary-key read, so a page costs the same whatever the log's length.
 */
export async function walkBack<T>(
  from: number,
  limit: number,
  look: (position: number) => Promise<T | undefined>,
): Promise<WalkedBack<T>> {
  const found: { position: number; value: T }[] = [];
  let top = from;
  while (top >= 1 && found.length <= limit) {
    const size = Math.min(WALK_BATCH, limit + 1 - found.length, top);
    const positions = Array.from({ length: size }, (_, k) => top - k);
    const values = await Promise.all(positions.map((position) => look(position)));
    positions.forEach((position, k) => {
      const value = values[k];
      if (value !== undefined) found.push({ position, value });
    });
    top -= size;
  }
  return { found: found.slice(0, limit), more: found.length > limit };
}

/**
 * The highest position of a log numbered from 1 by `_id` (0 when empty), by galloping up from
 * `known` and bisecting: about 2·log2(n) lookups, one after another.
 */
export async function lastPosition(
  exists: (position: number) => Promise<boolean>,
  known = 0,
): Promise<number> {
  let low = known;
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
