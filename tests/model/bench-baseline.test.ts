/** The benchmark's op-by-op baseline must compute the same network, or its ratios mean nothing. */
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, expect, it } from 'vitest';
import { baselineStylize } from '../../bench/baseline';
import { JOHNSON_ARCH } from '../../src/model/architecture';
import { stylize } from '../../src/model/network';
import type { LoadedModel } from '../../src/runtime/model';
import { rgbaToTensor } from '../../src/runtime/stylize-image';
import { makeScene } from '../../src/shared/scene';
import { backendReady } from '../helpers/backend';
import { seededModel } from '../helpers/models';

let model: LoadedModel;
beforeAll(async () => {
  await backendReady();
  model = seededModel(11);
});

it('bench/baseline.ts gives the same picture as src/model/network.ts', () => {
  const maxDiff = tf.tidy(() => {
    const x = rgbaToTensor(makeScene(48, 32));
    return tf
      .max(tf.abs(tf.sub(baselineStylize(JOHNSON_ARCH, model.weights, x), stylize(JOHNSON_ARCH, model.weights, x))))
      .dataSync()[0] as number;
  });
  expect(maxDiff).toBeLessThan(0.05); // pixel units (0–255): float rounding only
});
