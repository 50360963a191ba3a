/** A least-recently-used cache bounded by total bytes (stylized results are big; their count is not the limit). */
export class ByteLruCache<V> {
  private readonly map = new Map<string, { value: V; bytes: number }>();
  private total = 0;

  constructor(
    readonly maxBytes: number,
    private readonly sizeOf: (v: V) => number,
    /** Told about every entry pushed out to stay within maxBytes (not about delete or clear). */
    private readonly onEvict: (key: string, value: V) => void = () => undefined,
  ) {}

  get bytes(): number {
    return this.total;
  }

  get size(): number {
    return this.map.size;
  }

  get(key: string): V | undefined {
    const hit = this.map.get(key);
    if (!hit) return undefined;
    this.map.delete(key);
    this.map.set(key, hit); // most recent last
    return hit.value;
  }

  set(key: string, value: V): void {
    const bytes = this.sizeOf(value);
    this.delete(key);
    if (bytes > this.maxBytes) {
      this.onEvict(key, value);
      return;
    }
    this.map.set(key, { value, bytes });
    this.total += bytes;
    for (const [k, e] of this.map) {
      if (this.total <= this.maxBytes) break;
      this.map.delete(k);
      this.total -= e.bytes;
      this.onEvict(k, e.value);
    }
  }

  delete(key: string): void {
    const old = this.map.get(key);
    if (old) {
      this.map.delete(key);
      this.total -= old.bytes;
    }
  }

  /** [key, value] pairs, least recently used first (to persist an index). */
  entries(): [string, V][] {
    return [...this.map].map(([k, e]) => [k, e.value]);
  }

  clear(): void {
    this.map.clear();
    this.total = 0;
  }
}
