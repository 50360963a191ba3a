import { afterEach, describe, expect, it, vi } from 'vitest';
import type { FromEngine, ToEngine } from '../../src/runtime/browser/engine-messages';
import { EnginePool } from '../../src/runtime/browser/engine-pool';

/** A stand-in for a Worker: answers init with ready, and each run after `delayMs` with inverted pixels. */
class FakeWorker {
  onmessage: ((e: MessageEvent<FromEngine>) => void) | null = null;
  onerror: (() => void) | null = null;
  runs: number[] = [];
  loads: string[] = [];
  decoded: Uint8Array[] = [];
  terminated = false;
  constructor(
    private readonly behaviour: 'ok' | 'never-ready' | 'fails-init' | 'hangs' = 'ok',
    private readonly delayMs = 5,
  ) {}
  private reply(data: FromEngine, delay = 0) {
    setTimeout(() => this.onmessage?.({ data } as MessageEvent<FromEngine>), delay);
  }
  postMessage(msg: ToEngine) {
    if (msg.kind === 'init') {
      if (this.behaviour === 'ok' || this.behaviour === 'hangs')
        this.reply({ kind: 'ready', info: { backend: 'wasm', threads: 1, simd: true } });
      if (this.behaviour === 'fails-init') this.reply({ kind: 'failed', id: null, error: 'no wasm', errorKind: 'engine' });
      return;
    }
    if (msg.kind === 'load') {
      this.loads.push(msg.styleId);
      this.reply({ kind: 'done', id: msg.id, data: new Uint8ClampedArray(0), memory: { numTensors: 3, wasmBytes: 1000 } });
      return;
    }
    this.runs.push(msg.id);
    if (this.behaviour === 'hangs') return; // a wedged WASM run: no answer, ever
    if (msg.kind === 'decodeRun') {
      // "Decoding" here: every pixel is the first byte; the result inverts it.
      this.decoded.push(msg.bytes);
      const original = new Uint8ClampedArray(msg.width * msg.height * 4).fill(msg.bytes[0] ?? 0);
      const data = original.map((v) => 255 - v);
      const memory = { numTensors: 3, wasmBytes: 1000 };
      this.reply({ kind: 'done', id: msg.id, data, original, ms: { decode: 1, run: 2 }, memory }, this.delayMs);
      return;
    }
    const data = msg.data.map((v) => 255 - v);
    this.reply({ kind: 'done', id: msg.id, data, memory: { numTensors: 3, wasmBytes: 1000 } }, this.delayMs);
  }
  terminate() {
    this.terminated = true;
  }
}

const urls = { wasmBaseUrl: 'chrome-extension://x/wasm/', packageBaseUrl: 'chrome-extension://x/' };
const image = (v: number) => ({ width: 2, height: 1, data: new Uint8ClampedArray([v, v, v, 255, v, v, v, 255]) });

