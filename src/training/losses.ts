/**
 * Perceptual losses (Johnson et al. 2016, §3), normalized so that the training
 * objective is exactly what `brushwork eval` reports:
 *   content  = ‖φ(y) − φ(x)‖² / ‖φ(x)‖²                 at relu3_3
 *   style    = Σ_l ‖G_l(y) − G_l(s)‖² / ‖G_l(s)‖²        at relu1_2, relu2_2, relu3_3
 *   tv       = mean squared difference of neighbouring pixels (in [0,1] units)
 * with G the Gram matrix divided by H·W. Normalizing each layer by its style
 * Gram's energy puts the layers on one scale; per-layer multipliers
 * (`LossWeights.layers`) and a half-scale relu3_3 term (`LossWeights.half`:
 * picture and painting both 2×2 average-pooled, so relu3_3 sees strokes twice
 * as large, our stand-in for the relu4_3 tap of Fritz's VGG-16 recipe) then
 * move the objective from colour (relu1_2 is mostly colour) towards texture.
 */
import * as tf from '@tensorflow/tfjs-core';
import { customOp } from './custom-op';
import { type PaletteTarget, paletteLoss } from './palette-loss';
import { type Vgg, type VggTap, vggFeatures } from './vgg';

export const STYLE_TAPS: readonly VggTap[] = ['relu1_2', 'relu2_2', 'relu3_3'];
export const CONTENT_TAP: VggTap = 'relu3_3';

/**
 * Gram matrices [N, C, C] of features [N, H, W, C], divided by H·W.
 * Written with 2-D matmuls and a custom gradient dF = F·(dG + dGᵀ)/(H·W):
 * TF.js WASM runs batched or transposed-operand matmuls ~10× slower than a
 * plain 2-D one (measured here: 188 ms vs 20 ms for a 4×16384×64 Gram), and
 * splitting a batch costs more than the matmul, so training feeds one sample
 * at a time (N = 1) and this stays cheap.
 */
export function gram(f: tf.Tensor4D): tf.Tensor3D {
  const [n, h, w, c] = f.shape;
  const hw = h * w;
  const sample = (t: tf.Tensor, i: number) => tf.reshape(n === 1 ? t : tf.slice(t, [i, 0, 0, 0], [1, h, w, c]), [hw, c]) as tf.Tensor2D;
  const op = customOp<tf.Tensor3D>(1, ([fi], save) => {
    save([fi as tf.Tensor]);
    const grams: tf.Tensor2D[] = [];
    for (let i = 0; i < n; i++) {
      const r = sample(fi as tf.Tensor, i);
      grams.push(tf.matMul(tf.transpose(r), r));
    }
    return {
      value: tf.div(n === 1 ? tf.expandDims(grams[0] as tf.Tensor2D, 0) : tf.stack(grams), hw) as tf.Tensor3D,
      gradFunc: (dy, saved) => {
        const per: tf.Tensor2D[] = [];
        for (let i = 0; i < n; i++) {
          const g = tf.reshape(tf.slice(dy, [i, 0, 0], [1, c, c]), [c, c]) as tf.Tensor2D;
          per.push(tf.matMul(sample(saved[0] as tf.Tensor, i), tf.add(g, tf.transpose(g))));
        }
        const stacked = n === 1 ? (per[0] as tf.Tensor2D) : tf.concat(per, 0);
        return tf.reshape(tf.div(stacked, hw), [n, h, w, c]);
      },
    };
  });
  return op(f);
}

/** Per-sample squared norm over all axes but the first. */
function sqNorm(t: tf.Tensor): tf.Tensor1D {
  const axes = t.shape.map((_, i) => i).slice(1);
  return tf.sum(tf.square(t), axes) as tf.Tensor1D;
}

/** The half-scale relu3_3 tap: picture and painting 2×2 average-pooled first. */
export const HALF_TAP = 'relu3_3_half';
export type StyleTap = VggTap | typeof HALF_TAP;
export type StyleTargets = Record<StyleTap, tf.Tensor2D>;

/**
 * 2×2 average pooling (odd edges dropped) with a hand-written gradient:
 * TF.js's WASM backend has no AvgPoolGrad kernel, and the gradient of an
 * average is the upstream gradient spread evenly over each 2×2 cell.
 */
