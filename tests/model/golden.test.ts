/**
 * Golden test: a fixed seeded model on a scene the test generates, compared
 * with a committed expected output. Regenerate (after an intended change to
 * the network) with: UPDATE_GOLDEN=1 npx vitest run tests/model/golden.test.ts
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import { decodeModel } from '../../src/model/format';
import { type LoadedModel, toLoadedModel } from '../../src/runtime/model';
import { writePng } from '../../src/runtime/node/image-io';
import { psnr } from '../../src/runtime/psnr';
import { stylizeImage } from '../../src/runtime/stylize-image';
import type { RgbaImage } from '../../src/shared/image';
import { makeScene } from '../../src/shared/scene';
import { backendReady } from '../helpers/backend';
import { encodedSeededModel, seededModel, seededWeights } from '../helpers/models';

const GOLDEN = path.join(__dirname, '..', 'golden', 'seed7-scene-96x64.png');
/** Float differences between SIMD builds and CPUs stay far below this; a wrong layer does not. */
const MAX_ABS = 3;
const MAX_MEAN = 0.35;

async function readGolden(): Promise<RgbaImage> {
  const { data, info } = await sharp(GOLDEN).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
  return { width: info.width, height: info.height, data: new Uint8ClampedArray(data) };
}

function diff(a: RgbaImage, b: RgbaImage): { max: number; mean: number } {
  let max = 0;
  let sum = 0;
  for (let i = 0; i < a.data.length; i++) {
    const d = Math.abs((a.data[i] as number) - (b.data[i] as number));
    max = Math.max(max, d);
    sum += d;
  }
  return { max, mean: sum / a.data.length };
}

let floatModel: LoadedModel;
let quantModel: LoadedModel;

beforeAll(async () => {
  await backendReady();
  floatModel = seededModel(7);
  const { manifestJson, bin } = encodedSeededModel(7);
  quantModel = toLoadedModel(decodeModel(JSON.parse(manifestJson), bin));
});

describe('golden output', () => {
  it('matches the committed output of seed 7 on the generated scene', async () => {
    const out = await stylizeImage(floatModel, makeScene(96, 64));
    if (process.env.UPDATE_GOLDEN || !existsSync(GOLDEN)) {
      if (!process.env.UPDATE_GOLDEN) throw new Error(`${GOLDEN} is missing: run with UPDATE_GOLDEN=1 to create it`);
      await writePng(GOLDEN, out);
    }
    const d = diff(out, await readGolden());
    expect(d.max).toBeLessThanOrEqual(MAX_ABS);
    expect(d.mean).toBeLessThanOrEqual(MAX_MEAN);
  });

  it('detects a change to one layer (the tolerance is not too loose)', async () => {
    const weights = seededWeights(7);
    // (A constant offset such as a residual beta would be cancelled by the next instance norm.)
    const kernel = weights.get('c1/kernel') as Float32Array;
    kernel[40] = (kernel[40] as number) + 0.3;
    const altered = toLoadedModel({ manifest: floatModel.manifest, weights });
    const d = diff(await stylizeImage(altered, makeScene(96, 64)), await readGolden());
    altered.dispose();
    expect(d.max > MAX_ABS || d.mean > MAX_MEAN).toBe(true);
  });

  it('8-bit weights cost little: PSNR against float32 ≥ 35 dB', async () => {
    const scene = makeScene(128, 96);
    const value = psnr(await stylizeImage(floatModel, scene), await stylizeImage(quantModel, scene));
    expect(value).toBeGreaterThanOrEqual(35);
  });
});
