/**
 * The offscreen document's work: one prioritized, cancellable queue; a model
 * loaded once per style; image bytes fetched at most once per session; results
 * cached per (requester, how the bytes were obtained, image URL, style, output
 * size), in memory and in a persistent store that outlives the document
 * (result-store.ts). The requester (the tab's top-level origin and the frame's) is part of
 * every key, so a result computed from bytes one site read, or that the
 * extension fetched for it, is never handed to another site; keys are SHA-256
 * digests, so a 32 MiB data: URL is never a 32 MiB map key.
 */
import type { JobStages, OffscreenJobContext, RuntimeStatus, StylizeJobRequest, StylizeJobResult } from '../messaging/protocol';
import { type AnimationTiming, readAnimationTiming } from '../shared/animation';
import { sha256Hex } from '../shared/digest';
import type { RgbaImage } from '../shared/image';
import { ByteLruCache } from '../shared/lru-cache';
import { readImageHeader } from './image-header';
import { JobQueue } from './job-queue';
import type { LoadedModel } from './model';
import type { PersistentResultStore } from './result-store';

/** M: whatever the host hands back for a loaded style (a model, or just its id when workers hold the models). */
export interface StylizeHost<M = LoadedModel> {
  loadModel(styleId: string): Promise<M>;
  fetchBytes(url: string, signal: AbortSignal): Promise<Uint8Array>;
  /** `frame`: which frame of an animated picture (0 for a still one). */
  decode(bytes: Uint8Array, width: number, height: number, frame?: number): Promise<RgbaImage>;
  run(model: M, image: RgbaImage, signal: AbortSignal): Promise<RgbaImage>;
  /**
   * Decode and run in one step elsewhere (the browser's engine workers, #21), with each step's
   * milliseconds there; without it the service decodes, then runs.
   */
  decodeAndRun?(
    model: M,
    bytes: Uint8Array,
    size: { width: number; height: number; frame?: number },
    signal: AbortSignal,
  ): Promise<{ original: RgbaImage; stylized: RgbaImage; ms: { decode: number; run: number } }>;
  status(): Omit<
    RuntimeStatus,
    'queued' | 'peakQueued' | 'queuedBytes' | 'running' | 'loadedStyles' | 'recentRunMs' | 'persisting' | 'recentStages'
  >;
  loadedStyles(): string[];
}

/** Enough to hold page mode's first screen (40 pictures in bench:page), first job included. */
export const RECENT_RUNS = 64;

export const RESULT_CACHE_BYTES = 96 * 1024 * 1024;
export const BYTES_CACHE_BYTES = 64 * 1024 * 1024;

/** A computed result: pixels, and the timing when the picture is animated (#27). */
interface Computed {
  original: RgbaImage;
  stylized: RgbaImage;
  animation?: AnimationTiming;
}

const pixelBytes = (r: Computed) => r.original.data.byteLength + r.stylized.data.byteLength;

/** An animated picture's timing, read from its bytes (the decoder refuses what it cannot paint). */
function animationOf(bytes: Uint8Array): AnimationTiming | undefined {
  return readImageHeader(bytes).animated ? (readAnimationTiming(bytes) ?? undefined) : undefined;
}

export type ServiceJob = StylizeJobRequest & OffscreenJobContext;

/** How the bytes were obtained: read by the page itself, or fetched by the extension. */
export const byteSource = (req: StylizeJobRequest): 'page' | 'extension' => (req.bytes ? 'page' : 'extension');

/**
 * The cache keys of a job. The URL (up to a 32 MiB data: URL) is hashed once,
 * with the requester: that digest keys fetched bytes, and the result key is a
 * digest of it with the byte source, style and size.
 */
export async function cacheKeys(req: ServiceJob): Promise<{ result: string; fetched: string }> {
  const fetched = await sha256Hex(JSON.stringify([req.requester, req.url]));
  // An animation's later frames are keyed by their number; a still picture's key is as it always was.
  const frame = req.frame ? [req.frame] : [];
  const result = await sha256Hex(JSON.stringify([fetched, byteSource(req), req.styleId, req.width, req.height, ...frame]));
  return { result, fetched };
}

export async function resultKey(req: ServiceJob): Promise<string> {
  return (await cacheKeys(req)).result;
}

/** Decodes, then runs, timing each step: where no engine decodes and runs in one step. */
export async function decodeThenRun(
  decode: () => Promise<RgbaImage>,
  run: (original: RgbaImage) => Promise<RgbaImage>,
): Promise<{ original: RgbaImage; stylized: RgbaImage; ms: { decode: number; run: number } }> {
  const decodeStarted = performance.now();
  const original = await decode();
  const runStarted = performance.now();
  const stylized = await run(original);
  return { original, stylized, ms: { decode: runStarted - decodeStarted, run: performance.now() - runStarted } };
}

export class StylizeService<M = LoadedModel> {
  readonly queue = new JobQueue<StylizeJobResult & Computed>(1);
  private readonly results = new ByteLruCache<Computed>(RESULT_CACHE_BYTES, pixelBytes);
  private readonly bytes = new ByteLruCache<Uint8Array>(BYTES_CACHE_BYTES, (b) => b.byteLength);
  /** Concurrent requests for the same result share one computation. */
  private readonly inflight = new Map<string, Promise<StylizeJobResult & Computed>>();
  fetches = 0;
  private readonly recentRunMs: number[] = [];
  private readonly recentStages: JobStages[] = [];

  constructor(
    private readonly host: StylizeHost<M>,
    /** Results that outlive this document (the browser's Cache API); none in Node. */
    private readonly store?: Pick<PersistentResultStore, 'get' | 'put' | 'pending'>,
  ) {}

