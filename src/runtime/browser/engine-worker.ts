/**
 * One engine worker: its own single-threaded TF.js WASM instance and its own
 * copy of each model. Several of them use several cores, which TF.js's threaded
 * WASM build cannot do in an extension page (its pthread workers start from
 * blob: URLs, which the extension CSP forbids).
 */
import * as tf from '@tensorflow/tfjs-core';
import { BrushworkError, errorMessage, kindOf } from '../../messaging/errors';
import type { ShuffleKernel } from '../kernel/shuffle-kernel';
import { wasmHeapBytes } from '../memory';
import type { ModelStore } from '../model-loader';
import { checkRunSize } from '../run-limits';
import { stylizeImage } from '../stylize-image';
import { paintBand } from './band-exchange';
import { decodeAtSize } from './decode';
import type { EngineMemory, FromEngine, ToEngine } from './engine-messages';
import { startEngine } from './engine-start';

interface WorkerScope {
  postMessage(message: FromEngine, transfer?: Transferable[]): void;
  onmessage: ((event: MessageEvent<ToEngine>) => void) | null;
}

export function serveEngine(scope: WorkerScope): void {
  let models: ModelStore | undefined;
  let kernel: ShuffleKernel | null = null;
  const memory = (): EngineMemory => ({ numTensors: tf.memory().numTensors, wasmBytes: wasmHeapBytes() + (kernel?.memoryBytes ?? 0) });
  scope.onmessage = async ({ data: msg }) => {
    if (msg.kind === 'init') {
      try {
        const started = await startEngine(msg);
        kernel = started.kernel;
        models = started.models;
        scope.postMessage({ kind: 'ready', info: started.info });
      } catch (e) {
        scope.postMessage({ kind: 'failed', id: null, error: errorMessage(e), errorKind: kindOf(e, 'engine') });
      }
      return;
    }
    try {
      if (!models) throw new BrushworkError('engine', 'the engine worker was not initialized');
      if (msg.kind !== 'load') checkRunSize(msg.width, msg.height);
      const model = await models.load(msg.styleId);
      if (msg.kind === 'load') {
        scope.postMessage({ kind: 'done', id: msg.id, data: new Uint8ClampedArray(0), memory: memory() });
        return;
      }
      if (msg.kind === 'runBand') {
        const data = await paintBand(kernel, model, msg);
        scope.postMessage({ kind: 'done', id: msg.id, data, memory: memory() }, [data.buffer]);
        return;
      }
      if (msg.kind === 'decodeRun') {
        // The header is checked before any decoder runs (decodeAtSize refuses by it), here as in the document.
        const decodeStarted = performance.now();
        const original = await decodeAtSize(msg.bytes, msg.width, msg.height, msg.frame ?? 0);
        const runStarted = performance.now();
        const out = await stylizeImage(model, original, kernel);
        const ms = { decode: runStarted - decodeStarted, run: performance.now() - runStarted };
        const originalData = new Uint8ClampedArray(original.data); // its own buffer, so both can be transferred
        scope.postMessage({ kind: 'done', id: msg.id, data: out.data, original: originalData, ms, memory: memory() }, [
          out.data.buffer,
          originalData.buffer,
        ]);
        return;
      }
      const out = await stylizeImage(model, { width: msg.width, height: msg.height, data: msg.data }, kernel);
      scope.postMessage({ kind: 'done', id: msg.id, data: out.data, memory: memory() }, [out.data.buffer]);
    } catch (e) {
      scope.postMessage({
        kind: 'failed',
        id: msg.id,
        error: errorMessage(e),
        errorKind: kindOf(e, 'engine'),
        // A refusal's words for the page (a decoded header: an SVG, an animation over the limits) cross the worker too.
        reason: e instanceof BrushworkError ? e.reason : undefined,
        memory: models ? memory() : undefined,
      });
    }
  };
}
