import { describe, expect, it } from 'vitest';
import { type YuvPicture, yuvPictureError, yuvToRgba } from '../../src/shared/yuv';

/** An I420 or NV12 picture whose every pixel is (y, u, v), rows padded to `pad` extra bytes. */
function solid(format: 'I420' | 'NV12', width: number, height: number, [y, u, v]: number[], pad = 0): YuvPicture {
  const cw = Math.ceil(width / 2);
  const ch = Math.ceil(height / 2);
  const yStride = width + pad;
  const cStride = (format === 'NV12' ? cw * 2 : cw) + pad;
  const planes =
    format === 'I420'
      ? [
          { offset: 0, stride: yStride },
          { offset: yStride * height, stride: cStride },
          { offset: yStride * height + cStride * ch, stride: cStride },
        ]
      : [
          { offset: 0, stride: yStride },
          { offset: yStride * height, stride: cStride },
        ];
  const data = new Uint8Array(yStride * height + cStride * ch * (format === 'I420' ? 2 : 1));
  data.fill(y as number, 0, yStride * height);
  const c = planes[1] as { offset: number };
  if (format === 'I420') {
    data.fill(u as number, c.offset, c.offset + cStride * ch);
    data.fill(v as number, c.offset + cStride * ch);
  } else
    for (let row = 0; row < ch; row++)
      for (let i = 0; i < cw; i++) {
        data[c.offset + row * cStride + 2 * i] = u as number;
        data[c.offset + row * cStride + 2 * i + 1] = v as number;
      }
  return { format, width, height, planes, data, matrix: 'bt709', fullRange: false };
}

const pixel = (img: { data: Uint8ClampedArray }, i = 0) => Array.from(img.data.subarray(i * 4, i * 4 + 4));

describe('yuvToRgba (video frames converted in the engine, #27)', () => {
  it('maps limited-range BT.709 white, black and mid grey to their RGB', () => {
    expect(pixel(yuvToRgba(solid('I420', 4, 4, [235, 128, 128]), 2, 2))).toEqual([255, 255, 255, 255]);
    expect(pixel(yuvToRgba(solid('I420', 4, 4, [16, 128, 128]), 2, 2))).toEqual([0, 0, 0, 255]);
    expect(pixel(yuvToRgba(solid('I420', 4, 4, [126, 128, 128]), 2, 2))).toEqual([128, 128, 128, 255]);
  });

  it('maps BT.709 and BT.601 red (their own Y′CbCr of RGB 255,0,0) back to red', () => {
    // BT.709 limited: Y = 16 + 219·0.2126, Cb = 128 − 112·0.2126/0.9278, Cr = 240.
    const r709 = pixel(yuvToRgba(solid('I420', 2, 2, [63, 102, 240]), 2, 2));
    expect(r709[0]).toBeGreaterThanOrEqual(253);
    expect(r709[1]).toBeLessThanOrEqual(2);
    expect(r709[2]).toBeLessThanOrEqual(2);
    // BT.601 limited: Y = 16 + 219·0.299 = 81.5, Cb = 128 − 112·0.299/0.886 = 90.2, Cr = 240.
    const r601 = pixel(yuvToRgba({ ...solid('I420', 2, 2, [82, 90, 240]), matrix: 'bt601' }, 1, 1));
    expect(r601[0]).toBeGreaterThanOrEqual(253);
    expect(r601[1]).toBeLessThanOrEqual(3);
    expect(r601[2]).toBeLessThanOrEqual(3);
  });

  it('reads full-range samples without the limited-range stretch', () => {
    const p = { ...solid('I420', 2, 2, [200, 128, 128]), fullRange: true };
    expect(pixel(yuvToRgba(p, 2, 2))).toEqual([200, 200, 200, 255]);
  });

  it('gives NV12 the same picture as I420, with padded rows, at an odd size', () => {
    const a = yuvToRgba(solid('I420', 7, 5, [90, 60, 200], 3), 5, 3);
    const b = yuvToRgba(solid('NV12', 7, 5, [90, 60, 200], 5), 5, 3);
    expect(Array.from(b.data)).toEqual(Array.from(a.data));
  });

  it('halves a picture by averaging each 2×2 block of luma (a 1-px checkerboard becomes flat grey)', () => {
    const p = solid('I420', 8, 8, [0, 128, 128]);
    for (let y = 0; y < 8; y++) for (let x = 0; x < 8; x++) p.data[y * 8 + x] = (x + y) % 2 ? 235 : 16;
    const img = yuvToRgba(p, 4, 4);
    for (let i = 0; i < 16; i++) expect(pixel(img, i)).toEqual([128, 128, 128, 255]);
  });

  it('keeps a left/right split where it is when resizing', () => {
    const p = solid('I420', 8, 2, [16, 128, 128]);
    for (let y = 0; y < 2; y++) for (let x = 4; x < 8; x++) p.data[y * 8 + x] = 235;
    const img = yuvToRgba(p, 4, 1);
    expect([0, 1, 2, 3].map((i) => pixel(img, i)[0])).toEqual([0, 0, 255, 255]);
  });
});

describe('yuvPictureError (frames checked before they are read)', () => {
  const ok = solid('I420', 6, 4, [0, 0, 0]);
  const shape = { ...ok, byteLength: ok.data.byteLength };

  it('accepts a well-formed picture', () => {
    expect(yuvPictureError(shape)).toBeNull();
    const nv = solid('NV12', 5, 3, [0, 0, 0], 2);
    expect(yuvPictureError({ ...nv, byteLength: nv.data.byteLength })).toBeNull();
  });

  it('refuses a plane that ends past the buffer, a short stride, a bad format, size or matrix', () => {
    expect(yuvPictureError({ ...shape, byteLength: shape.byteLength - 1 })).toMatch(/plane 2 inside/);
    expect(yuvPictureError({ ...shape, planes: [{ offset: 0, stride: 5 }, ...shape.planes.slice(1)] })).toMatch(/stride/);
    expect(yuvPictureError({ ...shape, planes: shape.planes.slice(0, 2) })).toMatch(/3 planes/);
    expect(yuvPictureError({ ...shape, format: 'RGBA' as never })).toMatch(/I420 or NV12/);
    expect(yuvPictureError({ ...shape, width: 5000 })).toMatch(/px a side/);
    expect(yuvPictureError({ ...shape, matrix: 'bt2020' as never })).toMatch(/matrix/);
  });
});

describe('yuvToRgba reductions of 2:1 and more (mipmap levels, #27)', () => {
  const checker = (w: number, h: number) => {
    const p = solid('I420', w, h, [0, 128, 128]);
    for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) p.data[y * w + x] = (x + y) % 2 ? 235 : 16;
    return p;
  };

  it('averages every source pixel at 3:1 (a 1-px checkerboard becomes flat grey, not point-sampled stripes)', () => {
    const img = yuvToRgba(checker(12, 6), 4, 2);
    for (let i = 0; i < 8; i++) {
      const [r] = pixel(img, i);
      expect(Math.abs((r as number) - 128)).toBeLessThanOrEqual(2);
    }
  });

  it('gives NV12 the same picture as I420 through the halving', () => {
    const a = yuvToRgba(solid('I420', 13, 9, [90, 60, 200], 3), 4, 3);
    const b = yuvToRgba(solid('NV12', 13, 9, [90, 60, 200], 1), 4, 3);
    expect(Array.from(b.data)).toEqual(Array.from(a.data));
    expect(pixel(a, 5)).toEqual(pixel(yuvToRgba(solid('I420', 2, 2, [90, 60, 200]), 1, 1)));
  });
});
