/** Image decoding and encoding for Node hosts, via sharp (libvips). */
import path from 'node:path';
import sharp from 'sharp';
import type { RgbaImage } from '../../shared/image';

/** Refuse absurd images by their header before decoding (a 30,000² PNG would need 3.6 GB). */
export const MAX_INPUT_PIXELS = 50_000_000;

/** Decodes a file, or bytes (stdin) named `file` in messages. */
export async function readImage(file: string, bytes?: Buffer): Promise<RgbaImage> {
  const source = bytes ?? file;
  let meta: sharp.Metadata;
  try {
    meta = await sharp(source).metadata();
  } catch (e) {
    throw new Error(`${file}: expected a PNG, JPEG, WebP, GIF or TIFF image, found ${shortReason(e)}`);
  }
  const pixels = (meta.width ?? 0) * (meta.height ?? 0);
  if (pixels > MAX_INPUT_PIXELS)
    throw new Error(`${file}: expected at most ${MAX_INPUT_PIXELS / 1e6} megapixels, found ${meta.width}×${meta.height}`);
  try {
    const { data, info } = await sharp(source, { limitInputPixels: MAX_INPUT_PIXELS })
      .rotate()
      .ensureAlpha()
      .raw()
      .toBuffer({ resolveWithObject: true });
    return { width: info.width, height: info.height, data: new Uint8ClampedArray(data.buffer, data.byteOffset, data.byteLength) };
  } catch (e) {
    throw new Error(`${file}: the image could not be decoded (${shortReason(e)})`);
  }
}

function shortReason(e: unknown): string {
  return String((e as Error)?.message ?? e).split('\n')[0] as string;
}

/** The formats `writeImage` writes, by file extension. */
export const OUTPUT_FORMATS = { '.png': 'png', '.jpg': 'jpeg', '.jpeg': 'jpeg', '.webp': 'webp' } as const;
export type OutputFormat = (typeof OUTPUT_FORMATS)[keyof typeof OUTPUT_FORMATS];

export function outputFormatOf(file: string): OutputFormat | undefined {
  return OUTPUT_FORMATS[path.extname(file).toLowerCase() as keyof typeof OUTPUT_FORMATS];
}

export async function writePng(file: string, img: RgbaImage): Promise<void> {
  await writeImage(file, img, 'png');
}

/** PNG, JPEG (quality 92, alpha flattened on white) or WebP (quality 90). */
function encoder(img: RgbaImage, format: OutputFormat): sharp.Sharp {
  const pipeline = sharp(Buffer.from(img.data.buffer, img.data.byteOffset, img.data.byteLength), {
    raw: { width: img.width, height: img.height, channels: 4 },
  });
  if (format === 'jpeg') return pipeline.flatten({ background: '#ffffff' }).jpeg({ quality: 92 });
  if (format === 'webp') return pipeline.webp({ quality: 90 });
  return pipeline.png();
}

export async function writeImage(file: string, img: RgbaImage, format: OutputFormat = outputFormatOf(file) ?? 'png'): Promise<void> {
  await encoder(img, format).toFile(file);
}

/** The encoded bytes (for stdout). */
export function encodeImage(img: RgbaImage, format: OutputFormat): Promise<Buffer> {
  return encoder(img, format).toBuffer();
}

export async function resizeImage(img: RgbaImage, width: number, height: number): Promise<RgbaImage> {
  const { data, info } = await sharp(Buffer.from(img.data.buffer, img.data.byteOffset, img.data.byteLength), {
    raw: { width: img.width, height: img.height, channels: 4 },
  })
    .resize(width, height, { fit: 'fill', kernel: 'lanczos3' })
    .raw()
    .toBuffer({ resolveWithObject: true });
  return { width: info.width, height: info.height, data: new Uint8ClampedArray(data.buffer, data.byteOffset, data.byteLength) };
}
