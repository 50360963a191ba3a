/**
 * The SIMD kernel against the reference (TF.js, src/model/network.ts): the
 * same pixels within one 8-bit level, on a trained model and on random
 * weights, at sizes that exercise every edge (not a multiple of 4, 4 pixels a
 * side, thin strips); and the committed WebAssembly is what its source compiles to.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { FAST_ARCH, JOHNSON_ARCH } from '../../src/model/architecture';
import type { DecodedModel } from '../../src/model/format';
import { initWeights } from '../../src/model/init';
import { KERNEL_FILE, RELAXED_KERNEL_FILE, relaxedSimdSupported, tryKernel } from '../../src/runtime/kernel/load';
import { KERNEL_KEEP_BYTES, kernelRefusal, ShuffleKernel } from '../../src/runtime/kernel/shuffle-kernel';
import { type LoadedModel, toLoadedModel } from '../../src/runtime/model';
import { useNodeWasmBackend } from '../../src/runtime/node/backend';
import { NODE_KERNEL_PATH, NODE_RELAXED_KERNEL_PATH, nodeKernelFile, nodeRelaxedSimd } from '../../src/runtime/node/kernel';
import { readModelDir } from '../../src/runtime/node/model-dir';
import { kernelRuns, stylizeImage } from '../../src/runtime/stylize-image';
import type { RgbaImage } from '../../src/shared/image';

const ROOT = path.resolve(import.meta.dirname, '../..');
/** A fast-network model the campaign trained (The Starry Night, 1,474 steps), committed with the campaign. */
const TRAINED = path.join(ROOT, 'campaign/init/sn-texture-1474');

/** A deterministic picture with edges, gradients, flat patches and varied alpha. */
function picture(width: number, height: number): RgbaImage {
  const data = new Uint8ClampedArray(width * height * 4);
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++) {
      const i = (y * width + x) * 4;
      const flat = x < width / 3 && y < height / 2;
      data[i] = flat ? 20 : (x * 255) / width;
      data[i + 1] = flat ? 22 : (((x * 7919 + y * 104729) >>> 3) & 255) ^ (y * 3);
      data[i + 2] = flat ? 25 : (y * 255) / height;
      data[i + 3] = 255 - ((x + y) % 7) * 30;
    }
  return { width, height, data };
}

function compare(a: RgbaImage, b: RgbaImage): { max: number; mean: number } {
  let max = 0;
  let sum = 0;
  for (let i = 0; i < a.data.length; i++) {
    const d = Math.abs((a.data[i] as number) - (b.data[i] as number));
    max = Math.max(max, d);
    sum += d;
  }
  return { max, mean: sum / a.data.length };
}

let kernel: ShuffleKernel;
/** The relaxed-SIMD build (f32x4.relaxed_madd: fused multiply-add on a CPU with FMA). */
let relaxed: ShuffleKernel;
let trained: DecodedModel;
let models: LoadedModel[] = [];

beforeAll(async () => {
  await useNodeWasmBackend();
  kernel = await ShuffleKernel.compile(readFileSync(NODE_KERNEL_PATH));
  expect(nodeRelaxedSimd()).toBe(true); // Node 22+ has relaxed SIMD; Node 20 behind the V8 flag nodeRelaxedSimd sets
  relaxed = await ShuffleKernel.compile(readFileSync(NODE_RELAXED_KERNEL_PATH));
  trained = readModelDir(TRAINED);
  models = [toLoadedModel(trained), toLoadedModel({ manifest: { ...trained.manifest }, weights: initWeights(FAST_ARCH, 7) })];
  return () => {
    for (const m of models) m.dispose();
  };
});

