/**
 * The training loop: sample crops, average worker gradients, Adam, then log,
 * preview and checkpoint; at the end evaluate and export. Each of those lives
 * in its own file (step-log, preview, checkpoint, validation, export, interrupt).
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { paramCount } from '../model/architecture';
import { initWeights } from '../model/init';
import { useNodeWasmBackend } from '../runtime/node/backend';
import { readModelArg } from '../runtime/node/model-dir';
import { adamStep, clipGradientNorm, learningRate, newAdamState } from './adam';
import { type Checkpoint, loadCheckpoint, saveCheckpoint } from './checkpoint';
import { DEFAULT_TRAIN, type TrainConfig } from './config';
import type { EvalResult } from './evaluate';
import { exportModel, metricsForManifest } from './export';
import { flatten } from './flat';
import { Interrupt, TrainingInterrupted } from './interrupt';
import { appendMilestone } from './milestones';
import { listPhotos, PhotoSampler, readPainting, VAL_PHOTOS } from './photos';
import { GradientPool } from './pool';
import { writePreview } from './preview';
import { ProgressReporter } from './progress';
import { quantizationPsnr } from './quant-cost';
import { Rng } from './rng';
import { appendStepLog } from './step-log';
import { evaluateParams } from './validation';

export interface TrainPaths {
  work: string;
  checkpoint: string;
  log: string;
  measures: string;
  previews: string;
}

export function trainPaths(workDir: string): TrainPaths {
  return {
    work: workDir,
    checkpoint: path.join(workDir, 'checkpoint.json'),
    log: path.join(workDir, 'log.jsonl'),
    measures: path.join(workDir, 'measures.jsonl'),
    previews: path.join(workDir, 'previews'),
  };
}

/** --init: a model folder or a .brushwork file (the CLI turns a shipped style's name or a model.json into a folder). */
async function initialParams(config: TrainConfig): Promise<Float32Array> {
  if (!config.init) return flatten(config.arch, initWeights(config.arch, config.seed));
  const { manifest, weights } = (await readModelArg(config.init)).decoded;
  if (JSON.stringify(manifest.arch) !== JSON.stringify(config.arch))
    throw new Error(`--init ${config.init}: expected architecture ${JSON.stringify(config.arch)}, found ${JSON.stringify(manifest.arch)}`);
  return flatten(config.arch, weights);
}

async function freshState(config: TrainConfig): Promise<Checkpoint> {
  const params = await initialParams(config);
  return { config, step: 0, params, adam: newAdamState(params.length), rngState: config.seed * 2654435761, elapsedMs: 0, cpuMs: 0 };
}

export interface TrainResult {
  modelDir: string;
  bytes: number;
  /** Absent with --no-eval. */
  metrics?: EvalResult;
  steps: number;
  msPerStep: number;
}

export interface TrainHooks {
  /** Called after every step; returning true stops the run like Ctrl-C (a checkpoint is saved). */
  afterStep?: (step: number) => boolean | undefined;
}

/**
 * A resumed run keeps its checkpoint's configuration (so it continues exactly),
 * except where it goes, how many workers it uses, and, when `extend` is given,
 * a new total of steps: a run that is going well can be made longer (the
 * learning-rate schedule then follows the new total).
 */
export interface ResumeOptions {
  checkpoint: string;
  steps?: number;
  measureEvery?: number;
  measurePhotos?: number;
  /** Settings that replace the checkpoint's (the CLI's: where the data and outputs are, steps, workers…); the recipe stays. */
  overrides?: Partial<TrainConfig>;
}

