/**
 * A pool of engine workers, one per core: the offscreen document hands each
 * picture to the least busy worker, so pictures are repainted in parallel.
 * If workers cannot start, the caller falls back to running in the document.
 *
 * Bounded (#22): a worker that crashes, or whose run passes its deadline
 * (runDeadlineMs), is terminated and replaced by a fresh one; its pictures
 * fail with kind `engine` and the queue goes on with the other workers.
 */
import { BrushworkError } from '../../messaging/errors';
import { SHIPPED_ARCH } from '../../model/architecture';
import type { RgbaImage } from '../../shared/image';
import { type Band, bandHalo, bandRows, planBands, stitchBands } from '../kernel/bands';
import { runDeadlineMs } from '../run-limits';
import type { BackendInfo } from './backend';
import type { EngineMemory, FromEngine, ToEngine } from './engine-messages';
import EngineWorker from './engine-worker-entry?worker';

const START_TIMEOUT_MS = 15_000;
/** runSplit's halo: the shipped network's receptive field (a worker refuses a style that needs more). */
const SPLIT_HALO = bandHalo(SHIPPED_ARCH);

interface EngineWorkerHandle {
  worker: Worker;
  busy: number;
  memory: EngineMemory;
}

type Done = Extract<FromEngine, { kind: 'done' }>;

/** A decodeRun's answer: the decoded picture, the stylized one, and each step's milliseconds in the worker. */
export interface DecodedRun {
  original: RgbaImage;
  stylized: RgbaImage;
  ms: { decode: number; run: number };
}

interface Pending {
  resolve: (done: Done) => void;
  reject: (error: Error) => void;
  engine: EngineWorkerHandle;
  deadline: ReturnType<typeof setTimeout>;
}

export type WorkerFactory = () => Worker;
type Urls = { wasmBaseUrl: string; packageBaseUrl: string };

export interface PoolOptions {
  factory?: WorkerFactory;
  /** Milliseconds one request may take before its worker is replaced (loads count as 0 pixels). */
  deadlineMs?: (pixels: number) => number;
}

// Vite's `?worker` import, not `new Worker(new URL(…, import.meta.url))`: WXT rewrites import.meta.url,
// which hides the worker from Vite's bundler (wxt-dev/wxt#2032).
export const defaultWorkerFactory: WorkerFactory = () => new EngineWorker({ name: 'brushwork-engine' });

export class EnginePool {
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  private stopped = false;
  /** Workers replaced after a crash or a missed deadline (runtime status). */
  replaced = 0;

  private constructor(
    private readonly engines: EngineWorkerHandle[],
    readonly info: BackendInfo,
    private readonly urls: Urls,
    private readonly factory: WorkerFactory,
    private readonly deadlineMs: (pixels: number) => number,
  ) {
    for (const engine of engines) this.attach(engine);
  }

  private attach(engine: EngineWorkerHandle): void {
    engine.worker.onmessage = (e: MessageEvent<FromEngine>) => this.settle(engine, e.data);
    engine.worker.onerror = () => this.replace(engine, 'the engine worker crashed while repainting this picture');
  }

  /**
   * A worker died (out of memory, say) or wedged: its pictures fail with a
   * reason, it is terminated, and a fresh worker takes its place while the
   * others keep serving.
   */
  private replace(engine: EngineWorkerHandle, reason: string): void {
    const at = this.engines.indexOf(engine);
    if (at < 0) return;
    this.engines.splice(at, 1);
    engine.worker.terminate();
    for (const [id, p] of this.pending)
      if (p.engine === engine) {
        this.pending.delete(id);
        clearTimeout(p.deadline);
        p.reject(new BrushworkError('engine', reason));
      }
    this.replaced++;
    void spawnEngineWorker(this.factory, this.urls).then((fresh) => {
      if (!fresh) return;
      if (this.stopped) {
        fresh.engine.worker.terminate();
        return;
      }
      this.attach(fresh.engine);
      this.engines.push(fresh.engine);
    });
  }

