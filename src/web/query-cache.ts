// A small least-recently-used cache for one session's query results, so switching views or typing
// a search does not recompute a flame graph the session has just built (the browser client keeps
// its last flame graphs in one too). No Node APIs: bundled for the browser as well.

export class QueryCache<T> {
  private readonly entries = new Map<string, T>();

  constructor(private readonly capacity: number) {}

  /** Returns the cached value for `key`, computing and keeping it on a miss. */
  get(key: string, compute: () => T): T {
    const hit = this.entries.get(key);
    if (hit !== undefined || this.entries.has(key)) {
      // Re-insert so Map's insertion order doubles as recency order.
      this.entries.delete(key);
      this.entries.set(key, hit as T);
      return hit as T;
    }
    const value = compute();
    this.entries.set(key, value);
    if (this.entries.size > this.capacity) {
      const oldest = this.entries.keys().next().value as string;
      this.entries.delete(oldest);
    }
    return value;
  }

  /** The cached value for `key` (now the most recent), or undefined on a miss. */
  find(key: string): T | undefined {
    if (!this.entries.has(key)) return undefined;
    return this.get(key, () => undefined as T);
  }

  /** Forgets `key` (a failed result that should be computed again). */
  delete(key: string): void {
    this.entries.delete(key);
  }

  get size(): number {
    return this.entries.size;
  }
}