describe('EnginePool', () => {
  it('spreads pictures over its workers and keeps the caller’s pixels intact', async () => {
    const workers = [new FakeWorker(), new FakeWorker()];
    let i = 0;
    const pool = await EnginePool.start(2, urls, () => workers[i++] as unknown as Worker);
    expect(pool?.size).toBe(2);
    expect(pool?.info.threads).toBe(2);
    const input = image(10);
    const outs = await Promise.all([pool?.run('s', input), pool?.run('s', image(20)), pool?.run('s', image(30))]);
    expect(outs.map((o) => o?.data[0])).toEqual([245, 235, 225]);
    expect(input.data[0]).toBe(10); // a copy was transferred, not the original
    expect(workers.map((w) => w.runs.length).sort()).toEqual([1, 2]);
    expect(pool?.memory()).toEqual({ numTensors: 6, wasmBytes: 2000 });
  });

  it('decodes and runs in a worker (#21), transferring a copy of the caller’s bytes', async () => {
    const worker = new FakeWorker();
    const pool = await EnginePool.start(1, urls, () => worker as unknown as Worker);
    const bytes = new Uint8Array([40, 1, 2, 3]);
    const out = await pool?.decodeAndRun('udnie', bytes, 2, 1);
    expect(out?.original).toEqual({ width: 2, height: 1, data: new Uint8ClampedArray(8).fill(40) });
    expect(out?.stylized.data[0]).toBe(215);
    expect(out?.ms).toEqual({ decode: 1, run: 2 });
    expect(worker.decoded[0]).not.toBe(bytes);
    expect([...bytes]).toEqual([40, 1, 2, 3]); // the caller's bytes stay whole
  });

  it('loads a style in every worker ahead of the first picture', async () => {
    const workers = [new FakeWorker(), new FakeWorker()];
    let i = 0;
    const pool = await EnginePool.start(2, urls, () => workers[i++] as unknown as Worker);
    await pool?.load('udnie');
    expect(workers.map((w) => w.loads)).toEqual([['udnie'], ['udnie']]);
  });

  it('starts with the workers that came up, or gives null so the document runs the model itself', async () => {
    const behaviours = ['ok', 'fails-init'] as const;
    let i = 0;
    const half = await EnginePool.start(2, urls, () => new FakeWorker(behaviours[i++]) as unknown as Worker);
    expect(half?.size).toBe(1);
    const none = await EnginePool.start(2, urls, () => {
      throw new Error('workers are not allowed here');
    });
    expect(none).toBeNull();
  });

  it('fails the pictures of a crashed worker with a reason', async () => {
    const worker = new FakeWorker('ok', 1000);
    const pool = await EnginePool.start(1, urls, () => worker as unknown as Worker);
    const job = pool?.run('s', image(1));
    worker.onerror?.();
    await expect(job).rejects.toThrow(/crashed/);
    pool?.terminate();
    expect(worker.terminated).toBe(true);
  });

  describe('bounded engines (#22)', () => {
    afterEach(() => {
      vi.useRealTimers();
    });

    it('replaces a worker whose run passes its deadline; that picture fails as engine, the next is served by the fresh worker', async () => {
      vi.useFakeTimers();
      const workers = [new FakeWorker('hangs'), new FakeWorker()];
      let i = 0;
      const starting = EnginePool.start(1, urls, { factory: () => workers[i++] as unknown as Worker, deadlineMs: (px) => 1000 + px });
      await vi.advanceTimersByTimeAsync(1);
      const pool = await starting;
      const stuck = pool?.run('s', image(1));
      const failure = expect(stuck).rejects.toMatchObject({ kind: 'engine', message: expect.stringMatching(/took over 1 s/) });
      await vi.advanceTimersByTimeAsync(1010);
      await failure;
      expect(workers[0]?.terminated).toBe(true);
      expect(pool?.replaced).toBe(1);
      await vi.advanceTimersByTimeAsync(1); // the replacement says ready
      const next = pool?.run('s', image(40));
      await vi.advanceTimersByTimeAsync(10);
      expect((await next)?.data[0]).toBe(215);
      expect(workers[1]?.runs).toHaveLength(1);
      pool?.terminate();
    });

    it('a crash is replaced the same way, and with no worker left a picture fails at once instead of waiting', async () => {
      vi.useFakeTimers();
      const crashing = new FakeWorker('ok', 1000);
      const workers = [crashing, new FakeWorker('fails-init')];
      let i = 0;
      const starting = EnginePool.start(1, urls, () => workers[i++] as unknown as Worker);
      await vi.advanceTimersByTimeAsync(1);
      const pool = await starting;
      const job = pool?.run('s', image(1));
      crashing.onerror?.();
      await expect(job).rejects.toMatchObject({ kind: 'engine', message: expect.stringMatching(/crashed/) });
      await vi.advanceTimersByTimeAsync(1); // the replacement fails to start
      await expect(pool?.run('s', image(2))).rejects.toMatchObject({ kind: 'engine', message: expect.stringMatching(/no engine worker/) });
    });
  });
});
