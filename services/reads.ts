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
 * order (an unknown subscription says so, whatever its customer's read answered), without
 * waiting for the reads after it.
 */
export async function inOrder<T extends readonly unknown[]>(reads: {
  [K in keyof T]: Promise<T[K]>;
}): Promise<T> {
  const all: readonly Promise<unknown>[] = reads;
  for (const read of all) started(read);
  // Each in turn: a refusal is answered as soon as it and every read before it are in.
  const values: unknown[] = [];
  for (const read of all) values.push(await read);
  return values as unknown as T;
}

/**
 * `work` for every item, `size` at a time (the database or the backend is not asked everything at
 * once); the answers in the items' order.
 */
export async function inBatches<T, R>(
  items: readonly T[],
  size: number,
  work: (item: T) => Promise<R>,
): Promise<R[]> {
  const answers: R[] = [];
  for (let i = 0; i < items.length; i += size)
    answers.push(...(await Promise.all(items.slice(i, i + size).map(work))));
  return answers;
}
