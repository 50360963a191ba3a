/** The built extension with another network in starry-night's files, for benchmarks of speed (not of quality). */
import { cpSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { type ArchSpec, describeArch } from '../src/model/architecture';
import { encodeModel, WEIGHTS_FILE } from '../src/model/format';
import { initWeights } from '../src/model/init';
import { readModelDir, writeModelDir } from '../src/runtime/node/model-dir';
import { EXTENSION_DIR } from '../tests/e2e/fixtures/extension';

/** The built extension when its starry-night already is this architecture, else a copy whose starry-night files hold it (speed only). */
export function extensionWith(arch: ArchSpec): string {
  const shipped = readModelDir(path.join(EXTENSION_DIR, 'models', 'starry-night')).manifest.arch;
  if (describeArch(shipped) === describeArch(arch)) return EXTENSION_DIR;
  const dir = mkdtempSync(path.join(tmpdir(), 'bw-bench-ext-'));
  cpSync(EXTENSION_DIR, dir, { recursive: true });
  const modelDir = path.join(dir, 'models', 'starry-night');
  const { style } = readModelDir(modelDir).manifest;
  const { manifestJson, bin } = encodeModel(initWeights(arch, 1), { arch, style });
  writeModelDir(modelDir, manifestJson, bin, WEIGHTS_FILE);
  return dir;
}
