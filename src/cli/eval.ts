import * as tf from '@tensorflow/tfjs-core';
import { toLoadedModel } from '../runtime/model';
import { useNodeWasmBackend } from '../runtime/node/backend';
import { OUTPUT_FORMATS, outputFormatOf } from '../runtime/node/image-io';
import { readModelArg } from '../runtime/node/model-dir';
import { defaultValPhotosDir, defaultVggDir } from '../training/config';
import { writeContactSheet } from '../training/contact-sheet';
import { meanScores, roundedScores, scorePhoto } from '../training/evaluate';
import { styleTargets } from '../training/losses';
import { paletteSignature } from '../training/palette';
import { listPhotos, readPainting, readRgb, VAL_PHOTOS } from '../training/photos';
import { loadVgg } from '../training/vgg';
import { numberArg, parse, stringArg } from './args';
import { UsageError } from './errors';
import { checkOutputFile } from './outputs';
import { SHIPPED_MODELS } from './paths';
import { COMMANDS, parseOptionsOf } from './specs';

export async function evalCommand(argv: string[]): Promise<number> {
  const { values } = parse(argv, parseOptionsOf(COMMANDS.eval?.options ?? {}), false);
  const { decoded } = await readModelArg(stringArg('model', values.model), SHIPPED_MODELS);
  const stylePath = stringArg('style', values.style);
  const files = listPhotos((values.photos as string | undefined) ?? defaultValPhotosDir(), { ...VAL_PHOTOS, flag: '--photos' });
  const limit = numberArg('limit', values.limit, 0, 0, 1_000_000, true);
  const styleSize = numberArg('style-size', values['style-size'], 512, 32, 4096, true);
  const sheet = values.sheet as string | undefined;
  if (sheet !== undefined) {
    // Checked now, not after minutes of measuring (#31).
    if (!outputFormatOf(sheet))
      throw new UsageError(`--sheet: expected a file name ending in ${Object.keys(OUTPUT_FORMATS).join(', ')}, found "${sheet}"`);
    checkOutputFile('--sheet', sheet, values.force === true);
  }
  const style = await readPainting(stylePath, styleSize);
  await useNodeWasmBackend();
  const vgg = loadVgg((values.vgg as string | undefined) ?? defaultVggDir());
  const targets = styleTargets(vgg, tf.tensor4d(Float32Array.from(style.data), [1, style.height, style.width, 3]));
  const painting = paletteSignature(style.data);
  const model = toLoadedModel(decoded);
  const started = performance.now();
  const scores = [];
  const rows = [];
  const chosen = limit ? files.slice(0, limit) : files;
  // Progress on stderr (stdout stays one JSON line): a full run is minutes on a laptop.
  const progress = values.quiet ? () => undefined : (i: number) => process.stderr.write(`\reval: ${i}/${chosen.length} photos`);
  for (const [i, file] of chosen.entries()) {
    progress(i);
    const photo = await readRgb(file);
    const { score, output } = scorePhoto(decoded.manifest.arch, model.weights, vgg, targets, photo, painting);
    scores.push(score);
    if (sheet) rows.push({ input: photo, output: { width: photo.width, height: photo.height, data: output } });
  }
  progress(chosen.length);
  if (!values.quiet) process.stderr.write('\n');
  model.dispose();
  vgg.dispose();
  const out = {
    model: decoded.manifest.style.id,
    ...roundedScores(meanScores(scores)),
    photos: scores.length,
    ms_per_photo: Math.round((performance.now() - started) / Math.max(1, scores.length)),
  };
  process.stdout.write(`${JSON.stringify(out)}\n`); // first: the minutes of measuring are never lost to a late write error
  if (sheet) await writeContactSheet(sheet, rows);
  return 0;
}