export function halve(x: tf.Tensor4D): tf.Tensor4D {
  const [n, h, w, c] = x.shape;
  const even = h % 2 || w % 2 ? tf.slice(x, [0, 0, 0, 0], [n, h - (h % 2), w - (w % 2), c]) : x;
  const op = customOp<tf.Tensor4D>(1, ([t]) => ({
    value: tf.avgPool(t as tf.Tensor4D, 2, 2, 'valid'),
    gradFunc: (dy) => tf.mul(tf.image.resizeNearestNeighbor(dy, [dy.shape[1] * 2, dy.shape[2] * 2]), 0.25),
  }));
  return op(even);
}

function gramTarget(f: tf.Tensor4D): tf.Tensor2D {
  return tf.squeeze(gram(f), [0]) as tf.Tensor2D;
}

/** Gram targets of the style image, full and half scale (computed once and cached: they never change). */
export function styleTargets(vgg: Vgg, styleRgb: tf.Tensor4D): StyleTargets {
  return tf.tidy(() => {
    const feats = vggFeatures(vgg, styleRgb, STYLE_TAPS);
    const half = vggFeatures(vgg, halve(styleRgb), ['relu3_3']).relu3_3 as tf.Tensor4D;
    const out = { [HALF_TAP]: gramTarget(half) } as StyleTargets;
    for (const tap of STYLE_TAPS) out[tap] = gramTarget(feats[tap] as tf.Tensor4D);
    return out;
  });
}

/** Per-sample ‖G(f) − G_target‖² / ‖G_target‖² for one tap. */
export function layerDistance(f: tf.Tensor4D, target: tf.Tensor2D): tf.Tensor1D {
  return tf.div(sqNorm(tf.sub(gram(f), target)), tf.sum(tf.square(target))) as tf.Tensor1D;
}

/** Per-sample distance at every full-scale tap, from features already computed. */
export function styleDistanceByLayer(feats: Partial<Record<VggTap, tf.Tensor4D>>, targets: StyleTargets): Record<VggTap, tf.Tensor1D> {
  const out = {} as Record<VggTap, tf.Tensor1D>;
  for (const tap of STYLE_TAPS) out[tap] = layerDistance(feats[tap] as tf.Tensor4D, targets[tap]);
  return out;
}

/** Per-sample style distance D(y) = Σ_l ‖G_l(y) − G_l(s)‖² / ‖G_l(s)‖², from features already computed. */
export function styleDistance(feats: Partial<Record<VggTap, tf.Tensor4D>>, targets: StyleTargets): tf.Tensor1D {
  return tf.addN(Object.values(styleDistanceByLayer(feats, targets))) as tf.Tensor1D;
}

/** Per-sample half-scale relu3_3 distance of pixels (the picture is pooled here). */
export function halfScaleDistance(vgg: Vgg, rgb: tf.Tensor4D, targets: StyleTargets): tf.Tensor1D {
  const f = vggFeatures(vgg, halve(rgb), ['relu3_3']).relu3_3 as tf.Tensor4D;
  return layerDistance(f, targets[HALF_TAP]);
}

/** Per-sample content error ‖φ(y) − φ(x)‖² / ‖φ(x)‖². */
export function contentError(fy: tf.Tensor4D, fx: tf.Tensor4D): tf.Tensor1D {
  return tf.div(sqNorm(tf.sub(fy, fx)), tf.add(sqNorm(fx), 1e-8)) as tf.Tensor1D;
}

/** Total variation on pixels in [0, 255], reported in [0, 1] units so its weight is readable. */
export function totalVariation(y: tf.Tensor4D): tf.Scalar {
  const [n, h, w, c] = y.shape;
  const dh = tf.sub(tf.slice(y, [0, 1, 0, 0], [n, h - 1, w, c]), tf.slice(y, [0, 0, 0, 0], [n, h - 1, w, c]));
  const dw = tf.sub(tf.slice(y, [0, 0, 1, 0], [n, h, w - 1, c]), tf.slice(y, [0, 0, 0, 0], [n, h, w - 1, c]));
  return tf.div(tf.add(tf.mean(tf.square(dh)), tf.mean(tf.square(dw))), 255 * 255) as tf.Scalar;
}

