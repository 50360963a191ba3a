/**
 * Reads an image's pixel dimensions from its first bytes, so that absurd
 * images are refused before decoding: a 249 KB PNG can declare 16000×16000
 * and need ~1 GB decoded, and canvases above 16384² silently read back
 * transparent (both measured in Chromium 156).
 */
import type { Refusal } from '../messaging/protocol';
export type ImageKind = 'png' | 'jpeg' | 'gif' | 'webp' | 'bmp' | 'avif' | 'svg' | 'unknown';

export interface ImageHeader {
  kind: ImageKind;
  width: number | null;
  height: number | null;
  /** GIF with more than one frame, or APNG, or animated WebP (best effort from the header). */
  animated: boolean;
}

const ascii = (b: Uint8Array, at: number, len: number) => String.fromCharCode(...b.subarray(at, at + len));

function png(b: Uint8Array, view: DataView): ImageHeader {
  const width = b.length >= 24 ? view.getUint32(16) : null;
  const height = b.length >= 24 ? view.getUint32(20) : null;
  // APNG puts an acTL chunk before the first IDAT.
  let animated = false;
  for (let at = 8; at + 8 <= b.length; ) {
    const len = view.getUint32(at);
    const type = ascii(b, at + 4, 4);
    if (type === 'acTL') animated = true;
    if (type === 'IDAT' || type === 'IEND') break;
    at += 12 + len;
  }
  return { kind: 'png', width, height, animated };
}

function jpeg(b: Uint8Array, view: DataView): ImageHeader {
  let at = 2;
  while (at + 9 < b.length) {
    if (b[at] !== 0xff) return { kind: 'jpeg', width: null, height: null, animated: false };
    const marker = b[at + 1] as number;
    if (marker === 0xd8 || (marker >= 0xd0 && marker <= 0xd7) || marker === 0x01 || marker === 0xff) {
      at += marker === 0xff ? 1 : 2;
      continue;
    }
    const len = view.getUint16(at + 2);
    const isSof = marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc;
    if (isSof) return { kind: 'jpeg', height: view.getUint16(at + 5), width: view.getUint16(at + 7), animated: false };
    at += 2 + len;
  }
  return { kind: 'jpeg', width: null, height: null, animated: false };
}

/** Walks the GIF block structure far enough to count two image descriptors (an animation). */
function gifFrameCount(b: Uint8Array, max: number): number {
  let at = 13;
  if (((b[10] as number) & 0x80) !== 0) at += 3 * 2 ** (((b[10] as number) & 0x07) + 1);
  let frames = 0;
  const skipSubBlocks = () => {
    while (at < b.length && b[at] !== 0) at += (b[at] as number) + 1;
    at++;
  };
  while (at < b.length && frames < max) {
    const block = b[at];
    if (block === 0x21) {
      at += 2;
      skipSubBlocks();
    } else if (block === 0x2c) {
      frames++;
      const packed = b[at + 9] as number;
      at += 10;
      if (packed & 0x80) at += 3 * 2 ** ((packed & 0x07) + 1);
      at++; // LZW minimum code size
      skipSubBlocks();
    } else break; // trailer or damage
  }
  return frames;
}

function gif(b: Uint8Array, view: DataView): ImageHeader {
  return { kind: 'gif', width: view.getUint16(6, true), height: view.getUint16(8, true), animated: gifFrameCount(b, 2) > 1 };
}

function webp(b: Uint8Array, view: DataView): ImageHeader {
  const chunk = ascii(b, 12, 4);
  if (chunk === 'VP8X' && b.length >= 30) {
    const w = 1 + (b[24] as number) + ((b[25] as number) << 8) + ((b[26] as number) << 16);
    const h = 1 + (b[27] as number) + ((b[28] as number) << 8) + ((b[29] as number) << 16);
    return { kind: 'webp', width: w, height: h, animated: ((b[20] as number) & 0x02) !== 0 };
  }
  if (chunk === 'VP8 ' && b.length >= 30)
    return { kind: 'webp', width: view.getUint16(26, true) & 0x3fff, height: view.getUint16(28, true) & 0x3fff, animated: false };
  if (chunk === 'VP8L' && b.length >= 25) {
    const bits = view.getUint32(21, true);
    return { kind: 'webp', width: (bits & 0x3fff) + 1, height: ((bits >> 14) & 0x3fff) + 1, animated: false };
  }
  return { kind: 'webp', width: null, height: null, animated: false };
}

export function readImageHeader(bytes: Uint8Array): ImageHeader {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const unknown: ImageHeader = { kind: 'unknown', width: null, height: null, animated: false };
  try {
    if (bytes.length >= 8 && bytes[0] === 0x89 && ascii(bytes, 1, 3) === 'PNG') return png(bytes, view);
    if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8) return jpeg(bytes, view);
    if (bytes.length >= 13 && ascii(bytes, 0, 4) === 'GIF8') return gif(bytes, view);
    if (bytes.length >= 16 && ascii(bytes, 0, 4) === 'RIFF' && ascii(bytes, 8, 4) === 'WEBP') return webp(bytes, view);
    if (bytes.length >= 26 && ascii(bytes, 0, 2) === 'BM')
      return { kind: 'bmp', width: view.getInt32(18, true), height: Math.abs(view.getInt32(22, true)), animated: false };
    if (bytes.length >= 12 && ascii(bytes, 4, 8) === 'ftypavif') return { ...unknown, kind: 'avif' };
    const head = ascii(bytes, 0, Math.min(bytes.length, 512)).trimStart().toLowerCase();
    if (head.startsWith('<svg') || (head.startsWith('<?xml') && head.includes('<svg'))) return { ...unknown, kind: 'svg' };
  } catch {
    // A header cut short reads as unknown; the decoder will have the last word.
  }
  return unknown;
}

export const MAX_DECODE_PIXELS = 50_000_000;

/** Why an image must not be decoded, or null if its header looks acceptable. */
export function refuseByHeader(h: ImageHeader, maxPixels = MAX_DECODE_PIXELS): Refusal | null {
  if (h.kind === 'svg') return { kind: 'skipped', message: 'SVG images are drawings, not pictures: skipped' };
  if (h.kind === 'unknown')
    return { kind: 'not-an-image', message: 'this is not an image the browser can decode (PNG, JPEG, GIF, WebP, AVIF or BMP expected)' };
  if (h.width !== null && h.height !== null) {
    if (h.width <= 0 || h.height <= 0) return { kind: 'unreadable', message: `the image is empty (${h.width}×${h.height})` };
    if (h.width * h.height > maxPixels)
      return {
        kind: 'too-large',
        message: `the image is too large to stylize (${h.width}×${h.height}, more than ${Math.round(maxPixels / 1e6)} megapixels)`,
      };
  }
  return null;
}
