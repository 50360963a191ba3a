/**
 * Grain: the energy of a picture's luma at the 2-pixel period, the pattern a
 * depth-to-space (pixel shuffle) output stage lays when the 2×2 sub-pixels of
 * one cell are not made to agree (Shi et al. 2016; Aitken et al. 2017,
 * "Checkerboard artifact free sub-pixel convolution"). In each 8×8 cell the
 * luma Y (levels 0–255) is demodulated at the three Nyquist frequencies:
 *   a_x  = mean Y·(−1)^x      (π, 0)  vertical stripes, 2 px apart
 *   a_y  = mean Y·(−1)^y      (0, π)  horizontal stripes
 *   a_xy = mean Y·(−1)^(x+y)  (π, π)  a checkerboard
 * The energy is the mean over whole cells of a_x² + a_y² + a_xy² (levels²);
 * the grain `eval` reports is its square root, the RMS amplitude of the
 * 2-pixel pattern in levels (#28's figures: a published test photo 2.6, the
 * shipped Starry Night's output of it 9.3). x and y count from the picture's
 * top-left pixel, the pixel shuffle's grid. A ±d checkerboard or ±d stripes
 * score d; a ramp of slope k levels per pixel leaks k/2 (the demodulator is
 * a plain one, as the issue defines it), ~0 for smooth content. Photos score
 * a few levels (JPEG noise, fine detail); `grain_ratio` compares outputs with them.
 */
import * as tf from '@tensorflow/tfjs-core';
import { halve } from './losses';

export const GRAIN_CELL = 8;
const LUMA = [0.299, 0.587, 0.114] as const;

/** Grain of 8-bit or float RGB pixels (row-major, 3 channels), levels². Pictures smaller than one cell score 0. */
export function grainEnergy(data: ArrayLike<number>, width: number, height: number): number {
  const cols = Math.floor(width / GRAIN_CELL);
  const rows = Math.floor(height / GRAIN_CELL);
  if (cols * rows === 0) return 0;
  const n = GRAIN_CELL * GRAIN_CELL;
  let sum = 0;
  for (let cy = 0; cy < rows; cy++)
    for (let cx = 0; cx < cols; cx++) {
      let ax = 0;
      let ay = 0;
      let axy = 0;
      for (let y = cy * GRAIN_CELL; y < (cy + 1) * GRAIN_CELL; y++)
        for (let x = cx * GRAIN_CELL; x < (cx + 1) * GRAIN_CELL; x++) {
          const i = (y * width + x) * 3;
          const luma = LUMA[0] * (data[i] as number) + LUMA[1] * (data[i + 1] as number) + LUMA[2] * (data[i + 2] as number);
          const sx = x & 1 ? -luma : luma;
          ax += sx;
          ay += y & 1 ? -luma : luma;
          axy += y & 1 ? -sx : sx;
        }
      sum += (ax / n) ** 2 + (ay / n) ** 2 + (axy / n) ** 2;
    }
  return sum / (cols * rows);
}

/** The grain `eval` reports: √grainEnergy, the RMS amplitude of the 2-pixel pattern in levels. */
export function grainLevel(data: ArrayLike<number>, width: number, height: number): number {
  return Math.sqrt(grainEnergy(data, width, height));
}

/** ±1 patterns [1, h, w, 1] of the three Nyquist frequencies, built once per size. */
function nyquistPatterns(h: number, w: number): tf.Tensor4D {
  const p = new Float32Array(h * w * 3);
  for (let y = 0; y < h; y++)
    for (let x = 0; x < w; x++) {
      const i = (y * w + x) * 3;
      p[i] = x & 1 ? -1 : 1;
      p[i + 1] = y & 1 ? -1 : 1;
      p[i + 2] = (x + y) & 1 ? -1 : 1;
    }
  return tf.tensor4d(p, [1, h, w, 3]);
}

/**
 * The grain loss term: `grainEnergy` (levels², smooth at 0 where the root is not) of float pictures y [N, H, W, 3] in
 * [0, 255], averaged over the batch, differentiable (the cell means are three
 * 2×2 average poolings with `halve`'s hand-written gradient). Only whole 8×8
 * cells count, as in the measure. Call inside tf.tidy.
 */
export function grainLoss(y: tf.Tensor4D): tf.Scalar {
  const [n, h, w] = y.shape;
  const ch = h - (h % GRAIN_CELL);
  const cw = w - (w % GRAIN_CELL);
  if (ch === 0 || cw === 0) return tf.scalar(0);
  const whole = ch === h && cw === w ? y : tf.slice(y, [0, 0, 0, 0], [n, ch, cw, 3]);
  const luma = tf.sum(tf.mul(whole, tf.tensor1d(Array.from(LUMA))), 3, true);
  const demodulated = tf.mul(luma, nyquistPatterns(ch, cw)) as tf.Tensor4D;
  const cellMeans = halve(halve(halve(demodulated)));
  return tf.mean(tf.sum(tf.square(cellMeans), 3)) as tf.Scalar;
}
