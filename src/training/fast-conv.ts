/**
 * Convolutions whose gradients are themselves forward convolutions.
 *
 * TF.js's WASM backend has no Conv2DBackpropFilter kernel and a slow
 * Conv2DBackpropInput (measured here: VGG-19 blocks 1–3 forward+backward on
 * 4×128² took 17–22 s with the built-in gradients, 3.3 s this way). Both
 * gradients of a 'valid' convolution y = x ⋆ W can be written as ordinary
 * convolutions, which run on XNNPACK's fast path:
 *   dx = pad(dilate(dy, s), k−1) ⋆ flip(W)ᵀ           (in/out channels swapped)
 *   dW = xᵀ ⋆ dyᵀ with dilation s                   (batch and channels swapped)
 */
import * as tf from '@tensorflow/tfjs-core';
// tfjs-core's Node build registers no gradients (inference bundles stay small); the union
// package registers them all in TF.js's global registry, which the core instance shares.
import '@tensorflow/tfjs';
import { reflectPad } from '../model/network';
import { customOp } from './custom-op';

/** Spatially flips a HWIO kernel and swaps its in/out channels: the kernel of the input gradient. */
export function flipTranspose(kernel: tf.Tensor4D): tf.Tensor4D {
  return tf.transpose(tf.reverse(kernel, [0, 1]), [0, 1, 3, 2]);
}

/** Inserts s−1 zeros between rows and columns (the adjoint of striding). */
function dilateWithZeros(dy: tf.Tensor4D, s: number): tf.Tensor4D {
  if (s === 1) return dy;
  const [n, h, w, c] = dy.shape;
  const rows = tf.reshape(tf.stack([dy, tf.zerosLike(dy)], 2), [n, h * 2, w, c]) as tf.Tensor4D;
  const both = tf.reshape(tf.stack([rows, tf.zerosLike(rows)], 3), [n, h * 2, w * 2, c]) as tf.Tensor4D;
  return tf.slice(both, [0, 0, 0, 0], [n, h * 2 - 1, w * 2 - 1, c]);
}

/** Gradient of a 'valid' conv w.r.t. its input, of shape `inputShape`. */
export function convInputGrad(dy: tf.Tensor4D, kernel: tf.Tensor4D, stride: number, inputShape: number[]): tf.Tensor4D {
  const k = kernel.shape[0];
  const dilated = dilateWithZeros(dy, stride);
  const [, hin, win] = inputShape as [number, number, number, number];
  // Rows of the input that the last stride skipped get zero gradient: pad them at the end.
  const extraH = hin - (dilated.shape[1] + k - 1);
  const extraW = win - (dilated.shape[2] + k - 1);
  const padded = tf.pad(dilated, [
    [0, 0],
    [k - 1, k - 1 + extraH],
    [k - 1, k - 1 + extraW],
    [0, 0],
  ]);
  return tf.conv2d(padded, flipTranspose(kernel), 1, 'valid');
}

/** Gradient of a 'valid' conv w.r.t. its HWIO kernel. */
export function convFilterGrad(x: tf.Tensor4D, dy: tf.Tensor4D, stride: number, kernelSize: number): tf.Tensor4D {
  const xt = tf.transpose(x, [3, 1, 2, 0]); // [Ci, H, W, N]: channels become the batch
  const dyt = tf.transpose(dy, [1, 2, 0, 3]); // [Ho, Wo, N, Co]: the gradient becomes the filter
  const full = tf.conv2d(xt, dyt as tf.Tensor4D, 1, 'valid', 'NHWC', stride as 1 | 2) as tf.Tensor4D;
  const trimmed = tf.slice(full, [0, 0, 0, 0], [full.shape[0], kernelSize, kernelSize, full.shape[3]]);
  return tf.transpose(trimmed, [1, 2, 0, 3]);
}

/** A trainable 'valid' conv with both gradients as forward convs. */
export function trainableConv2d(x: tf.Tensor4D, kernel: tf.Tensor4D, stride: 1 | 2): tf.Tensor4D {
  const op = customOp<tf.Tensor4D>(2, ([xi, ki], save) => {
    const xx = xi as tf.Tensor4D;
    const kk = ki as tf.Tensor4D;
    save([xx, kk]);
    return {
      value: tf.conv2d(xx, kk, stride, 'valid'),
      gradFunc: (dy, saved) => {
        const [sx, sk] = saved as [tf.Tensor4D, tf.Tensor4D];
        return [convInputGrad(dy, sk, stride, sx.shape), convFilterGrad(sx, dy, stride, sk.shape[0])];
      },
    };
  });
  return op(x, kernel);
}

/**
 * A frozen 3×3 'same' conv + bias + ReLU (the VGG loss network): forward fused,
 * backward only to the input, since nobody trains VGG here.
 */
export function frozenConvRelu(x: tf.Tensor4D, kernel: tf.Tensor4D, bias: tf.Tensor1D, kernelT: tf.Tensor4D): tf.Tensor4D {
  const op = customOp<tf.Tensor4D>(1, ([xi], save) => {
    const y = tf.fused.conv2d({ x: xi as tf.Tensor4D, filter: kernel, strides: 1, pad: 'same', bias, activation: 'relu' });
    save([y]);
    return {
      value: y,
      gradFunc: (dy, saved) => {
        const masked = tf.mul(dy, tf.step(saved[0] as tf.Tensor)) as tf.Tensor4D;
        return [tf.conv2d(masked, kernelT, 1, 'same')];
      },
    };
  });
  return op(x);
}

/** The input index a padded index reads from: one reflection, as network.ts's reflectPad (pad < size). */
const reflectIndex = (i: number, size: number) => (i < 0 ? -i : i >= size ? 2 * (size - 1) - i : i);

/**
 * The adjoint of reflection padding: every padded pixel's gradient added to the
 * input pixel it mirrors. TF.js's MirrorPad gradient keeps the centre only,
 * which drops the border's share of every padded conv's gradient (on a 16×16
 * feature map, 10–15 % of some weights' gradients). One pass in JavaScript:
 * three times faster here than slices, reverses and a concat on WASM.
 */
function unpad(dy: tf.Tensor4D, top: number, left: number, h: number, w: number): tf.Tensor4D {
  const [n, ph, pw, c] = dy.shape;
  const src = dy.dataSync();
  const dx = new Float32Array(n * h * w * c);
  for (let b = 0; b < n; b++)
    for (let py = 0; py < ph; py++) {
      const row = b * h + reflectIndex(py - top, h);
      for (let px = 0; px < pw; px++) {
        const from = ((b * ph + py) * pw + px) * c;
        const to = (row * w + reflectIndex(px - left, w)) * c;
        for (let k = 0; k < c; k++) dx[to + k] = (dx[to + k] as number) + (src[from + k] as number);
      }
    }
  return tf.tensor4d(dx, [n, h, w, c]);
}

/** Reflection padding with its exact gradient, for training (network.ts's reflectPad is the forward). */
export function trainableReflectPad(x: tf.Tensor4D, top: number, bottom: number, left: number, right: number): tf.Tensor4D {
  const [, h, w] = x.shape;
  // Pictures smaller than the pad grow in symmetric steps (network.ts); only the one-step reflection is differentiated here.
  if (top >= h || bottom >= h || left >= w || right >= w || top + bottom + left + right === 0)
    return reflectPad(x, top, bottom, left, right);
  const op = customOp<tf.Tensor4D>(1, ([xi]) => ({
    value: reflectPad(xi as tf.Tensor4D, top, bottom, left, right),
    gradFunc: (dy) => unpad(dy, top, left, h, w),
  }));
  return op(x);
}
