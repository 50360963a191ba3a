/**
 * #28's grain and flicker measures and the training terms made from them (grain.ts, stability.ts):
 * exact values on synthetic pictures, the stability term's gradient against finite differences,
 * and a tiny network that holds stiller when trained on it.
 */
import path from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { FAST_ARCH } from '../../src/model/architecture';
import { initWeights } from '../../src/model/init';
import { reflectPad, stylize } from '../../src/model/network';
import { disposeWeights, weightsToTensors } from '../../src/runtime/model';
import { adamStep, newAdamState } from '../../src/training/adam';
import { sharedDataDir } from '../../src/training/config';
import { meanMotion, scorePhotoMotion } from '../../src/training/evaluate';
import { trainableReflectPad } from '../../src/training/fast-conv';
import { flatten } from '../../src/training/flat';
import { type GradContext, sampleGradients } from '../../src/training/gradients';
import { grainEnergy, grainLevel, grainLoss } from '../../src/training/grain';
import { type LossWeights, styleTargets } from '../../src/training/losses';
import type { RgbImage } from '../../src/training/photos';
import {
  addFrameNoise,
  noiseDifference,
  photoFlicker,
  type Stylizer,
  sampleShift,
  shiftDifference,
  stabilityLoss,
} from '../../src/training/stability';
import { loadVgg } from '../../src/training/vgg';
import { backendReady } from '../helpers/backend';

beforeAll(backendReady);

/** A grey picture whose three channels all carry luma(x, y) (the luma weights sum to 1). */
function picture(width: number, height: number, luma: (x: number, y: number) => number): Float32Array {
  const data = new Float32Array(width * height * 3);
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) data.fill(luma(x, y), (y * width + x) * 3, (y * width + x) * 3 + 3);
  return data;
}

const sign = (k: number) => (k & 1 ? -1 : 1);

describe('grain: luma energy at the 2-pixel period, per 8×8 cell', () => {
  it('scores a ±d checkerboard and ±d stripes d, a flat picture 0', () => {
    expect(
      grainLevel(
        picture(32, 16, (x, y) => 128 + 10 * sign(x + y)),
        32,
        16,
      ),
    ).toBeCloseTo(10, 4);
    expect(
      grainLevel(
        picture(32, 16, (x) => 128 + 6 * sign(x)),
        32,
        16,
      ),
    ).toBeCloseTo(6, 4);
    expect(
      grainLevel(
        picture(32, 16, (_, y) => 128 + 3 * sign(y)),
        32,
        16,
      ),
    ).toBeCloseTo(3, 4);
    expect(
      grainLevel(
        picture(32, 16, () => 77),
        32,
        16,
      ),
    ).toBe(0);
  });

  it('adds the three frequencies as energies: stripes 3 and 4 together score 5', () => {
    expect(
      grainEnergy(
        picture(16, 16, (x, y) => 100 + 3 * sign(x) + 4 * sign(y)),
        16,
        16,
      ),
    ).toBeCloseTo(25, 3);
  });

  it('leaks k/2 of a ramp of slope k: ~0 for smooth content', () => {
    expect(
      grainLevel(
        picture(64, 16, (x) => 20 + 0.5 * x),
        64,
        16,
      ),
    ).toBeCloseTo(0.25, 5);
    expect(
      grainLevel(
        picture(16, 64, (_, y) => 20 + 0.125 * y),
        16,
        64,
      ),
    ).toBeCloseTo(0.0625, 5);
  });

  it('counts whole cells only, from the top-left pixel', () => {
    // One whole cell of checkerboard; the partial column and row beyond it are stripes that must not count.
    const data = picture(11, 9, (x, y) => (x < 8 && y < 8 ? 128 + 4 * sign(x + y) : 128 + 50 * sign(x)));
    expect(grainLevel(data, 11, 9)).toBeCloseTo(4, 4);
    expect(
      grainLevel(
        picture(7, 7, (x) => 128 + 50 * sign(x)),
        7,
        7,
      ),
    ).toBe(0);
  });

  it('the loss term equals the measure’s energy, averaged over the batch, with a gradient that lowers it', () => {
    tf.tidy(() => {
      const a = Float32Array.from({ length: 24 * 16 * 3 }, (_, i) => (i * 53) % 256);
      const b = picture(24, 16, (x, y) => 128 + 10 * sign(x + y));
      const y = tf.tensor4d([...a, ...b], [2, 16, 24, 3]);
      const expected = (grainEnergy(a, 24, 16) + grainEnergy(b, 24, 16)) / 2;
      expect(grainLoss(y).dataSync()[0]).toBeCloseTo(expected, 2);
      const step = tf.grad((t: tf.Tensor) => grainLoss(t as tf.Tensor4D))(y);
      const lower = tf.sub(y, tf.mul(step, 100)) as tf.Tensor4D;
      expect(grainLoss(lower).dataSync()[0] as number).toBeLessThan(expected * 0.9);
    });
  });
});