  /** Starts `size` workers; resolves with those that came up, or null if none did. */
  static async start(size: number, urls: Urls, options: PoolOptions | WorkerFactory = {}) {
    const opts = typeof options === 'function' ? { factory: options } : options;
    const factory = opts.factory ?? defaultWorkerFactory;
    const started = await Promise.all(Array.from({ length: size }, () => spawnEngineWorker(factory, urls)));
    const up = started.filter((s): s is { engine: EngineWorkerHandle; info: BackendInfo } => s !== null);
    if (!up.length) return null;
    const first = up[0] as { info: BackendInfo };
    return new EnginePool(
      up.map((s) => s.engine),
      { ...first.info, threads: up.length, reason: `${up.length} engine worker${up.length === 1 ? '' : 's'}, one WASM instance each` },
      urls,
      factory,
      opts.deadlineMs ?? runDeadlineMs,
    );
  }

  get size(): number {
    return this.engines.length;
  }

  memory(): EngineMemory {
    return this.engines.reduce(
      (sum, e) => ({ numTensors: sum.numTensors + e.memory.numTensors, wasmBytes: sum.wasmBytes + e.memory.wasmBytes }),
      {
        numTensors: 0,
        wasmBytes: 0,
      },
    );
  }

  /** Loads (and warms up) a style in every worker. */
  async load(styleId: string): Promise<void> {
    await Promise.all(this.engines.map((engine) => this.send(engine, (id) => ({ kind: 'load', id, styleId }), { width: 0, height: 0 })));
  }

  private leastBusy(): EngineWorkerHandle {
    const [first, ...rest] = this.engines;
    if (!first) throw new BrushworkError('engine', 'no engine worker is running (all were replaced and none came back)');
    return rest.reduce((a, b) => (b.busy < a.busy ? b : a), first);
  }

  async run(styleId: string, image: RgbaImage): Promise<RgbaImage> {
    const engine = this.leastBusy();
    // A copy travels (and is transferred): the caller keeps the original for blending.
    const data = new Uint8ClampedArray(image.data);
    const { width, height } = image;
    const done = await this.send(engine, (id) => ({ kind: 'run', id, styleId, width, height, data }), { width, height }, [data.buffer]);
    return { width, height, data: done.data };
  }

  /**
   * Paints one picture split across two workers, for lower latency on one video frame:
   * the top band in one, the bottom band in the other, each with a halo of the other's
   * rows as deep as the network's receptive field (bandHalo), the two trading every
   * layer's instance-norm statistics over a MessagePort of their own, so the result is
   * the whole-picture run byte for byte (tests/unit/kernel-bands.test.ts).
   *
   * For the video surface: call it instead of run() for a frame when nothing else waits
   * for the engines (it takes both); it runs the picture whole, in one worker, where a
   * split does not pay: one worker, a picture too short for two bands, or a style the
   * kernel does not run (the workers refuse the split, and the picture is run whole). A worker
   * that crashes mid-frame leaves the other waiting for its statistics until the run deadline
   * replaces it too (the document holds no end of their port to call it off).
   * Measured in docs/performance.md: 640×360 in two bands against one engine.
   */
  async runSplit(styleId: string, image: RgbaImage): Promise<RgbaImage> {
    const { width, height } = image;
    const bands = this.engines.length < 2 ? [] : planBands(height, 2, SPLIT_HALO);
    if (bands.length < 2) return this.run(styleId, image);
    const engines = [...this.engines].sort((a, b) => a.busy - b.busy).slice(0, 2);
    const { port1, port2 } = new MessageChannel();
    const ports = [port1, port2];
    const halves = bands.map((band, i) => {
      const data = new Uint8ClampedArray(bandRows(image, band).data); // its own copy, transferred
      const peer = ports[i] as MessagePort;
      const rows = { width, height: band.to - band.from };
      const message = (id: number): ToEngine => ({ kind: 'runBand', id, styleId, ...rows, band, halo: SPLIT_HALO, data, peer });
      return this.send(engines[i] as EngineWorkerHandle, message, rows, [data.buffer, peer]);
    });
    const settled = await Promise.allSettled(halves);
    const parts = settled.map((s, i) => {
      const band = bands[i] as Band;
      return s.status === 'fulfilled' ? { width, height: band.bottom - band.top, data: s.value.data } : null;
    });
    if (parts.every((p) => p !== null)) return stitchBands(width, height, parts);
    return this.run(styleId, image);
  }

