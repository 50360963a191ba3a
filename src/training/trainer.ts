/** The training loop: sample crops, average worker gradients, Adam, log, preview, checkpoint, export. */
import { appendFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import sharp from 'sharp';
import { paramCount } from '../model/architecture';
import { encodeModel, type FloatWeights, type ModelMetrics, WEIGHTS_FILE } from '../model/format';
import { initWeights } from '../model/init';
import { stylize } from '../model/network';
import { disposeWeights, weightsToTensors } from '../runtime/model';
import { useNodeWasmBackend } from '../runtime/node/backend';
import { readModelDir, writeModelDir } from '../runtime/node/model-dir';
import { styleInfoFor } from '../shared/catalog';
import { adamStep, clipGradientNorm, learningRate, newAdamState } from './adam';
import { type Checkpoint, loadCheckpoint, saveCheckpoint } from './checkpoint';
import type { TrainConfig } from './config';
import { type EvalResult, meanScores, round4, roundedScores, scorePhoto } from './evaluate';
import { flatten, unflatten } from './flat';
import { styleTargets } from './losses';
import { listPhotos, PhotoSampler, readRgb } from './photos';
import { GradientPool } from './pool';
import { ProgressReporter } from './progress';
import { quantizationPsnr } from './quant-cost';
import { Rng } from './rng';
import { loadVgg } from './vgg';

export interface TrainPaths {
  work: string;
  checkpoint: string;
  log: string;
  previews: string;
}

export function trainPaths(workDir: string): TrainPaths {
  return {
    work: workDir,
    checkpoint: path.join(workDir, 'checkpoint.json'),
    log: path.join(workDir, 'log.jsonl'),
    previews: path.join(workDir, 'previews'),
  };
}

function initialParams(config: TrainConfig): Float32Array {
  if (!config.init) return flatten(config.arch, initWeights(config.arch, config.seed));
  const { manifest, weights } = readModelDir(config.init);
  if (JSON.stringify(manifest.arch) !== JSON.stringify(config.arch))
    throw new Error(`--init ${config.init}: expected architecture ${JSON.stringify(config.arch)}, found ${JSON.stringify(manifest.arch)}`);
  return flatten(config.arch, weights);
}

function freshState(config: TrainConfig): Checkpoint {
  const params = initialParams(config);
  return { config, step: 0, params, adam: newAdamState(params.length), rngState: config.seed * 2654435761, elapsedMs: 0 };
}

export interface TrainResult {
  modelDir: string;
  bytes: number;
  metrics: EvalResult;
  steps: number;
  msPerStep: number;
}

/** Evaluates flat weights on whole photos in this thread. */
export async function evaluateParams(config: TrainConfig, params: Float32Array, photoFiles: string[]): Promise<EvalResult> {
  const vgg = loadVgg(config.vgg);
  const style = await readRgb(config.style, config.styleSize);
  const targets = styleTargets(vgg, tf.tensor4d(Float32Array.from(style.data), [1, style.height, style.width, 3]));
  const net = weightsToTensors(config.arch, unflatten(config.arch, params));
  const started = performance.now();
  try {
    const scores = [];
    for (const file of photoFiles) scores.push(scorePhoto(config.arch, net, vgg, targets, await readRgb(file)).score);
    return {
      ...roundedScores(meanScores(scores)),
      photos: scores.length,
      ms_per_photo: Math.round((performance.now() - started) / Math.max(1, scores.length)),
    };
  } finally {
    disposeWeights(net);
    vgg.dispose();
    tf.dispose(Object.values(targets));
  }
}

async function writePreview(config: TrainConfig, params: Float32Array, photo: string, file: string): Promise<void> {
  const img = await readRgb(photo);
  const net = weightsToTensors(config.arch, unflatten(config.arch, params));
  try {
    const out = tf.tidy(() => {
      const y = stylize(config.arch, net, tf.tensor4d(Float32Array.from(img.data), [1, img.height, img.width, 3]));
      return Uint8Array.from(tf.clipByValue(tf.round(y), 0, 255).dataSync());
    });
    mkdirSync(path.dirname(file), { recursive: true });
    await sharp(Buffer.from(out), { raw: { width: img.width, height: img.height, channels: 3 } })
      .png()
      .toFile(file);
  } finally {
    disposeWeights(net);
  }
}

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

export interface TrainHooks {
  /** Called after every step; returning true stops the run like Ctrl-C (a checkpoint is saved). */
  afterStep?: (step: number) => boolean | undefined;
}

export async function train(config: TrainConfig, paths: TrainPaths, resume?: string, hooks: TrainHooks = {}): Promise<TrainResult> {
  await useNodeWasmBackend();
  const state = resume ? loadCheckpoint(resume) : freshState(config);
  const cfg = resume ? { ...state.config, out: config.out, workers: config.workers } : config;
  if (state.params.length !== paramCount(cfg.arch))
    throw new Error(`checkpoint holds ${state.params.length} weights, expected ${paramCount(cfg.arch)}`);
  const sampler = new PhotoSampler(listPhotos(cfg.photos), cfg.size);
  const valPhotos = listPhotos(cfg.evalPhotos);
  const style = await readRgb(cfg.style, cfg.styleSize);
  mkdirSync(paths.work, { recursive: true });
  const pool = await GradientPool.start(cfg.workers, { vggDir: cfg.vgg, arch: cfg.arch, weights: cfg.weights, style });
  const rng = new Rng(state.rngState);
  const progress = new ProgressReporter(cfg.steps, state.step);
  let interrupted = false;
  const onSigint = () => {
    interrupted = true;
    progress.note('interrupt: saving a checkpoint after this step…');
  };
  process.on('SIGINT', onSigint);
  process.on('SIGTERM', onSigint);
  const save = () => saveCheckpoint(paths.checkpoint, { ...state, config: cfg, rngState: rng.state });
  let stepTimes = 0;
  let timedSteps = 0;
  try {
    while (state.step < cfg.steps && !interrupted) {
      const t0 = performance.now();
      const samples = [];
      for (let i = 0; i < cfg.batch; i++) samples.push(await sampler.sample(rng));
      const { grads, losses } = await pool.gradients(state.params, samples, cfg.size);
      if (!Number.isFinite(losses.total))
        throw new Error(
          `loss became ${losses.total} at step ${state.step}: lower --lr or the loss weights; the last checkpoint is ${paths.checkpoint}`,
        );
      if (cfg.clip) clipGradientNorm(grads, cfg.clip);
      const lr = learningRate(cfg.lr, state.step, cfg.steps);
      adamStep(state.params, grads, state.adam, lr);
      state.step++;
      const ms = performance.now() - t0;
      state.elapsedMs += ms;
      stepTimes += ms;
      timedSteps++;
      appendFileSync(
        paths.log,
        `${JSON.stringify({ step: state.step, lr, ms: Math.round(ms), ...Object.fromEntries(Object.entries(losses).map(([k, v]) => [k, round4(v)])) })}\n`,
      );
      progress.update(state.step, losses, ms);
      if (hooks.afterStep?.(state.step)) interrupted = true;
      if (state.step % cfg.checkpointEvery === 0) save();
      if (state.step % cfg.previewEvery === 0 || state.step === cfg.steps)
        await writePreview(
          cfg,
          state.params,
          valPhotos[0] as string,
          path.join(paths.previews, `step-${String(state.step).padStart(6, '0')}.png`),
        );
    }
  } finally {
    process.off('SIGINT', onSigint);
    process.off('SIGTERM', onSigint);
    await pool.stop();
    progress.done();
  }
  save();
  if (interrupted) throw new Error(`interrupted at step ${state.step}; resume with --resume ${paths.checkpoint}`);
  const evalFiles = cfg.evalLimit ? valPhotos.slice(0, cfg.evalLimit) : valPhotos;
  const metrics = await evaluateParams(cfg, state.params, evalFiles);
  const quant = await quantizationPsnr(cfg.arch, state.params, evalFiles);
  const bytes = exportModel(
    cfg,
    state.params,
    {
      ...metricsForManifest(metrics),
      quant_psnr_db: Math.round(quant.mean * 10) / 10,
    },
    {
      train_minutes: Math.round(state.elapsedMs / 6000) / 10,
    },
  );
  return { modelDir: cfg.out, bytes, metrics, steps: state.step, msPerStep: timedSteps ? Math.round(stepTimes / timedSteps) : 0 };
}
