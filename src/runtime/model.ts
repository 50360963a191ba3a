/** A decoded model held as tensors on the current backend, ready to stylize. */
import * as tf from '@tensorflow/tfjs-core';
import { type ArchSpec, paramSpecs } from '../model/architecture';
import type { DecodedModel, FloatWeights, ModelManifest } from '../model/format';
import type { NetWeights } from '../model/network';

export interface LoadedModel {
  manifest: ModelManifest;
  weights: NetWeights;
  dispose(): void;
}

export function weightsToTensors(arch: ArchSpec, weights: FloatWeights): NetWeights {
  const out: Record<string, tf.Tensor> = {};
  for (const p of paramSpecs(arch)) out[p.name] = tf.tensor(weights.get(p.name) as Float32Array, p.shape, 'float32');
  return out;
}

export function disposeWeights(weights: NetWeights): void {
  tf.dispose(Object.values(weights));
}

export function toLoadedModel(decoded: DecodedModel): LoadedModel {
  const weights = weightsToTensors(decoded.manifest.arch, decoded.weights);
  return { manifest: decoded.manifest, weights, dispose: () => disposeWeights(weights) };
}
