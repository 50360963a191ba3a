/** Decodes image bytes at the size they will be shown, in the offscreen document. */

import { BrushworkError } from '../../messaging/errors';
import type { RgbaImage } from '../../shared/image';
import { MAX_DECODE_PIXELS, readImageHeader, refuseByHeader } from '../image-header';

/**
 * Refuses by header first (never allocate a 30,000² bitmap), skips animations
 * (replacing a GIF with one still frame would take its motion away), then
 * lets createImageBitmap decode and scale in one step.
 */
/** What is decided from the bytes alone, before any decoder runs: throws the refusal, with its kind. */
export function checkBeforeDecode(bytes: Uint8Array): void {
  const header = readImageHeader(bytes);
  const refusal = refuseByHeader(header, MAX_DECODE_PIXELS);
  if (refusal) throw new BrushworkError(refusal.kind, refusal.message);
  if (header.animated) throw new BrushworkError('skipped', 'animated image: left as it is');
}

export async function decodeAtSize(bytes: Uint8Array, width: number, height: number): Promise<RgbaImage> {
  checkBeforeDecode(bytes);
  let bitmap: ImageBitmap;
  try {
    bitmap = await createImageBitmap(new Blob([bytes as BlobPart]), {
      resizeWidth: width,
      resizeHeight: height,
      resizeQuality: 'high',
      premultiplyAlpha: 'none',
      imageOrientation: 'from-image',
    });
  } catch {
    throw new BrushworkError('unreadable', 'this image could not be decoded (corrupt or unsupported file)');
  }
  try {
    const canvas = new OffscreenCanvas(width, height);
    const ctx = canvas.getContext('2d', { willReadFrequently: true });
    if (!ctx) throw new BrushworkError('engine', 'no 2D canvas available to read the image');
    ctx.drawImage(bitmap, 0, 0, width, height);
    const data = ctx.getImageData(0, 0, width, height);
    return { width, height, data: data.data };
  } finally {
    bitmap.close();
  }
}
