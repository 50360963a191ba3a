/**
 * PSNR of a checkpoint's 8-bit export against its float32 weights, on photos.
 *   npx tsx scripts/quant-psnr.ts .brushwork/train/starry-night/checkpoint.json [photos-dir]
 */
import { useNodeWasmBackend } from '../src/runtime/node/backend';
import { loadCheckpoint } from '../src/training/checkpoint';
import { defaultValPhotosDir } from '../src/training/config';
import { listPhotos } from '../src/training/photos';
import { quantizationPsnr } from '../src/training/quant-cost';

const [checkpoint, photos] = process.argv.slice(2);
if (!checkpoint) throw new Error('usage: quant-psnr.ts <checkpoint.json> [photos-dir]');
await useNodeWasmBackend();
const c = loadCheckpoint(checkpoint);
const files = listPhotos(photos ?? defaultValPhotosDir());
const r = await quantizationPsnr(c.config.arch, c.params, files);
console.log(
  JSON.stringify({
    checkpoint,
    step: c.step,
    photos: files.length,
    psnr_db_mean: Math.round(r.mean * 100) / 100,
    psnr_db_min: Math.round(r.min * 100) / 100,
  }),
);
