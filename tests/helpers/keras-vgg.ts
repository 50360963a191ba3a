/**
 * A stand-in for the public TF.js export of Keras' VGG19: a layers-model
 * model.json and weight shards with the real layer names and shapes (blocks
 * 1–3), names under a "vgg19/" prefix as newer converters write them, split
 * into shards mid-weight as the converter does, with seeded random weights.
 * Never a downloaded file.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { VGG_LOSS_LAYERS } from '../../src/training/vgg';

/** What the export holds of VGG-19 here: the layers the losses read, and block3_conv4, which they do not. */
export const KERAS_VGG_LAYERS = [...VGG_LOSS_LAYERS, ['block3_conv4', 256, 256]] as const;

function seeded(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32 - 0.5;
  };
}

export interface StandIn {
  dir: string;
  /** The floats written per layer, to compare with what is read back. */
  floats: Map<string, { kernel: Float32Array; bias: Float32Array }>;
}

export function writeKerasVggStandIn(
  dir: string,
  { shardBytes = 4 * 1024 * 1024, shapeOf = (_name: string, shape: number[]) => shape, quantizeFirst = false } = {},
): StandIn {
  mkdirSync(dir, { recursive: true });
  const random = seeded(19);
  const weights: Record<string, unknown>[] = [];
  const chunks: Buffer[] = [];
  const floats = new Map<string, { kernel: Float32Array; bias: Float32Array }>();
  for (const [name, cin, cout] of KERAS_VGG_LAYERS) {
    // He-like scale keeps activations sane through the 8 layers.
    const kernel = Float32Array.from({ length: 9 * cin * cout }, () => random() * Math.sqrt(24 / (9 * cin)));
    const bias = Float32Array.from({ length: cout }, () => random() * 0.1);
    if (quantizeFirst && name === 'block1_conv1') {
      // TF.js affine uint8 quantization: value = q·scale + min.
      const min = -0.5;
      const scale = 1 / 255;
      const q = Uint8Array.from(kernel, (x) => Math.max(0, Math.min(255, Math.round((x - min) / scale))));
      kernel.set(Float32Array.from(q, (v) => v * scale + min));
      weights.push({
        name: `vgg19/${name}/kernel`,
        shape: shapeOf(name, [3, 3, cin, cout]),
        dtype: 'float32',
        quantization: { dtype: 'uint8', min, scale },
      });
      chunks.push(Buffer.from(q));
    } else {
      weights.push({ name: `vgg19/${name}/kernel`, shape: shapeOf(name, [3, 3, cin, cout]), dtype: 'float32' });
      chunks.push(Buffer.from(kernel.buffer));
    }
    weights.push({ name: `vgg19/${name}/bias`, shape: [cout], dtype: 'float32' });
    chunks.push(Buffer.from(bias.buffer));
    floats.set(name, { kernel, bias });
  }
  const all = Buffer.concat(chunks);
  const paths: string[] = [];
  const count = Math.ceil(all.length / shardBytes);
  for (let i = 0; i < count; i++) {
    const name = `group1-shard${i + 1}of${count}.bin`;
    writeFileSync(path.join(dir, name), all.subarray(i * shardBytes, (i + 1) * shardBytes));
    paths.push(name);
  }
  const modelTopology = {
    class_name: 'Functional',
    config: {
      name: 'vgg19',
      layers: KERAS_VGG_LAYERS.map(([name]) => ({ class_name: 'Conv2D', name, config: { name, kernel_size: [3, 3] } })),
    },
    keras_version: '2.15.0',
    backend: 'tensorflow',
  };
  writeFileSync(
    path.join(dir, 'model.json'),
    JSON.stringify({
      format: 'layers-model',
      generatedBy: 'keras v2.15.0',
      convertedBy: 'TensorFlow.js Converter v4.22.0',
      modelTopology,
      weightsManifest: [{ paths, weights }],
    }),
  );
  return { dir, floats };
}