describe('SIMD kernel', () => {
  it('is the build of its source, plain and relaxed (npm run build:kernel)', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'kernel-'));
    const build = (features: string[], out: string) => {
      const args = ['src/runtime/kernel/assembly/shuffle-net.ts', '-O3', '--runtime', 'stub', '--noAssert', ...features, '--outFile', out];
      execFileSync(path.join(ROOT, 'node_modules/.bin/asc'), args, { cwd: ROOT });
      return readFileSync(out);
    };
    expect(Buffer.compare(build(['--enable', 'simd'], path.join(dir, 'k.wasm')), readFileSync(NODE_KERNEL_PATH))).toBe(0);
    const relaxed = build(['--enable', 'simd', '--enable', 'relaxed-simd'], path.join(dir, 'r.wasm'));
    expect(Buffer.compare(relaxed, readFileSync(NODE_RELAXED_KERNEL_PATH))).toBe(0);
  }, 180_000); // two compiler runs: 18–34 s together on a busy 2-core machine

  const sizes: [number, number][] = [
    [4, 4],
    [5, 7],
    [64, 64],
    [67, 45],
    [4, 37],
    [37, 4],
    [130, 9],
    [200, 150],
  ];
  for (const [w, h] of sizes)
    it(`paints ${w}×${h} as TF.js does, trained and random weights, alpha kept`, async () => {
      const img = picture(w, h);
      for (const model of models) {
        expect(kernelRuns(kernel, model, img)).toBe(true);
        const ref = await stylizeImage(model, img);
        const out = await kernel.run(model.manifest.arch, model.kernelWeights as Float32Array, img);
        const { max, mean } = compare(out, ref);
        // Float sums in another order and tanh by a Padé approximant (1e-4): a level here and there.
        expect(max).toBeLessThanOrEqual(1);
        expect(mean).toBeLessThan(0.05);
        for (let i = 3; i < img.data.length; i += 4) expect(out.data[i]).toBe(img.data[i]);
      }
    });

  for (const [w, h] of [
    [5, 7],
    [67, 45],
    [130, 9],
    [200, 150],
  ] as const)
    it(`paints ${w}×${h} in its relaxed-SIMD build as TF.js and the plain build do, within a level`, async () => {
      const img = picture(w, h);
      for (const model of models) {
        const packed = model.kernelWeights as Float32Array;
        const fused = await relaxed.run(model.manifest.arch, packed, img);
        // A fused multiply-add rounds once where mul then add rounds twice: the last bits of the
        // sums differ, and a value that lands within ~1e-6 of a half level rounds the other way.
        // Same bound as against TF.js, whose own sums run in yet another order.
        const plain = compare(fused, await kernel.run(model.manifest.arch, packed, img));
        expect(plain.max).toBeLessThanOrEqual(1);
        expect(plain.mean).toBeLessThan(0.01);
        const ref = compare(fused, await stylizeImage(model, img));
        expect(ref.max).toBeLessThanOrEqual(1);
        expect(ref.mean).toBeLessThan(0.05);
        for (let i = 3; i < img.data.length; i += 4) expect(fused.data[i]).toBe(img.data[i]);
      }
    });

  it('picks the relaxed build where the engine validates relaxed SIMD, and the plain one otherwise', async () => {
    expect(relaxedSimdSupported()).toBe(true);
    // The relaxed build holds relaxed_madd (0xfd 0x85 0x02); an engine without relaxed SIMD refuses it.
    expect(readFileSync(NODE_RELAXED_KERNEL_PATH).includes(Buffer.from([0xfd, 0x85, 0x02]))).toBe(true);
    expect(readFileSync(NODE_KERNEL_PATH).includes(Buffer.from([0xfd, 0x85, 0x02]))).toBe(false);
    const asked: string[] = [];
    const read = (file: string) => {
      asked.push(file);
      return nodeKernelFile(file);
    };
    expect((await tryKernel(read, true)).relaxed).toBe(true);
    expect((await tryKernel(read, false)).relaxed).toBe(false);
    expect(asked).toEqual([RELAXED_KERNEL_FILE, KERNEL_FILE]);
    // A relaxed build that does not start (say, a package without it) leaves the plain one.
    const fallback = await tryKernel(async (file) => (file === RELAXED_KERNEL_FILE ? new Uint8Array([0]) : nodeKernelFile(file)), true);
    expect(fallback).toMatchObject({ relaxed: false, why: null });
    expect(fallback.kernel).not.toBeNull();
  });

  it('paints something: the trained model moves pixels far from the photo (a kernel returning its input would fail)', async () => {
    const img = picture(64, 48);
    const out = await kernel.run(FAST_ARCH, models[0]?.kernelWeights as Float32Array, img);
    expect(compare(out, img).mean).toBeGreaterThan(10);
  });

  it('runs through stylizeImage when given, and leaves no tensor behind', async () => {
    const before = tf.memory().numTensors;
    const img = picture(48, 40);
    const viaKernel = await stylizeImage(models[0] as LoadedModel, img, kernel);
    expect(tf.memory().numTensors).toBe(before);
    expect(compare(viaKernel, await stylizeImage(models[0] as LoadedModel, img)).max).toBeLessThanOrEqual(1);
  });

  it('declines what it was not built for; stylizeImage then runs TF.js', () => {
    expect(kernelRefusal(FAST_ARCH)).toBeNull();
    expect(kernelRefusal(JOHNSON_ARCH)).toMatch(/shuffle network, not "johnson"/);
    expect(kernelRefusal({ ...FAST_ARCH, alpha: 0.5 })).toMatch(/at most 12 channels/);
    const johnson = toLoadedModel({ manifest: { ...trained.manifest, arch: JOHNSON_ARCH }, weights: initWeights(JOHNSON_ARCH, 1) });
    try {
      expect(johnson.kernelWeights).toBeNull();
      expect(kernelRuns(kernel, johnson, picture(8, 8))).toBe(false);
      expect(kernelRuns(kernel, models[0] as LoadedModel, picture(3, 8))).toBe(false);
    } finally {
      johnson.dispose();
    }
  });

  it('refuses a picture under 4 pixels a side with a sentence', async () => {
    await expect(kernel.run(FAST_ARCH, models[0]?.kernelWeights as Float32Array, picture(3, 9))).rejects.toThrow(
      'expected a picture of at least 4×4 pixels, found 3×9',
    );
  });

  it('gives back the memory of a huge picture, and runs again after', async () => {
    const big = picture(1600, 1200);
    await kernel.run(FAST_ARCH, models[0]?.kernelWeights as Float32Array, big);
    expect(kernel.memoryBytes).toBe(0);
    const img = picture(32, 32);
    const out = await kernel.run(FAST_ARCH, models[0]?.kernelWeights as Float32Array, img);
    expect(kernel.memoryBytes).toBeGreaterThan(0);
    expect(kernel.memoryBytes).toBeLessThanOrEqual(KERNEL_KEEP_BYTES);
    expect(compare(out, await stylizeImage(models[0] as LoadedModel, img)).max).toBeLessThanOrEqual(1);
  });
});
