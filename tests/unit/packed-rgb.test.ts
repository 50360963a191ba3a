import { describe, expect, it } from 'vitest';
import { halvePacked, type PackedFormat, type PackedPicture, packedPictureError, packedToRgba } from '../../src/shared/packed-rgb';

/** A packed picture of `width`×`height` whose pixel (x, y) is `rgb(x, y)` in `format`'s byte order, rows padded and offset. */
function picture(
  format: PackedFormat,
  width: number,
  height: number,
  rgb: (x: number, y: number) => [number, number, number],
  pad = 0,
  offset = 0,
): PackedPicture {
  const stride = width * 4 + pad;
  const data = new Uint8Array(offset + stride * height).fill(7); // padding and the X byte hold junk
  const bgr = format.startsWith('B');
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++) {
      const [r, g, b] = rgb(x, y);
      const i = offset + y * stride + x * 4;
      data[i] = bgr ? b : r;
      data[i + 1] = g;
      data[i + 2] = bgr ? r : b;
      data[i + 3] = format.endsWith('A') ? 128 : 9;
    }
  return { format, width, height, offset, stride, data };
}

/** A deterministic busy pattern: every channel differs from its neighbours. */
const busy = (x: number, y: number): [number, number, number] => [
  (x * 37 + y * 11) % 256,
  (x * 5 + y * 53 + 17) % 256,
  (x * y * 3 + 101) % 256,
];

/** The reference in RGB order: pixel (x, y) of an image, channel c. */
const px = (img: { width: number; data: Uint8ClampedArray }, x: number, y: number) =>
  Array.from(img.data.subarray((y * img.width + x) * 4, (y * img.width + x) * 4 + 4));

/** Reference bilinear sample at pixel centres of a float RGB function, as a plain formula. */
function referenceBilinear(src: (x: number, y: number) => number[], sw: number, sh: number, ow: number, oh: number, x: number, y: number) {
  const sx = Math.min(sw - 1, Math.max(0, (x + 0.5) * (sw / ow) - 0.5));
  const sy = Math.min(sh - 1, Math.max(0, (y + 0.5) * (sh / oh) - 0.5));
  const x0 = Math.floor(sx);
  const y0 = Math.floor(sy);
  const x1 = Math.min(sw - 1, x0 + 1);
  const y1 = Math.min(sh - 1, y0 + 1);
  const fx = sx - x0;
  const fy = sy - y0;
  return [0, 1, 2].map((c) => {
    const top = (src(x0, y0)[c] as number) * (1 - fx) + (src(x1, y0)[c] as number) * fx;
    const bot = (src(x0, y1)[c] as number) * (1 - fx) + (src(x1, y1)[c] as number) * fx;
    return top * (1 - fy) + bot * fy;
  });
}

describe('packedToRgba (Firefox’s BGRA/RGBA video frames resized in the engine, #27)', () => {
  it('puts every format’s channels in RGBA order at 1:1, opaque, byte for byte (strides and offsets honoured)', () => {
    for (const format of ['RGBA', 'RGBX', 'BGRA', 'BGRX'] as const) {
      const out = packedToRgba(picture(format, 7, 5, busy, 12, 8), 7, 5);
      for (let y = 0; y < 5; y++) for (let x = 0; x < 7; x++) expect(px(out, x, y)).toEqual([...busy(x, y), 255]);
    }
  });

  it('halves by the rounded mean of each 2×2 block, exactly, an odd last row and column averaged with themselves', () => {
    const p = picture('BGRX', 9, 7, busy, 4, 3);
    const half = halvePacked(p);
    expect([half.width, half.height]).toEqual([4, 3]);
    const out = packedToRgba(p, 4, 3); // 9×7 → 4×3: exactly one halving, then 4×3 at 1:1
    for (let y = 0; y < 3; y++)
      for (let x = 0; x < 4; x++) {
        const block = [busy(2 * x, 2 * y), busy(2 * x + 1, 2 * y), busy(2 * x, 2 * y + 1), busy(2 * x + 1, 2 * y + 1)];
        const mean = [0, 1, 2].map((c) => (block.reduce((s, b) => s + (b[c] as number), 0) + 2) >> 2);
        expect(px(out, x, y)).toEqual([...mean, 255]);
      }
    // A 3×3 picture halves to 1×1 from its top-left 2×2 block.
    const odd = halvePacked(picture('RGBA', 3, 3, busy));
    const block = [busy(0, 0), busy(1, 0), busy(0, 1), busy(1, 1)];
    expect(Array.from(odd.data.subarray(0, 3))).toEqual([0, 1, 2].map((c) => (block.reduce((s, b) => s + (b[c] as number), 0) + 2) >> 2));
  });

  it('resizes by less than 2:1 bilinearly at pixel centres, within one level of a float reference', () => {
    const out = packedToRgba(picture('BGRA', 16, 12, busy, 8), 11, 7);
    for (let y = 0; y < 7; y++)
      for (let x = 0; x < 11; x++) {
        const want = referenceBilinear(busy, 16, 12, 11, 7, x, y);
        const got = px(out, x, y);
        for (let c = 0; c < 3; c++) expect(Math.abs((got[c] as number) - (want[c] as number))).toBeLessThanOrEqual(1);
        expect(got[3]).toBe(255);
      }
  });

  it('reduces by 3:1 through a halving first, so no source pixel is skipped (a one-pixel line still shows)', () => {
    // A 12×12 black picture with one white column at x = 4: point-sampled bilinear at 3:1 (taps at 1, 4, 7, 10
    // with weight 0) would catch it fully or miss it; through a 2×2 mean it shows as grey.
    const p = picture('RGBX', 12, 12, (x) => (x === 4 ? [255, 255, 255] : [0, 0, 0]));
    const out = packedToRgba(p, 4, 4);
    const row = [0, 1, 2, 3].map((x) => px(out, x, 1)[0] as number);
    expect(Math.max(...row)).toBeGreaterThan(0);
    expect(Math.max(...row)).toBeLessThan(255);
  });

  it('upscales too (a video shown larger than its frames, within the size cap)', () => {
    const out = packedToRgba(picture('RGBA', 2, 2, busy), 4, 4);
    expect(px(out, 0, 0)).toEqual([...busy(0, 0), 255]);
    expect(px(out, 3, 3)).toEqual([...busy(1, 1), 255]);
  });
});

describe('packedPictureError', () => {
  const ok = { format: 'BGRA' as const, width: 4, height: 2, offset: 0, stride: 16, byteLength: 32 };
  it('accepts pixels inside their buffer, and says what is wrong otherwise', () => {
    expect(packedPictureError(ok)).toBeNull();
    expect(packedPictureError({ ...ok, byteLength: 31 })).toMatch(/inside the frame's 31 bytes/);
    expect(packedPictureError({ ...ok, stride: 12 })).toMatch(/stride of at least 16/);
    expect(packedPictureError({ ...ok, width: 0 })).toMatch(/1–4096 px a side/);
    expect(packedPictureError({ ...ok, format: 'NV12' as never })).toMatch(/packed format/);
  });
});
