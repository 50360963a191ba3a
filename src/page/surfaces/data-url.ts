/** Encodes results in the page as data: URLs. */
import type { RgbaImage } from '../../shared/image';
import { imageDataOf } from './image-data';

/**
 * A data: URL, because it is the one image source that loads under a strict
 * page CSP (`img-src 'self'`) when a content script sets it (measured in
 * Chromium 156); blob: URLs are blocked there. WebP keeps it small.
 */
export async function pixelsToDataUrl(px: RgbaImage): Promise<string> {
  const canvas = document.createElement('canvas');
  canvas.width = px.width;
  canvas.height = px.height;
  const ctx = canvas.getContext('2d');
  if (!ctx) throw new Error('no 2D canvas');
  ctx.putImageData(imageDataOf(px), 0, 0);
  const blob = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, 'image/webp', 0.95));
  if (!blob) throw new Error('the browser could not encode the stylized image');
  return new Promise<string>((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(reader.result as string);
    reader.onerror = () => reject(reader.error ?? new Error('encoding failed'));
    reader.readAsDataURL(blob);
  });
}
