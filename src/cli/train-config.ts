/** `brushwork train`'s flags as a TrainConfig: paths made absolute (so a checkpoint resumes from any folder), numbers range-checked. */
import path from 'node:path';
import { type ArchSpec, describeArch, JOHNSON_ARCH, SHIPPED_ARCH } from '../model/architecture';
import { resolveModelArg } from '../runtime/node/model-dir';
import {
  DEFAULT_STABILITY_NOISE,
  DEFAULT_STABILITY_SHIFT,
  DEFAULT_TRAIN,
  defaultPhotosDir,
  defaultValPhotosDir,
  defaultVggDir,
  type TrainConfig,
} from '../training/config';
import { type LossWeights, STYLE_TAPS } from '../training/losses';
import { archFromArgs } from './arch';
import { numberArg, stringArg } from './args';
import { UsageError } from './errors';
import { SHIPPED_MODELS } from './paths';

/** A weight that is recorded only when on, so configurations (and model.json) without it stay as they were. */
function optionalWeight<K extends 'grain' | 'holes' | 'stability'>(key: K, value: number): Partial<Record<K, number>> {
  return value ? ({ [key]: value } as Record<K, number>) : {};
}

/** `--layer-weights 1,1,1`: multipliers of relu1_2, relu2_2, relu3_3 in the style term. */
function layerWeightsArg(raw: unknown, fallback: LossWeights['layers']): LossWeights['layers'] {
  if (raw === undefined) return fallback;
  const parts = String(raw).split(',').map(Number);
  if (parts.length !== STYLE_TAPS.length || parts.some((x) => !Number.isFinite(x) || x < 0))
    throw new UsageError(
      `--layer-weights: expected ${STYLE_TAPS.length} non-negative numbers (${STYLE_TAPS.join(',')}), found ${String(raw)}`,
    );
  return Object.fromEntries(STYLE_TAPS.map((tap, i) => [tap, parts[i] as number]));
}

/**
 * --init: a model folder to fine-tune from; by default the shipped starry-night when the network is the
 * shipped one (a new style learns in ~500 steps what took thousands from scratch, docs/training.md);
 * `--init none` trains from scratch.
 */
function initArg(raw: unknown, arch: ArchSpec): { init?: string } {
  if (raw === 'none') return {};
  // The one model argument (#31): a shipped style's name, a folder, its model.json or a .brushwork file.
  if (typeof raw === 'string' && raw !== '') return { init: resolveModelArg(raw, SHIPPED_MODELS) };
  return describeArch(arch) === describeArch(SHIPPED_ARCH) ? { init: path.join(SHIPPED_MODELS, 'starry-night') } : {};
}

/** --title/--artist/--year: what model.json says of the painting (a new style otherwise gets "unknown", year 0). */
export function styleInfoArgs(values: Record<string, unknown>): Pick<TrainConfig, 'title' | 'artist' | 'year'> {
  const text = (name: string) => {
    const raw = values[name];
    if (raw === undefined) return {};
    if (typeof raw !== 'string' || raw.trim() === '' || raw.length > 200)
      throw new UsageError(`--${name}: expected 1 to 200 characters, found ${JSON.stringify(raw)}`);
    return { [name]: raw.trim() };
  };
  return {
    ...text('title'),
    ...text('artist'),
    ...(values.year !== undefined ? { year: numberArg('year', values.year, 0, -5000, 3000, true) } : {}),
  };
}

export function trainConfigFromArgs(values: Record<string, unknown>): TrainConfig {
  const d = DEFAULT_TRAIN;
  // Stored absolute in the checkpoint, so `--resume` works from any folder (#31).
  const style = path.resolve(stringArg('style', values.style));
  const out = path.resolve(stringArg('out', values.out));
  const explicitArch = values.arch !== undefined || values.alpha !== undefined || values.blocks !== undefined || values.small !== undefined;
  return {
    style,
    styleId: (values.id as string | undefined) ?? path.basename(out),
    out,
    photos: path.resolve((values.photos as string | undefined) ?? defaultPhotosDir()),
    evalPhotos: path.resolve((values['val-photos'] as string | undefined) ?? defaultValPhotosDir()),
    vgg: path.resolve((values.vgg as string | undefined) ?? defaultVggDir()),
    arch: explicitArch ? archFromArgs(values, { ...JOHNSON_ARCH, small: false }, SHIPPED_ARCH.kind) : d.arch,
    size: numberArg('size', values.size, d.size, 16, 1024, true),
    batch: numberArg('batch', values.batch, d.batch, 1, 64, true),
    steps: numberArg('steps', values.steps, d.steps, 1, 1_000_000, true),
    lr: numberArg('lr', values.lr, d.lr, 1e-7, 1),
    weights: {
      content: numberArg('content-weight', values['content-weight'], d.weights.content, 0, 1e9),
      style: numberArg('style-weight', values['style-weight'], d.weights.style, 0, 1e9),
      tv: numberArg('tv-weight', values['tv-weight'], d.weights.tv, 0, 1e9),
      layers: layerWeightsArg(values['layer-weights'], d.weights.layers),
      half: numberArg('half-weight', values['half-weight'], d.weights.half ?? 0, 0, 1e9),
      luma: numberArg('luma-weight', values['luma-weight'], d.weights.luma ?? 0, 0, 1e9),
      palette: numberArg('palette-weight', values['palette-weight'], d.weights.palette ?? 0, 0, 1e9),
      ...optionalWeight('grain', numberArg('grain-weight', values['grain-weight'], d.weights.grain ?? 0, 0, 1e9)),
      ...optionalWeight('holes', numberArg('holes-weight', values['holes-weight'], d.weights.holes ?? 0, 0, 1e9)),
      ...optionalWeight('stability', numberArg('stability-weight', values['stability-weight'], d.weights.stability ?? 0, 0, 1e9)),
      ...(values['stability-shift'] !== undefined
        ? { stabilityShift: numberArg('stability-shift', values['stability-shift'], DEFAULT_STABILITY_SHIFT, 0, 3, true) }
        : {}),
      ...(values['stability-noise'] !== undefined
        ? { stabilityNoise: numberArg('stability-noise', values['stability-noise'], DEFAULT_STABILITY_NOISE, 0, 64) }
        : {}),
    },
    augment: numberArg('augment', values.augment, d.augment, 0, 1),
    clip: numberArg('clip', values.clip, d.clip, 0, 1e9),
    styleSize: numberArg('style-size', values['style-size'], d.styleSize, 32, 4096, true),
    ...initArg(values.init, explicitArch ? archFromArgs(values, { ...JOHNSON_ARCH, small: false }, SHIPPED_ARCH.kind) : d.arch),
    workers: numberArg('workers', values.workers, d.workers, 1, 64, true),
    seed: numberArg('seed', values.seed, d.seed, 0, 2 ** 31, true),
    checkpointEvery: numberArg('checkpoint-every', values['checkpoint-every'], d.checkpointEvery, 1, 1_000_000, true),
    previewEvery: numberArg('preview-every', values['preview-every'], d.previewEvery, 1, 1_000_000, true),
    evalLimit: numberArg('eval-limit', values['eval-limit'], d.evalLimit, 0, 100_000, true),
    measureEvery: numberArg('measure-every', values['measure-every'], d.measureEvery, 0, 1_000_000, true),
    measurePhotos: numberArg('measure-photos', values['measure-photos'], d.measurePhotos, 1, 100_000, true),
    ...styleInfoArgs(values),
    ...(values['no-eval'] === true ? { noEval: true } : {}),
  };
}
