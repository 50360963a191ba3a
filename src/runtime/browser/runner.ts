/**
 * The runner: what runs the network in the offscreen document. Words used
 * across the runtime: the *offscreen document* hosts the runtime; the *runner*
 * is its one way to run a model; an *engine worker* is one Worker with its own
 * WASM instance, and the *engine pool* holds one per core. The runner is a
 * pool runner when the machine has several cores, else a document runner (GPU
 * when it has a real one, WASM otherwise).
 */
import * as tf from '@tensorflow/tfjs-core';
import { makeImage, type RgbaImage } from '../../shared/image';
import { tryKernel } from '../kernel/load';
import type { ShuffleKernel } from '../kernel/shuffle-kernel';
import { wasmHeapBytes } from '../memory';
import { ModelStore } from '../model-loader';
import { checkRunSize } from '../run-limits';
import { stylizeImage } from '../stylize-image';
import { type BackendInfo, initWasmBackend, probeAndChoose, startWebgl } from './backend';
import type { EngineMemory } from './engine-messages';
import { type DecodedRun, EnginePool } from './engine-pool';
import { modelFileReader } from './model-files';

/** Beyond four, workers mostly add memory (a WASM heap each) on a typical laptop. */
export const MAX_ENGINE_WORKERS = 4;

export interface Runner {
  info: BackendInfo;
  /** Pictures that can be repainted at once. */
  concurrency: number;
  load(styleId: string): Promise<void>;
  run(styleId: string, image: RgbaImage): Promise<RgbaImage>;
  /**
   * One picture painted by two engines at once (top and bottom bands, EnginePool.runSplit), for
   * the lowest latency on one video frame; the same pixels as run(). Where the runner has workers.
   */
  runSplit?(styleId: string, image: RgbaImage): Promise<RgbaImage>;
  /** Decodes and runs off the document's main thread, where the runner has workers (#21). */
  decodeAndRun?(styleId: string, bytes: Uint8Array, width: number, height: number, frame?: number): Promise<DecodedRun>;
  memory(): EngineMemory;
  loadedStyles(): string[];
  /** Ends the engine workers (a pool) or frees the models (the document's own backend). */
  stop(): void;
}

/** `kernel`: the SIMD kernel, for a document that runs TF.js on WASM (a GPU document leaves every network to the GPU). */
export function documentRunner(info: BackendInfo, models: ModelStore, kernel: ShuffleKernel | null = null): Runner {
  return {
    info: { ...info, kernel: kernel !== null },
    concurrency: 1,
    load: async (id) => void (await models.load(id)),
    run: async (id, image) => {
      checkRunSize(image.width, image.height);
      return stylizeImage(await models.load(id), image, kernel);
    },
    memory: () => ({ numTensors: tf.memory().numTensors, wasmBytes: wasmHeapBytes() + (kernel?.memoryBytes ?? 0) }),
    loadedStyles: () => models.loadedIds,
    stop: () => models.disposeAll(),
  };
}

export function poolRunner(pool: EnginePool): Runner {
  const loaded = new Set<string>();
  // Every job asks for its style first. Asking every worker each time queued the ask behind the other
  // worker's picture (16–35 ms per job, #21); a worker loads a style it lacks itself when it runs one
  // (a replaced worker, say), so once every worker answered, the answer is kept.
  const loads = new Map<string, Promise<void>>();
  return {
    info: pool.info,
    concurrency: pool.size,
    load: (id) => {
      let p = loads.get(id);
      if (!p) {
        p = pool.load(id).then(() => void loaded.add(id));
        p.catch(() => loads.delete(id)); // a failed load is asked again next time
        loads.set(id, p);
      }
      return p;
    },
    run: async (id, image) => {
      const out = await pool.run(id, image);
      loaded.add(id);
      return out;
    },
    runSplit: async (id, image) => {
      const out = await pool.runSplit(id, image);
      loaded.add(id);
      return out;
    },
    decodeAndRun: async (id, bytes, width, height, frame) => {
      const out = await pool.decodeAndRun(id, bytes, width, height, frame);
      loaded.add(id);
      return out;
    },
    memory: () => pool.memory(),
    loadedStyles: () => [...loaded],
    stop: () => pool.terminate(),
  };
}

/**
 * A real GPU runs in the document; otherwise one engine worker per core; the
 * document's own WASM backend is the last resort (one core, or workers refused).
 */
export async function startRunner(
  urls: { wasmBaseUrl: string; packageBaseUrl: string },
  readPackaged: (path: string) => Promise<Uint8Array>,
): Promise<Runner> {
  const models = (kernel: ShuffleKernel | null = null) =>
    new ModelStore(modelFileReader(readPackaged), (model) => stylizeImage(model, makeImage(64, 64), kernel));
  const choice = await probeAndChoose();
  if (choice.backend === 'webgl') {
    const gpu = await startWebgl(choice.reason);
    if (gpu) return documentRunner(gpu, models());
  }
  const cores = Math.min(MAX_ENGINE_WORKERS, navigator.hardwareConcurrency || 1);
  if (cores > 1) {
    const pool = await EnginePool.start(cores, urls);
    if (pool) return poolRunner(pool);
  }
  const info = await initWasmBackend(urls.wasmBaseUrl);
  const { kernel, why, relaxed } = await tryKernel(readPackaged);
  if (why) console.warn(why);
  return documentRunner({ ...info, reason: choice.reason, kernelRelaxed: relaxed }, models(kernel), kernel);
}
