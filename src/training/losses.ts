/**
 * Perceptual losses (Johnson et al. 2016, §3), normalized so that the training
 * objective is exactly what `brushwork eval` reports:
 *   content  = ‖φ(y) − φ(x)‖² / ‖φ(x)‖²                 at relu3_3
 *   style    = Σ_l ‖G_l(y) − G_l(s)‖² / ‖G_l(s)‖²        at relu1_2, relu2_2, relu3_3
 *   tv       = mean squared difference of neighbouring pixels (in [0,1] units)
 * with G the Gram matrix divided by H·W. Normalizing each layer by its style
 * Gram's energy balances the layers without hand-tuned per-layer weights.
 */
import * as tf from '@tensorflow/tfjs-core';
import { customOp } from './custom-op';
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

export type StyleTargets = Record<VggTap, tf.Tensor2D>;

/** Gram targets of the style image (computed once and cached: they never change). */
export function styleTargets(vgg: Vgg, styleRgb: tf.Tensor4D): StyleTargets {
  return tf.tidy(() => {
    const feats = vggFeatures(vgg, styleRgb, STYLE_TAPS);
    const out = {} as StyleTargets;
    for (const tap of STYLE_TAPS) out[tap] = tf.squeeze(gram(feats[tap] as tf.Tensor4D), [0]) as tf.Tensor2D;
    return out;
  });
}

/** Per-sample style distance D(y) = Σ_l ‖G_l(y) − G_l(s)‖² / ‖G_l(s)‖², from features already computed. */
export function styleDistance(feats: Partial<Record<VggTap, tf.Tensor4D>>, targets: StyleTargets): tf.Tensor1D {
  const terms = STYLE_TAPS.map((tap) => {
    const g = gram(feats[tap] as tf.Tensor4D);
    const target = targets[tap];
    return tf.div(sqNorm(tf.sub(g, target)), tf.sum(tf.square(target)));
  });
  return tf.addN(terms) as tf.Tensor1D;
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
}

export interface LossParts {
  total: tf.Scalar;
  content: tf.Scalar;
  style: tf.Scalar;
  tv: tf.Scalar;
}

/** The training objective for stylized y of photos x (both RGB pixels [0, 255]). */
export function perceptualLoss(vgg: Vgg, targets: StyleTargets, x: tf.Tensor4D, y: tf.Tensor4D, w: LossWeights): LossParts {
  const fx = vggFeatures(vgg, x, [CONTENT_TAP])[CONTENT_TAP] as tf.Tensor4D;
  const fy = vggFeatures(vgg, y, STYLE_TAPS);
  const content = tf.mean(contentError(fy[CONTENT_TAP] as tf.Tensor4D, fx)) as tf.Scalar;
  const style = tf.mean(styleDistance(fy, targets)) as tf.Scalar;
  const tv = totalVariation(y);
  const total = tf.addN([tf.mul(content, w.content), tf.mul(style, w.style), tf.mul(tv, w.tv)]) as tf.Scalar;
  return { total, content, style, tv };
}
