/**
 * Reads an image's pixel dimensions from its first bytes, so that absurd
 * images are refused before decoding: a 249 KB PNG can declare 16000×16000
 * and need ~1 GB decoded, and canvases above 16384² silently read back
 * transparent (both measured in Chromium 156).
 */
import type { Refusal } from '../messaging/protocol';
import { reasoned } from '../messaging/reasons';
import { MAX_DECODE_PIXELS } from '../shared/image-limits';
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

/** ISOBMFF boxes that hold the image properties of an AVIF (ISO/IEC 23008-12 §9.3: meta → iprp → ipco → ispe). */
const AVIF_CONTAINERS = new Set(['meta', 'iprp', 'ipco']);

/**
 * The largest 'ispe' (image spatial extents) box of an AVIF: the primary item
 * and its alpha or thumbnail items each have one, and the decoder allocates
 * for the largest. Boxes are walked, not searched, so a picture's payload
 * that happens to contain the bytes "ispe" cannot pose as a header.
 */
function avif(b: Uint8Array, view: DataView): ImageHeader {
  let best: { width: number; height: number } | null = null;
  const walk = (start: number, end: number, depth: number) => {
    for (let at = start; at + 8 <= end && depth < 6; ) {
      let size = view.getUint32(at);
      const type = ascii(b, at + 4, 4);
      let header = 8;
      if (size === 1) {
        if (at + 16 > end) return;
        size = Number(view.getBigUint64(at + 8));
        header = 16;
      } else if (size === 0) size = end - at;
      if (size < header || at + size > end) return;
      if (type === 'ispe' && size >= header + 12) {
        const width = view.getUint32(at + header + 4);
        const height = view.getUint32(at + header + 8);
        if (!best || width * height > best.width * best.height) best = { width, height };
      } else if (AVIF_CONTAINERS.has(type)) {
        // 'meta' is a full box: version and flags come before its children.
        walk(at + header + (type === 'meta' ? 4 : 0), at + size, depth + 1);
      }
      at += size;
    }
  };
  walk(0, b.length, 0);
  const found = best as { width: number; height: number } | null;
  return { kind: 'avif', width: found?.width ?? null, height: found?.height ?? null, animated: ascii(b, 8, 4) === 'avis' };
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
    if (bytes.length >= 12 && (ascii(bytes, 4, 8) === 'ftypavif' || ascii(bytes, 4, 8) === 'ftypavis')) return avif(bytes, view);
    const head = ascii(bytes, 0, Math.min(bytes.length, 512)).trimStart().toLowerCase();
    if (head.startsWith('<svg') || (head.startsWith('<?xml') && head.includes('<svg'))) return { ...unknown, kind: 'svg' };
  } catch {
    // A header cut short reads as unknown; the decoder will have the last word.
  }
  return unknown;
}

export { MAX_DECODE_PIXELS };

/** Why an image must not be decoded, or null if its header looks acceptable. */
export function refuseByHeader(h: ImageHeader, maxPixels = MAX_DECODE_PIXELS): Refusal | null {
  if (h.kind === 'svg') return reasoned('skipped', 'reasonSvg', 'SVG images are drawings, not pictures');
  if (h.kind === 'unknown')
    return { kind: 'not-an-image', message: 'this is not an image the browser can decode (PNG, JPEG, GIF, WebP, AVIF or BMP expected)' };
  // A size the header does not give is refused, never left to the decoder to find out (#22): a JPEG whose
  // frame header is missing, or an AVIF without 'ispe', could declare anything once decoding starts.
  if (h.width === null || h.height === null)
    return { kind: 'unreadable', message: `the ${h.kind.toUpperCase()} file does not say its size in its header: not decoded` };
  if (h.width <= 0 || h.height <= 0) return { kind: 'unreadable', message: `the image is empty (${h.width}×${h.height})` };
  if (h.width * h.height > maxPixels)
    return {
      kind: 'too-large',
      message: `the image is too large to stylize (${h.width}×${h.height}, more than ${Math.round(maxPixels / 1e6)} megapixels)`,
    };
  return null;
}