export interface LossWeights {
  content: number;
  style: number;
  tv: number;
  /** Multipliers of each full-scale style tap inside the style term (1 each when absent). */
  layers?: Partial<Record<VggTap, number>>;
  /** Multiplier of the half-scale relu3_3 tap inside the style term (0 when absent). */
  half?: number;
  /** Weight of the coarse-luma term (0 when absent): see coarseLumaError. */
  luma?: number;
  /** Weight of the palette term (0 when absent): see palette-loss.ts. */
  palette?: number;
  /** Weight of the grain term (0 when absent): the output's 2-pixel-period energy, grain.ts. */
  grain?: number;
  /** Weight of the holes term (0 when absent): a hinge on black and white blobs, holes-loss.ts. */
  holes?: number;
  /** Weight of the stability term (0 when absent): shift and noise consistency, stability.ts. */
  stability?: number;
  /** Largest move of the stability term in pixels (3 when absent; 0: no shift comparison). */
  stabilityShift?: number;
  /** σ of the stability term's input noise in levels (4 when absent; 0: no noise comparison). */
  stabilityNoise?: number;
}

export function layerWeight(w: LossWeights, tap: VggTap): number {
  return w.layers?.[tap] ?? 1;
}

export interface LossParts {
  total: tf.Scalar;
  content: tf.Scalar;
  style: tf.Scalar;
  tv: tf.Scalar;
  luma: tf.Scalar;
  palette: tf.Scalar;
}

const LUMA = [0.299, 0.587, 0.114];

/**
 * Mean squared difference of the 8×8-cell mean luma of picture and photo, in
 * [0, 1] units. Gram statistics are blind to where dark and light go, so a
 * small network can buy style by painting a black hole over a bright arm;
 * keeping light and shade at the 8×8 scale forbids exactly that (the blobs
 * `holes` counts) while strokes, finer than a cell, and colour stay free
 * (cf. Gatys et al. 2016, "Preserving colour in neural artistic style transfer").
 */
export function coarseLumaError(x: tf.Tensor4D, y: tf.Tensor4D): tf.Scalar {
  const weights = tf.tensor1d(LUMA);
  const luma = (t: tf.Tensor4D) => tf.sum(tf.mul(t, weights), 3, true) as tf.Tensor4D;
  const coarse = (t: tf.Tensor4D) => halve(halve(halve(luma(t))));
  return tf.div(tf.mean(tf.square(tf.sub(coarse(y), coarse(x)))), 255 * 255) as tf.Scalar;
}

/** The training objective for stylized y of photos x (both RGB pixels [0, 255]). */
export function perceptualLoss(
  vgg: Vgg,
  targets: StyleTargets,
  x: tf.Tensor4D,
  y: tf.Tensor4D,
  w: LossWeights,
  palette?: PaletteTarget,
): LossParts {
  const fx = vggFeatures(vgg, x, [CONTENT_TAP])[CONTENT_TAP] as tf.Tensor4D;
  const fy = vggFeatures(vgg, y, STYLE_TAPS);
  const content = tf.mean(contentError(fy[CONTENT_TAP] as tf.Tensor4D, fx)) as tf.Scalar;
  const byLayer = styleDistanceByLayer(fy, targets);
  const styleTerms = STYLE_TAPS.map((tap) => tf.mul(byLayer[tap], layerWeight(w, tap)));
  if (w.half) styleTerms.push(tf.mul(halfScaleDistance(vgg, y, targets), w.half));
  const style = tf.mean(tf.addN(styleTerms)) as tf.Scalar;
  const tv = totalVariation(y);
  const luma = w.luma ? coarseLumaError(x, y) : tf.scalar(0);
  if (w.palette && !palette) throw new Error("a palette weight needs the painting's palette target, found none");
  const pal = w.palette && palette ? paletteLoss(y, palette) : tf.scalar(0);
  const total = tf.addN([
    tf.mul(content, w.content),
    tf.mul(style, w.style),
    tf.mul(tv, w.tv),
    tf.mul(luma, w.luma ?? 0),
    tf.mul(pal, w.palette ?? 0),
  ]) as tf.Scalar;
  return { total, content, style, tv, luma, palette: pal };
}
