/**
 * A video frame's packed RGB pixels (WebCodecs VideoFrame.copyTo of an RGBA,
 * RGBX, BGRA or BGRX frame) to RGBA at the size to paint, in the engine's
 * worker (#27).
 *
 * Why: Firefox makes its VideoFrames from a <video> already converted, as
 * BGRA/BGRX, so the YUV planes path (yuv.ts) did not apply there and every
 * frame was resized on the page's main thread by createImageBitmap. `copyTo`
 * of a packed frame is one plain copy (4 bytes a pixel); the resize runs here
 * as the YUV path's does: 2×2-mean halvings while the frame is at least twice
 * the size to paint (no skipped pixels, no aliasing), then bilinear at pixel
 * centres, or a channel swap at 1:1. A video's picture is shown opaque: the
 * fourth byte (alpha, or undefined padding for X formats) is not read.
 */
import { makeImage, type RgbaImage } from './image';

export type PackedFormat = 'RGBA' | 'RGBX' | 'BGRA' | 'BGRX';

export const PACKED_FORMATS: readonly PackedFormat[] = ['RGBA', 'RGBX', 'BGRA', 'BGRX'];

/** A packed picture in one buffer: `height` rows of `width` 4-byte pixels, `stride` bytes apart from `offset`. */
export interface PackedPicture {
  format: PackedFormat;
  width: number;
  height: number;
  offset: number;
  stride: number;
  data: Uint8Array;
}

/** The largest picture a frame may carry (as yuv.ts's MAX_YUV_SIDE, the overlay's backing store). */
export const MAX_PACKED_SIDE = 4096;

/** Why this picture cannot be read safely (rows outside its buffer, sizes out of bounds), or null. */
export function packedPictureError(p: Omit<PackedPicture, 'data'> & { byteLength: number }): string | null {
  if (!PACKED_FORMATS.includes(p.format)) return `expected a packed format RGBA, RGBX, BGRA or BGRX, found ${String(p.format)}`;
  const sideOk = (n: number) => Number.isSafeInteger(n) && n > 0 && n <= MAX_PACKED_SIDE;
  if (!sideOk(p.width) || !sideOk(p.height)) return `expected a frame of 1–${MAX_PACKED_SIDE} px a side, found ${p.width}×${p.height}`;
  const rowBytes = p.width * 4;
  if (!Number.isSafeInteger(p.offset) || !Number.isSafeInteger(p.stride) || p.offset < 0 || p.stride < rowBytes)
    return `expected the pixels at a whole offset with a stride of at least ${rowBytes} bytes, found offset ${p.offset}, stride ${p.stride}`;
  const end = p.offset + p.stride * (p.height - 1) + rowBytes;
  if (end > p.byteLength) return `expected the pixels inside the frame's ${p.byteLength} bytes, found them ending at ${end}`;
  return null;
}

/** Byte positions of red and blue in a pixel of this format (green is always 1). */
function redBlue(format: PackedFormat): [number, number] {
  return format.startsWith('B') ? [2, 0] : [0, 2];
}

/**
 * The picture at half its size (same format, tightly packed), each channel the
 * rounded mean of a 2×2 block; an odd last row or column is averaged with
 * itself (clamped), as yuv.ts's halvePlane does.
 */
export function halvePacked(p: PackedPicture): PackedPicture {
  const w = p.width >> 1 || 1;
  const h = p.height >> 1 || 1;
  const out = new Uint8Array(w * h * 4);
  const src = p.data;
  const lastRow = p.height - 1;
  const lastCol = p.width - 1;
  // Columns whose 2×2 block lies wholly inside the picture: no clamping in the inner loop.
  const fullW = Math.min(w, p.width >> 1);
  let o = 0;
  for (let y = 0; y < h; y++) {
    const r0 = p.offset + Math.min(2 * y, lastRow) * p.stride;
    const down = (Math.min(2 * y + 1, lastRow) - Math.min(2 * y, lastRow)) * p.stride;
    let i = r0;
    for (let x = 0; x < fullW; x++, i += 8, o += 4) {
      const j = i + down;
      out[o] = ((src[i] as number) + (src[i + 4] as number) + (src[j] as number) + (src[j + 4] as number) + 2) >> 2;
      out[o + 1] = ((src[i + 1] as number) + (src[i + 5] as number) + (src[j + 1] as number) + (src[j + 5] as number) + 2) >> 2;
      out[o + 2] = ((src[i + 2] as number) + (src[i + 6] as number) + (src[j + 2] as number) + (src[j + 6] as number) + 2) >> 2;
      out[o + 3] = 255;
    }
    for (let x = fullW; x < w; x++, o += 4) {
      const a = r0 + Math.min(2 * x, lastCol) * 4;
      const b = r0 + Math.min(2 * x + 1, lastCol) * 4;
      for (let c = 0; c < 3; c++)
        out[o + c] =
          ((src[a + c] as number) + (src[b + c] as number) + (src[a + down + c] as number) + (src[b + down + c] as number) + 2) >> 2;
      out[o + 3] = 255;
    }
  }
  return { format: p.format, width: w, height: h, offset: 0, stride: w * 4, data: out };
}

