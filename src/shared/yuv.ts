/**
 * A video frame's own planes (WebCodecs VideoFrame.copyTo) to RGBA at the size
 * to paint, in the engine's worker (#27).
 *
 * Why: `createImageBitmap(video, { resizeWidth, resizeHeight })` converts and
 * resizes the whole frame synchronously on the page's main thread in Chromium
 * (6 ms for a 1280×720 frame on a quiet core, 20–23 ms under load: bench:video's
 * "capture call"), which dropped the page's own frames and made long tasks. A
 * `new VideoFrame(video)` is a reference (0.1 ms) and `copyTo` a copy of its
 * YUV 4:2:0 planes (0.5 ms, 1.5 bytes a pixel); the conversion and the
 * resize then run here, off the page.
 *
 * Conversion: Y′CbCr to R′G′B′ by ITU-R BT.709 or BT.601 (the frame's
 * `colorSpace.matrix`), limited (16–235 / 16–240) or full range. Resize:
 * bilinear on each plane at pixel centres (a 2× reduction averages 2×2
 * pixels, as a box filter does); chroma sited at the centre of its 2×2 luma
 * block.
 */
import { makeImage, type RgbaImage } from './image';

export type YuvFormat = 'I420' | 'NV12';
export type YuvMatrix = 'bt709' | 'bt601';

/** A 4:2:0 picture in one buffer: Y, then U and V (I420) or interleaved UV (NV12), each plane at its offset and stride. */
export interface YuvPicture {
  format: YuvFormat;
  width: number;
  height: number;
  planes: { offset: number; stride: number }[];
  data: Uint8Array;
  matrix: YuvMatrix;
  fullRange: boolean;
}

/** Kr and Kb of each matrix (R′G′B′ from Y′CbCr: R = Y + 2(1−Kr)Cr, B = Y + 2(1−Kb)Cb). */
const K: Record<YuvMatrix, { kr: number; kb: number }> = {
  bt709: { kr: 0.2126, kb: 0.0722 },
  bt601: { kr: 0.299, kb: 0.114 },
};

/** The largest picture a frame may carry (4096 a side, as the overlay's backing store). */
export const MAX_YUV_SIDE = 4096;

/** Bytes each plane must hold: [row bytes, rows]. */
function planeShapes(p: Pick<YuvPicture, 'format' | 'width' | 'height'>): [number, number][] {
  const cw = Math.ceil(p.width / 2);
  const ch = Math.ceil(p.height / 2);
  return p.format === 'I420'
    ? [
        [p.width, p.height],
        [cw, ch],
        [cw, ch],
      ]
    : [
        [p.width, p.height],
        [cw * 2, ch],
      ];
}

/** Why this picture cannot be read safely (a plane outside its buffer, sizes out of bounds), or null. */
export function yuvPictureError(p: Omit<YuvPicture, 'data'> & { byteLength: number }): string | null {
  if (p.format !== 'I420' && p.format !== 'NV12') return `expected a YUV format I420 or NV12, found ${String(p.format)}`;
  const sideOk = (n: number) => Number.isSafeInteger(n) && n > 0 && n <= MAX_YUV_SIDE;
  if (!sideOk(p.width) || !sideOk(p.height)) return `expected a frame of 1–${MAX_YUV_SIDE} px a side, found ${p.width}×${p.height}`;
  const shapes = planeShapes(p);
  if (!Array.isArray(p.planes) || p.planes.length !== shapes.length)
    return `expected ${shapes.length} planes for ${p.format}, found ${Array.isArray(p.planes) ? p.planes.length : 'none'}`;
  for (let i = 0; i < shapes.length; i++) {
    const [rowBytes, rows] = shapes[i] as [number, number];
    const { offset, stride } = p.planes[i] ?? { offset: Number.NaN, stride: Number.NaN };
    if (!Number.isSafeInteger(offset) || !Number.isSafeInteger(stride) || offset < 0 || stride < rowBytes)
      return `expected plane ${i} at a whole offset with a stride of at least ${rowBytes} bytes, found offset ${offset}, stride ${stride}`;
    if (offset + stride * (rows - 1) + rowBytes > p.byteLength)
      return `expected plane ${i} inside the frame's ${p.byteLength} bytes, found it ending at ${offset + stride * (rows - 1) + rowBytes}`;
  }
  if (p.matrix !== 'bt709' && p.matrix !== 'bt601') return `expected the matrix bt709 or bt601, found ${String(p.matrix)}`;
  if (typeof p.fullRange !== 'boolean') return 'expected fullRange to be true or false';
  return null;
}

