import { describe, expect, it } from 'vitest';
import type { LoadedModel } from '../../src/runtime/model';
import { type StylizeHost, StylizeService } from '../../src/runtime/stylize-service';

function fakeHost(log: string[]): StylizeHost {
  return {
    loadModel: async (id) => {
      log.push(`model ${id}`);
      return { manifest: {} as LoadedModel['manifest'], weights: {}, kernelWeights: null, dispose: () => undefined };
    },
    fetchBytes: async (url) => {
      log.push(`fetch ${url}`);
      if (url.includes('404')) throw new Error('the server answered 404');
      return new Uint8Array([1, 2, 3]);
    },
    decode: async (_b, width, height) => ({ width, height, data: new Uint8ClampedArray(width * height * 4).fill(9) }),
    run: async (_m, img) => {
      log.push(`run ${img.width}x${img.height}`);
      return { ...img, data: img.data.map(() => 200) };
    },
    status: () => ({ backend: 'fake', threads: 1, kernel: false, numTensors: 0, wasmBytes: 0, jsHeapBytes: 0 }),
    loadedStyles: () => [],
  };
}

const job = (over: Partial<Parameters<StylizeService['stylize']>[0]> = {}) => ({
  jobId: Math.random().toString(36),
  tabId: 1,
  requester: 'https://site-a.example > https://site-a.example',
  url: 'https://x.org/a.png',
  styleId: 'starry-night',
  width: 4,
  height: 3,
  priority: 0,
  ...over,
});

describe('StylizeService', () => {
  it('fetches each image once and caches results per (url, style, size)', async () => {
    const log: string[] = [];
    const s = new StylizeService(fakeHost(log));
    const a = await s.stylize(job());
    expect(a.cached).toBe(false);
    expect(a.stylized.data[0]).toBe(200);
    expect(a.original?.data[0]).toBe(9); // fetched by the extension: the original comes back too
    expect((await s.stylize(job())).cached).toBe(true);
    await s.stylize(job({ width: 8, height: 6 }));
    await s.stylize(job({ styleId: 'udnie' }));
    expect(log.filter((l) => l.startsWith('fetch'))).toEqual(['fetch https://x.org/a.png']);
    expect(log.filter((l) => l.startsWith('run'))).toEqual(['run 4x3', 'run 8x6', 'run 4x3']);
  });

  it('hands decode and run to the host in one step when it can (engine workers, #21), with the worker’s timings as stages', async () => {
    const log: string[] = [];
    const host = fakeHost(log);
    host.decode = async () => {
      throw new Error('expected no decode in the service when the host decodes and runs');
    };
    host.decodeAndRun = async (_m, bytes, { width, height }) => {
      log.push(`decodeAndRun ${bytes.length} bytes at ${width}x${height}`);
      const original = { width, height, data: new Uint8ClampedArray(width * height * 4).fill(7) };
      return { original, stylized: { width, height, data: original.data.map(() => 100) }, ms: { decode: 12, run: 30 } };
    };
    const s = new StylizeService(host);
    const a = await s.stylize(job({ bytes: new Uint8Array([5, 6, 7, 8]) }));
    expect(a.stylized.data[0]).toBe(100);
    expect(a.original).toBeUndefined(); // the page read the bytes: only the stylized pixels go back
    expect(log).toContain('decodeAndRun 4 bytes at 4x3');
    const [stages] = s.status().recentStages;
    expect(stages?.decode).toBe(12);
    expect(stages?.run).toBeGreaterThanOrEqual(0);
    const b = await s.stylize(job({ url: 'https://x.org/b.png' })); // fetched by the extension: its original comes back
    expect(b.original?.data[0]).toBe(7);
  });

  it('shares one computation between simultaneous identical requests', async () => {
    const log: string[] = [];
    const s = new StylizeService(fakeHost(log));
    await Promise.all([s.stylize(job()), s.stylize(job()), s.stylize(job())]);
    expect(log.filter((l) => l.startsWith('run'))).toHaveLength(1);
  });

  it('uses bytes the page read itself instead of fetching', async () => {
    const log: string[] = [];
    const s = new StylizeService(fakeHost(log));
    const res = await s.stylize(job({ bytes: new Uint8Array([1]) }));
    expect(log.some((l) => l.startsWith('fetch'))).toBe(false);
    // Only the stylized pixels travel back: the page decodes its own bytes (#21), also on a cache hit.
    expect(res.original).toBeUndefined();
    expect(res.stylized.data[0]).toBe(200);
    const hit = await s.stylize(job({ bytes: new Uint8Array([1]) }));
    expect(hit).toMatchObject({ cached: true });
    expect(hit.original).toBeUndefined();
  });

  it('reports a failure and keeps serving', async () => {
    const s = new StylizeService(fakeHost([]));
    await expect(s.stylize(job({ url: 'https://x.org/404.png' }))).rejects.toThrow(/404/);
    await expect(s.stylize(job())).resolves.toMatchObject({ cached: false });
    expect(s.status()).toMatchObject({ queued: 0, running: 0, backend: 'fake' });
    expect(s.status().recentRunMs).toHaveLength(1); // the 404 never reached the model
  });

  it('never shares a result or fetched bytes between requesters; the same requester still hits the cache', async () => {
    const log: string[] = [];
    const s = new StylizeService(fakeHost(log));
    const a = 'https://site-a.example > https://site-a.example';
    const b = 'https://site-b.example > https://site-b.example';
    await Promise.all([s.stylize(job({ requester: a })), s.stylize(job({ requester: b }))]); // in flight at once: not shared
    expect(log.filter((l) => l.startsWith('run'))).toHaveLength(2);
    expect(log.filter((l) => l.startsWith('fetch'))).toHaveLength(2);
    expect((await s.stylize(job({ requester: a }))).cached).toBe(true);
    expect((await s.stylize(job({ requester: b }))).cached).toBe(true);
    expect(log.filter((l) => l.startsWith('run'))).toHaveLength(2);
  });

  it('keeps page-read and extension-fetched results apart for the same requester and URL', async () => {
    const log: string[] = [];
    const s = new StylizeService(fakeHost(log));
    await s.stylize(job());
    const pageRead = await s.stylize(job({ bytes: new Uint8Array([7]) }));
    expect(pageRead.cached).toBe(false);
    expect((await s.stylize(job({ bytes: new Uint8Array([7]) }))).cached).toBe(true);
    expect(log.filter((l) => l.startsWith('run'))).toHaveLength(2);
  });

  it('keys are fixed-size digests, whatever the URL', async () => {
    const { resultKey } = await import('../../src/runtime/stylize-service');
    const huge = `data:image/png;base64,${'A'.repeat(1_000_000)}`;
    const key = await resultKey(job({ url: huge }));
    expect(key).toMatch(/^[0-9a-f]{64}$/);
    expect(await resultKey(job({ url: huge }))).toBe(key);
    expect(await resultKey(job({ url: huge, requester: 'https://other.example > https://other.example' }))).not.toBe(key);
  });
});
