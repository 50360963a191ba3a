/** A gradient worker: its own WASM instance, so two workers use both cores (TF.js WASM in Node is single-threaded). */
import { parentPort } from 'node:worker_threads';
import * as tf from '@tensorflow/tfjs-core';
import { useNodeWasmBackend } from '../runtime/node/backend';
import { type GradContext, sampleGradients } from './gradients';
import { styleTargets } from './losses';
import { paletteTarget } from './palette-loss';
import type { FromWorker, ToWorker } from './protocol';
import { loadVgg } from './vgg';

let ctx: GradContext | undefined;
const port = parentPort;
if (!port) throw new Error('worker.ts runs inside worker_threads only');

function reply(msg: FromWorker, transfer: ArrayBuffer[] = []): void {
  port?.postMessage(msg, transfer);
}

port.on('message', async (msg: ToWorker) => {
  try {
    if (msg.type === 'init') {
      await useNodeWasmBackend();
      const vgg = loadVgg(msg.vggDir);
      const s = msg.style;
      const styleTensor = tf.tensor4d(Float32Array.from(s.data), [1, s.height, s.width, 3]);
      const targets = styleTargets(vgg, styleTensor);
      styleTensor.dispose();
      const palette = msg.weights.palette ? paletteTarget(s) : undefined;
      ctx = { arch: msg.arch, vgg, targets, weights: msg.weights, ...(palette ? { palette } : {}) };
      reply({ type: 'ready' });
    } else if (msg.type === 'step') {
      if (!ctx) throw new Error('step before init');
      const { grads, sums } = sampleGradients(ctx, msg.params, msg.samples, msg.size);
      reply({ type: 'grads', id: msg.id, grads, sums, count: msg.samples.length }, [grads.buffer as ArrayBuffer]);
    } else if (msg.type === 'stop') {
      port.close();
    }
  } catch (e) {
    reply({ type: 'error', message: (e as Error).message });
  }
});