describe('flicker: stylize-then-move against move-then-stylize, and noise', () => {
  const photo = () =>
    tf.tensor4d(
      picture(48, 40, (x, y) => (x * 7 + y * 13) % 256),
      [1, 40, 48, 3],
    );

  it('is 0 for a shift-equivariant stylizer and for a constant one', () => {
    tf.tidy(() => {
      const x = photo();
      const identity: Stylizer = (t) => tf.add(t, 0) as tf.Tensor4D;
      const constant: Stylizer = (t) => tf.fill(t.shape, 90) as tf.Tensor4D;
      for (const [dx, dy] of [
        [1, 0],
        [0, 2],
        [3, 3],
      ] as const) {
        expect(shiftDifference(identity, x, identity(x), dx, dy, 3).dataSync()[0]).toBe(0);
        expect(shiftDifference(constant, x, constant(x), dx, dy, 3).dataSync()[0]).toBe(0);
      }
      expect(noiseDifference(constant, addFrameNoise(x, 4, 1), constant(x)).dataSync()[0]).toBe(0);
    });
  });

  it('sees a pattern tied to the frame: ±10 stripes flicker 20 levels on an odd move, 0 on an even one', () => {
    tf.tidy(() => {
      const x = photo();
      const stripes = tf.tensor4d(
        picture(48, 40, (c) => 10 * sign(c)),
        [1, 40, 48, 3],
      );
      const framed: Stylizer = (t) => tf.add(t, tf.slice(stripes, [0, 0, 0, 0], t.shape)) as tf.Tensor4D;
      const y = framed(x);
      expect(shiftDifference(framed, x, y, 1, 0, 3).dataSync()[0]).toBeCloseTo(20, 4);
      expect(shiftDifference(framed, x, y, 2, 1, 3).dataSync()[0]).toBeCloseTo(0, 4);
    });
  });

  it('measures the noise an identity passes on: E|round(n)| ≈ 0.8σ', () => {
    tf.tidy(() => {
      const grey = tf.fill([1, 64, 64, 3], 128) as tf.Tensor4D;
      const identity: Stylizer = (t) => t;
      const d = noiseDifference(identity, addFrameNoise(grey, 4, 5), grey).dataSync()[0] as number;
      expect(d).toBeGreaterThan(3.0);
      expect(d).toBeLessThan(3.4);
    });
  });

  it('draws every training move within 1..shift, never (0, 0), the same for the same seed', () => {
    for (let seed = 0; seed < 200; seed++) {
      const [dx, dy] = sampleShift(seed * 2654435761, 3);
      expect(dx + dy).toBeGreaterThan(0);
      expect(Math.max(dx, dy)).toBeLessThanOrEqual(3);
      expect(sampleShift(seed * 2654435761, 3)).toEqual([dx, dy]);
    }
  });

  it("eval's photo flicker of a real network is positive, finite, and leaks no tensor", () => {
    const net = weightsToTensors(FAST_ARCH, initWeights(FAST_ARCH, 3));
    const img: RgbImage = { width: 48, height: 40, data: Uint8Array.from(picture(48, 40, (x, y) => (x * 7 + y * 13) % 256)) };
    scorePhotoMotion(FAST_ARCH, net, img);
    const before = tf.memory().numTensors;
    const score = scorePhotoMotion(FAST_ARCH, net, img);
    expect(tf.memory().numTensors).toBe(before);
    expect(score.flicker_shift).toBeGreaterThan(0);
    expect(score.flicker_noise).toBeGreaterThan(0);
    expect(score.grain_photo).toBeGreaterThan(0);
    const m = meanMotion([score, { ...score, grain: score.grain * 3, flicker_noise: 0 }]);
    expect(m.grain_ratio).toBeCloseTo((score.grain * 2) / score.grain_photo, 6);
    expect(m.flicker).toBeCloseTo((score.flicker_shift + score.flicker_noise / 2) / 2, 6);
    tf.tidy(() => {
      const x = tf.tensor4d(Float32Array.from(img.data), [1, 40, 48, 3]);
      const f: Stylizer = (t) => stylize(FAST_ARCH, net, t);
      expect(photoFlicker(f, x, tf.clipByValue(tf.round(f(x)), 0, 255) as tf.Tensor4D).flicker_shift).toBeCloseTo(score.flicker_shift, 4);
    });
    disposeWeights(net);
  });
});

