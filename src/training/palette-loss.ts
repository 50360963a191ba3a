/**
 * The palette term of the training loss: the squared sliced Wasserstein
 * distance between the output's CIELAB pixels and the painting's (Heitz et al.
 * 2021 use it on VGG features; here it acts on colour, where the Gram loss at
 * relu1_2 lets a small network pay with one hue). Sorting is not a TF.js op
 * with a gradient, so the term is computed in JavaScript on the sample's
 * pixels (training feeds one sample at a time) with an analytic gradient
 * through the sRGB → CIELAB conversion, and wrapped as one custom op.
 *
 * Directions: TRAIN_AXES fixed random unit vectors (seeded apart from the
 * measure's 32, so training does not fit the measuring stick alone), of which
 * each sample uses AXES_PER_SAMPLE chosen from its own pixels (deterministic,
 * so `--resume` replays exactly).
 */
import * as tf from '@tensorflow/tfjs-core';
import { customOp } from './custom-op';
import { quantilesOfSorted, seededUnitAxes } from './palette';
import type { RgbImage } from './photos';

const TRAIN_AXES = 48;
const AXES_PER_SAMPLE = 16;
/** Quantiles kept of the painting per axis; a crop's n sorted values are matched to them by interpolation. */
const TARGET_QUANTILES = 1024;
/** Lab differences are reported in hundredths of the L range, so the term is O(0.01–0.1) and its weight readable. */
const LAB_SCALE = 100;

const AXES = seededUnitAxes(TRAIN_AXES, 0xc0105);

const XN = 0.95047;
const ZN = 1.08883;
const EPS = 216 / 24389;
const KAPPA = 24389 / 27;
const M = [0.4124564, 0.3575761, 0.1804375, 0.2126729, 0.7151522, 0.072175, 0.0193339, 0.119192, 0.9503041] as const;

/** Lab of float sRGB pixels in [0, 255] plus, per pixel, the 3×3 Jacobian ∂Lab/∂rgb (row-major). */
export function labWithJacobian(rgb: ArrayLike<number>): { lab: Float32Array; jac: Float32Array } {
  const n = Math.floor(rgb.length / 3);
  const lab = new Float32Array(n * 3);
  const jac = new Float32Array(n * 9);
  const lin = [0, 0, 0];
  const dlin = [0, 0, 0];
  for (let i = 0; i < n; i++) {
    for (let k = 0; k < 3; k++) {
      const c = Math.max(0, Math.min(1, (rgb[i * 3 + k] as number) / 255));
      if (c <= 0.04045) {
        lin[k] = c / 12.92;
        dlin[k] = 1 / 12.92 / 255;
      } else {
        const base = (c + 0.055) / 1.055;
        lin[k] = base ** 2.4;
        dlin[k] = ((2.4 / 1.055) * base ** 1.4) / 255;
      }
    }
    const xyz = [0, 0, 0];
    for (let r = 0; r < 3; r++)
      xyz[r] =
        (M[r * 3] as number) * (lin[0] as number) +
        (M[r * 3 + 1] as number) * (lin[1] as number) +
        (M[r * 3 + 2] as number) * (lin[2] as number);
    const t = [(xyz[0] as number) / XN, xyz[1] as number, (xyz[2] as number) / ZN];
    const f = t.map((v) => (v > EPS ? Math.cbrt(v) : (KAPPA * v + 16) / 116));
    const df = t.map((v, r) => (v > EPS ? 1 / (3 * Math.cbrt(v) ** 2) : KAPPA / 116) / (r === 0 ? XN : r === 2 ? ZN : 1));
    lab[i * 3] = 116 * (f[1] as number) - 16;
    lab[i * 3 + 1] = 500 * ((f[0] as number) - (f[1] as number));
    lab[i * 3 + 2] = 200 * ((f[1] as number) - (f[2] as number));
    // ∂f_r/∂rgb_k = df_r · M[r][k] · dlin_k
    const dfd = (r: number, k: number) => (df[r] as number) * (M[r * 3 + k] as number) * (dlin[k] as number);
    for (let k = 0; k < 3; k++) {
      jac[i * 9 + k] = 116 * dfd(1, k);
      jac[i * 9 + 3 + k] = 500 * (dfd(0, k) - dfd(1, k));
      jac[i * 9 + 6 + k] = 200 * (dfd(1, k) - dfd(2, k));
    }
  }
  return { lab, jac };
}

export interface PaletteTarget {
  /** Per training axis, the painting's TARGET_QUANTILES quantiles. */
  quantiles: Float32Array[];
}

export function paletteTarget(painting: RgbImage): PaletteTarget {
  const { lab } = labWithJacobian(painting.data);
  const n = lab.length / 3;
  return {
    quantiles: AXES.map((a) => {
      const p = new Float32Array(n);
      for (let i = 0; i < n; i++)
        p[i] = a[0] * (lab[i * 3] as number) + a[1] * (lab[i * 3 + 1] as number) + a[2] * (lab[i * 3 + 2] as number);
      return quantilesOfSorted(p.sort(), TARGET_QUANTILES);
    }),
  };
}

