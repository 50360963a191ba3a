/** Training photos: decoded once with sharp, cached as RGB, served as random crops with random flips. */
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import type { Rng } from './rng';

export interface RgbImage {
  width: number;
  height: number;
  data: Uint8Array;
}

const PHOTO_EXT = /\.(jpe?g|png|webp)$/i;

/** Where a photo folder came from, so a missing one names the flag and the variable that set it. */
export interface PhotoSource {
  flag: string;
  env: string;
}
export const TRAIN_PHOTOS: PhotoSource = { flag: '--photos', env: 'BRUSHWORK_PHOTOS_DIR' };
export const VAL_PHOTOS: PhotoSource = { flag: '--val-photos', env: 'BRUSHWORK_VAL_PHOTOS_DIR' };

export function listPhotos(dir: string, source: PhotoSource = TRAIN_PHOTOS): string[] {
  if (!existsSync(dir) || !statSync(dir).isDirectory())
    throw new Error(`photos folder not found: expected a folder of JPEG/PNG photos at ${dir} (pass ${source.flag} or set ${source.env})`);
  const files = readdirSync(dir)
    .filter((f) => PHOTO_EXT.test(f))
    .sort()
    .map((f) => path.join(dir, f));
  if (files.length === 0) throw new Error(`${dir}: expected JPEG or PNG photos, found none`);
  return files;
}

export async function readRgb(file: string, maxSide?: number): Promise<RgbImage> {
  let pipeline = sharp(file).rotate().removeAlpha();
  if (maxSide) pipeline = pipeline.resize(maxSide, maxSide, { fit: 'inside', kernel: 'lanczos3' });
  const { data, info } = await pipeline.raw().toBuffer({ resolveWithObject: true });
  return { width: info.width, height: info.height, data: new Uint8Array(data.buffer, data.byteOffset, data.byteLength) };
}

/** The painting (`--style`), read at `maxSide`; a missing or unreadable one names the flag and the file. */
export async function readPainting(file: string, maxSide: number, flag = '--style'): Promise<RgbImage> {
  if (!existsSync(file)) throw new Error(`${flag} ${file}: expected a painting image, found no such file`);
  if (statSync(file).isDirectory()) throw new Error(`${flag} ${file}: expected a painting image, found a folder`);
  try {
    return await readRgb(file, maxSide);
  } catch (e) {
    const reason = String((e as Error)?.message ?? e).split('\n')[0];
    throw new Error(`${flag} ${file}: expected a painting as a JPEG, PNG, WebP, GIF or TIFF image, found ${reason}`);
  }
}

/** Upscales a photo whose short side is below the crop size (rare; keeps crops in-bounds). */
async function ensureMinSide(img: RgbImage, min: number): Promise<RgbImage> {
  const short = Math.min(img.width, img.height);
  if (short >= min) return img;
  const k = min / short;
  const { data, info } = await sharp(Buffer.from(img.data), { raw: { width: img.width, height: img.height, channels: 3 } })
    .resize(Math.ceil(img.width * k), Math.ceil(img.height * k))
    .raw()
    .toBuffer({ resolveWithObject: true });
  return { width: info.width, height: info.height, data: new Uint8Array(data) };
}

export class PhotoSampler {
  private readonly cache = new Map<string, Promise<RgbImage>>();

  constructor(
    readonly files: string[],
    readonly cropSize: number,
    /** Share of crops passed through augmentCrop (0: none, and the random stream is that of older runs). */
    readonly augment = 0,
    /** Told of each photo whose short side is below the crop size (it gets upscaled). */
    private readonly onSmall?: (file: string, width: number, height: number) => void,
  ) {}

  private photo(file: string): Promise<RgbImage> {
    let p = this.cache.get(file);
    if (!p) {
      p = readRgb(file).then((img) => {
        if (Math.min(img.width, img.height) < this.cropSize) this.onSmall?.(file, img.width, img.height);
        return ensureMinSide(img, this.cropSize);
      });
      this.cache.set(file, p);
    }
    return p;
  }

  /** One random crop (size² × RGB), flipped left-right half the time. */
  async sample(rng: Rng): Promise<Uint8Array> {
    const file = this.files[rng.int(this.files.length)] as string;
    const x0r = rng.next();
    const y0r = rng.next();
    const flip = rng.next() < 0.5;
    const img = await this.photo(file);
    const crop = cropRgb(
      img,
      Math.floor(x0r * (img.width - this.cropSize + 1)),
      Math.floor(y0r * (img.height - this.cropSize + 1)),
      this.cropSize,
      flip,
    );
    if (this.augment > 0 && rng.next() < this.augment) augmentCrop(crop, randomExposure(rng));
    return crop;
  }
}

export interface Exposure {
  /** Multiplier of every channel (exposure). */
  gain: number;
  /** Stretch around mid-grey (contrast); below 1 flattens the crop. */
  contrast: number;
  /** Power on [0, 1] values; above 1 darkens the shadows. */
  gamma: number;
}

/**
 * Dark, flat and over-exposed crops on purpose: the black blobs of #20 sit on
 * dark, flat regions (a dark uniform, a night background) that random crops of
 * well-exposed photos rarely show the network. Ranges reach a dim evening
 * (gain 0.35, gamma 1.8) and a hazy flat day (contrast 0.4).
 */
export function randomExposure(rng: Rng): Exposure {
  const between = (lo: number, hi: number) => lo + (hi - lo) * rng.next();
  return { gain: between(0.35, 1.25), contrast: between(0.4, 1.2), gamma: between(0.7, 1.8) };
}

export function augmentCrop(rgb: Uint8Array, e: Exposure): void {
  const lut = new Uint8Array(256);
  for (let v = 0; v < 256; v++) {
    const shaped = (v / 255) ** e.gamma;
    const stretched = (shaped - 0.5) * e.contrast + 0.5;
    lut[v] = Math.max(0, Math.min(255, Math.round(stretched * e.gain * 255)));
  }
  for (let i = 0; i < rgb.length; i++) rgb[i] = lut[rgb[i] as number] as number;
}

export function cropRgb(img: RgbImage, x0: number, y0: number, size: number, flip: boolean): Uint8Array {
  const out = new Uint8Array(size * size * 3);
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const sx = x0 + (flip ? size - 1 - x : x);
      const si = ((y0 + y) * img.width + sx) * 3;
      const di = (y * size + x) * 3;
      out[di] = img.data[si] as number;
      out[di + 1] = img.data[si + 1] as number;
      out[di + 2] = img.data[si + 2] as number;
    }
  }
  return out;
}