  /** Forgets every result and fetched picture held in memory (the settings page's "forget"). */
  clearCaches(): void {
    this.results.clear();
    this.bytes.clear();
  }

  /** The job's result; the original pixels only when the page did not send the bytes (it decodes its own, #21). */
  async stylize(req: ServiceJob): Promise<StylizeJobResult> {
    const result = await this.resultOf(req);
    // An animation's original frames always travel back: the page never decodes animations itself.
    if (byteSource(req) === 'extension' || result.animation) return result;
    const { original: _original, ...stylizedOnly } = result;
    return stylizedOnly;
  }

  private async resultOf(req: ServiceJob): Promise<StylizeJobResult & Computed> {
    const lookupStarted = performance.now();
    const keys = await cacheKeys(req);
    const key = keys.result;
    const hit = this.results.get(key);
    if (hit) return Promise.resolve({ ...hit, ms: 0, cached: true });
    const shared = this.inflight.get(key);
    if (shared) return shared;
    const p = this.fromStoreOrQueue(req, keys, lookupStarted).finally(() => this.inflight.delete(key));
    this.inflight.set(key, p);
    return p;
  }

  /**
   * Computed earlier in this browser session, before the document last closed: never twice, and
   * answered at once rather than after the queue's model runs.
   */
  private async fromStoreOrQueue(
    req: ServiceJob,
    keys: { result: string; fetched: string },
    lookupStarted: number,
  ): Promise<StylizeJobResult & Computed> {
    const started = performance.now();
    const stored = await this.store?.get(keys.result);
    if (stored) {
      this.results.set(keys.result, stored);
      return { ...stored, ms: Math.round(performance.now() - started), cached: true };
    }
    const queuedAt = performance.now();
    return this.queue.push({
      id: req.jobId,
      tabId: req.tabId,
      priority: req.priority,
      bytes: req.bytes?.byteLength ?? 0,
      run: (signal) => this.compute(req, keys, signal, { lookup: queuedAt - lookupStarted, queuedAt }),
    });
  }

  /** Loads a style before its first picture, so that picture does not wait for the model. */
  async warm(styleId: string): Promise<void> {
    await this.host.loadModel(styleId);
  }

  private async imageBytes(req: ServiceJob, key: string, signal: AbortSignal): Promise<Uint8Array> {
    if (req.bytes) return req.bytes;
    const cached = this.bytes.get(key);
    if (cached) return cached;
    this.fetches++;
    const fetched = await this.host.fetchBytes(req.url, signal);
    this.bytes.set(key, fetched);
    return fetched;
  }

  private async compute(
    req: ServiceJob,
    keys: { result: string; fetched: string },
    signal: AbortSignal,
    before: { lookup: number; queuedAt: number },
  ): Promise<StylizeJobResult & Computed> {
    const started = performance.now();
    const loadStarted = performance.now();
    const [model, bytes] = await Promise.all([this.host.loadModel(req.styleId), this.imageBytes(req, keys.fetched, signal)]);
    signal.throwIfAborted();
    const decodeStarted = performance.now();
    const animation = animationOf(bytes);
    const { original, stylized, ms } = await this.decodeAndRun(model, bytes, req, signal);
    const ended = performance.now();
    // The run is everything after the decode, the hops to an engine worker and back included.
    const runMs = Math.max(ms.run, ended - decodeStarted - ms.decode);
    this.recordRun(runMs, {
      lookup: before.lookup,
      queue: started - before.queuedAt,
      load: decodeStarted - loadStarted,
      decode: ms.decode,
      run: runMs,
    });
    const result: Computed = { original, stylized, ...(animation ? { animation } : {}) };
    this.results.set(keys.result, result);
    // The persistent store keeps pixels only: an animation's frames stay in memory, so a stored hit is always a still picture.
    if (!animation) void this.store?.put(keys.result, result);
    return { ...result, ms: Math.round(performance.now() - started), cached: false };
  }

  private async decodeAndRun(
    model: M,
    bytes: Uint8Array,
    size: { width: number; height: number; frame?: number },
    signal: AbortSignal,
  ): Promise<{ original: RgbaImage; stylized: RgbaImage; ms: { decode: number; run: number } }> {
    const job = { width: size.width, height: size.height, ...(size.frame ? { frame: size.frame } : {}) };
    if (this.host.decodeAndRun) return this.host.decodeAndRun(model, bytes, job, signal);
    return decodeThenRun(
      () => this.host.decode(bytes, size.width, size.height, size.frame),
      (original) => {
        signal.throwIfAborted();
        return this.host.run(model, original, signal);
      },
    );
  }

  private recordRun(ms: number, stages: JobStages): void {
    const tenth = (x: number) => Math.round(x * 10) / 10;
    this.recentRunMs.push(tenth(ms));
    this.recentStages.push({
      lookup: tenth(stages.lookup),
      queue: tenth(stages.queue),
      load: tenth(stages.load),
      decode: tenth(stages.decode),
      run: tenth(stages.run),
    });
    if (this.recentRunMs.length > RECENT_RUNS) this.recentRunMs.shift();
    if (this.recentStages.length > RECENT_RUNS) this.recentStages.shift();
  }

  status(): RuntimeStatus {
    const { waiting, running, waitingBytes, peakWaiting } = this.queue.size;
    return {
      ...this.host.status(),
      loadedStyles: this.host.loadedStyles(),
      queued: waiting,
      peakQueued: peakWaiting,
      queuedBytes: waitingBytes,
      running,
      recentRunMs: [...this.recentRunMs],
      persisting: this.store?.pending ?? 0,
      recentStages: [...this.recentStages],
    };
  }
}
