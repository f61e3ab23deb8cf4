/**
 * A map of at most `max` entries, for what a process remembers: setting an entry makes it the
 * newest, and when there are more than `max` the oldest leave first. `use` reads an entry and
 * makes it the newest too (least recently used first out); `get` leaves the order alone.
 */
export class BoundedMap<K, V> extends Map<K, V> {
  // No entries to start from: Map's constructor would call `set` before `max` is assigned.
  constructor(private readonly max: number) {
    super();
  }

  override set(key: K, value: V): this {
    super.delete(key);
    super.set(key, value);
    for (const oldest of this.keys()) {
      if (this.size <= this.max) break;
      super.delete(oldest);
    }
    return this;
  }

  /** The entry, made the newest (undefined when absent). */
  use(key: K): V | undefined {
    if (!super.has(key)) return undefined;
    const value = super.get(key) as V;
    this.set(key, value);
    return value;
  }
}
