/** Writes a trained network as a Brushwork model folder, with its training configuration and validation metrics. */
import path from 'node:path';
import { encodeModel, type FloatWeights, type ModelMetrics, WEIGHTS_FILE } from '../model/format';
import { writeModelDir } from '../runtime/node/model-dir';
import { styleInfoFor } from '../shared/catalog';
import type { TrainConfig } from './config';
import type { EvalResult } from './evaluate';
import { unflatten } from './flat';

export function exportModel(
  config: TrainConfig,
  params: FloatWeights | Float32Array,
  metrics: ModelMetrics,
  extraTraining: Record<string, unknown> = {},
): number {
  const weights = params instanceof Float32Array ? unflatten(config.arch, params) : params;
  const { manifestJson, bin } = encodeModel(weights, {
    arch: config.arch,
    style: styleInfoFor(config.styleId),
    training: {
      style: path.basename(config.style),
      size: config.size,
      batch: config.batch,
      steps: config.steps,
      lr: config.lr,
      content_weight: config.weights.content,
      style_weight: config.weights.style,
      tv_weight: config.weights.tv,
      ...(config.weights.layers ? { layer_weights: config.weights.layers } : {}),
      ...(config.weights.half ? { half_weight: config.weights.half } : {}),
      ...(config.weights.luma ? { luma_weight: config.weights.luma } : {}),
      ...(config.clip ? { clip: config.clip } : {}),
      style_size: config.styleSize,
      seed: config.seed,
      ...(config.init ? { init: path.basename(config.init) } : {}),
      ...extraTraining,
    },
    metrics,
  });
  return writeModelDir(config.out, manifestJson, bin, WEIGHTS_FILE);
}

/** What model.json records of an evaluation (timing is the machine's, not the model's). */
export function metricsForManifest(m: EvalResult): ModelMetrics {
  const { photos, ms_per_photo: _ms, ...scores } = m;
  return { ...scores, eval_photos: photos };
}
