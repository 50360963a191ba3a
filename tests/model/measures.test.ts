/**
 * The quality measures of `brushwork eval` (issue: paintings, not tints) and
 * the loss terms added with them: per-layer gains, the half-scale relu3_3
 * gain, black/white holes, the 2×2 pooling's hand-written gradient, the
 * coarse-luma term and gradient clipping.
 */
import path from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { JOHNSON_ARCH } from '../../src/model/architecture';
import { initWeights } from '../../src/model/init';
import { disposeWeights, weightsToTensors } from '../../src/runtime/model';
import { clipGradientNorm } from '../../src/training/adam';
import { sharedDataDir } from '../../src/training/config';
import { holeShare, meanScores, scorePhoto } from '../../src/training/evaluate';
import { flatten } from '../../src/training/flat';
import { sampleGradients } from '../../src/training/gradients';
import { coarseLumaError, HALF_TAP, halve, styleTargets } from '../../src/training/losses';
import { paletteSignature } from '../../src/training/palette';
import type { RgbImage } from '../../src/training/photos';
import { loadVgg } from '../../src/training/vgg';
import { backendReady } from '../helpers/backend';

const VGG = path.join(sharedDataDir(), 'vgg19');

beforeAll(backendReady);

function flat(width: number, height: number, value: number): RgbImage {
  return { width, height, data: new Uint8Array(width * height * 3).fill(value) };
}

describe('holes: black or white blobs the photo does not have', () => {
  it('counts an 8×8 cell that went black over a bright photo, and one that went white over a dark one', () => {
    const photo = flat(32, 16, 200); // 4×2 = 8 cells, luma 0.78
    const out = new Uint8Array(photo.data);
    for (let y = 0; y < 8; y++) for (let x = 0; x < 8; x++) out.fill(5, (y * 32 + x) * 3, (y * 32 + x) * 3 + 3); // cell (0,0) black
    expect(holeShare(photo, out)).toBeCloseTo(1 / 8);
    const dark = flat(16, 8, 60); // luma 0.24 < 0.75: a white cell is a hole
    const white = new Uint8Array(dark.data.length).fill(250);
    expect(holeShare(dark, white)).toBe(1);
  });

  it('does not count dark output over a dark photo, nor a partial edge cell', () => {
    expect(holeShare(flat(16, 8, 40), new Uint8Array(16 * 8 * 3).fill(0))).toBe(0); // photo luma 0.16 ≤ 0.25
    expect(holeShare(flat(7, 7, 200), new Uint8Array(7 * 7 * 3).fill(0))).toBe(0); // no whole cell
    const grey = flat(16, 16, 128);
    expect(holeShare(grey, grey.data)).toBe(0);
  });

  it('holes_worst is the worst photo, holes the mean', () => {
    const base = {
      content_err: 0,
      style_gain: 0,
      style_gain_by_layer: { relu1_2: 0, relu2_2: 0, relu3_3: 0 },
      style_gain_half: 0,
      palette_gain: 0,
      grain: 0,
      grain_photo: 0,
      flicker_shift: 0,
      flicker_noise: 0,
    };
    const m = meanScores([
      { ...base, holes: 0 },
      { ...base, holes: 0.04 },
    ]);
    expect(m.holes).toBeCloseTo(0.02);
    expect(m.holes_worst).toBeCloseTo(0.04);
  });
});

describe('2×2 average pooling with its own gradient', () => {
  it('pools like tf.avgPool, drops an odd edge, and spreads the gradient evenly', () => {
    tf.tidy(() => {
      const x = tf.randomUniform([1, 5, 6, 2], 0, 1, 'float32', 3) as tf.Tensor4D;
      const pooled = halve(x);
      expect(pooled.shape).toEqual([1, 2, 3, 2]);
      const reference = tf.avgPool(tf.slice(x, [0, 0, 0, 0], [1, 4, 6, 2]) as tf.Tensor4D, 2, 2, 'valid');
      expect(tf.max(tf.abs(tf.sub(pooled, reference))).dataSync()[0]).toBeLessThan(1e-6);
      const g = tf.grad((t: tf.Tensor) => tf.sum(tf.mul(halve(t as tf.Tensor4D), tf.range(1, 13).reshape([1, 2, 3, 2]))))(x);
      const d = g.arraySync() as number[][][][];
      expect(d[0]?.[0]?.[0]?.[0]).toBeCloseTo(0.25); // cell (0,0), channel 0: weight 1 / 4
      expect(d[0]?.[1]?.[1]?.[1]).toBeCloseTo(0.5); // same cell, channel 1: weight 2 / 4
      expect(d[0]?.[3]?.[5]?.[1]).toBeCloseTo(3); // cell (1,2), channel 1: weight 12 / 4
      expect(d[0]?.[4]?.[0]?.[0]).toBe(0); // the dropped odd row
    });
  });
});

