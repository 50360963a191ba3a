/** Weights as one flat vector in paramSpecs() order, the currency between trainer, workers and checkpoints. */
import { type ArchSpec, paramCount, paramSpecs, sizeOf } from '../model/architecture';
import type { FloatWeights } from '../model/format';

export function flatten(arch: ArchSpec, weights: FloatWeights): Float32Array {
  const flat = new Float32Array(paramCount(arch));
  let offset = 0;
  for (const p of paramSpecs(arch)) {
    flat.set(weights.get(p.name) as Float32Array, offset);
    offset += sizeOf(p.shape);
  }
  return flat;
}

export function unflatten(arch: ArchSpec, flat: Float32Array): FloatWeights {
  const weights: FloatWeights = new Map();
  let offset = 0;
  for (const p of paramSpecs(arch)) {
    const n = sizeOf(p.shape);
    weights.set(p.name, flat.slice(offset, offset + n));
    offset += n;
  }
  return weights;
}
