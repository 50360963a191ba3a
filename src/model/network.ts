/**
 * The one forward pass of the style network, shared by training, the CLI and
 * the extension's offscreen runtime. It never picks a backend: the host does.
 */
import * as tf from '@tensorflow/tfjs-core';
import { type ArchSpec, type ConvLayerSpec, convLayers, SHUFFLE_BLOCK, SIZE_MULTIPLE } from './architecture';

export type NetWeights = Readonly<Record<string, tf.Tensor>>;

/**
 * Swappable primitives: training substitutes convolutions with cheaper
 * gradients; the benchmark's profiler wraps every stage in `trace` to time it
 * (WASM kernels run synchronously, so wall time around a call is its cost).
 */
export interface NetOps {
  conv2d(x: tf.Tensor4D, kernel: tf.Tensor4D, stride: 1 | 2): tf.Tensor4D;
  /** Reflection padding; training substitutes one with the exact gradient (TF.js's MirrorPad gradient drops the reflected border). */
  reflectPad?(x: tf.Tensor4D, top: number, bottom: number, left: number, right: number): tf.Tensor4D;
  trace?(label: string, run: () => tf.Tensor4D): tf.Tensor4D;
}

export const defaultOps: NetOps = {
  conv2d: (x, kernel, stride) => tf.conv2d(x, kernel, stride, 'valid'),
};

const stage = (ops: NetOps, label: string, run: () => tf.Tensor4D): tf.Tensor4D => (ops.trace ? ops.trace(label, run) : run());

/** Instance-norm epsilon, as in Ulyanov et al. 2016 and PyTorch's InstanceNorm2d. */
export const INSTANCE_NORM_EPSILON = 1e-5;

/**
 * Reflection padding (Johnson et al.'s supplementary material): zero padding
 * leaves dark frames around browser style-transfer outputs. Reflection needs
 * the pad to be smaller than the side, so tiny inputs (1×1, 2×3…) grow in
 * steps of symmetric padding instead; that is the same rule applied twice.
 */
export function reflectPad(x: tf.Tensor4D, top: number, bottom: number, left: number, right: number): tf.Tensor4D {
  const [, h, w] = x.shape;
  if (top < h && bottom < h && left < w && right < w) {
    if (top + bottom + left + right === 0) return x;
    return tf.mirrorPad(
      x,
      [
        [0, 0],
        [top, bottom],
        [left, right],
        [0, 0],
      ],
      'reflect',
    );
  }
  const step = (want: number, side: number) => Math.min(want, side);
  const st = step(top, h);
  const sb = step(bottom, h);
  const sl = step(left, w);
  const sr = step(right, w);
  const grown = tf.mirrorPad(
    x,
    [
      [0, 0],
      [st, sb],
      [sl, sr],
      [0, 0],
    ],
    'symmetric',
  );
  return reflectPad(grown, top - st, bottom - sb, left - sl, right - sr);
}

/** Instance normalization with a learned scale and offset, folded into one multiply-add. */
export function instanceNorm(x: tf.Tensor4D, gamma: tf.Tensor, beta: tf.Tensor): tf.Tensor4D {
  const { mean, variance } = tf.moments(x, [1, 2], true);
  const scale = tf.mul(gamma, tf.rsqrt(tf.add(variance, INSTANCE_NORM_EPSILON)));
  const shift = tf.sub(beta, tf.mul(mean, scale));
  return tf.add(tf.mul(x, scale), shift) as tf.Tensor4D;
}

/** Nearest-neighbour ×2 then conv, instead of a transposed conv: no checkerboard artefacts (Odena et al. 2016). */
function upsample2x(x: tf.Tensor4D): tf.Tensor4D {
  const [, h, w] = x.shape;
  return tf.image.resizeNearestNeighbor(x, [h * 2, w * 2]);
}

function weight(weights: NetWeights, name: string): tf.Tensor {
  const t = weights[name];
  if (!t) throw new Error(`network weights lack "${name}"`);
  return t;
}

