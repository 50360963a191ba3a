import * as tf from '@tensorflow/tfjs-core';
import type { DecodedModel } from '../model/format';
import { toLoadedModel } from '../runtime/model';
import { useNodeWasmBackend } from '../runtime/node/backend';
import { OUTPUT_FORMATS, outputFormatOf } from '../runtime/node/image-io';
import { readModelArg } from '../runtime/node/model-dir';
import { defaultValPhotosDir, defaultVggDir } from '../training/config';
import { writeContactSheet } from '../training/contact-sheet';
import { meanMotion, meanScores, roundedMotion, roundedScores, scorePhoto, scorePhotoMotion } from '../training/evaluate';
import { styleTargets } from '../training/losses';
import { paletteSignature } from '../training/palette';
import { listPhotos, readPainting, readRgb, VAL_PHOTOS } from '../training/photos';
import { loadVgg } from '../training/vgg';
import { numberArg, parse, stringArg } from './args';
import { UsageError } from './errors';
import { checkOutputFile } from './outputs';
import { SHIPPED_MODELS } from './paths';
import { COMMANDS, parseOptionsOf } from './specs';

type Progress = (done: number) => void;

function progressOf(values: Record<string, unknown>, total: number): Progress {
  // Progress on stderr (stdout stays one JSON line): a full run is minutes on a laptop.
  if (values.quiet) return () => undefined;
  return (i) => process.stderr.write(`\reval: ${i}/${total} photos${i === total ? '\n' : ''}`);
}

/** `--motion-only`: grain and flicker, which need neither the painting nor the loss network. */
async function motionOnly(decoded: DecodedModel, files: string[], progress: Progress): Promise<number> {
  await useNodeWasmBackend();
  const model = toLoadedModel(decoded);
  const started = performance.now();
  const scores = [];
  for (const [i, file] of files.entries()) {
    progress(i);
    scores.push(scorePhotoMotion(decoded.manifest.arch, model.weights, await readRgb(file)));
  }
  progress(files.length);
  model.dispose();
  const out = {
    model: decoded.manifest.style.id,
    ...roundedMotion(meanMotion(scores)),
    photos: scores.length,
    ms_per_photo: Math.round((performance.now() - started) / Math.max(1, scores.length)),
  };
  process.stdout.write(`${JSON.stringify(out)}\n`);
  return 0;
}

export async function evalCommand(argv: string[]): Promise<number> {
  const { values } = parse(argv, parseOptionsOf(COMMANDS.eval?.options ?? {}), false);
  const { decoded } = await readModelArg(stringArg('model', values.model), SHIPPED_MODELS);
  const files = listPhotos((values.photos as string | undefined) ?? defaultValPhotosDir(), { ...VAL_PHOTOS, flag: '--photos' });
  const limit = numberArg('limit', values.limit, 0, 0, 1_000_000, true);
  const chosen = limit ? files.slice(0, limit) : files;
  const progress = progressOf(values, chosen.length);
  if (values['motion-only']) return motionOnly(decoded, chosen, progress);
  const stylePath = stringArg('style', values.style);
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
  for (const [i, file] of chosen.entries()) {
    progress(i);
    const photo = await readRgb(file);
    const { score, output } = scorePhoto(decoded.manifest.arch, model.weights, vgg, targets, photo, painting);
    scores.push(score);
    if (sheet) rows.push({ input: photo, output: { width: photo.width, height: photo.height, data: output } });
  }
  progress(chosen.length);
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
