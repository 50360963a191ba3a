/**
 * The runtime's side of animated pictures (#27): a frame is its own job and
 * cache entry, the answer carries the animation's timing and its original
 * frame (the page does not decode animations), and the persistent store
 * keeps still pictures only.
 */
import { describe, expect, it } from 'vitest';
import type { LoadedModel } from '../../src/runtime/model';
import type { StoredResult } from '../../src/runtime/result-store';
import { type StylizeHost, StylizeService } from '../../src/runtime/stylize-service';

/** A 1×1 GIF of `n` frames at 100 ms, looping for ever. */
function animatedGif(n: number): Uint8Array {
  const head = [...new TextEncoder().encode('GIF89a'), 1, 0, 1, 0, 0x80, 0, 0, 0, 0, 0, 255, 255, 255];
  const loop = [0x21, 0xff, 11, ...new TextEncoder().encode('NETSCAPE2.0'), 3, 1, 0, 0, 0];
  const frame = [0x21, 0xf9, 4, 0, 10, 0, 0, 0, 0x2c, 0, 0, 0, 0, 1, 0, 1, 0, 0, 2, 2, 0x44, 1, 0];
  return new Uint8Array([...head, ...loop, ...Array(n).fill(frame).flat(), 0x3b]);
}

function host(frames: (number | undefined)[]): StylizeHost {
  return {
    loadModel: async () => ({ manifest: {} as LoadedModel['manifest'], weights: {}, kernelWeights: null, dispose: () => undefined }),
    fetchBytes: async () => animatedGif(3),
    decode: async () => {
      throw new Error('expected decodeAndRun');
    },
    run: async (_m, img) => img,
    decodeAndRun: async (_m, _bytes, { width, height, frame }) => {
      frames.push(frame);
      const original = { width, height, data: new Uint8ClampedArray(width * height * 4).fill(frame ?? 0) };
      return { original, stylized: { width, height, data: original.data.map((v) => v + 100) }, ms: { decode: 1, run: 1 } };
    },
    status: () => ({ backend: 'fake', threads: 1, kernel: false, numTensors: 0, wasmBytes: 0, jsHeapBytes: 0 }),
    loadedStyles: () => [],
  };
}

const job = (over: Record<string, unknown> = {}) => ({
  jobId: Math.random().toString(36),
  tabId: 1,
  requester: 'https://site-a.example > https://site-a.example',
  url: 'https://site-a.example/a.gif',
  styleId: 'starry-night',
  width: 4,
  height: 3,
  priority: 0,
  ...over,
});

describe('animated pictures in the runtime', () => {
  it('paints each frame as its own job and cache entry, passing the frame number to the engine', async () => {
    const frames: (number | undefined)[] = [];
    const s = new StylizeService(host(frames));
    const first = await s.stylize(job());
    const second = await s.stylize(job({ frame: 1 }));
    expect(frames).toEqual([undefined, 1]);
    expect(first.stylized.data[0]).toBe(100);
    expect(second.stylized.data[0]).toBe(101);
    expect((await s.stylize(job({ frame: 1 }))).cached).toBe(true);
    expect((await s.stylize(job())).cached).toBe(true);
    expect(frames).toEqual([undefined, 1]);
  });

  it('answers with the timing and the original frame, also when the page sent the bytes, and keeps frames out of the persistent store', async () => {
    const put: string[] = [];
    const store = {
      get: async () => undefined,
      put: async (key: string, _r: StoredResult) => void put.push(key),
      pending: 0,
    };
    const s = new StylizeService(host([]), store);
    const res = await s.stylize(job({ bytes: animatedGif(3), frame: 2 }));
    expect(res.animation).toEqual({ delaysMs: [100, 100, 100], plays: 0 });
    expect(res.original?.data[0]).toBe(2);
    expect((await s.stylize(job({ bytes: animatedGif(3), frame: 2 }))).animation).toEqual({ delaysMs: [100, 100, 100], plays: 0 });
    expect(put).toEqual([]);
    const still = await s.stylize(job({ bytes: new Uint8Array([0x89, 0x50, 0x4e, 0x47]), url: 'https://site-a.example/b.png' }));
    expect(still.animation).toBeUndefined();
    expect(still.original).toBeUndefined(); // a still picture's bytes from the page: only the painted pixels go back
    expect(put).toHaveLength(1);
  });
});
