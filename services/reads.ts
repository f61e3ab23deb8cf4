/**
 * A read started now, beside other work, whose failure is reported where it is awaited: never an
 * unhandled rejection when nobody awaits it (a replayed click answers without it).
 */
export function started<T>(read: Promise<T>): Promise<T> {
  read.catch(() => undefined);
  return read;
}

/**
 * Reads that run at once but refuse as if run one after another: the first refusal in the given
 * order (an unknown subscription says so, whatever its customer's read answered).
 */
export async function inOrder<T extends readonly unknown[]>(reads: {
  [K in keyof T]: Promise<T[K]>;
}): Promise<T> {
  const settled = await Promise.allSettled(reads);
  for (const read of settled) if (read.status === 'rejected') throw read.reason;
  return settled.map((read) => (read as PromiseFulfilledResult<unknown>).value) as unknown as T;
}
