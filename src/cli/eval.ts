import * as tf from '@tensorflow/tfjs-core';
import { toLoadedModel } from '../runtime/model';
import { useNodeWasmBackend } from '../runtime/node/backend';
import { readModelDir, resolveModelDir } from '../runtime/node/model-dir';
import { defaultValPhotosDir, defaultVggDir } from '../training/config';
import { writeContactSheet } from '../training/contact-sheet';
import { meanScores, roundedScores, scorePhoto } from '../training/evaluate';
import { styleTargets } from '../training/losses';
import { listPhotos, readRgb } from '../training/photos';
import { loadVgg } from '../training/vgg';
import { numberArg, parse, stringArg } from './args';
import { SHIPPED_MODELS } from './paths';

export async function evalCommand(argv: string[]): Promise<number> {
  const { values } = parse(
    argv,
    {
      model: { type: 'string' },
      style: { type: 'string' },
      photos: { type: 'string' },
      sheet: { type: 'string' },
      vgg: { type: 'string' },
      limit: { type: 'string' },
      'style-size': { type: 'string' },
    },
    false,
  );
  const decoded = readModelDir(resolveModelDir(stringArg('model', values.model), SHIPPED_MODELS));
  const stylePath = stringArg('style', values.style);
  const files = listPhotos((values.photos as string | undefined) ?? defaultValPhotosDir());
  const limit = numberArg('limit', values.limit, 0, 0, 1_000_000, true);
  const styleSize = numberArg('style-size', values['style-size'], 512, 32, 4096, true);
  await useNodeWasmBackend();
  const vgg = loadVgg((values.vgg as string | undefined) ?? defaultVggDir());
  const style = await readRgb(stylePath, styleSize);
  const targets = styleTargets(vgg, tf.tensor4d(Float32Array.from(style.data), [1, style.height, style.width, 3]));
  const model = toLoadedModel(decoded);
  const started = performance.now();
  const scores = [];
  const rows = [];
  for (const file of limit ? files.slice(0, limit) : files) {
    const photo = await readRgb(file);
    const { score, output } = scorePhoto(decoded.manifest.arch, model.weights, vgg, targets, photo);
    scores.push(score);
    if (values.sheet) rows.push({ input: photo, output: { width: photo.width, height: photo.height, data: output } });
  }
  model.dispose();
  vgg.dispose();
  if (values.sheet) await writeContactSheet(values.sheet as string, rows);
  const out = {
    model: decoded.manifest.style.id,
    ...roundedScores(meanScores(scores)),
    photos: scores.length,
    ms_per_photo: Math.round((performance.now() - started) / Math.max(1, scores.length)),
  };
  process.stdout.write(`${JSON.stringify(out)}\n`);
  return 0;
}
