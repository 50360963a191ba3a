/**
 * "Save stylized image": the picture at its natural size (up to the max-side
 * setting), blended at the page's look, encoded off the DOM with
 * OffscreenCanvas and handed to the browser's download through an <a download>
 * that is never attached to the page. No `downloads` permission is needed:
 * the link's blob: URL is the page's own origin, so Chrome saves it like any
 * link the page offers, into the user's download folder with its file name.
 */

import type { RgbaImage } from '../shared/image';
import { imageDataOf } from './surfaces/image-data';

/** `webp`: an animated picture, saved as its painted animation (one animated WebP, #27). */
export type SaveFormat = 'png' | 'jpeg' | 'webp';

/** The picture's type as its URL says it: a data: URL's MIME type, else its path's extension. */
function declaredType(url: string): string {
  const data = /^data:([^;,]*)/i.exec(url);
  if (data) return (data[1] ?? '').toLowerCase();
  try {
    return new URL(url).pathname.toLowerCase().match(/\.([a-z0-9]{1,5})$/)?.[1] ?? '';
  } catch {
    return '';
  }
}

/** JPEG for photographs (the picture was a JPEG, by its path or its data: type), PNG for everything else (keeps transparency). */
export function saveFormatFor(url: string): SaveFormat {
  return /^(image\/jpe?g|jpe?g)$/.test(declaredType(url)) ? 'jpeg' : 'png';
}

/** The file name the URL itself gives, without its extension: none for data: and blob: URLs or a bare path (#30: "9k-…"). */
function urlFileName(url: string): string {
  try {
    const u = new URL(url);
    if (u.protocol !== 'http:' && u.protocol !== 'https:' && u.protocol !== 'file:') return '';
    return decodeURIComponent(u.pathname.split('/').pop() ?? '').replace(/\.[a-z0-9]{1,5}$/i, '');
  } catch {
    return '';
  }
}

const safeName = (name: string) =>
  name
    .replace(/[^\p{L}\p{N}._ -]+/gu, '-')
    .replace(/^[.\s-]+|[.\s-]+$/g, '')
    .slice(0, 80);

/**
 * `<name>-<style>.<ext>`: the picture's own file name, or the page's title when its URL has none
 * (a data: picture), safe on every OS; the extension is the format written.
 */
export function saveFileName(url: string, styleId: string, format: SaveFormat, pageTitle = ''): string {
  const base = safeName(urlFileName(url)) || safeName(pageTitle) || 'picture';
  return `${base}-${styleId}.${format === 'jpeg' ? 'jpg' : format}`;
}

export async function encodePicture(img: RgbaImage, format: SaveFormat): Promise<Blob> {
  const canvas = new OffscreenCanvas(img.width, img.height);
  const ctx = canvas.getContext('2d') as OffscreenCanvasRenderingContext2D;
  const data = imageDataOf(img);
  if (format === 'jpeg') {
    // JPEG has no alpha: flatten on white, as an image viewer would show it.
    ctx.fillStyle = '#fff';
    ctx.fillRect(0, 0, img.width, img.height);
    ctx.drawImage(await createImageBitmap(data), 0, 0);
  } else ctx.putImageData(data, 0, 0);
  return canvas.convertToBlob(format === 'jpeg' ? { type: 'image/jpeg', quality: 0.92 } : { type: 'image/png' });
}

export function downloadBlob(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  a.click();
  // The download has its own reference to the bytes once started.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
