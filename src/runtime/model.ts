/** A decoded model held as tensors on the current backend (and packed for the SIMD kernel when it fits), ready to stylize. */
import * as tf from '@tensorflow/tfjs-core';
import { type ArchSpec, paramSpecs } from '../model/architecture';
import type { DecodedModel, FloatWeights, ModelManifest } from '../model/format';
import type { NetWeights } from '../model/network';
import { kernelRefusal, packWeights } from './kernel/shuffle-kernel';

export interface LoadedModel {
  manifest: ModelManifest;
  weights: NetWeights;
  /** The weights in the SIMD kernel's layout, or null when the kernel does not run this network (kernelRefusal). */
  kernelWeights: Float32Array | null;
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
  const arch = decoded.manifest.arch;
  const weights = weightsToTensors(arch, decoded.weights);
  const kernelWeights = kernelRefusal(arch) === null ? packWeights(arch, decoded.weights) : null;
  return { manifest: decoded.manifest, weights, kernelWeights, dispose: () => disposeWeights(weights) };
}
