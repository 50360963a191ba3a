/** Writes a trained network as a Brushwork model folder, with its training configuration and validation metrics. */
import path from 'node:path';
import { encodeModel, type FloatWeights, type ModelMetrics, WEIGHTS_FILE } from '../model/format';
import { writeModelDir } from '../runtime/node/model-dir';
import { type StyleInfo, styleInfoFor } from '../shared/catalog';
import type { TrainConfig } from './config';
import type { EvalResult } from './evaluate';
import { unflatten } from './flat';
import { type LossWeights, layerWeight, STYLE_TAPS } from './losses';

/**
 * model.json counts against the ≤ 13,000-byte budget of a style (with its
 * 12,372-byte weights.bin), so the record is compact: the painting's file name
 * only when it is not just the style id, loss weights in one object with the
 * style taps' multipliers in STYLE_TAPS order.
 */
function paintingRecord(config: TrainConfig): { style?: string } {
  const file = path.basename(config.style);
  return file.replace(/\.[^.]+$/, '') === config.styleId ? {} : { style: file };
}

function lossRecord(w: LossWeights): Record<string, number | number[]> {
  return {
    content: w.content,
    style: w.style,
    tv: w.tv,
    ...(w.layers ? { layers: STYLE_TAPS.map((tap) => layerWeight(w, tap)) } : {}),
    ...(w.half ? { half: w.half } : {}),
    ...(w.luma ? { luma: w.luma } : {}),
    ...(w.palette ? { palette: w.palette } : {}),
    ...(w.grain ? { grain: w.grain } : {}),
    ...(w.holes ? { holes: w.holes } : {}),
    ...(w.stability
      ? {
          stability: w.stability,
          ...(w.stabilityShift !== undefined ? { stability_shift: w.stabilityShift } : {}),
          ...(w.stabilityNoise !== undefined ? { stability_noise: w.stabilityNoise } : {}),
        }
      : {}),
  };
}

/** The catalog's record of the style, with what --title, --artist and --year say instead. */
function styleOf(config: TrainConfig): StyleInfo {
  return {
    ...styleInfoFor(config.styleId),
    ...(config.title ? { title: config.title } : {}),
    ...(config.artist ? { artist: config.artist } : {}),
    ...(config.year !== undefined ? { year: config.year } : {}),
  };
}

export function exportModel(
  config: TrainConfig,
  params: FloatWeights | Float32Array,
  metrics: ModelMetrics | undefined,
  extraTraining: Record<string, unknown> = {},
): number {
  const weights = params instanceof Float32Array ? unflatten(config.arch, params) : params;
  const { manifestJson, bin } = encodeModel(weights, {
    arch: config.arch,
    style: styleOf(config),
    training: {
      ...paintingRecord(config),
      size: config.size,
      batch: config.batch,
      steps: config.steps,
      lr: config.lr,
      loss: lossRecord(config.weights),
      ...(config.clip ? { clip: config.clip } : {}),
      ...(config.augment ? { augment: config.augment } : {}),
      style_size: config.styleSize,
      seed: config.seed,
      ...(config.init ? { init: path.basename(config.init) } : {}),
      ...extraTraining,
    },
    metrics,
  });
  return writeModelDir(config.out, manifestJson, bin, WEIGHTS_FILE);
}

const round3 = (x: number) => Math.round(x * 1000) / 1000;

/** What model.json records of an evaluation, to 3 decimals (timing is the machine's, not the model's). */
export function metricsForManifest(m: EvalResult): ModelMetrics {
  const { photos, ms_per_photo: _ms, style_gain_by_layer, ...scores } = m;
  const rounded: ModelMetrics = Object.fromEntries(Object.entries(scores).map(([k, v]) => [k, round3(v)]));
  rounded.style_gain_by_layer = Object.fromEntries(Object.entries(style_gain_by_layer).map(([k, v]) => [k, round3(v)]));
  return { ...rounded, eval_photos: photos };
}
