import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { FAST_ARCH, JOHNSON_ARCH } from '../../src/model/architecture';
import { depthToSpace, reflectPad, spaceToDepth, stylize } from '../../src/model/network';
import type { LoadedModel } from '../../src/runtime/model';
import { stylizeImage } from '../../src/runtime/stylize-image';
import { makeScene } from '../../src/shared/scene';
import { backendReady } from '../helpers/backend';
import { seededModel } from '../helpers/models';

let model: LoadedModel;

beforeAll(async () => {
  await backendReady();
  model = seededModel(5);
});

describe('the style network', () => {
  it.each([
    [1, 1],
    [2, 3],
    [5, 7],
    [13, 6],
    [3, 201],
    [64, 48],
  ])('returns exactly %i×%i for a %i×%i input', async (w, h) => {
    const out = await stylizeImage(model, makeScene(w, h));
    expect([out.width, out.height]).toEqual([w, h]);
    expect(out.data.length).toBe(w * h * 4);
  });

  it('keeps the input alpha and produces varied colour', async () => {
    const scene = makeScene(40, 30);
    scene.data[3] = 7;
    const out = await stylizeImage(model, scene);
    expect(out.data[3]).toBe(7);
    const reds = new Set<number>();
    for (let i = 0; i < out.data.length; i += 4) reds.add(out.data[i] as number);
    expect(reds.size).toBeGreaterThan(20);
  });

  it('leaves no tensor behind after stylizing', async () => {
    await stylizeImage(model, makeScene(17, 9)); // warm-up allocations
    const before = tf.memory().numTensors;
    for (let i = 0; i < 3; i++) await stylizeImage(model, makeScene(33 + i, 21));
    expect(tf.memory().numTensors).toBe(before);
  });

  it('is translation-consistent: no dark frame from zero padding', async () => {
    // A uniform input must give a uniform output; zero padding would darken the borders.
    const flat = { width: 24, height: 24, data: new Uint8ClampedArray(24 * 24 * 4).fill(180) };
    const out = await stylizeImage(model, flat);
    const px = (x: number, y: number) => out.data[(y * 24 + x) * 4] as number;
    expect(Math.abs(px(0, 0) - px(12, 12))).toBeLessThanOrEqual(1);
    expect(Math.abs(px(23, 5) - px(12, 12))).toBeLessThanOrEqual(1);
  });

  it('processes a batch like its images one by one', () => {
    const a = tf.tidy(() => {
      const x = tf.randomUniform([2, 12, 8, 3], 0, 255, 'float32', 3) as tf.Tensor4D;
      const both = stylize(JOHNSON_ARCH, model.weights, x);
      const first = stylize(JOHNSON_ARCH, model.weights, tf.slice(x, [0, 0, 0, 0], [1, 12, 8, 3]));
      return tf.max(tf.abs(tf.sub(tf.slice(both, [0, 0, 0, 0], [1, 12, 8, 3]), first))).dataSync()[0] as number;
    });
    expect(a).toBeLessThan(1e-3);
  });
});

describe('reflectPad', () => {
  it('mirrors without repeating the edge, like PyTorch’s ReflectionPad2d', () => {
    const row = tf.tensor4d([1, 2, 3], [1, 1, 3, 1]);
    expect([...reflectPad(row, 0, 0, 2, 2).dataSync()]).toEqual([3, 2, 1, 2, 3, 2, 1]);
  });

  it('grows inputs smaller than the pad in steps instead of failing', () => {
    const one = tf.tensor4d([5], [1, 1, 1, 1]);
    const padded = reflectPad(one, 4, 4, 4, 4);
    expect(padded.shape).toEqual([1, 9, 9, 1]);
    expect(new Set(padded.dataSync()).size).toBe(1);
  });
});

describe('the fast "shuffle" architecture', () => {
  let fast: LoadedModel;
  beforeAll(() => {
    fast = seededModel(5, FAST_ARCH);
  });

  it('space-to-depth matches TF’s depthToSpace order and round-trips exactly', () => {
    const [same, roundTrip] = tf.tidy(() => {
      const x = tf.randomUniform([1, 6, 8, 3], 0, 1, 'float32', 9) as tf.Tensor4D;
      const packed = spaceToDepth(x, 2);
      const native = tf.depthToSpace(packed, 2);
      return [tf.max(tf.abs(tf.sub(native, x))).dataSync()[0], tf.max(tf.abs(tf.sub(depthToSpace(packed, 2), x))).dataSync()[0]];
    });
    expect(same).toBe(0);
    expect(roundTrip).toBe(0);
  });

  it.each([
    [1, 1],
    [5, 7],
    [3, 201],
    [64, 48],
  ])('returns exactly %i×%i', async (w, h) => {
    const out = await stylizeImage(fast, makeScene(w, h));
    expect([out.width, out.height]).toEqual([w, h]);
  });

  it('leaves no tensor behind and produces varied colour', async () => {
    await stylizeImage(fast, makeScene(17, 9));
    const before = tf.memory().numTensors;
    const out = await stylizeImage(fast, makeScene(40, 30));
    expect(tf.memory().numTensors).toBe(before);
    const reds = new Set<number>();
    for (let i = 0; i < out.data.length; i += 4) reds.add(out.data[i] as number);
    expect(reds.size).toBeGreaterThan(20);
  });
});
