/**
 * VGG-19 from the standard TF.js export of Keras' `VGG19(weights='imagenet')`
 * (`tensorflowjs_converter --input_format keras`): a layers-model `model.json`
 * whose `weightsManifest` lists each weight's name, shape and dtype, stored in
 * order across shard files. Only the conv layers the losses need are read;
 * names may carry a model prefix ("vgg19/block1_conv1/kernel") and shapes
 * must be Keras's HWIO. float32 and TF.js's uint8/uint16 affine quantization
 * ({min, scale}) are understood; anything else is refused by name.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

export interface KerasWeightEntry {
  name: string;
  shape: number[];
  dtype: string;
  quantization?: { dtype: 'uint8' | 'uint16'; min: number; scale: number };
}

interface LayersModelJson {
  format?: string;
  modelTopology?: unknown;
  weightsManifest?: { paths: string[]; weights: KerasWeightEntry[] }[];
}

export type VggFloats = Map<string, { kernel: Float32Array; bias: Float32Array; cin: number; cout: number }>;

/** Largest export read: the whole VGG-19 with its classifier is ~575 MB; blocks 1–3 need ~9 MB of it. */
const MAX_SHARD_BYTES = 700 * 1024 * 1024;

const BYTES_PER: Record<string, number> = { float32: 4, int32: 4, uint8: 1, uint16: 2, bool: 1 };

export function isKerasExport(dirOrFile: string): string | null {
  const file = existsSync(dirOrFile) && statSync(dirOrFile).isFile() ? dirOrFile : path.join(dirOrFile, 'model.json');
  if (!existsSync(file)) return null;
  try {
    const json = JSON.parse(readFileSync(file, 'utf8')) as LayersModelJson;
    return Array.isArray(json.weightsManifest) ? file : null;
  } catch {
    return null;
  }
}

const storedBytes = (w: KerasWeightEntry) =>
  w.shape.reduce((a, b) => a * b, 1) * (BYTES_PER[w.quantization?.dtype ?? w.dtype] ?? Number.NaN);

function toFloats(w: KerasWeightEntry, bytes: Uint8Array, file: string): Float32Array {
  const count = w.shape.reduce((a, b) => a * b, 1);
  const copy = bytes.slice().buffer;
  if (!w.quantization) {
    if (w.dtype !== 'float32') throw new Error(`${file}: expected ${w.name} as float32 or quantized uint8/uint16, found ${w.dtype}`);
    return new Float32Array(copy, 0, count);
  }
  const q = w.quantization.dtype === 'uint8' ? new Uint8Array(copy, 0, count) : new Uint16Array(copy, 0, count);
  const out = new Float32Array(count);
  for (let i = 0; i < count; i++) out[i] = (q[i] as number) * w.quantization.scale + w.quantization.min;
  return out;
}

/** Reads the named conv layers (HWIO kernel [3,3,cin,cout] + bias [cout]) from a Keras TF.js export. */
export function readKerasVgg(modelFile: string, layers: readonly (readonly [string, number, number])[]): VggFloats {
  const json = JSON.parse(readFileSync(modelFile, 'utf8')) as LayersModelJson;
  const dir = path.dirname(modelFile);
  const wanted = new Map<string, { entry: KerasWeightEntry; bytes?: Uint8Array }>();
  const matches = (name: string, layer: string, part: string) => name === `${layer}/${part}` || name.endsWith(`/${layer}/${part}`);
  for (const group of json.weightsManifest ?? []) {
    const shards = group.paths.map((p) => {
      const file = path.join(dir, p);
      if (!existsSync(file)) throw new Error(`${modelFile}: expected the weight shard ${p} beside it, found none`);
      if (statSync(file).size > MAX_SHARD_BYTES) throw new Error(`${file}: expected a shard of at most ${MAX_SHARD_BYTES} bytes`);
      return file;
    });
    const needed = group.weights.some((w) => layers.some(([l]) => matches(w.name, l, 'kernel') || matches(w.name, l, 'bias')));
    if (!needed) continue;
    const all = Buffer.concat(shards.map((f) => readFileSync(f)));
    let offset = 0;
    for (const w of group.weights) {
      const size = storedBytes(w);
      if (!Number.isFinite(size)) throw new Error(`${modelFile}: ${w.name} has an unknown dtype ${w.dtype}`);
      for (const [layer] of layers)
        for (const part of ['kernel', 'bias'])
          if (matches(w.name, layer, part)) {
            if (offset + size > all.length)
              throw new Error(`${modelFile}: the shards end before ${w.name} (${size} bytes at ${offset}, ${all.length} in all)`);
            wanted.set(`${layer}/${part}`, { entry: w, bytes: new Uint8Array(all.buffer, all.byteOffset + offset, size) });
          }
      offset += size;
    }
  }
  const out: VggFloats = new Map();
  for (const [layer, cin, cout] of layers) {
    const kernel = wanted.get(`${layer}/kernel`);
    const bias = wanted.get(`${layer}/bias`);
    if (!kernel?.bytes || !bias?.bytes)
      throw new Error(`${modelFile}: expected Keras VGG-19 layer ${layer} (kernel and bias), found none; is this VGG-19?`);
    const k = kernel.entry.shape.join(',');
    if (k !== `3,3,${cin},${cout}` || bias.entry.shape.join(',') !== String(cout))
      throw new Error(
        `${modelFile}: expected ${layer} kernel [3,3,${cin},${cout}] and bias [${cout}], found [${k}] and [${bias.entry.shape.join(',')}]`,
      );
    out.set(layer, {
      kernel: toFloats(kernel.entry, kernel.bytes, modelFile),
      bias: toFloats(bias.entry, bias.bytes, modelFile),
      cin,
      cout,
    });
  }
  return out;
}
