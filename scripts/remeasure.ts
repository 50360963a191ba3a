/**
 * Re-measures a model folder on the validation photos and records the measures in its model.json
 * (weights.bin untouched, byte for byte): for models trained before a measure existed.
 * With --format2 a version-1 model is first re-encoded in format 2 (its dequantized weights
 * quantized again with symmetric kernel ranges: 204 bytes fewer), then measured as it now is.
 *   npx tsx scripts/remeasure.ts <model-dir> --style <painting> [--limit N] [--format2]
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { encodeModel, MANIFEST_FILE, WEIGHTS_FILE } from '../src/model/format';
import { useNodeWasmBackend } from '../src/runtime/node/backend';
import { readModelDir, writeModelDir } from '../src/runtime/node/model-dir';
import { defaultValPhotosDir, defaultVggDir } from '../src/training/config';
import { metricsForManifest } from '../src/training/export';
import { flatten } from '../src/training/flat';
import { listPhotos } from '../src/training/photos';
import { evaluateParams } from '../src/training/validation';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { style: { type: 'string' }, limit: { type: 'string' }, format2: { type: 'boolean' } },
});
const [dir] = positionals;
if (!dir || !values.style) throw new Error('usage: remeasure.ts <model-dir> --style <painting> [--limit N]');
await useNodeWasmBackend();
if (values.format2) {
  const old = readModelDir(dir);
  const { manifestJson, bin } = encodeModel(old.weights, {
    arch: old.manifest.arch,
    style: old.manifest.style,
    ...(old.manifest.training ? { training: old.manifest.training } : {}),
    ...(old.manifest.metrics ? { metrics: old.manifest.metrics } : {}),
  });
  writeModelDir(dir, manifestJson, bin, WEIGHTS_FILE);
}
const decoded = readModelDir(dir);
const arch = decoded.manifest.arch;
const files = listPhotos(defaultValPhotosDir());
const photos = Number(values.limit ?? 0) ? files.slice(0, Number(values.limit)) : files;
const measured = await evaluateParams(
  { vgg: defaultVggDir(), style: values.style, styleSize: 512, arch },
  flatten(arch, decoded.weights),
  photos,
);
const file = path.join(dir, MANIFEST_FILE);
const manifest = JSON.parse(readFileSync(file, 'utf8')) as { metrics?: Record<string, unknown> };
const { quant_psnr_db } = (manifest.metrics ?? {}) as { quant_psnr_db?: number };
// A re-encoded model's float original is gone, so its 8-bit PSNR against it can no longer be stated.
manifest.metrics = { ...metricsForManifest(measured), ...(quant_psnr_db && !values.format2 ? { quant_psnr_db } : {}) };
writeFileSync(file, JSON.stringify(manifest));
console.log(JSON.stringify({ model: dir, ...measured }));