/** At its own size: the channels put in RGBA order, opaque. */
function atOwnSize(p: PackedPicture): RgbaImage {
  const out = makeImage(p.width, p.height);
  const d = out.data;
  const [ri, bi] = redBlue(p.format);
  const src = p.data;
  let o = 0;
  for (let y = 0; y < p.height; y++) {
    let i = p.offset + y * p.stride;
    for (let x = 0; x < p.width; x++, i += 4, o += 4) {
      d[o] = src[i + ri] as number;
      d[o + 1] = src[i + 1] as number;
      d[o + 2] = src[i + bi] as number;
      d[o + 3] = 255;
    }
  }
  return out;
}

/** Per output coordinate: the two source samples and the weight of the second (bilinear at pixel centres). */
function taps(out: number, src: number) {
  const scale = src / out;
  const i0 = new Int32Array(out);
  const i1 = new Int32Array(out);
  const f = new Float32Array(out);
  for (let x = 0; x < out; x++) {
    const s = Math.min(src - 1, Math.max(0, (x + 0.5) * scale - 0.5));
    const a = Math.floor(s);
    i0[x] = a;
    i1[x] = Math.min(src - 1, a + 1);
    f[x] = s - a;
  }
  return { i0, i1, f };
}

/** One channel sampled bilinearly between columns `a`, `b` (byte offsets) of rows `r0`, `r1` (channel included), rounded. */
function bilinear(src: Uint8Array, r0: number, r1: number, a: number, b: number, fx: number, fy: number): number {
  const top = (src[r0 + a] as number) + ((src[r0 + b] as number) - (src[r0 + a] as number)) * fx;
  const bot = (src[r1 + a] as number) + ((src[r1 + b] as number) - (src[r1 + a] as number)) * fx;
  return (top + (bot - top) * fy + 0.5) | 0;
}

/**
 * The picture as opaque RGBA at width × height: halved while it is at least
 * twice as large, then resized bilinearly (taps at pixel centres), or at 1:1
 * with its channels swapped into place.
 */
export function packedToRgba(picture: PackedPicture, width: number, height: number): RgbaImage {
  let p = picture;
  while (p.width >= 2 * width && p.height >= 2 * height) p = halvePacked(p);
  if (p.width === width && p.height === height) return atOwnSize(p);
  const out = makeImage(width, height);
  const d = out.data;
  const [ri, bi] = redBlue(p.format);
  const tx = taps(width, p.width);
  const ty = taps(height, p.height);
  const src = p.data;
  let o = 0;
  for (let y = 0; y < height; y++) {
    const r0 = p.offset + (ty.i0[y] as number) * p.stride;
    const r1 = p.offset + (ty.i1[y] as number) * p.stride;
    const fy = ty.f[y] as number;
    for (let x = 0; x < width; x++) {
      const a = (tx.i0[x] as number) * 4;
      const b = (tx.i1[x] as number) * 4;
      const fx = tx.f[x] as number;
      d[o] = bilinear(src, r0 + ri, r1 + ri, a, b, fx, fy);
      d[o + 1] = bilinear(src, r0 + 1, r1 + 1, a, b, fx, fy);
      d[o + 2] = bilinear(src, r0 + bi, r1 + bi, a, b, fx, fy);
      d[o + 3] = 255;
      o += 4;
    }
  }
  return out;
}
