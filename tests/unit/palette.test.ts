/**
 * The palette measure and training term (#20): CIELAB conversion against
 * published values, the sliced Wasserstein distance's basic properties, the
 * gain's two ends, augmentation, and the training term's analytic gradient
 * against finite differences.
 */
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { PALETTE_AXES, paletteGain, paletteSignature, rgbBytesToLab, slicedWasserstein } from '../../src/training/palette';
import { paletteLoss, paletteLossOfPixels, paletteTarget } from '../../src/training/palette-loss';
import { augmentCrop } from '../../src/training/photos';
import { backendReady } from '../helpers/backend';

beforeAll(backendReady);

/** Deterministic pixels: a gradient of hues with some noise. */
function pixels(n: number, seed: number, tint: [number, number, number] = [0, 0, 0]): Uint8Array {
  let s = seed;
  const next = () => {
    s = (Math.imul(s, 1103515245) + 12345) >>> 0;
    return s / 4294967296;
  };
  return Uint8Array.from({ length: n * 3 }, (_, i) => Math.min(255, Math.floor(next() * 200) + (tint[i % 3] as number)));
}

describe('CIELAB of sRGB (D65)', () => {
  it('matches published values for white, black, red, green and blue', () => {
    const lab = rgbBytesToLab([255, 255, 255, 0, 0, 0, 255, 0, 0, 0, 255, 0, 0, 0, 255]);
    const near = (i: number, l: number, a: number, b: number) => {
      expect(lab[i * 3]).toBeCloseTo(l, 1);
      expect(lab[i * 3 + 1]).toBeCloseTo(a, 1);
      expect(lab[i * 3 + 2]).toBeCloseTo(b, 1);
    };
    near(0, 100, 0, 0);
    near(1, 0, 0, 0);
    near(2, 53.24, 80.09, 67.2);
    near(3, 87.73, -86.18, 83.18);
    near(4, 32.3, 79.19, -107.86);
  });

  it('uses 32 fixed unit directions', () => {
    expect(PALETTE_AXES).toHaveLength(32);
    for (const a of PALETTE_AXES) expect(Math.hypot(...a)).toBeCloseTo(1, 6);
  });
});

describe('palette gain', () => {
  const painting = pixels(4000, 1, [55, 0, 0]);
  const photo = pixels(3000, 2, [0, 0, 55]);
  const sig = paletteSignature(painting);

  it('is 0 for an unchanged photo and near 1 for the painting itself', () => {
    expect(paletteGain(photo, photo, sig)).toBe(0);
    expect(paletteGain(photo, painting, sig)).toBeGreaterThan(0.9);
  });

  it('grows as the output moves towards the painting, and is negative when it moves away', () => {
    const half = Uint8Array.from(photo, (v, i) => Math.round((v + (painting[i] as number)) / 2));
    const g = paletteGain(photo, half, sig);
    expect(g).toBeGreaterThan(0.2);
    expect(g).toBeLessThan(0.9);
    const away = Uint8Array.from(photo, (v, i) => (i % 3 === 2 ? 255 : v));
    expect(paletteGain(photo, away, sig)).toBeLessThan(0);
  });

  it('SW is symmetric, zero on itself, and ignores pixel order', () => {
    const a = paletteSignature(photo);
    expect(slicedWasserstein(a, a)).toBe(0);
    expect(slicedWasserstein(a, sig)).toBeCloseTo(slicedWasserstein(sig, a), 6);
    const reversed = new Uint8Array(photo.length);
    for (let i = 0; i < photo.length / 3; i++) reversed.set(photo.subarray(i * 3, i * 3 + 3), photo.length - 3 - i * 3);
    expect(slicedWasserstein(paletteSignature(reversed), a)).toBeCloseTo(0, 4);
  });

  it('refuses an empty picture in one sentence', () => {
    expect(() => paletteSignature([])).toThrow(/expected at least one pixel/);
  });
});

describe('palette training term', () => {
  const target = paletteTarget({ width: 50, height: 40, data: pixels(2000, 3, [40, 20, 0]) });

  it('its gradient matches finite differences', () => {
    const rgb = Float32Array.from(pixels(24 * 24, 4), (v) => v + 0.3);
    const { grad } = paletteLossOfPixels(rgb, target);
    for (const i of [7, 301, 1200]) {
      const e = 0.02;
      const up = rgb.slice();
      up[i] = (up[i] as number) + e;
      const down = rgb.slice();
      down[i] = (down[i] as number) - e;
      const numeric = (paletteLossOfPixels(up, target).loss - paletteLossOfPixels(down, target).loss) / (2 * e);
      expect(grad[i]).toBeCloseTo(numeric, 7);
      expect(Math.abs(numeric)).toBeGreaterThan(0);
    }
  });

  it('is lower for the painting than for a photo, and the op leaks no tensor', () => {
    const paint = Float32Array.from(pixels(2000, 3, [40, 20, 0]));
    const photo = Float32Array.from(pixels(2000, 5, [0, 0, 60]));
    expect(paletteLossOfPixels(paint, target).loss).toBeLessThan(paletteLossOfPixels(photo, target).loss / 4);
    const y = tf.tensor4d(photo, [1, 40, 50, 3]);
    const before = tf.memory().numTensors;
    const g = tf.tidy(() => tf.grad((t: tf.Tensor) => paletteLoss(t as tf.Tensor4D, target))(y));
    expect(g.shape).toEqual([1, 40, 50, 3]);
    expect(tf.memory().numTensors).toBe(before + 1);
    g.dispose();
    y.dispose();
  });
});

describe('exposure augmentation', () => {
  it('darkens with a low gain, flattens with a low contrast, and is the identity at 1, 1, 1', () => {
    const crop = Uint8Array.from([0, 64, 128, 192, 255, 30]);
    const same = crop.slice();
    augmentCrop(same, { gain: 1, contrast: 1, gamma: 1 });
    expect([...same]).toEqual([...crop]);
    const dark = crop.slice();
    augmentCrop(dark, { gain: 0.4, contrast: 1, gamma: 1 });
    expect(Math.max(...dark)).toBeLessThanOrEqual(102);
    const flat = crop.slice();
    augmentCrop(flat, { gain: 1, contrast: 0.4, gamma: 1 });
    expect(Math.max(...flat) - Math.min(...flat)).toBeLessThanOrEqual(103);
  });
});
