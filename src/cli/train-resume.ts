/** `brushwork train --resume <checkpoint>`: the run's configuration from its checkpoint, with what the flags replace. */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { loadCheckpoint } from '../training/checkpoint';
import { DEFAULT_TRAIN, defaultValPhotosDir, type TrainConfig } from '../training/config';
import { numberArg } from './args';
import { UsageError } from './errors';
import { styleInfoArgs } from './train-config';

/** Options a resumed run may change: where things are, how long, how it reports; the recipe stays the checkpoint's. */
const RESUMABLE = new Set([
  'resume',
  'style',
  'out',
  'photos',
  'val-photos',
  'vgg',
  'work',
  'workers',
  'steps',
  'force',
  'measure-every',
  'measure-photos',
  'checkpoint-every',
  'preview-every',
  'previews',
  'eval-limit',
  'no-eval',
  'title',
  'artist',
  'year',
]);

/**
 * A relative path in an older checkpoint was relative to where that run started: the current folder
 * or, when the run was started from the project root, an ancestor of the checkpoint's folder.
 */
function originOf(config: TrainConfig, checkpoint: string): string {
  const probe = config.style || config.photos;
  let dir = path.dirname(path.resolve(checkpoint));
  const candidates = [process.cwd()];
  for (; path.dirname(dir) !== dir; dir = path.dirname(dir)) candidates.push(dir);
  return candidates.find((base) => existsSync(path.resolve(base, probe))) ?? process.cwd();
}

export function absoluteConfig(config: TrainConfig, checkpoint: string): TrainConfig {
  const origin = originOf(config, checkpoint);
  const abs = (p: string | undefined) => (p ? path.resolve(origin, p) : p);
  return {
    ...config,
    style: abs(config.style) as string,
    out: abs(config.out) as string,
    photos: abs(config.photos) as string,
    evalPhotos: abs(config.evalPhotos ?? defaultValPhotosDir()) as string,
    vgg: abs(config.vgg) as string,
    ...(config.init ? { init: abs(config.init) } : {}),
  };
}

/** Numbers a resumed run may change: [flag, setting, min, max]. */
const RESUMABLE_NUMBERS = [
  ['steps', 'steps', 1, 1_000_000],
  ['measure-every', 'measureEvery', 0, 1_000_000],
  ['measure-photos', 'measurePhotos', 1, 100_000],
  ['checkpoint-every', 'checkpointEvery', 1, 1_000_000],
  ['preview-every', 'previewEvery', 1, 1_000_000],
  ['eval-limit', 'evalLimit', 0, 100_000],
] as const;

export interface ResumedRun {
  checkpoint: string;
  /** The checkpoint's configuration, its paths absolute. */
  stored: TrainConfig;
  /** The whole configuration of this run: the stored one with what the flags replace. */
  config: TrainConfig;
  /** --work, else the checkpoint's own folder, so the log and measures go on in one place (#31). */
  work: string;
}

export function resumedRun(values: Record<string, unknown>): ResumedRun {
  const given = Object.keys(values).filter((k) => !RESUMABLE.has(k));
  if (given.length)
    throw new UsageError(`--${given[0]}: a resumed run keeps its checkpoint's recipe; expected no --${given[0]} with --resume`);
  const checkpoint = path.resolve(values.resume as string);
  const stored = absoluteConfig(loadCheckpoint(checkpoint).config, checkpoint);
  const str = (name: string) => (values[name] === undefined ? undefined : path.resolve(values[name] as string));
  const numbers = RESUMABLE_NUMBERS.filter(([flag]) => values[flag] !== undefined).map(([flag, key, min, max]) => [
    key,
    numberArg(flag, values[flag], 0, min, max, true),
  ]);
  const config: TrainConfig = {
    ...stored,
    out: str('out') ?? stored.out,
    style: str('style') ?? stored.style,
    photos: str('photos') ?? stored.photos,
    evalPhotos: str('val-photos') ?? stored.evalPhotos,
    vgg: str('vgg') ?? stored.vgg,
    workers: numberArg('workers', values.workers, DEFAULT_TRAIN.workers, 1, 64, true),
    ...Object.fromEntries(numbers),
    // Asked of this invocation only: a run trained with --no-eval is measured when resumed without it.
    noEval: values['no-eval'] === true,
    ...styleInfoArgs(values),
  };
  return { checkpoint, stored, config, work: str('work') ?? path.dirname(checkpoint) };
}
