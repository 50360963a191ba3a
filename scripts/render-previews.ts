/**
 * Renders every shipped model on the project's procedural landscape into
 * public/previews/<id>.webp (the popup's style picker) and docs/img/ (the
 * README), and writes public/models/index.json, the list the popup offers.
 * Never a copy of a painting: each preview is that style's own model output.
 *
 *   npm run previews
 */
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { SHIPPED_STYLES } from '../src/model/catalog';
import { makeScene } from '../src/model/scene';
import { toLoadedModel } from '../src/runtime/model';
import { useNodeWasmBackend } from '../src/runtime/node/backend';
import { readModelDir } from '../src/runtime/node/model-dir';
import { stylizeImage } from '../src/runtime/stylize-image';

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
const order = SHIPPED_STYLES.map((s) => s.id);
const ids = readdirSync(MODELS)
  .filter((id) => existsSync(path.join(MODELS, id, 'model.json')))
  .sort((a, b) => (order.indexOf(a) + 1 || 99) - (order.indexOf(b) + 1 || 99));
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
writeFileSync(path.join(MODELS, 'index.json'), `${JSON.stringify({ styles: ids })}\n`);