/** Target values for n sorted samples: the painting's quantiles at (r + ½)/n, interpolated. */
const resampled = new WeakMap<Float32Array, Map<number, Float32Array>>();
function targetFor(q: Float32Array, n: number): Float32Array {
  let byN = resampled.get(q);
  if (!byN) {
    byN = new Map();
    resampled.set(q, byN);
  }
  let t = byN.get(n);
  if (!t) {
    t = new Float32Array(n);
    for (let r = 0; r < n; r++) {
      const pos = ((r + 0.5) / n) * q.length - 0.5;
      const lo = Math.max(0, Math.min(q.length - 1, Math.floor(pos)));
      const hi = Math.min(q.length - 1, lo + 1);
      const w = Math.max(0, Math.min(1, pos - lo));
      t[r] = (q[lo] as number) + w * ((q[hi] as number) - (q[lo] as number));
    }
    byN.set(n, t);
  }
  return t;
}

/** Ranks by sorting value and index packed into one float64 (projections lie in ±200 Lab units; n < 2¹⁸). */
function argsort(p: Float32Array): Uint32Array {
  const n = p.length;
  const keys = new Float64Array(n);
  for (let i = 0; i < n; i++) keys[i] = Math.round(((p[i] as number) + 256) * 1024) * 262144 + i;
  keys.sort();
  const order = new Uint32Array(n);
  for (let r = 0; r < n; r++) order[r] = (keys[r] as number) % 262144;
  return order;
}

function chooseAxes(rgb: ArrayLike<number>): number[] {
  let h = 2166136261;
  for (let i = 0; i < rgb.length; i += 997) h = Math.imul(h ^ Math.round(rgb[i] as number), 16777619) >>> 0;
  const start = h % TRAIN_AXES;
  return Array.from({ length: AXES_PER_SAMPLE }, (_, k) => (start + k * 3) % TRAIN_AXES);
}

/** Loss and ∂loss/∂rgb of one image's pixels (float RGB in [0, 255]). */
export function paletteLossOfPixels(rgb: ArrayLike<number>, target: PaletteTarget): { loss: number; grad: Float32Array } {
  const { lab, jac } = labWithJacobian(rgb);
  const n = lab.length / 3;
  const gLab = new Float32Array(n * 3);
  const axes = chooseAxes(rgb);
  const norm = axes.length * n * LAB_SCALE * LAB_SCALE;
  let loss = 0;
  const p = new Float32Array(n);
  for (const ai of axes) {
    const a = AXES[ai] as readonly [number, number, number];
    for (let i = 0; i < n; i++)
      p[i] = a[0] * (lab[i * 3] as number) + a[1] * (lab[i * 3 + 1] as number) + a[2] * (lab[i * 3 + 2] as number);
    const order = argsort(p);
    const t = targetFor(target.quantiles[ai] as Float32Array, n);
    for (let r = 0; r < n; r++) {
      const i = order[r] as number;
      const d = (p[i] as number) - (t[r] as number);
      loss += d * d;
      const g = (2 * d) / norm;
      gLab[i * 3] = (gLab[i * 3] as number) + g * a[0];
      gLab[i * 3 + 1] = (gLab[i * 3 + 1] as number) + g * a[1];
      gLab[i * 3 + 2] = (gLab[i * 3 + 2] as number) + g * a[2];
    }
  }
  const grad = new Float32Array(n * 3);
  for (let i = 0; i < n; i++)
    for (let k = 0; k < 3; k++)
      grad[i * 3 + k] =
        (gLab[i * 3] as number) * (jac[i * 9 + k] as number) +
        (gLab[i * 3 + 1] as number) * (jac[i * 9 + 3 + k] as number) +
        (gLab[i * 3 + 2] as number) * (jac[i * 9 + 6 + k] as number);
  return { loss: loss / norm, grad };
}

/** The palette term of pictures y [N, H, W, 3] (float pixels), averaged over the batch, as a differentiable scalar. */
export function paletteLoss(y: tf.Tensor4D, target: PaletteTarget): tf.Scalar {
  const op = customOp<tf.Scalar>(1, ([t]) => {
    const [n, h, w] = (t as tf.Tensor4D).shape;
    const data = (t as tf.Tensor).dataSync();
    const per = h * w * 3;
    const grad = new Float32Array(data.length);
    let loss = 0;
    for (let s = 0; s < n; s++) {
      const r = paletteLossOfPixels(data.subarray(s * per, (s + 1) * per), target);
      loss += r.loss / n;
      for (let i = 0; i < per; i++) grad[s * per + i] = (r.grad[i] as number) / n;
    }
    return {
      value: tf.scalar(loss),
      gradFunc: (dy) => tf.mul(tf.tensor4d(grad, [n, h, w, 3]), dy),
    };
  });
  return op(y);
}
