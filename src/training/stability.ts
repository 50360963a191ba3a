/**
 * Stability in motion without video data (Gupta et al. 2017, "Characterizing
 * and Improving Stability in Neural Style Transfer"): a frame-by-frame
 * stylizer flickers when a small change of the input (the picture moving by a
 * pixel, sensor or codec noise) changes the output by more than it changed the
 * input. Two comparisons, both in mean absolute difference of 8-bit levels:
 *
 *   shift  = mean |f(x)[dy+i, dx+j] − f(x[dy.., dx..])[i, j]|  over the overlap, less a margin:
 *            stylize, then move  vs  move, then stylize. The network's total stride is 4
 *            (space-to-depth, then one stride-2 conv), so moves of 1–3 pixels land
 *            between its grid points, where an unstable network differs most.
 *   noise  = mean |f(x + n) − f(x)|, n Gaussian noise of σ levels (the input rounded to 8 bits
 *            and clipped, as a decoded frame would be).
 *
 * `brushwork eval` reports both on whole photos (three fixed moves, (1,0), (0,2) and (3,3));
 * training (`--stability-weight`) penalises the same differences on each crop with a move and a
 * noise drawn from the crop itself, so a resumed run replays exactly. The margin leaves out the
 * border, where reflection padding differs between the two framings: that is the frame's edge,
 * not the picture flickering. Optical flow or video data is not needed.
 */
import * as tf from '@tensorflow/tfjs-core';
import { SIZE_MULTIPLE } from '../model/architecture';

/** Pixels left out at every edge of the compared overlap (at most a quarter of the window's short side). */
export const STABILITY_MARGIN = 8;
/** The moves `eval` measures, (dx, dy) in pixels: horizontal, vertical and diagonal, 1 to 3 pixels. */
export const FLICKER_SHIFTS: readonly (readonly [number, number])[] = [
  [1, 0],
  [0, 2],
  [3, 3],
];
/** σ of `eval`'s input noise, in 8-bit levels. */
export const FLICKER_NOISE_SIGMA = 4;
const FLICKER_NOISE_SEED = 27;

export interface StabilityOptions {
  /** Largest move in pixels (each axis 0..shift, never both 0); 0: no shift comparison. */
  shift: number;
  /** σ of the input noise in levels; 0: no noise comparison. */
  noise: number;
}

export type Stylizer = (pixels: tf.Tensor4D) => tf.Tensor4D;

/** The window that is stylized on its own: the picture less `shift` rounded up to the network's size multiple. */
function windowSize(h: number, w: number, shift: number): [number, number] {
  const cut = Math.ceil(shift / SIZE_MULTIPLE) * SIZE_MULTIPLE;
  return [h - cut, w - cut];
}

/**
 * Mean |f(x)[dy.., dx..] − f(x[dy.., dx..])| over the overlap less the margin, per batch,
 * as a differentiable scalar. `y` is f(x), already computed by the caller.
 */
export function shiftDifference(f: Stylizer, x: tf.Tensor4D, y: tf.Tensor4D, dx: number, dy: number, maxShift: number): tf.Scalar {
  const [n, h, w] = x.shape;
  const [wh, ww] = windowSize(h, w, maxShift);
  // Small pictures (tests, tiny crops) keep at least half of the window.
  const m = Math.min(STABILITY_MARGIN, Math.floor(Math.min(wh, ww) / 4));
  if (wh < 1 || ww < 1) throw new Error(`a ${w}×${h} picture is too small to measure a ${maxShift}-pixel move`);
  const moved = f(tf.slice(x, [0, dy, dx, 0], [n, wh, ww, 3]));
  const inner = (t: tf.Tensor4D, oy: number, ox: number) => tf.slice(t, [0, oy + m, ox + m, 0], [n, wh - 2 * m, ww - 2 * m, 3]);
  return tf.mean(tf.abs(tf.sub(inner(y, dy, dx), inner(moved, 0, 0)))) as tf.Scalar;
}

/** Mean |f(x + n) − f(x)|: `noisy` is x + n as the caller made it. */
export function noiseDifference(f: Stylizer, noisy: tf.Tensor4D, y: tf.Tensor4D): tf.Scalar {
  return tf.mean(tf.abs(tf.sub(f(noisy), y))) as tf.Scalar;
}

/** x + Gaussian noise of σ levels, rounded to 8 bits and clipped, as a decoded frame would be. */
export function addFrameNoise(x: tf.Tensor4D, sigma: number, seed: number): tf.Tensor4D {
  return tf.clipByValue(tf.round(tf.add(x, tf.randomNormal(x.shape, 0, sigma, 'float32', seed))), 0, 255) as tf.Tensor4D;
}

/** A seed drawn from the sample's own pixels (FNV-1a over a stride), so a resumed run replays the same moves and noise. */
export function sampleSeed(pixels: ArrayLike<number>): number {
  let h = 2166136261;
  for (let i = 0; i < pixels.length; i += 613) h = Math.imul(h ^ Math.round(pixels[i] as number), 16777619) >>> 0;
  return h;
}

/** The move of one training sample: each axis 0..shift, never both 0. */
export function sampleShift(seed: number, shift: number): [number, number] {
  const side = shift + 1;
  const k = 1 + (seed % (side * side - 1)); // 1..side²−1: (0, 0) excluded
  return [k % side, Math.floor(k / side)];
}

export interface StabilityParts {
  /** (shift + noise) / 2, or the one that is on. */
  total: tf.Scalar;
  shift: tf.Scalar;
  noise: tf.Scalar;
}

/**
 * The training term for one sample x (pixels [1, S, S, 3]) with y = f(x): the two comparisons
 * above, each with gradients through both branches (Gupta et al. train both). Call inside tf.tidy.
 */
export function stabilityLoss(f: Stylizer, x: tf.Tensor4D, y: tf.Tensor4D, opts: StabilityOptions, seed: number): StabilityParts {
  const shift = opts.shift > 0 ? shiftDifference(f, x, y, ...sampleShift(seed, opts.shift), opts.shift) : tf.scalar(0);
  const noise = opts.noise > 0 ? noiseDifference(f, addFrameNoise(x, opts.noise, seed), y) : tf.scalar(0);
  const on = (opts.shift > 0 ? 1 : 0) + (opts.noise > 0 ? 1 : 0);
  const total = on ? (tf.div(tf.add(shift, noise), on) as tf.Scalar) : tf.scalar(0);
  return { total, shift, noise };
}

export interface PhotoFlicker {
  flicker_shift: number;
  flicker_noise: number;
}

/**
 * `eval`'s flicker of one photo: `y` is f(x) as a user sees it (rounded 8-bit pixels),
 * and every other stylization is rounded the same way. Call inside tf.tidy.
 */
export function photoFlicker(f: Stylizer, x: tf.Tensor4D, y: tf.Tensor4D): PhotoFlicker {
  const shown: Stylizer = (t) => tf.clipByValue(tf.round(f(t)), 0, 255) as tf.Tensor4D;
  const maxShift = Math.max(...FLICKER_SHIFTS.flat());
  const read = (s: tf.Scalar) => s.dataSync()[0] as number;
  const shifts = FLICKER_SHIFTS.map(([dx, dy]) => read(shiftDifference(shown, x, y, dx, dy, maxShift)));
  return {
    flicker_shift: shifts.reduce((a, b) => a + b, 0) / shifts.length,
    flicker_noise: read(noiseDifference(shown, addFrameNoise(x, FLICKER_NOISE_SIGMA, FLICKER_NOISE_SEED), y)),
  };
}
