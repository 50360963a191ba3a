/**
 * The original pixels of a picture whose bytes the page read itself: decoded
 * here rather than sent back by the runtime (#21: only the stylized pixels
 * travel back; the original was half of every answer's bytes). Called only
 * after the runtime has decoded the same bytes at the same size, so its
 * header checks (size, animation) have passed; the same options as the
 * runtime's decoder (runtime/browser/decode.ts) give the same pixels.
 */
import type { RgbaImage } from '../../shared/image';

export async function decodeOwnBytes(bytes: Uint8Array, width: number, height: number): Promise<RgbaImage> {
  const bitmap = await createImageBitmap(new Blob([bytes as BlobPart]), {
    resizeWidth: width,
    resizeHeight: height,
    resizeQuality: 'high',
    premultiplyAlpha: 'none',
    imageOrientation: 'from-image',
  });
  try {
    const canvas = new OffscreenCanvas(width, height);
    const ctx = canvas.getContext('2d', { willReadFrequently: true });
    if (!ctx) throw new Error('expected a 2D canvas to read the picture, found none');
    ctx.drawImage(bitmap, 0, 0, width, height);
    // A copy in this script's own array: in a Firefox content script the canvas's array is the page's (Xray).
    return { width, height, data: new Uint8ClampedArray(ctx.getImageData(0, 0, width, height).data) };
  } finally {
    bitmap.close();
  }
}
