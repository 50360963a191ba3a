/** "Never twice": the persistent result store (a Map stands in for the Cache API) and the service using it. */
import { describe, expect, it } from 'vitest';
import { type BlobBackend, decodeResult, encodeResult, PersistentResultStore } from '../../src/runtime/result-store';
import { type StylizeHost, StylizeService } from '../../src/runtime/stylize-service';
import { makeImage, type RgbaImage } from '../../src/shared/image';

function mapBackend(): BlobBackend & { map: Map<string, ArrayBuffer> } {
  const map = new Map<string, ArrayBuffer>();
  return {
    map,
    read: async (n) => map.get(n),
    write: async (n, b) => void map.set(n, b.slice(0)),
    remove: async (n) => void map.delete(n),
  };
}

const picture = (w: number, h: number, seed: number): RgbaImage => {
  const img = makeImage(w, h);
  img.data.forEach((_, i) => {
    img.data[i] = (i * seed) % 256;
  });
  return img;
};

describe('the persistent result store', () => {
  it('round-trips original and stylized pixels exactly', async () => {
    const store = new PersistentResultStore(mapBackend());
    const result = { original: picture(5, 3, 7), stylized: picture(5, 3, 11) };
    await store.put('k', result);
    const back = await store.get('k');
    expect([...(back?.original.data ?? [])]).toEqual([...result.original.data]);
    expect([...(back?.stylized.data ?? [])]).toEqual([...result.stylized.data]);
    expect(decodeResult(new ArrayBuffer(12))).toBeUndefined();
  });

  it('warm() reads the index ahead, once: a new document’s first lookup then reads only its entry (#21)', async () => {
    const backend = mapBackend();
    await new PersistentResultStore(backend).put('k', { original: picture(2, 2, 3), stylized: picture(2, 2, 5) });
    const reads: string[] = [];
    const counting: BlobBackend = {
      ...backend,
      read: async (n) => {
        reads.push(n);
        return backend.read(n);
      },
    };
    const fresh = new PersistentResultStore(counting);
    await fresh.warm();
    expect(reads).toHaveLength(1); // the index
    const index = reads[0];
    expect(await fresh.get('k')).toBeDefined();
    expect(await fresh.get('missing')).toBeUndefined();
    expect(reads).toEqual([index, 'k']); // no second index read, and a key the index lacks is not read at all
  });

  it('stays within its byte budget, least recently used out first, and its index survives a new document', async () => {
    const backend = mapBackend();
    const size = encodeResult({ original: picture(4, 4, 1), stylized: picture(4, 4, 2) }).byteLength;
    const store = new PersistentResultStore(backend, size * 2);
    await store.put('a', { original: picture(4, 4, 1), stylized: picture(4, 4, 2) });
    await store.put('b', { original: picture(4, 4, 3), stylized: picture(4, 4, 4) });
    await store.get('a'); // a is now the most recent
    await store.put('c', { original: picture(4, 4, 5), stylized: picture(4, 4, 6) });
    expect(await store.get('b')).toBeUndefined();
    expect(backend.map.has('b')).toBe(false);
    await store.flush();
    const reopened = new PersistentResultStore(backend, size * 2);
    expect(await reopened.get('a')).toBeDefined();
    expect(await reopened.get('c')).toBeDefined();
  });

  it('a failing backend means "not cached", never an error', async () => {
    const broken: BlobBackend = {
      read: () => Promise.reject(new Error('x')),
      write: () => Promise.reject(new Error('quota')),
      remove: () => Promise.reject(new Error('x')),
    };
    const store = new PersistentResultStore(broken);
    await expect(store.put('k', { original: picture(2, 2, 1), stylized: picture(2, 2, 2) })).resolves.toBeUndefined();
    await expect(store.get('k')).resolves.toBeUndefined();
  });
});

describe('the stylize service with a persistent store', () => {
  it('a second document (a fresh service) answers from the store without running the model', async () => {
    let runs = 0;
    const host: StylizeHost<string> = {
      loadModel: async (id) => id,
      fetchBytes: async () => new Uint8Array([1]),
      decode: async (_b, w, h) => picture(w, h, 3),
      run: async (_m, img) => {
        runs++;
        return picture(img.width, img.height, 9);
      },
      status: () => ({ backend: 'fake', threads: 1, kernel: false, numTensors: 0, wasmBytes: 0, jsHeapBytes: 0 }),
      loadedStyles: () => [],
    };
    const store = new PersistentResultStore(mapBackend());
    const job = {
      jobId: 'j',
      url: 'https://a.example/p.png',
      styleId: 'udnie',
      width: 6,
      height: 4,
      priority: 0,
      tabId: 1,
      requester: 'r',
    };
    const firstService = new StylizeService(host, store);
    const first = await firstService.stylize(job);
    // The computed job's time by stage, for the benchmarks; a store hit adds none.
    const stages = firstService.status().recentStages;
    expect(stages).toHaveLength(1);
    expect(Object.keys(stages[0] ?? {})).toEqual(['lookup', 'queue', 'load', 'decode', 'run']);
    expect(Object.values(stages[0] ?? {}).every((ms) => ms >= 0)).toBe(true);
    await new Promise((r) => setTimeout(r, 0));
    const second = await new StylizeService(host, store).stylize({ ...job, jobId: 'j2' });
    expect(runs).toBe(1);
    expect(second.cached).toBe(true);
    expect([...second.stylized.data]).toEqual([...first.stylized.data]);
    // Another site asking for the same URL is another key: computed for it, never handed over.
    await new StylizeService(host, store).stylize({ ...job, jobId: 'j3', requester: 'other' });
    expect(runs).toBe(2);
  });
});
