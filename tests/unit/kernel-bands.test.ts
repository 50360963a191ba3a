/**
 * One picture split in bands of rows across kernels (src/runtime/kernel/bands.ts),
 * as engine-pool.ts's runSplit splits a video frame across two engines: with the
 * network's receptive field as halo and every layer's instance-norm statistics
 * exchanged, the stitched bands are the whole picture's run byte for byte, so no
 * seam can show. Two (and three) kernel instances stand for the engines.
 */
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { FAST_ARCH } from '../../src/model/architecture';
import { initWeights } from '../../src/model/init';
import { BAND_ALIGN, bandHalo, planBands, runBandsLocally } from '../../src/runtime/kernel/bands';
import { packWeights, ShuffleKernel } from '../../src/runtime/kernel/shuffle-kernel';
import { NODE_KERNEL_PATH, NODE_RELAXED_KERNEL_PATH, nodeRelaxedSimd } from '../../src/runtime/node/kernel';
import { readModelDir } from '../../src/runtime/node/model-dir';
import type { RgbaImage } from '../../src/shared/image';
import { makeScene } from '../../src/shared/scene';

let kernels: ShuffleKernel[] = [];
/** The relaxed-SIMD (FMA) build: its bands must match its own whole picture just as well. */
let relaxed: ShuffleKernel[] = [];
let trained: Float32Array;
let random: Float32Array;

beforeAll(async () => {
  const bytes = readFileSync(NODE_KERNEL_PATH);
  kernels = await Promise.all([0, 1, 2, 3].map(() => ShuffleKernel.compile(bytes)));
  expect(nodeRelaxedSimd()).toBe(true);
  const relaxedBytes = readFileSync(NODE_RELAXED_KERNEL_PATH);
  relaxed = await Promise.all([0, 1, 2].map(() => ShuffleKernel.compile(relaxedBytes)));
  trained = packWeights(FAST_ARCH, readModelDir('public/models/starry-night').weights);
  random = packWeights(FAST_ARCH, initWeights(FAST_ARCH, 11));
});

function differing(a: RgbaImage, b: RgbaImage): number {
  let n = 0;
  for (let i = 0; i < a.data.length; i++) if (a.data[i] !== b.data[i]) n++;
  return n;
}

describe('a picture split in bands', () => {
  it('plans bands on the grid, covering every row once, with the receptive field as halo', () => {
    expect(bandHalo(FAST_ARCH)).toBe(32);
    const bands = planBands(360, 2, 32);
    expect(bands).toEqual([
      { height: 360, top: 0, bottom: 180, from: 0, to: 212 },
      { height: 360, top: 180, bottom: 360, from: 148, to: 360 },
    ]);
    for (const b of planBands(1001, 3, 32)) expect(b.top % BAND_ALIGN).toBe(0);
    // Too short to be worth computing the halo twice: one band.
    expect(planBands(40, 2, 32)).toEqual([{ height: 40, top: 0, bottom: 40, from: 0, to: 40 }]);
  });

  const cases: [number, number, number][] = [
    [640, 360, 2],
    [203, 150, 2],
    [97, 211, 3],
  ];
  for (const [w, h, count] of cases)
    it(`paints ${w}×${h} in ${count} bands exactly as the whole picture, trained and random weights`, async () => {
      const img = makeScene(w, h);
      for (const packed of [trained, random]) {
        const whole = await (kernels[0] as ShuffleKernel).run(FAST_ARCH, packed, img);
        const split = await runBandsLocally(kernels.slice(1, 1 + count), FAST_ARCH, packed, img);
        expect(split.height).toBe(h);
        expect(differing(split, whole)).toBe(0);
      }
    });

  it('paints 640×360 in 2 bands exactly as the whole picture in the relaxed-SIMD build too', async () => {
    const img = makeScene(640, 360);
    const whole = await (relaxed[0] as ShuffleKernel).run(FAST_ARCH, trained, img);
    expect(differing(await runBandsLocally(relaxed.slice(1), FAST_ARCH, trained, img), whole)).toBe(0);
  });

  it('shows a seam with a halo one step short of the receptive field (the halo is needed, and the test can fail)', async () => {
    const img = makeScene(203, 150);
    const whole = await (kernels[0] as ShuffleKernel).run(FAST_ARCH, trained, img);
    const short = await runBandsLocally(kernels.slice(1, 3), FAST_ARCH, trained, img, bandHalo(FAST_ARCH) - BAND_ALIGN);
    expect(differing(short, whole)).toBeGreaterThan(0);
  });
});

describe('one kernel asked again while its band waits for the other band', () => {
  it('paints the second picture after the band, and both come out right (the band’s buffers are not overwritten)', async () => {
    const [a, b, reference] = kernels as [ShuffleKernel, ShuffleKernel, ShuffleKernel];
    const frame = makeScene(320, 180);
    const other = makeScene(96, 64);
    const split = runBandsLocally([a, b], FAST_ARCH, trained, frame);
    const meanwhile = a.run(FAST_ARCH, random, other); // asked while a's band waits between layers
    expect(differing(await split, await reference.run(FAST_ARCH, trained, frame))).toBe(0);
    expect(differing(await meanwhile, await reference.run(FAST_ARCH, random, other))).toBe(0);
  });
});