/** Per output coordinate: the two source samples and the weight of the second (bilinear at pixel centres). */
function taps(out: number, src: number, scale: number) {
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

const clampByte = (v: number) => (v < 0 ? 0 : v > 255 ? 255 : v + 0.5) | 0;

/** Sample `(x, y)` of a plane of `w`×`h` samples `step` bytes apart, clamped to the plane. */
function at(src: Uint8Array, base: number, stride: number, step: number, w: number, h: number, x: number, y: number): number {
  return src[base + Math.min(y, h - 1) * stride + Math.min(x, w - 1) * step] as number;
}

/** One plane halved by 2×2 averages (rounded), into `out` at `offset`, `ow` × `oh` samples. */
function halvePlane(
  src: Uint8Array,
  base: number,
  stride: number,
  step: number,
  w: number,
  h: number,
  out: Uint8Array,
  offset: number,
  ow: number,
  oh: number,
) {
  // Whole 2×2 blocks first, without clamping (all but an odd last row or column).
  const fullW = Math.min(ow, w >> 1);
  const fullH = Math.min(oh, h >> 1);
  for (let y = 0; y < fullH; y++) {
    let i = base + 2 * y * stride;
    let o = offset + y * ow;
    for (let x = 0; x < fullW; x++, i += 2 * step, o++)
      out[o] = ((src[i] as number) + (src[i + step] as number) + (src[i + stride] as number) + (src[i + stride + step] as number) + 2) >> 2;
  }
  for (let y = 0; y < oh; y++)
    for (let x = y < fullH ? fullW : 0; x < ow; x++) {
      const sum =
        at(src, base, stride, step, w, h, 2 * x, 2 * y) +
        at(src, base, stride, step, w, h, 2 * x + 1, 2 * y) +
        at(src, base, stride, step, w, h, 2 * x, 2 * y + 1) +
        at(src, base, stride, step, w, h, 2 * x + 1, 2 * y + 1);
      out[offset + y * ow + x] = (sum + 2) >> 2;
    }
}

interface PlaneAt {
  offset: number;
  stride: number;
}

/**
 * Where each plane's samples are: luma, then U and V with the step between a row's samples
 * (NV12 interleaves U and V in one plane: V one byte after U, every other byte).
 */
function planesOf(p: YuvPicture): { y: PlaneAt; u: PlaneAt; v: PlaneAt; step: number } {
  const [y, u, v] = p.planes as [PlaneAt, PlaneAt, PlaneAt?];
  if (p.format === 'NV12') return { y, u, v: { offset: u.offset + 1, stride: u.stride }, step: 2 };
  return { y, u, v: v as PlaneAt, step: 1 };
}

/**
 * The picture at half its size (I420), each sample the mean of a 2×2 block: a
 * mipmap level. Reductions of 2:1 or more go through it, so no source pixel is
 * skipped (bilinear alone would point-sample a 3:1 reduction and alias, which
 * the network would paint as shimmer).
 */
export function halveYuv(p: YuvPicture): YuvPicture {
  const w = p.width >> 1;
  const h = p.height >> 1;
  const cw = Math.ceil(w / 2);
  const ch = Math.ceil(h / 2);
  const scw = Math.ceil(p.width / 2);
  const sch = Math.ceil(p.height / 2);
  const data = new Uint8Array(w * h + 2 * cw * ch);
  const { y: yp, u, v, step } = planesOf(p);
  halvePlane(p.data, yp.offset, yp.stride, 1, p.width, p.height, data, 0, w, h);
  halvePlane(p.data, u.offset, u.stride, step, scw, sch, data, w * h, cw, ch);
  halvePlane(p.data, v.offset, v.stride, step, scw, sch, data, w * h + cw * ch, cw, ch);
  return {
    ...p,
    format: 'I420',
    width: w,
    height: h,
    planes: [
      { offset: 0, stride: w },
      { offset: w * h, stride: cw },
      { offset: w * h + cw * ch, stride: cw },
    ],
    data,
  };
}

/** The matrix's coefficients, with the range's offset and scale folded in. */
function coefficients(p: Pick<YuvPicture, 'matrix' | 'fullRange'>) {
  const { kr, kb } = K[p.matrix];
  const kg = 1 - kr - kb;
  // Limited range: Y 16–235, Cb/Cr 16–240 (centred on 128); full range: 0–255.
  const cs = p.fullRange ? 1 : 255 / 224;
  return {
    ys: p.fullRange ? 1 : 255 / 219,
    y0: p.fullRange ? 0 : 16,
    rCr: 2 * (1 - kr) * cs,
    bCb: 2 * (1 - kb) * cs,
    gCb: ((2 * (1 - kb) * kb) / kg) * cs,
    gCr: ((2 * (1 - kr) * kr) / kg) * cs,
  };
}

/** At its own size: each pixel's luma, and the chroma of its 2×2 block (as libyuv's I420ToARGB upsamples it). */
function atOwnSize(p: YuvPicture): RgbaImage {
  const { width, height } = p;
  const out = makeImage(width, height);
  const d = out.data;
  const { ys, y0, rCr, bCb, gCb, gCr } = coefficients(p);
  const { y: yp, u: up, v, step } = planesOf(p);
  const src = p.data;
  let o = 0;
  for (let y = 0; y < height; y++) {
    const yr = yp.offset + y * yp.stride;
    const ur = up.offset + (y >> 1) * up.stride;
    const vr = v.offset + (y >> 1) * v.stride;
    for (let x = 0; x < width; x++) {
      const Y = ((src[yr + x] as number) - y0) * ys;
      const c = (x >> 1) * step;
      const U = (src[ur + c] as number) - 128;
      const V = (src[vr + c] as number) - 128;
      d[o] = clampByte(Y + rCr * V);
      d[o + 1] = clampByte(Y - gCb * U - gCr * V);
      d[o + 2] = clampByte(Y + bCb * U);
      d[o + 3] = 255;
      o += 4;
    }
  }
  return out;
}

/**
 * The picture converted to RGBA (opaque) at width × height: halved while it is
 * at least twice as large, then converted with a bilinear resize (taps at
 * pixel centres), or at 1:1 sample by sample.
 */
export function yuvToRgba(picture: YuvPicture, width: number, height: number): RgbaImage {
  let p = picture;
  while (p.width >= 2 * width && p.height >= 2 * height) p = halveYuv(p);
  if (p.width === width && p.height === height) return atOwnSize(p);
  const out = makeImage(width, height);
  const d = out.data;
  const { ys, y0, rCr, bCb, gCb, gCr } = coefficients(p);
  const cw = Math.ceil(p.width / 2);
  const ch = Math.ceil(p.height / 2);
  const sx = p.width / width;
  const sy = p.height / height;
  // Chroma samples sit at the centre of their 2×2 luma block: in chroma pixels, luma position / 2.
  const lx = taps(width, p.width, sx);
  const ly = taps(height, p.height, sy);
  const cx = taps(width, cw, sx / 2);
  const cy = taps(height, ch, sy / 2);
  const src = p.data;
  const { y: yp, u: up, v: vp, step: cStep } = planesOf(p);
  const uBase = up.offset;
  const vBase = vp.offset;
  const cStride = up.stride;
  const vStride = vp.stride;
  let o = 0;
  for (let y = 0; y < height; y++) {
    const yr0 = yp.offset + (ly.i0[y] as number) * yp.stride;
    const yr1 = yp.offset + (ly.i1[y] as number) * yp.stride;
    const fy = ly.f[y] as number;
    const ur0 = uBase + (cy.i0[y] as number) * cStride;
    const ur1 = uBase + (cy.i1[y] as number) * cStride;
    const vr0 = vBase + (cy.i0[y] as number) * vStride;
    const vr1 = vBase + (cy.i1[y] as number) * vStride;
    const gy = cy.f[y] as number;
    for (let x = 0; x < width; x++) {
      const a = lx.i0[x] as number;
      const b = lx.i1[x] as number;
      const fx = lx.f[x] as number;
      const top = (src[yr0 + a] as number) + ((src[yr0 + b] as number) - (src[yr0 + a] as number)) * fx;
      const bot = (src[yr1 + a] as number) + ((src[yr1 + b] as number) - (src[yr1 + a] as number)) * fx;
      const Y = (top + (bot - top) * fy - y0) * ys;
      const ca = (cx.i0[x] as number) * cStep;
      const cb = (cx.i1[x] as number) * cStep;
      const gx = cx.f[x] as number;
      const u0 = (src[ur0 + ca] as number) + ((src[ur0 + cb] as number) - (src[ur0 + ca] as number)) * gx;
      const u1 = (src[ur1 + ca] as number) + ((src[ur1 + cb] as number) - (src[ur1 + ca] as number)) * gx;
      const v0 = (src[vr0 + ca] as number) + ((src[vr0 + cb] as number) - (src[vr0 + ca] as number)) * gx;
      const v1 = (src[vr1 + ca] as number) + ((src[vr1 + cb] as number) - (src[vr1 + ca] as number)) * gx;
      const U = u0 + (u1 - u0) * gy - 128;
      const V = v0 + (v1 - v0) * gy - 128;
      d[o] = clampByte(Y + rCr * V);
      d[o + 1] = clampByte(Y - gCb * U - gCr * V);
      d[o + 2] = clampByte(Y + bCb * U);
      d[o + 3] = 255;
      o += 4;
    }
  }
  return out;
}
