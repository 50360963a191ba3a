/**
 * The benchmark's reference point: the seed network (johnson α=0.3) written the plain,
 * op-by-op way a first TF.js port would write it (textbook instance norm,
 * every intermediate a fresh tensor). It reads the same architecture and
 * weights as src/model/network.ts and must produce the same picture; it exists
 * only so that every figure of `npm run bench` can be given as a ratio to it.
 */
import * as tf from '@tensorflow/tfjs-core';
import { type ArchSpec, convLayers, SIZE_MULTIPLE } from '../src/model/architecture';
import type { NetWeights } from '../src/model/network';

function plainInstanceNorm(x: tf.Tensor4D, gamma: tf.Tensor, beta: tf.Tensor): tf.Tensor4D {
  const mean = tf.mean(x, [1, 2], true);
  const centered = tf.sub(x, mean);
  const variance = tf.mean(tf.square(centered), [1, 2], true);
  const normalized = tf.div(centered, tf.sqrt(tf.add(variance, 1e-5)));
  return tf.add(tf.mul(normalized, gamma), beta) as tf.Tensor4D;
}

const reflect = (x: tf.Tensor4D, p: number) =>
  tf.mirrorPad(
    x,
    [
      [0, 0],
      [p, p],
      [p, p],
      [0, 0],
    ],
    'reflect',
  );

/** Johnson-kind networks only (the baseline is the seed architecture); H and W multiples of 4. */
export function baselineStylize(spec: ArchSpec, weights: NetWeights, pixels: tf.Tensor4D): tf.Tensor4D {
  if (spec.kind !== 'johnson') throw new Error('the baseline implements the johnson architecture only');
  const [, h, w] = pixels.shape;
  if (h % SIZE_MULTIPLE || w % SIZE_MULTIPLE) throw new Error(`baseline needs sides that are multiples of ${SIZE_MULTIPLE}`);
  return tf.tidy(() => {
    let x = tf.sub(tf.div(pixels, 127.5), 1) as tf.Tensor4D;
    let skip = x;
    for (const l of convLayers(spec)) {
      if (l.residualStart) skip = x;
      if (l.upsample) x = tf.image.resizeNearestNeighbor(x, [x.shape[1] * 2, x.shape[2] * 2]);
      const kernel = weights[`${l.name}/kernel`] as tf.Tensor4D;
      x = tf.conv2d(reflect(x, (l.kernel - 1) >> 1), kernel, l.stride, 'valid');
      x = plainInstanceNorm(x, weights[`${l.name}/gamma`] as tf.Tensor, weights[`${l.name}/beta`] as tf.Tensor);
      if (l.relu) x = tf.relu(x);
      if (l.residualAdd) x = tf.add(x, skip);
    }
    return tf.mul(tf.add(tf.tanh(x), 1), 127.5) as tf.Tensor4D;
  });
}
