/**
 * What 8-bit quantization costs: PSNR of the quantized model's output against
 * the float32 model's, on whole photos (docs/model-format.md reports it).
 */
import * as tf from '@tensorflow/tfjs-core';
import type { ArchSpec } from '../model/architecture';
import { decodeWeights, encodeWeights } from '../model/format';
import { stylize } from '../model/network';
import { disposeWeights, weightsToTensors } from '../runtime/model';
import { psnr } from '../runtime/psnr';
import { unflatten } from './flat';
import { readRgb } from './photos';

export async function quantizationPsnr(arch: ArchSpec, params: Float32Array, photoFiles: string[]): Promise<{ mean: number; min: number }> {
  const floatWeights = unflatten(arch, params);
  const quantWeights = decodeWeights(arch, encodeWeights(arch, floatWeights));
  const f = weightsToTensors(arch, floatWeights);
  const q = weightsToTensors(arch, quantWeights);
  const values: number[] = [];
  try {
    for (const file of photoFiles) {
      const img = await readRgb(file);
      const [a, b] = tf.tidy(() => {
        const x = tf.tensor4d(Float32Array.from(img.data), [1, img.height, img.width, 3]);
        const render = (w: typeof f) => Uint8Array.from(tf.clipByValue(tf.round(stylize(arch, w, x)), 0, 255).dataSync());
        return [render(f), render(q)];
      });
      values.push(psnr({ data: a as Uint8Array }, { data: b as Uint8Array }, 3));
    }
  } finally {
    disposeWeights(f);
    disposeWeights(q);
  }
  return { mean: values.reduce((s, v) => s + v, 0) / Math.max(1, values.length), min: Math.min(...values) };
}