export async function train(
  config: TrainConfig,
  paths: TrainPaths,
  resume?: string | ResumeOptions,
  hooks: TrainHooks = {},
): Promise<TrainResult> {
  await useNodeWasmBackend();
  const from = typeof resume === 'string' ? { checkpoint: resume } : resume;
  const state = from ? loadCheckpoint(from.checkpoint) : await freshState(config);
  const cfg: TrainConfig = from
    ? {
        ...DEFAULT_TRAIN,
        ...state.config,
        out: config.out,
        workers: config.workers,
        ...from.overrides,
        ...(from.steps ? { steps: from.steps } : {}),
        ...(from.measureEvery !== undefined ? { measureEvery: from.measureEvery } : {}),
        ...(from.measurePhotos !== undefined ? { measurePhotos: from.measurePhotos } : {}),
      }
    : config;
  if (cfg.steps < state.step) throw new Error(`--steps ${cfg.steps}: expected at least the checkpoint's ${state.step} steps`);
  if (state.params.length !== paramCount(cfg.arch))
    throw new Error(`checkpoint holds ${state.params.length} weights, expected ${paramCount(cfg.arch)}`);
  let tinyPhotos = 0;
  const sampler = new PhotoSampler(listPhotos(cfg.photos), cfg.size, cfg.augment ?? 0, (file, width, height) => {
    // Upscaled photos teach the network blur, not brushwork: say so once, at the first one met.
    if (tinyPhotos++ === 0)
      progress.note(
        `warning: training photo ${file} is ${width}×${height}, smaller than the ${cfg.size}-pixel crops; such photos are upscaled and teach blur (use photos at least ${cfg.size} px on the short side, or a smaller --size)`,
      );
  });
  const valPhotos = listPhotos(cfg.evalPhotos, VAL_PHOTOS);
  const style = await readPainting(cfg.style, cfg.styleSize);
  mkdirSync(paths.work, { recursive: true });
  const pool = await GradientPool.start(cfg.workers, { vggDir: cfg.vgg, arch: cfg.arch, weights: cfg.weights, style });
  const rng = new Rng(state.rngState);
  const progress = new ProgressReporter(cfg.steps, state.step);
  const interrupt = new Interrupt(() => progress.note('interrupt: saving a checkpoint after this step…'));
  const save = () => saveCheckpoint(paths.checkpoint, { ...state, config: cfg, rngState: rng.state });
  let stepTimes = 0;
  let timedSteps = 0;
  try {
    while (state.step < cfg.steps && !interrupt.requested) {
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
      state.cpuMs += ms * cfg.workers;
      stepTimes += ms;
      timedSteps++;
      appendStepLog(paths.log, state.step, lr, ms, losses);
      progress.update(state.step, losses, ms);
      if (hooks.afterStep?.(state.step)) interrupt.requested = true;
      if (state.step % cfg.checkpointEvery === 0) save();
      if (cfg.measureEvery && state.step % cfg.measureEvery === 0) {
        progress.note(`measuring step ${state.step} on ${Math.min(cfg.measurePhotos, valPhotos.length)} validation photos…`);
        await appendMilestone(paths.measures, cfg, state, valPhotos.slice(0, cfg.measurePhotos));
      }
      if (state.step % cfg.previewEvery === 0 || state.step === cfg.steps)
        await writePreview(
          cfg,
          state.params,
          valPhotos[0] as string,
          path.join(paths.previews, `step-${String(state.step).padStart(6, '0')}.png`),
        );
    }
  } finally {
    interrupt.dispose();
    await pool.stop();
    progress.done();
  }
  save();
  if (interrupt.requested) throw new TrainingInterrupted(`interrupted at step ${state.step}; resume with --resume ${paths.checkpoint}`);
  const msPerStep = timedSteps ? Math.round(stepTimes / timedSteps) : 0;
  if (cfg.noEval) {
    const bytes = exportModel(cfg, state.params, undefined, exportTraining(cfg, state));
    return { modelDir: cfg.out, bytes, steps: state.step, msPerStep };
  }
  const evalFiles = cfg.evalLimit ? valPhotos.slice(0, cfg.evalLimit) : valPhotos;
  if (evalFiles.length < valPhotos.length)
    progress.note(`evaluating on ${evalFiles.length} of ${valPhotos.length} validation photos (--eval-limit 0 measures all)`);
  const { bytes, metrics } = await evaluateAndExportInterruptibly(cfg, state, evalFiles, progress);
  progress.done();
  return { modelDir: cfg.out, bytes, metrics, steps: state.step, msPerStep };
}

/**
 * The final evaluation takes minutes on all photos; Ctrl-C then writes the model at once without
 * metrics (the steps are done and checkpointed) and stops after the photo being measured, so an
 * interrupt never leaves nothing behind (#31). A second Ctrl-C quits immediately.
 */
async function evaluateAndExportInterruptibly(cfg: TrainConfig, state: Checkpoint, evalFiles: string[], progress: ProgressReporter) {
  let stopping = false;
  const interrupt = new Interrupt(() => {
    if (stopping) process.exit(130);
    stopping = true;
    exportModel(cfg, state.params, undefined, exportTraining(cfg, state));
    progress.note(
      `interrupt: wrote ${cfg.out} without metrics (brushwork eval --model ${cfg.out} measures it); stopping after this photo…`,
    );
  });
  try {
    const done = await evaluateAndExport(cfg, state, evalFiles, (i, n) => {
      if (stopping) throw new TrainingInterrupted(`interrupted during the final evaluation; ${cfg.out} holds the model, without metrics`);
      progress.phase('evaluating', i, n);
    });
    // Ctrl-C after the last photo (while measuring quantization): the model is complete, but the user asked to stop.
    if (stopping) throw new TrainingInterrupted(`interrupted at the end of the evaluation; ${cfg.out} holds the model`);
    return done;
  } finally {
    interrupt.dispose();
  }
}

/** What model.json's "training" records beyond the recipe. */
function exportTraining(cfg: TrainConfig, state: Pick<Checkpoint, 'elapsedMs' | 'step'>): Record<string, unknown> {
  return { train_minutes: Math.round(state.elapsedMs / 6000) / 10, ...(state.step !== cfg.steps ? { exported_at_step: state.step } : {}) };
}

/** The end of a run (or of a checkpoint exported later): measure on the validation photos, then write the model with its metrics. */
export async function evaluateAndExport(
  cfg: TrainConfig,
  state: Pick<Checkpoint, 'params' | 'elapsedMs' | 'step'>,
  evalFiles: string[],
  onPhoto?: (done: number, total: number) => void,
): Promise<{ bytes: number; metrics: EvalResult }> {
  const metrics = await evaluateParams(cfg, state.params, evalFiles, onPhoto);
  const quant = await quantizationPsnr(cfg.arch, state.params, evalFiles);
  const bytes = exportModel(
    cfg,
    state.params,
    { ...metricsForManifest(metrics), quant_psnr_db: Math.round(quant.mean * 10) / 10 },
    exportTraining(cfg, state),
  );
  return { bytes, metrics };
}