describe('coarse luma', () => {
  it('is zero for identical pictures and for changes finer than a cell, positive for a blob', () => {
    tf.tidy(() => {
      const x = tf.fill([1, 16, 16, 3], 180) as tf.Tensor4D;
      expect(coarseLumaError(x, x).dataSync()[0]).toBe(0);
      const checker = tf.tensor4d(
        Array.from({ length: 16 * 16 * 3 }, (_, i) => (((i / 3) | 0) % 2 ? 255 : 105)),
        [1, 16, 16, 3],
      );
      expect(coarseLumaError(x, checker).dataSync()[0]).toBeLessThan(1e-8); // same 8×8 means
      const blob = tf.concat([tf.zeros([1, 8, 16, 3]), tf.fill([1, 8, 16, 3], 180)], 1) as tf.Tensor4D;
      expect(coarseLumaError(x, blob).dataSync()[0]).toBeCloseTo((180 / 255) ** 2 / 2, 4);
    });
  });
});

describe('gradient clipping', () => {
  it('scales to the cap and leaves small gradients alone', () => {
    const g = Float32Array.from([3, 4]);
    expect(clipGradientNorm(g, 1)).toBeCloseTo(5);
    expect([...g].map((v) => Math.round(v * 1000) / 1000)).toEqual([0.6, 0.8]);
    const small = Float32Array.from([0.1, 0.2]);
    clipGradientNorm(small, 1);
    expect([...small].map((v) => Math.round(v * 1000) / 1000)).toEqual([0.1, 0.2]);
  });
});

describe('scores on a photo, with the real loss network', () => {
  it('every measure is finite, per layer and at half scale, and no tensor leaks', () => {
    const vgg = loadVgg(VGG);
    const painting = tf.randomUniform([1, 64, 64, 3], 0, 255, 'float32', 9) as tf.Tensor4D;
    const targets = styleTargets(vgg, painting);
    painting.dispose();
    expect(targets[HALF_TAP].shape).toEqual([256, 256]);
    const net = weightsToTensors(JOHNSON_ARCH, initWeights(JOHNSON_ARCH, 1));
    const photo: RgbImage = { width: 40, height: 32, data: Uint8Array.from({ length: 40 * 32 * 3 }, (_, i) => (i * 53) % 256) };
    const palette = paletteSignature(Uint8Array.from({ length: 64 * 3 }, (_, i) => (i * 7) % 256));
    scorePhoto(JOHNSON_ARCH, net, vgg, targets, photo, palette);
    const before = tf.memory().numTensors;
    const { score, output } = scorePhoto(JOHNSON_ARCH, net, vgg, targets, photo, palette);
    expect(tf.memory().numTensors).toBe(before);
    expect(output.length).toBe(40 * 32 * 3);
    for (const v of [score.style_gain, score.style_gain_half, score.palette_gain, ...Object.values(score.style_gain_by_layer)])
      expect(Number.isFinite(v)).toBe(true);
    expect(score.holes).toBeGreaterThanOrEqual(0);
    disposeWeights(net);
    vgg.dispose();
    tf.dispose(Object.values(targets));
  });

  it('the half-scale and luma terms change the gradient, and leave no tensor behind', () => {
    const vgg = loadVgg(VGG);
    const targets = styleTargets(vgg, tf.randomUniform([1, 64, 64, 3], 0, 255, 'float32', 4) as tf.Tensor4D);
    const params = flatten(JOHNSON_ARCH, initWeights(JOHNSON_ARCH, 1));
    const sample = Uint8Array.from({ length: 32 * 32 * 3 }, (_, i) => (i * 37) % 256);
    const base = { content: 1, style: 1, tv: 0 };
    const plain = sampleGradients({ arch: JOHNSON_ARCH, vgg, targets, weights: base }, params, [sample], 32);
    const ctx = { arch: JOHNSON_ARCH, vgg, targets, weights: { ...base, layers: { relu1_2: 0.2 }, half: 2, luma: 10 } };
    sampleGradients(ctx, params, [sample], 32);
    const before = tf.memory().numTensors;
    const richer = sampleGradients(ctx, params, [sample], 32);
    expect(tf.memory().numTensors).toBe(before);
    expect(richer.sums.luma).toBeGreaterThan(0);
    expect(richer.sums.style).not.toBeCloseTo(plain.sums.style, 3);
    expect(richer.grads.every(Number.isFinite)).toBe(true);
    expect(richer.grads.some((g, i) => Math.abs(g - (plain.grads[i] as number)) > 1e-6)).toBe(true);
    vgg.dispose();
    tf.dispose(Object.values(targets));
  });
});
