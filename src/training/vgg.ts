/**
 * VGG-19 blocks 1–3, the frozen loss network of Johnson et al. 2016, read from
 * ../shared/data/vgg19 (Keras weights; see its manifest.json).
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { flipTranspose, frozenConvRelu } from './fast-conv';
import { isKerasExport, readKerasVgg } from './vgg-keras';

/** Keras "caffe" preprocessing: BGR order, ImageNet channel means subtracted, no scaling. */
export const VGG_BGR_MEANS = [103.939, 116.779, 123.68] as const;

/** The conv layers the losses read (blocks 1–3 up to relu3_3), with their channels: [name, in, out]. */
export const VGG_LOSS_LAYERS = [
  ['block1_conv1', 3, 64],
  ['block1_conv2', 64, 64],
  ['block2_conv1', 64, 128],
  ['block2_conv2', 128, 128],
  ['block3_conv1', 128, 256],
  ['block3_conv2', 256, 256],
  ['block3_conv3', 256, 256],
] as const;

/** Feature taps used by the losses (block3_conv4 is never needed). */
export type VggTap = 'relu1_2' | 'relu2_2' | 'relu3_3';
const TAP_OF: Record<string, VggTap> = { block1_conv2: 'relu1_2', block2_conv2: 'relu2_2', block3_conv3: 'relu3_3' };

interface VggLayer {
  name: string;
  kernel: tf.Tensor4D;
  kernelT: tf.Tensor4D;
  bias: tf.Tensor1D;
}

export interface Vgg {
  layers: VggLayer[];
  dispose(): void;
}

export class VggWeightsError extends Error {
  override name = 'VggWeightsError';
}

const HELP =
  'pass --vgg <dir> or set BRUSHWORK_VGG_DIR to the folder holding either manifest.json and block*_conv*.bin (the project layout) or model.json and its weight shards (the TF.js export of Keras VGG19)';

export function readVggFloats(dir: string): Map<string, { kernel: Float32Array; bias: Float32Array; cin: number; cout: number }> {
  const manifestPath = path.join(dir, 'manifest.json');
  const keras = existsSync(manifestPath) ? null : isKerasExport(dir);
  if (keras) {
    try {
      return readKerasVgg(keras, VGG_LOSS_LAYERS);
    } catch (e) {
      throw new VggWeightsError((e as Error).message);
    }
  }
  if (!existsSync(manifestPath)) throw new VggWeightsError(`VGG-19 weights not found: expected ${manifestPath}; ${HELP}`);
  let manifest: { layers?: { name: string; in: number; out: number; file: string }[] };
  try {
    manifest = JSON.parse(readFileSync(manifestPath, 'utf8'));
  } catch (e) {
    throw new VggWeightsError(`${manifestPath}: expected JSON, found ${(e as Error).message}; ${HELP}`);
  }
  const out = new Map<string, { kernel: Float32Array; bias: Float32Array; cin: number; cout: number }>();
  for (const [name, cin, cout] of VGG_LOSS_LAYERS) {
    const entry = manifest.layers?.find((l) => l.name === name);
    if (!entry || entry.in !== cin || entry.out !== cout)
      throw new VggWeightsError(
        `${manifestPath}: expected layer ${name} with ${cin}→${cout} channels, found ${JSON.stringify(entry ?? 'none')}`,
      );
    const file = path.join(dir, entry.file);
    const expectedBytes = (9 * cin * cout + cout) * 4;
    const size = existsSync(file) ? statSync(file).size : -1;
    if (size !== expectedBytes)
      throw new VggWeightsError(
        `${file}: expected ${expectedBytes} bytes (3×3×${cin}×${cout} kernel + bias, float32), found ${size < 0 ? 'no file' : `${size} bytes`}`,
      );
    const buf = readFileSync(file);
    const floats = new Float32Array(buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength));
    out.set(name, { kernel: floats.subarray(0, 9 * cin * cout), bias: floats.subarray(9 * cin * cout), cin, cout });
  }
  return out;
}

export function loadVgg(dir: string): Vgg {
  const floats = readVggFloats(dir);
  const layers: VggLayer[] = VGG_LOSS_LAYERS.map(([name, cin, cout]) => {
    const f = floats.get(name) as { kernel: Float32Array; bias: Float32Array };
    const kernel = tf.tensor4d(f.kernel, [3, 3, cin, cout]);
    return { name, kernel, kernelT: tf.keep(flipTranspose(kernel)), bias: tf.tensor1d(f.bias) };
  });
  return {
    layers,
    dispose: () => {
      for (const l of layers) tf.dispose([l.kernel, l.kernelT, l.bias]);
    },
  };
}

/** RGB pixels [0, 255] → VGG input (BGR, mean-subtracted). */
export function vggPreprocess(rgb: tf.Tensor4D): tf.Tensor4D {
  const bgr = tf.reverse(rgb, 3);
  return tf.sub(bgr, tf.tensor1d([...VGG_BGR_MEANS])) as tf.Tensor4D;
}

/** Runs VGG up to the deepest requested tap and returns the taps' activations. */
export function vggFeatures(vgg: Vgg, rgb: tf.Tensor4D, taps: readonly VggTap[]): Partial<Record<VggTap, tf.Tensor4D>> {
  const wanted = new Set(taps);
  const out: Partial<Record<VggTap, tf.Tensor4D>> = {};
  let x = vggPreprocess(rgb);
  for (const layer of vgg.layers) {
    if (wanted.size === 0) break;
    x = frozenConvRelu(x, layer.kernel, layer.bias, layer.kernelT);
    const tap = TAP_OF[layer.name];
    if (tap && wanted.delete(tap)) out[tap] = x;
    if (layer.name === 'block1_conv2' || layer.name === 'block2_conv2') x = tf.maxPool(x, 2, 2, 'valid');
  }
  return out;
}
