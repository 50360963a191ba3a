/** Node cases: TF.js WASM (SIMD, one thread), exactly the CLI's runtime path. */
import * as tf from '@tensorflow/tfjs-core';
import { type ArchSpec, describeArch, FAST_ARCH, JOHNSON_ARCH } from '../src/model/architecture';
import { initWeights } from '../src/model/init';
import { type LoadedModel, toLoadedModel } from '../src/runtime/model';
import { useNodeWasmBackend } from '../src/runtime/node/backend';
import { nodeKernel } from '../src/runtime/node/kernel';
import { readModelDir } from '../src/runtime/node/model-dir';
import { rgbaToTensor, rgbIntoRgba, stylizeImage } from '../src/runtime/stylize-image';
import type { RgbaImage } from '../src/shared/image';
import { makeScene } from '../src/shared/scene';
import { baselineStylize } from './baseline';
import { type BenchCase, type Size, timeRuns } from './measure';

const STYLE = { id: 'bench', title: 'Bench', artist: 'Brushwork', year: 2026, licence: 'CC0' };

/** The shipped starry-night model when it is of this architecture; speed does not depend on the weights' values. */
export function benchModel(arch: ArchSpec): LoadedModel {
  try {
    const shipped = readModelDir('public/models/starry-night');
    if (describeArch(shipped.manifest.arch) === describeArch(arch)) return toLoadedModel(shipped);
  } catch {
    // fall through to generated weights
  }
  return toLoadedModel({ manifest: { arch, style: STYLE } as LoadedModel['manifest'], weights: initWeights(arch, 1) });
}

async function baselineImage(model: LoadedModel, img: RgbaImage): Promise<RgbaImage> {
  const input = rgbaToTensor(img);
  const out = baselineStylize(model.manifest.arch, model.weights, input);
  input.dispose();
  try {
    return rgbIntoRgba(await out.data(), img);
  } finally {
    out.dispose();
  }
}

export async function nodeCases(sizes: Size[], runs: number): Promise<BenchCase[]> {
  await useNodeWasmBackend();
  const johnson = benchModel(JOHNSON_ARCH);
  const fast = benchModel(FAST_ARCH);
  const kernel = await nodeKernel();
  const cases: BenchCase[] = [];
  for (const [width, height] of sizes) {
    const scene = makeScene(width, height);
    const common = { width, height, backend: 'node-wasm', threads: 1 };
    const variants = [
      { name: 'baseline op-by-op', model: johnson, run: baselineImage },
      { name: 'seed network (johnson)', model: johnson, run: stylizeImage },
      { name: 'fast network', model: fast, run: stylizeImage },
      ...(kernel
        ? [{ name: 'fast network, SIMD kernel', model: fast, run: (m: LoadedModel, img: RgbaImage) => stylizeImage(m, img, kernel) }]
        : []),
    ];
    for (const v of variants) {
      const { median, min } = await timeRuns(runs, () => v.run(v.model, scene));
      cases.push({ case: v.name, ...common, arch: describeArch(v.model.manifest.arch), ms_median: median, ms_min: min });
    }
  }
  tf.disposeVariables();
  return cases;
}