  /**
   * Decodes `bytes` at width×height in a worker, then runs the style there (#21): the offscreen
   * document's main thread, which receives every job's message, no longer decodes too.
   */
  async decodeAndRun(styleId: string, bytes: Uint8Array, width: number, height: number, frame?: number): Promise<DecodedRun> {
    const engine = this.leastBusy();
    const copy = bytes.slice(); // the caller may keep its bytes (the fetched-bytes cache)
    const size = { width, height };
    const message = (id: number): ToEngine => ({ kind: 'decodeRun', id, styleId, width, height, bytes: copy, ...(frame ? { frame } : {}) });
    const done = await this.send(engine, message, size, [copy.buffer]);
    if (!done.original || !done.ms) throw new BrushworkError('engine', 'expected the decoded picture with the result, found none');
    return { original: { width, height, data: done.original }, stylized: { width, height, data: done.data }, ms: done.ms };
  }

  /** Posts one request to one worker; its answer settles the returned promise (see settle). */
  private send(
    engine: EngineWorkerHandle,
    message: (id: number) => ToEngine,
    size: { width: number; height: number },
    transfer: Transferable[] = [],
  ) {
    const id = this.nextId++;
    const limit = this.deadlineMs(size.width * size.height);
    return new Promise<Done>((resolve, reject) => {
      const deadline = setTimeout(
        () => this.replace(engine, `the engine took over ${Math.round(limit / 1000)} s on this picture and was restarted`),
        limit,
      );
      this.pending.set(id, { resolve, reject, engine, deadline });
      engine.busy++;
      engine.worker.postMessage(message(id), transfer);
    });
  }

  private settle(engine: EngineWorkerHandle, msg: FromEngine): void {
    if (msg.kind === 'ready') return;
    if (msg.memory) engine.memory = msg.memory;
    if (msg.id === null) return;
    const p = this.pending.get(msg.id);
    if (!p) return;
    this.pending.delete(msg.id);
    clearTimeout(p.deadline);
    engine.busy--;
    if (msg.kind === 'done') p.resolve(msg);
    else p.reject(new BrushworkError(msg.errorKind, msg.error, msg.reason));
  }

  terminate(): void {
    this.stopped = true;
    for (const e of this.engines) e.worker.terminate();
    for (const p of this.pending.values()) {
      clearTimeout(p.deadline);
      p.reject(new BrushworkError('engine', 'the engine stopped'));
    }
    this.pending.clear();
  }
}

function spawnEngineWorker(factory: WorkerFactory, urls: Urls) {
  return new Promise<{ engine: EngineWorkerHandle; info: BackendInfo } | null>((resolve) => {
    let worker: Worker;
    try {
      worker = factory();
    } catch {
      resolve(null);
      return;
    }
    const timer = setTimeout(() => finish(null), START_TIMEOUT_MS);
    function finish(result: { engine: EngineWorkerHandle; info: BackendInfo } | null) {
      clearTimeout(timer);
      worker.onmessage = null;
      worker.onerror = null;
      if (!result) worker.terminate();
      resolve(result);
    }
    worker.onerror = () => finish(null);
    worker.onmessage = (e: MessageEvent<FromEngine>) => {
      if (e.data.kind === 'ready') finish({ engine: { worker, busy: 0, memory: { numTensors: 0, wasmBytes: 0 } }, info: e.data.info });
      else finish(null);
    };
    const init: ToEngine = { kind: 'init', ...urls };
    worker.postMessage(init);
  });
}
