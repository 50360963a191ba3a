import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { type ArchSpec, JOHNSON_ARCH } from '../../src/model/architecture';
import { encodeModel, type FloatWeights, WEIGHTS_FILE } from '../../src/model/format';
import { gaussian, initWeights, mulberry32 } from '../../src/model/init';
import { type LoadedModel, toLoadedModel } from '../../src/runtime/model';
import { writeModelDir } from '../../src/runtime/node/model-dir';

/**
 * A seeded model with random instance-norm scales and offsets, so that its
 * output is a colourful function of the input rather than the flat grey of a
 * freshly initialized network: good for catching regressions in golden tests.
 */
export function seededWeights(seed: number, arch: ArchSpec = JOHNSON_ARCH): FloatWeights {
  const weights = initWeights(arch, seed);
  const normal = gaussian(mulberry32(seed + 1));
  for (const [name, values] of weights) {
    if (name.endsWith('/gamma')) for (let i = 0; i < values.length; i++) values[i] = 1 + 0.5 * normal();
    if (name.endsWith('/beta')) for (let i = 0; i < values.length; i++) values[i] = 0.5 * normal();
  }
  return weights;
}

export const TEST_STYLE = { id: 'test-style', title: 'Test Style', artist: 'Brushwork tests', year: 2026, licence: 'CC0' };

/** A float32 (unquantized) seeded model ready to run, as the runtime holds one. */
export function seededModel(seed: number, arch: ArchSpec = JOHNSON_ARCH): LoadedModel {
  return toLoadedModel({ manifest: { arch, style: TEST_STYLE } as LoadedModel['manifest'], weights: seededWeights(seed, arch) });
}

export function encodedSeededModel(seed: number, arch: ArchSpec = JOHNSON_ARCH) {
  return encodeModel(seededWeights(seed, arch), { arch, style: TEST_STYLE });
}

export function writeSeededModel(seed: number, dir?: string, arch: ArchSpec = JOHNSON_ARCH): string {
  const out = dir ?? path.join(mkdtempSync(path.join(tmpdir(), 'bw-model-')), 'test-style');
  const { manifestJson, bin } = encodedSeededModel(seed, arch);
  writeModelDir(out, manifestJson, bin, WEIGHTS_FILE);
  return out;
}

export function tempDir(prefix = 'bw-'): string {
  return mkdtempSync(path.join(tmpdir(), prefix));
}
