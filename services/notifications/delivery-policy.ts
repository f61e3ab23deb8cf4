/**
 * How deliveries are paced and retried. Teams documents its bot limits at
 * https://learn.microsoft.com/en-us/microsoftteams/platform/bots/how-to/rate-limit :
 * per bot per thread (conversation) 7 messages / 1 s, 8 / 2 s, 60 / 30 s, 1800 / 3600 s; and a
 * global limit of 50 requests per second per app per tenant. It asks for exponential backoff
 * with random jitter on 429, and for retries of 412, 502 and 504 as well.
 */

/** Attempts per job before it becomes a dead letter. */
export const MAX_ATTEMPTS = 6;

/** Per conversation: a burst of 3, then one every 2.2 s (under 7/1 s, 8/2 s, 60/30 s and 1800/3600 s). */
export const CONVERSATION_BUCKET = { capacity: 3, perSecond: 1 / 2.2 } as const;

/**
 * Per tenant: a burst of 10, then 39 per second. At most 49 sends in any second, so they arrive
 * under 50 in every second even when the network bunches them by up to 25 ms (with 40 per
 * second, exactly 50 were sent in a second and a test saw 51 arrive within one).
 */
export const TENANT_BUCKET = { capacity: 10, perSecond: 39 } as const;

/** The first retry waits about this long (tests shorten it). */
export const BASE_BACKOFF_MS = 1_000;
const MAX_BACKOFF_MS = 5 * 60_000;

/** Exponential backoff with full jitter for attempt n (1-based), at least `floorMs` (a Retry-After). */
export function backoffMs(
  attempt: number,
  floorMs = 0,
  baseMs = BASE_BACKOFF_MS,
  random: () => number = Math.random,
): number {
  const ceiling = Math.min(MAX_BACKOFF_MS, baseMs * 2 ** Math.max(0, attempt - 1));
  const jittered = ceiling / 2 + random() * (ceiling / 2);
  return Math.max(floorMs, Math.round(jittered));
}
