/**
 * Training, CI-sized: gradients are right, nothing leaks, a few steps lower
 * the loss, the export loads, and --resume continues exactly. Reads the shared
 * VGG weights and photos (../shared/data, or BRUSHWORK_DATA_DIR).
 */
import { existsSync, mkdirSync, readFileSync, symlinkSync } from 'node:fs';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { FAST_ARCH, JOHNSON_ARCH } from '../../src/model/architecture';
import { initWeights } from '../../src/model/init';
import { readModelDir } from '../../src/runtime/node/model-dir';
import { loadCheckpoint } from '../../src/training/checkpoint';
import { DEFAULT_TRAIN, sharedDataDir, type TrainConfig } from '../../src/training/config';
import { convFilterGrad, convInputGrad, trainableConv2d } from '../../src/training/fast-conv';
import { flatten } from '../../src/training/flat';
import { sampleGradients } from '../../src/training/gradients';
import { styleTargets } from '../../src/training/losses';
import { listPhotos } from '../../src/training/photos';
import { train, trainPaths } from '../../src/training/trainer';
import { loadVgg, VggWeightsError } from '../../src/training/vgg';
import { backendReady } from '../helpers/backend';
import { tempDir } from '../helpers/models';

const DATA = sharedDataDir();
const VGG = path.join(DATA, 'vgg19');

beforeAll(backendReady);

describe('custom convolution gradients', () => {
  it.each([
    [1, 3, 10],
    [2, 3, 11],
    [2, 3, 12],
    [1, 9, 14],
  ])('stride %i, kernel %i, input %i²: input gradient matches TF.js, filter gradient matches finite differences', (stride, k, size) => {
    const s = stride as 1 | 2;
    tf.tidy(() => {
      const x = tf.randomNormal([2, size, size, 3], 0, 1, 'float32', 1) as tf.Tensor4D;
      const w = tf.randomNormal([k, k, 3, 4], 0, 1, 'float32', 2) as tf.Tensor4D;
      const y = tf.conv2d(x, w, s, 'valid');
      const dy = tf.randomNormal(y.shape, 0, 1, 'float32', 3) as tf.Tensor4D;
      const reference = tf.conv2dTranspose(dy, w, x.shape, s, 'valid');
      expect(tf.max(tf.abs(tf.sub(convInputGrad(dy, w, s, x.shape), reference))).dataSync()[0]).toBeLessThan(1e-3);
      // HWIO element (1, 1, 2, 3): flat index ((1·k + 1)·3 + 2)·4 + 3.
      const at = ((1 * k + 1) * 3 + 2) * 4 + 3;
      const dw = convFilterGrad(x, dy, s, k).dataSync()[at] as number;
      const f = (kernel: tf.Tensor4D) => tf.sum(tf.mul(tf.conv2d(x, kernel, s, 'valid'), dy)).dataSync()[0] as number;
      const bumped = w.dataSync().slice();
      bumped[at] = (bumped[at] as number) + 1e-2;
      const numeric = (f(tf.tensor4d(bumped, w.shape)) - f(w)) / 1e-2;
      expect(Math.abs(dw - numeric)).toBeLessThan(0.05 * Math.max(1, Math.abs(numeric)));
    });
  });

  it('trainableConv2d computes the same forward value as tf.conv2d', () => {
    tf.tidy(() => {
      const x = tf.randomNormal([1, 9, 9, 3]) as tf.Tensor4D;
      const w = tf.randomNormal([3, 3, 3, 2]) as tf.Tensor4D;
      expect(tf.max(tf.abs(tf.sub(trainableConv2d(x, w, 2), tf.conv2d(x, w, 2, 'valid')))).dataSync()[0]).toBeLessThan(1e-5);
    });
  });
});

describe('the loss network', () => {
  it('refuses a missing VGG folder with one clear message', () => {
    expect(() => loadVgg('/no/such/vgg')).toThrow(VggWeightsError);
    expect(() => loadVgg('/no/such/vgg')).toThrow(/VGG-19 weights not found: expected \/no\/such\/vgg\/manifest\.json; pass --vgg/);
  });

  it('leaves no tensor behind across gradient steps', () => {
    const vgg = loadVgg(VGG);
    const targets = styleTargets(vgg, tf.randomUniform([1, 64, 64, 3], 0, 255, 'float32', 4) as tf.Tensor4D);
    // The palette term needs the painting's palette target (the CI-sized run below trains with it).
    const ctx = { arch: JOHNSON_ARCH, vgg, targets, weights: { ...DEFAULT_TRAIN.weights, palette: 0 } };
    const params = flatten(JOHNSON_ARCH, initWeights(JOHNSON_ARCH, 1));
    const sample = () => Uint8Array.from({ length: 32 * 32 * 3 }, (_, i) => (i * 37) % 256);
    sampleGradients(ctx, params, [sample()], 32);
    const before = tf.memory().numTensors;
    const { grads } = sampleGradients(ctx, params, [sample(), sample()], 32);
    expect(tf.memory().numTensors).toBe(before);
    expect(grads.some((g) => g !== 0)).toBe(true);
    expect(grads.every(Number.isFinite)).toBe(true);
  });
});

