/** Runs a loaded model on an RGBA image; host-agnostic (browser offscreen document or Node). */
import * as tf from '@tensorflow/tfjs-core';
import { stylizeToTanh } from '../model/network';
import { checkImage, type RgbaImage } from '../shared/image';
import { KERNEL_MIN_SIDE, type ShuffleKernel } from './kernel/shuffle-kernel';
import type { LoadedModel } from './model';

export function rgbaToTensor(img: RgbaImage): tf.Tensor4D {
  const { width, height, data } = img;
  const rgb = new Float32Array(width * height * 3);
  for (let i = 0, j = 0; i < data.length; i += 4, j += 3) {
    rgb[j] = data[i] as number;
    rgb[j + 1] = data[i + 1] as number;
    rgb[j + 2] = data[i + 2] as number;
  }
  return tf.tensor4d(rgb, [1, height, width, 3]);
}

/** Copies stylized RGB (pixel values, or tanh values when `fromTanh`) into a new image that keeps the original's alpha. */
export function rgbIntoRgba(rgb: ArrayLike<number>, original: RgbaImage, fromTanh = false): RgbaImage {
  const out = new Uint8ClampedArray(original.data.length);
  // Same arithmetic as outputToPixels: (t + 1) · 127.5, then Uint8ClampedArray's rounding.
  const scale = fromTanh ? 127.5 : 1;
  const offset = fromTanh ? 127.5 : 0;
  for (let i = 0, j = 0; i < out.length; i += 4, j += 3) {
    out[i] = (rgb[j] as number) * scale + offset;
    out[i + 1] = (rgb[j + 1] as number) * scale + offset;
    out[i + 2] = (rgb[j + 2] as number) * scale + offset;
    out[i + 3] = original.data[i + 3] as number;
  }
  return { width: original.width, height: original.height, data: out };
}

/** Whether `kernel` runs this model on this picture (else TF.js, the reference path, does). */
export function kernelRuns(kernel: ShuffleKernel | null | undefined, model: LoadedModel, img: RgbaImage): kernel is ShuffleKernel {
  return Boolean(kernel && model.kernelWeights && img.width >= KERNEL_MIN_SIDE && img.height >= KERNEL_MIN_SIDE);
}

/**
 * Stylizes the whole image at its own size: on the SIMD kernel when one is
 * given and runs this network, else with TF.js. Leaves no tensor behind.
 */
export async function stylizeImage(model: LoadedModel, img: RgbaImage, kernel?: ShuffleKernel | null): Promise<RgbaImage> {
  checkImage(img);
  if (kernelRuns(kernel, model, img)) return kernel.run(model.manifest.arch, model.kernelWeights as Float32Array, img);
  const out = tf.tidy(() => stylizeToTanh(model.manifest.arch, model.weights, rgbaToTensor(img)));
  try {
    return rgbIntoRgba(await out.data(), img, true);
  } finally {
    out.dispose();
  }
}
