/**
 * A long session in miniature: 1,000 stylizations in a row on the real WASM
 * backend. Live tensors return to the idle count, the WASM heap stops growing
 * after warm-up, and the last runs are not slower than the first.
 */
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, expect, it } from 'vitest';
import { wasmHeapBytes } from '../../src/runtime/memory';
import type { LoadedModel } from '../../src/runtime/model';
import { stylizeImage } from '../../src/runtime/stylize-image';
import { makeScene } from '../../src/shared/scene';
import { backendReady } from '../helpers/backend';
import { seededModel } from '../helpers/models';

const RUNS = 1000;
const WARM_UP = 100;
// Sizes vary the way page images do, so the allocator sees more than one shape.
const SIZES = [
  [40, 30],
  [33, 47],
  [64, 16],
  [25, 25],
] as const;

let model: LoadedModel;

beforeAll(async () => {
  await backendReady();
  model = seededModel(3);
});

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1] as number;

it(`${RUNS} stylizations in a row leak no tensor, stop growing the heap and do not slow down`, async () => {
  const scenes = SIZES.map(([w, h]) => makeScene(w, h));
  const idleTensors = tf.memory().numTensors;
  const ms: number[] = [];
  let heapAfterWarmUp = 0;
  for (let i = 0; i < RUNS; i++) {
    const t0 = performance.now();
    await stylizeImage(model, scenes[i % scenes.length] as (typeof scenes)[number]);
    ms.push(performance.now() - t0);
    if (i === WARM_UP - 1) heapAfterWarmUp = wasmHeapBytes();
  }
  expect(tf.memory().numTensors).toBe(idleTensors);
  expect(heapAfterWarmUp).toBeGreaterThan(0);
  expect(wasmHeapBytes()).toBe(heapAfterWarmUp);
  const first = median(ms.slice(WARM_UP, WARM_UP + 100));
  const last = median(ms.slice(-100));
  console.log(`soak: ${RUNS} runs, heap ${(heapAfterWarmUp / 2 ** 20).toFixed(1)} MiB, median ${first.toFixed(2)} → ${last.toFixed(2)} ms`);
  expect(last).toBeLessThan(first * 2 + 2); // generous: CI machines are noisy; a leak-driven slowdown grows far past this
}, 120_000);