describe('brushwork train, CI-sized', () => {
  let photos: string;
  let val: string;
  const config = (work: string, steps: number): TrainConfig => ({
    ...DEFAULT_TRAIN,
    style: path.join(DATA, 'styles', 'starry-night.jpg'),
    styleId: 'starry-night',
    out: path.join(work, 'model'),
    photos,
    evalPhotos: val,
    vgg: VGG,
    size: 64,
    batch: 2,
    steps,
    workers: 1,
    styleSize: 128,
    checkpointEvery: 3,
    previewEvery: 100,
    evalLimit: 1,
  });

  beforeAll(() => {
    const root = tempDir('bw-train-');
    photos = path.join(root, 'photos');
    val = path.join(root, 'val');
    mkdirSync(photos);
    mkdirSync(val);
    for (const f of listPhotos(path.join(DATA, 'photos', 'train')).slice(0, 6)) symlinkSync(f, path.join(photos, path.basename(f)));
    for (const f of listPhotos(path.join(DATA, 'photos', 'val')).slice(0, 2)) symlinkSync(f, path.join(val, path.basename(f)));
  });

  it('trains and exports the fast "shuffle" architecture with the palette, grain and stability terms, exposure augmentation and milestone measures', async () => {
    const work = tempDir('bw-fast-');
    const paths = trainPaths(path.join(work, 'w'));
    const stderr: string[] = [];
    const spy = vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => {
      stderr.push(String(chunk));
      return true;
    });
    let result: Awaited<ReturnType<typeof train>>;
    try {
      result = await train(
        {
          ...config(work, 4),
          arch: FAST_ARCH,
          weights: { ...DEFAULT_TRAIN.weights, palette: 5, grain: 0.01, stability: 0.1, stabilityShift: 2 },
          augment: 1,
          measureEvery: 2,
          measurePhotos: 1,
        },
        paths,
      );
    } finally {
      spy.mockRestore();
    }
    const model = readModelDir(result.modelDir);
    expect(model.manifest.arch).toEqual(FAST_ARCH);
    expect(model.manifest.training).toMatchObject({ loss: { palette: 5, grain: 0.01, stability: 0.1, stability_shift: 2 }, augment: 1 });
    expect(model.manifest.metrics).toHaveProperty('palette_gain');
    expect(Object.keys(model.manifest.metrics ?? {})).toEqual(expect.arrayContaining(['grain', 'grain_ratio', 'flicker', 'flicker_shift']));
    const log = readFileSync(paths.log, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { palette: number; grain: number; stability: number });
    expect(log.every((l) => l.palette > 0 && l.grain > 0 && l.stability > 0)).toBe(true);
    const milestones = readFileSync(paths.measures, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, number>);
    expect(milestones.map((m) => m.step)).toEqual([2, 4]);
    expect(Object.keys(milestones[0] ?? {})).toEqual(
      expect.arrayContaining(['cpu_min', 'relu3_3', 'half', 'palette', 'content_err', 'holes_worst', 'grain_ratio', 'flicker']),
    );
    expect(milestones[1]?.cpu_min).toBeGreaterThanOrEqual(milestones[0]?.cpu_min as number);
    // The end-of-run evaluation measures a sample and says so (#22: 47 whole photos took minutes after 2 steps).
    expect(stderr.join('')).toContain('evaluating on 1 of 2 validation photos (--eval-limit 0 measures all)');
  }, 240_000);

  it('lowers the loss, exports a loadable model, and resumes exactly', async () => {
    const work = tempDir('bw-run-');
    const result = await train(config(work, 8), trainPaths(path.join(work, 'w')));
    const log = readFileSync(path.join(work, 'w', 'log.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { total: number });
    expect(log).toHaveLength(8);
    expect(((log[6]?.total as number) + (log[7]?.total as number)) / 2).toBeLessThan(log[0]?.total as number);
    const model = readModelDir(result.modelDir);
    expect(model.manifest.training).toMatchObject({ steps: 8, batch: 2, size: 64 });
    expect(model.manifest.metrics).toHaveProperty('style_gain');
    expect(model.manifest.metrics?.quant_psnr_db).toBeGreaterThan(35);

    // The same run interrupted after step 6 (as Ctrl-C would), then resumed: identical weights.
    const split = tempDir('bw-split-');
    const ckpt = path.join(split, 'w', 'checkpoint.json');
    await expect(
      train(config(split, 8), trainPaths(path.join(split, 'w')), undefined, { afterStep: (step) => step === 6 }),
    ).rejects.toThrow(/interrupted at step 6; resume with --resume/);
    expect(loadCheckpoint(ckpt).step).toBe(6);
    await train(config(split, 8), trainPaths(path.join(split, 'w')), ckpt);
    const a = loadCheckpoint(path.join(work, 'w', 'checkpoint.json')).params;
    const b = loadCheckpoint(ckpt).params;
    expect(Array.from(b)).toEqual(Array.from(a));
    expect(existsSync(path.join(split, 'model', 'model.json'))).toBe(true);

    // A finished run made longer: it continues from step 8 to the new total, and records the new measures.
    const longer = await train(config(split, 8), trainPaths(path.join(split, 'w')), { checkpoint: ckpt, steps: 10 });
    expect(longer.steps).toBe(10);
    expect(loadCheckpoint(ckpt).step).toBe(10);
    expect(readModelDir(longer.modelDir).manifest.training).toMatchObject({ steps: 10 });
    expect(Object.keys(readModelDir(longer.modelDir).manifest.metrics ?? {})).toEqual(
      expect.arrayContaining(['style_gain_by_layer', 'style_gain_half', 'holes', 'holes_worst']),
    );
    await expect(train(config(split, 8), trainPaths(path.join(split, 'w')), { checkpoint: ckpt, steps: 9 })).rejects.toThrow(
      /expected at least the checkpoint's 10 steps/,
    );
  }, 240_000);
});
