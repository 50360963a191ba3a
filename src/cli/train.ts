import { existsSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { type ArchSpec, describeArch, JOHNSON_ARCH, SHIPPED_ARCH } from '../model/architecture';
import { MANIFEST_FILE, WEIGHTS_FILE } from '../model/format';
import { resolveModelArg } from '../runtime/node/model-dir';
import { loadCheckpoint } from '../training/checkpoint';
import { DEFAULT_TRAIN, defaultPhotosDir, defaultValPhotosDir, defaultVggDir, type TrainConfig } from '../training/config';
import { type LossWeights, STYLE_TAPS } from '../training/losses';
import { type TrainPaths, train, trainPaths } from '../training/trainer';
import { archFromArgs } from './arch';
import { numberArg, parse, stringArg } from './args';
import { UsageError } from './errors';
import { ensureWritableDir } from './outputs';
import { SHIPPED_MODELS } from './paths';
import { COMMANDS, parseOptionsOf } from './specs';

const options = parseOptionsOf(COMMANDS.train?.options ?? {});

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
function styleInfoArgs(values: Record<string, unknown>): Pick<TrainConfig, 'title' | 'artist' | 'year'> {
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

const hasModel = (dir: string) => existsSync(path.join(dir, MANIFEST_FILE)) || existsSync(path.join(dir, WEIGHTS_FILE));

/** --out, checked before any step: a folder, writable, and not holding a model unless --force (or this run's own). */
function checkOut(out: string, force: boolean, ownOut?: string): void {
  if (existsSync(out) && hasModel(out) && !force && path.resolve(out) !== ownOut)
    throw new UsageError(`--out ${out} already holds a model; pass --force to replace it, or another --out`);
  if (existsSync(out) && !statSync(out).isDirectory())
    throw new UsageError(`--out: expected a folder for the model, found the file ${out}`);
}

/** A fresh run's --work: one that holds another run is refused, or cleared with --force, so two logs never mix. */
function checkFreshWork(paths: TrainPaths, force: boolean): void {
  const left = [paths.checkpoint, paths.log, paths.measures].filter((f) => existsSync(f));
  if (left.length && !force)
    throw new UsageError(
      `--work ${paths.work} holds another run (${path.basename(left[0] as string)}); pass --resume ${paths.checkpoint} to continue it, --force to start over, or another --work`,
    );
  for (const f of left) rmSync(f);
}

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

/** `--resume <checkpoint>` alone: everything else comes from the checkpoint; flags given replace where things are. */
async function resumeCommand(values: Record<string, unknown>): Promise<number> {
  const given = Object.keys(values).filter((k) => !RESUMABLE.has(k));
  if (given.length)
    throw new UsageError(`--${given[0]}: a resumed run keeps its checkpoint's recipe; expected no --${given[0]} with --resume`);
  const checkpoint = path.resolve(values.resume as string);
  const stored = absoluteConfig(loadCheckpoint(checkpoint).config, checkpoint);
  const d = DEFAULT_TRAIN;
  const str = (name: string) => (values[name] === undefined ? undefined : path.resolve(values[name] as string));
  const overrides: Partial<TrainConfig> = {
    ...stored,
    out: str('out') ?? stored.out,
    style: str('style') ?? stored.style,
    photos: str('photos') ?? stored.photos,
    evalPhotos: str('val-photos') ?? stored.evalPhotos,
    vgg: str('vgg') ?? stored.vgg,
    workers: numberArg('workers', values.workers, d.workers, 1, 64, true),
    ...(values.steps !== undefined ? { steps: numberArg('steps', values.steps, d.steps, 1, 1_000_000, true) } : {}),
    ...(values['measure-every'] !== undefined
      ? { measureEvery: numberArg('measure-every', values['measure-every'], d.measureEvery, 0, 1_000_000, true) }
      : {}),
    ...(values['measure-photos'] !== undefined
      ? { measurePhotos: numberArg('measure-photos', values['measure-photos'], d.measurePhotos, 1, 100_000, true) }
      : {}),
    ...(values['checkpoint-every'] !== undefined
      ? { checkpointEvery: numberArg('checkpoint-every', values['checkpoint-every'], d.checkpointEvery, 1, 1_000_000, true) }
      : {}),
    ...(values['preview-every'] !== undefined
      ? { previewEvery: numberArg('preview-every', values['preview-every'], d.previewEvery, 1, 1_000_000, true) }
      : {}),
    ...(values['eval-limit'] !== undefined
      ? { evalLimit: numberArg('eval-limit', values['eval-limit'], d.evalLimit, 0, 100_000, true) }
      : {}),
    ...(values['no-eval'] === true ? { noEval: true } : {}),
    ...styleInfoArgs(values),
  };
  const out = overrides.out as string;
  checkOut(out, values.force === true, stored.out);
  ensureWritableDir('--out', out);
  // The run's own folder: its log and measures go on in one place (#31).
  const paths = trainPaths(str('work') ?? path.dirname(checkpoint));
  if (values.previews) paths.previews = path.resolve(values.previews as string);
  ensureWritableDir('--work', paths.work);
  ensureWritableDir('--previews', paths.previews);
  const config = { ...stored, ...overrides } as TrainConfig;
  return report(await train(config, paths, { checkpoint, overrides }));
}

function report(result: Awaited<ReturnType<typeof train>>): number {
  process.stdout.write(
    `${JSON.stringify({ model: result.modelDir, bytes: result.bytes, steps: result.steps, ms_per_step: result.msPerStep, ...result.metrics })}\n`,
  );
  return 0;
}

export async function trainCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parse(argv, options, false);
  if (positionals.length) throw new UsageError(`unexpected argument ${positionals[0]}`);
  if (values.resume !== undefined) return resumeCommand(values);
  const config = trainConfigFromArgs(values);
  const force = values.force === true;
  checkOut(config.out, force);
  const paths = trainPaths(path.resolve((values.work as string | undefined) ?? path.join('.brushwork', 'train', config.styleId)));
  if (values.previews) paths.previews = path.resolve(values.previews as string);
  checkFreshWork(paths, force);
  ensureWritableDir('--out', config.out);
  ensureWritableDir('--work', paths.work);
  ensureWritableDir('--previews', paths.previews);
  return report(await train(config, paths));
}
