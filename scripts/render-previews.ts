/**
 * Renders every shipped model on the project's procedural landscape into
 * public/previews/<id>.webp (the popup's style picker) and docs/img/ (the
 * README), then checks that the packaged models agree with the one style list
 * (src/shared/catalog.ts).
 * Never a copy of a painting: each preview is that style's own model output.
 *
 *   npm run previews
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { toLoadedModel } from '../src/runtime/model';
import { useNodeWasmBackend } from '../src/runtime/node/backend';
import { readModelDir } from '../src/runtime/node/model-dir';
import { stylizeImage } from '../src/runtime/stylize-image';
import { SHIPPED_STYLES } from '../src/shared/catalog';
import { makeScene } from '../src/shared/scene';
import { styleListProblems } from './lib/check-styles';

const ROOT = path.resolve(import.meta.dirname, '..');
const MODELS = path.join(ROOT, 'public', 'models');
const PREVIEWS = path.join(ROOT, 'public', 'previews');
const DOC_IMAGES = path.join(ROOT, 'docs', 'img');

const toWebp = (img: { width: number; height: number; data: Uint8ClampedArray }, quality: number) =>
  sharp(Buffer.from(img.data.buffer, img.data.byteOffset, img.data.byteLength), {
    raw: { width: img.width, height: img.height, channels: 4 },
  }).webp({ quality });

await useNodeWasmBackend();
mkdirSync(PREVIEWS, { recursive: true });
mkdirSync(DOC_IMAGES, { recursive: true });
const ids = SHIPPED_STYLES.map((s) => s.id);
const small = makeScene(192, 144);
const large = makeScene(480, 320);
await toWebp(large, 90).toFile(path.join(DOC_IMAGES, 'scene.webp'));
for (const id of ids) {
  const model = toLoadedModel(readModelDir(path.join(MODELS, id)));
  await toWebp(await stylizeImage(model, small), 82).toFile(path.join(PREVIEWS, `${id}.webp`));
  await toWebp(await stylizeImage(model, large), 88).toFile(path.join(DOC_IMAGES, `${id}.webp`));
  model.dispose();
  console.log(`rendered ${id}`);
}
const problems = styleListProblems(path.join(ROOT, 'public'));
if (problems.length) throw new Error(problems.join('\n'));