function convBlock(x: tf.Tensor4D, layer: ConvLayerSpec, weights: NetWeights, ops: NetOps): tf.Tensor4D {
  const name = layer.name;
  const input = layer.upsample ? stage(ops, `${name} upsample`, () => upsample2x(x)) : x;
  const p = (layer.kernel - 1) >> 1;
  const pad = ops.reflectPad ?? reflectPad;
  const padded = stage(ops, `${name} pad`, () => pad(input, p, p, p, p));
  const kernel = weight(weights, `${name}/kernel`) as tf.Tensor4D;
  const conv = stage(ops, `${name} conv`, () => ops.conv2d(padded, kernel, layer.stride));
  const normed = stage(ops, `${name} norm`, () => instanceNorm(conv, weight(weights, `${name}/gamma`), weight(weights, `${name}/beta`)));
  return layer.relu ? stage(ops, `${name} relu`, () => tf.relu(normed)) : normed;
}

/**
 * Space-to-depth: each b×b cell of pixels becomes one pixel with b·b·C
 * channels, in TF's DCR order (the inverse of tf.depthToSpace). Written as
 * reshape + transpose so that training gets its gradient for free.
 */
export function spaceToDepth(x: tf.Tensor4D, b: number): tf.Tensor4D {
  const [n, h, w, c] = x.shape;
  const cells = tf.reshape(x, [n, h / b, b, w / b, b, c]);
  return tf.reshape(tf.transpose(cells, [0, 1, 3, 2, 4, 5]), [n, h / b, w / b, b * b * c]);
}

/** Depth-to-space (pixel shuffle), the inverse of spaceToDepth. */
export function depthToSpace(x: tf.Tensor4D, b: number): tf.Tensor4D {
  const [n, h, w, bbc] = x.shape;
  const c = bbc / (b * b);
  const cells = tf.reshape(x, [n, h, w, b, b, c]);
  return tf.reshape(tf.transpose(cells, [0, 1, 3, 2, 4, 5]), [n, h * b, w * b, c]);
}

/** Pixels in [0, 255] → network input in [-1, 1]. */
export function pixelsToInput(pixels: tf.Tensor4D): tf.Tensor4D {
  return tf.sub(tf.div(pixels, 127.5), 1);
}

/** tanh output in [-1, 1] → pixels in [0, 255]. */
export function outputToPixels(t: tf.Tensor4D): tf.Tensor4D {
  return tf.mul(tf.add(t, 1), 127.5);
}

/**
 * The network's raw output: tanh values in [-1, 1], same size as the input.
 * Hosts that copy pixels out in JavaScript anyway scale them there, which
 * saves two full-resolution passes over the output (see stylizeImage).
 */
export function stylizeToTanh(spec: ArchSpec, weights: NetWeights, pixels: tf.Tensor4D, ops: NetOps = defaultOps): tf.Tensor4D {
  const [n, h, w] = pixels.shape;
  const padH = (SIZE_MULTIPLE - (h % SIZE_MULTIPLE)) % SIZE_MULTIPLE;
  const padW = (SIZE_MULTIPLE - (w % SIZE_MULTIPLE)) % SIZE_MULTIPLE;
  const shuffle = spec.kind === 'shuffle';
  let x = stage(ops, 'input', () => reflectPad(pixelsToInput(pixels), 0, padH, 0, padW));
  if (shuffle) x = stage(ops, 'space-to-depth', () => spaceToDepth(x, SHUFFLE_BLOCK));
  let blockInput = x;
  for (const layer of convLayers(spec)) {
    if (layer.residualStart) blockInput = x;
    x = convBlock(x, layer, weights, ops);
    if (layer.residualAdd) {
      const skip = blockInput;
      const y = x;
      x = stage(ops, `${layer.name} add`, () => tf.add(y, skip));
    }
  }
  if (shuffle) {
    const y = x;
    x = stage(ops, 'depth-to-space', () => depthToSpace(y, SHUFFLE_BLOCK));
  }
  const y = x;
  const out = stage(ops, 'output', () => tf.tanh(y));
  return padH || padW ? tf.slice(out, [0, 0, 0, 0], [n, h, w, 3]) : out;
}

/**
 * Stylizes a batch of images [N, H, W, 3] with float pixels in [0, 255] and
 * returns float pixels in [0, 255] of exactly the same size. Any H and W work:
 * the input is reflect-padded up to a multiple of 4 (two stride-2 stages) and
 * the output cropped back. Call inside tf.tidy (or dispose the result).
 */
export function stylize(spec: ArchSpec, weights: NetWeights, pixels: tf.Tensor4D, ops: NetOps = defaultOps): tf.Tensor4D {
  return outputToPixels(stylizeToTanh(spec, weights, pixels, ops));
}
