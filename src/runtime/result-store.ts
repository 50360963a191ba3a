/**
 * "Never twice": results outlive the offscreen document, which closes after a
 * minute idle and takes its memory caches with it. A second, persistent store
 * (the Cache API in the browser) keeps the original and stylized pixels under
 * the same requester-bound key as the memory cache (stylize-service.ts), so a
 * site never receives a result computed for another. Bounded in bytes with
 * least-recently-used eviction; its index is stored beside the entries. It is
 * an optimisation: any storage error means "not cached", never a failure.
 * The background empties it when the browser starts (results last one
 * browser session, as the privacy page says) and the settings page can too.
 */
import type { RgbaImage } from '../shared/image';
import { ByteLruCache } from '../shared/lru-cache';

export interface StoredResult {
  original: RgbaImage;
  stylized: RgbaImage;
}

/** Where bytes are kept: the Cache API in the browser, a Map in tests. */
export interface BlobBackend {
  read(name: string): Promise<ArrayBuffer | undefined>;
  write(name: string, bytes: ArrayBuffer): Promise<void>;
  remove(name: string): Promise<void>;
}

export const PERSISTENT_RESULT_BYTES = 256 * 1024 * 1024;
const INDEX = 'index';
const HEADER = 8;

export function encodeResult(r: StoredResult): ArrayBuffer {
  const { width, height } = r.original;
  const n = width * height * 4;
  const out = new Uint8Array(HEADER + 2 * n);
  new DataView(out.buffer).setUint32(0, width, true);
  new DataView(out.buffer).setUint32(4, height, true);
  out.set(r.original.data, HEADER);
  out.set(r.stylized.data, HEADER + n);
  return out.buffer;
}

export function decodeResult(buf: ArrayBuffer): StoredResult | undefined {
  if (buf.byteLength < HEADER) return undefined;
  const view = new DataView(buf);
  const width = view.getUint32(0, true);
  const height = view.getUint32(4, true);
  const n = width * height * 4;
  if (width === 0 || height === 0 || buf.byteLength !== HEADER + 2 * n) return undefined;
  return {
    original: { width, height, data: new Uint8ClampedArray(buf, HEADER, n) },
    stylized: { width, height, data: new Uint8ClampedArray(buf, HEADER + n, n) },
  };
}

export class PersistentResultStore {
  private index: ByteLruCache<number> | null = null;
  private loading: Promise<ByteLruCache<number>> | null = null;
  private saveTimer: ReturnType<typeof setTimeout> | undefined;
  /** Writes not finished yet (the result and the index), for the runtime status. */
  pending = 0;

  constructor(
    private readonly backend: BlobBackend,
    readonly maxBytes = PERSISTENT_RESULT_BYTES,
  ) {}

  private lru(): Promise<ByteLruCache<number>> {
    if (this.index) return Promise.resolve(this.index);
    this.loading ??= (async () => {
      const lru = new ByteLruCache<number>(
        this.maxBytes,
        (bytes) => bytes,
        (key) => void this.backend.remove(key).catch(() => undefined),
      );
      try {
        const raw = await this.backend.read(INDEX);
        const entries = raw ? (JSON.parse(new TextDecoder().decode(raw)) as [string, number][]) : [];
        for (const [key, bytes] of entries) if (typeof key === 'string' && Number.isFinite(bytes)) lru.set(key, bytes);
      } catch {
        // an unreadable index starts empty; orphaned entries are overwritten or cleared with the store
      }
      this.index = lru;
      return lru;
    })();
    return this.loading;
  }

  /** Reads change only the recency order: saved together, shortly after the last one. */
  private scheduleIndexSave(lru: ByteLruCache<number>): void {
    clearTimeout(this.saveTimer);
    this.saveTimer = setTimeout(() => void this.writeIndex(lru).catch(() => undefined), 200);
  }

  /** Reads the index ahead of the first lookup (a new document: its first lookup took ~100 ms, #21). */
  async warm(): Promise<void> {
    await this.lru();
  }

  async get(key: string): Promise<StoredResult | undefined> {
    try {
      const lru = await this.lru();
      if (lru.get(key) === undefined) return undefined;
      const raw = await this.backend.read(key);
      const result = raw ? decodeResult(raw) : undefined;
      if (!result) lru.delete(key);
      this.scheduleIndexSave(lru);
      return result;
    } catch {
      return undefined;
    }
  }

  async put(key: string, result: StoredResult): Promise<void> {
    this.pending++;
    try {
      const lru = await this.lru();
      const bytes = encodeResult(result);
      if (bytes.byteLength > this.maxBytes) return;
      await this.backend.write(key, bytes);
      lru.set(key, bytes.byteLength);
      // The index is written with the entry: a document closed right after must still find it.
      await this.writeIndex(lru);
    } catch {
      // full disk or quota: the result is simply not kept
    } finally {
      this.pending--;
    }
  }

  private async writeIndex(lru: ByteLruCache<number>): Promise<void> {
    clearTimeout(this.saveTimer);
    await this.backend.write(INDEX, new TextEncoder().encode(JSON.stringify(lru.entries())).buffer as ArrayBuffer);
  }

  /** Writes the index now (the recency of reads is otherwise saved 200 ms after the last one). */
  async flush(): Promise<void> {
    await this.writeIndex(await this.lru());
  }
}