describe('reflection padding in training', () => {
  it('has the exact gradient: the adjoint of the padding, border strips folded back', () => {
    // [h, w, top, bottom, left, right]: wide enough for one concat, and so narrow that the strips overlap.
    for (const [h, w, top, bottom, left, right] of [
      [5, 6, 1, 2, 2, 1],
      [2, 3, 1, 1, 1, 2],
    ] as const) {
      tf.tidy(() => {
        const x = tf.randomNormal([1, h, w, 2], 0, 1, 'float32', 1) as tf.Tensor4D;
        const dy = tf.randomNormal([1, h + top + bottom, w + left + right, 2], 0, 1, 'float32', 2) as tf.Tensor4D;
        const pad = (t: tf.Tensor4D) => trainableReflectPad(t, top, bottom, left, right);
        const grad = tf.grad((t: tf.Tensor) => tf.sum(tf.mul(pad(t as tf.Tensor4D), dy)))(x);
        // ⟨pad(x), dy⟩ = ⟨x, padᵀ(dy)⟩ for every x: probe with the unit vectors.
        const probe = (i: number) => {
          const e = tf.oneHot(i, h * w * 2).reshape([1, h, w, 2]) as tf.Tensor4D;
          return tf.sum(tf.mul(reflectPad(e, top, bottom, left, right), dy)).dataSync()[0] as number;
        };
        const g = grad.dataSync();
        for (let i = 0; i < h * w * 2; i++) expect(g[i]).toBeCloseTo(probe(i), 4);
        expect(pad(x).shape).toEqual([1, h + top + bottom, w + left + right, 2]);
      });
    }
  });
});

describe('the stability and grain training terms', () => {
  const VGG = path.join(sharedDataDir(), 'vgg19');
  const SIZE = 32;
  const sample = Uint8Array.from(picture(SIZE, SIZE, (x, y) => 40 + ((x * 11 + y * 5 + x * y) % 180)));

  function context(weights: LossWeights): GradContext {
    const vgg = loadVgg(VGG);
    const targets = styleTargets(vgg, tf.randomUniform([1, 32, 32, 3], 0, 255, 'float32', 4) as tf.Tensor4D);
    return { arch: FAST_ARCH, vgg, targets, weights };
  }
  const release = (ctx: GradContext) => {
    ctx.vgg.dispose();
    tf.dispose(Object.values(ctx.targets));
  };

  it('stabilityLoss is the mean of its two parts, and 0 for the identity without noise', () => {
    tf.tidy(() => {
      const x = tf.tensor4d(Float32Array.from(sample), [1, SIZE, SIZE, 3]);
      const parts = stabilityLoss((t) => t, x, x, { shift: 3, noise: 0 }, 12345);
      expect(parts.total.dataSync()[0]).toBe(0);
      const noisy = stabilityLoss((t) => t, x, x, { shift: 3, noise: 4 }, 12345);
      expect(noisy.total.dataSync()[0]).toBeCloseTo((noisy.noise.dataSync()[0] as number) / 2, 5);
    });
  });

  it('has the gradient finite differences give, on the shipped network', () => {
    const ctx = context({ content: 0, style: 0, tv: 0, stability: 1 });
    const params = flatten(FAST_ARCH, initWeights(FAST_ARCH, 7));
    const { grads, sums } = sampleGradients(ctx, params, [sample], SIZE);
    expect(sums.stability).toBeGreaterThan(0);
    expect(sums.total).toBeCloseTo(sums.stability, 5);
    // The weights with the largest gradients: where a finite difference stands out of float32 rounding.
    const order = Array.from(grads.keys()).sort((a, b) => Math.abs(grads[b] as number) - Math.abs(grads[a] as number));
    const eps = 1e-3;
    for (const i of order.slice(0, 3)) {
      const at = (delta: number) => {
        const p = Float32Array.from(params);
        p[i] = (p[i] as number) + delta;
        return sampleGradients(ctx, p, [sample], SIZE).sums.total;
      };
      const numeric = (at(eps) - at(-eps)) / (2 * eps);
      expect(Math.abs(numeric - (grads[i] as number))).toBeLessThan(0.05 * Math.abs(grads[i] as number) + 1e-3);
    }
    release(ctx);
  });

  it('a network trained on the term holds stiller, and the grain term lowers grain, with no tensor left behind', () => {
    const ctx = context({ content: 0, style: 0, tv: 0, stability: 1, grain: 0.01 });
    const params = flatten(FAST_ARCH, initWeights(FAST_ARCH, 11));
    const adam = newAdamState(params.length);
    const first = sampleGradients(ctx, params, [sample], SIZE);
    const before = tf.memory().numTensors;
    let last = first;
    for (let step = 0; step < 12; step++) {
      adamStep(params, last.grads, adam, 0.01);
      last = sampleGradients(ctx, params, [sample], SIZE);
    }
    expect(tf.memory().numTensors).toBe(before);
    expect(last.sums.stability).toBeLessThan(first.sums.stability * 0.8);
    expect(last.sums.grain).toBeLessThan(first.sums.grain);
    expect(last.grads.every(Number.isFinite)).toBe(true);
    release(ctx);
  });
});
