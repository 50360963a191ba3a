/**
 * Side-by-side figures of model folders (architectures, sizes, quality, speed),
 * for docs/performance.md and docs/seed-comparison.md:
 *
 *   npx tsx scripts/compare-models.ts --style ../shared/data/styles/starry-night.jpg [--limit 12] <model-dir>...
 *
 * Quality is `brushwork eval`'s measures on the first N validation photos;
 * speed is the median of 5 runs of the CLI's runtime path (Node WASM, one
 * thread) on a generated 640×480 scene.
 */
import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import * as tf from '@tensorflow/tfjs-core';
import { timeRuns } from '../bench/measure';
import { describeArch, macsPerPixel, paramCount } from '../src/model/architecture';
import { MANIFEST_FILE } from '../src/model/format';
import { toLoadedModel } from '../src/runtime/model';
import { useNodeWasmBackend } from '../src/runtime/node/backend';
import { readModelDir } from '../src/runtime/node/model-dir';
import { stylizeImage } from '../src/runtime/stylize-image';
import { makeScene } from '../src/shared/scene';
import { defaultValPhotosDir, defaultVggDir } from '../src/training/config';
import { meanScores, roundedScores, scorePhoto } from '../src/training/evaluate';
import { styleTargets } from '../src/training/losses';
import { paletteSignature } from '../src/training/palette';
import { listPhotos, readRgb } from '../src/training/photos';
import { loadVgg } from '../src/training/vgg';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    style: { type: 'string' },
    limit: { type: 'string', default: '12' },
    runs: { type: 'string', default: '5' },
    // Quality needs nothing quiet; speed does: run them apart when the machine is busy.
    'skip-speed': { type: 'boolean' },
    'skip-quality': { type: 'boolean' },
  },
});
if (!values.style || positionals.length === 0) throw new Error('usage: compare-models.ts --style <painting> [--limit N] <model-dir>...');
await useNodeWasmBackend();
const vgg = loadVgg(defaultVggDir());
const style = await readRgb(values.style, 512);
const targets = styleTargets(vgg, tf.tensor4d(Float32Array.from(style.data), [1, style.height, style.width, 3]));
const painting = paletteSignature(style.data);
const photos = await Promise.all(
  listPhotos(defaultValPhotosDir())
    .slice(0, Number(values.limit))
    .map((f) => readRgb(f)),
);
const scene = makeScene(640, 480);

const rows = [];
for (const dir of positionals) {
  const decoded = readModelDir(dir);
  const model = toLoadedModel(decoded);
  const arch = decoded.manifest.arch;
  const scores = values['skip-quality'] ? [] : photos.map((p) => scorePhoto(arch, model.weights, vgg, targets, p, painting).score);
  const speed = values['skip-speed']
    ? { median: Number.NaN, min: Number.NaN }
    : await timeRuns(Number(values.runs), () => stylizeImage(model, scene));
  const weightsFile = path.join(dir, decoded.manifest.weights.file);
  const bytes = statSync(path.join(dir, MANIFEST_FILE)).size + statSync(weightsFile).size;
  // A run exported mid-way (scripts/export-checkpoint.ts) records the step it stopped at.
  const training = (
    JSON.parse(readFileSync(path.join(dir, MANIFEST_FILE), 'utf8')) as { training?: { steps?: number; exported_at_step?: number } }
  ).training;
  const steps = training?.exported_at_step ?? training?.steps;
  const mean = scores.length ? roundedScores(meanScores(scores)) : undefined;
  rows.push({
    model: dir,
    arch: describeArch(arch),
    weights: paramCount(arch),
    bytes,
    macs_per_pixel: Math.round(macsPerPixel(arch)),
    steps,
    photos: photos.length,
    content_err: mean?.content_err ?? Number.NaN,
    style_gain: mean?.style_gain ?? Number.NaN,
    relu3_3: mean?.style_gain_by_layer.relu3_3 ?? Number.NaN,
    half: mean?.style_gain_half ?? Number.NaN,
    holes_worst: mean?.holes_worst ?? Number.NaN,
    ms_640x480_median: speed.median,
    ms_640x480_min: speed.min,
  });
  model.dispose();
}
for (const r of rows) console.log(JSON.stringify(r));
console.log(
  '\n| model | architecture | weights | bytes | MACs/px | steps | content_err | style_gain | relu3_3 | half | holes_worst | ms 640×480 (Node WASM, 1 thread) |',
);
console.log('| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
for (const r of rows)
  console.log(
    `| ${path.basename(r.model)} | ${r.arch} | ${r.weights.toLocaleString('en')} | ${r.bytes.toLocaleString('en')} | ${r.macs_per_pixel.toLocaleString('en')} | ${r.steps ?? '—'} | ${r.content_err} | ${r.style_gain} | ${r.relu3_3} | ${r.half} | ${r.holes_worst} | ${r.ms_640x480_median} |`,
  );
