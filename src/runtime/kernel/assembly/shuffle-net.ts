/**
 * The fast network's forward pass (FAST_ARCH, src/model/architecture.ts) as
 * WebAssembly SIMD, compiled by AssemblyScript (`npm run build:kernel`).
 *
 * Why: TF.js's WASM kernels (XNNPACK) are built for many channels; with 11 or
 * 12 channels most of every SIMD register idles, and instance norm, padding
 * and tanh each make a full pass over memory. Here every activation is stored
 * pixel by pixel with its channels padded to 12 (three 4-lane vectors), a
 * convolution computes two output pixels at once (three with fused
 * multiply-add) with their 12 channels in vector accumulators that stay in
 * registers, and each instance norm is applied while the next
 * layer's padded input is written (with its ReLU and residual addition).
 *
 * This module only does arithmetic on memory the host lays out
 * (src/runtime/kernel/shuffle-kernel.ts): no allocation, no runtime.
 * TF.js (src/model/network.ts) stays the reference: tests/unit/kernel.test.ts
 * holds the two to the same pixels.
 */

/** Channels of every activation, padded to a multiple of the SIMD width (11 hidden, 12 in and out). */
const C: i32 = 12;
/** Bytes per stored pixel. */
const PIXEL: i32 = C * 4;
/** Bytes of one row's statistics record: its 12 channel sums, then its 12 sums of squared distances to its mean (f32). */
const ROW_STATS: i32 = 2 * PIXEL;
/** Bytes of one tap's weights: 12 input × 12 output channels. */
const TAP: i32 = C * C * 4;
/** Instance-norm epsilon: the same as the reference (INSTANCE_NORM_EPSILON, Ulyanov et al. 2016). */
const EPSILON: f64 = 1e-5;

/**
 * a·b + c. The relaxed build (`--enable relaxed-simd`, shuffle-net-relaxed.wasm) uses
 * f32x4.relaxed_madd, which the engine may fuse into one FMA instruction (one rounding
 * instead of two: results differ from the plain build in the last bits); the plain build
 * multiplies then adds, for engines without relaxed SIMD (load.ts picks by feature detection).
 */
@inline function madd(a: v128, b: v128, c: v128): v128 {
  if (ASC_FEATURE_RELAXED_SIMD) return f32x4.relaxed_madd(a, b, c);
  return f32x4.add(f32x4.mul(a, b), c);
}

/** Where the host may start laying out its buffers. */
export function heapBase(): usize {
  return (__heap_base + 63) & ~63;
}

/** Reflection of an index at most n − 1 outside [0, n), as TF's mirrorPad 'reflect' (n ≥ 2; a side of one pixel repeats). */
@inline function reflect(i: i32, n: i32): i32 {
  if (i < 0) return n > 1 ? -i : 0;
  if (i >= n) return n > 1 ? 2 * (n - 1) - i : n - 1;
  return i;
}

@inline function copyPixel(from: usize, to: usize): void {
  v128.store(to, v128.load(from));
  v128.store(to, v128.load(from, 16), 16);
  v128.store(to, v128.load(from, 32), 32);
}

/**
 * Fills the one-pixel border of a padded (H+2)×(W+2) buffer whose interior is
 * written: a reflection, except when either side is one pixel, where the
 * reference (network.ts's reflectPad) pads both sides symmetrically (edge
 * repeated), since reflection needs the pad smaller than the side.
 */
function padBorder(buf: usize, h: i32, w: i32): void {
  const wp = w + 2;
  const symmetric = h == 1 || w == 1;
  const left = symmetric ? 1 : reflect(-1, w) + 1;
  const right = symmetric ? w : reflect(w, w) + 1;
  const top = symmetric ? 1 : reflect(-1, h) + 1;
  const bottom = symmetric ? h : reflect(h, h) + 1;
  for (let y = 1; y <= h; y++) {
    const row = buf + <usize>(y * wp * PIXEL);
    copyPixel(row + <usize>(left * PIXEL), row);
    copyPixel(row + <usize>(right * PIXEL), row + <usize>((w + 1) * PIXEL));
  }
  const rowBytes = <usize>(wp * PIXEL);
  memory.copy(buf, buf + <usize>top * rowBytes, rowBytes);
  memory.copy(buf + <usize>(h + 1) * rowBytes, buf + <usize>bottom * rowBytes, rowBytes);
}

/**
 * RGBA bytes (w×h) → the network's input: reflect-padded up to a multiple of
 * 4, scaled to [-1, 1], space-to-depth'd in 2×2 cells (TF's DCR order: channel
 * = (dy·2 + dx)·3 + c), into a padded half-resolution buffer.
 */
export function inputToHalf(rgba: usize, w: i32, h: i32, dst: usize): void {
  const h2 = ((h + 3) & ~3) >> 1;
  const w2 = ((w + 3) & ~3) >> 1;
  for (let y = 0; y < h2; y++) {
    for (let x = 0; x < w2; x++) {
      const o = dst + <usize>(((y + 1) * (w2 + 2) + x + 1) * PIXEL);
      for (let cell = 0; cell < 4; cell++) {
        const sy = reflect((y << 1) + (cell >> 1), h);
        const sx = reflect((x << 1) + (cell & 1), w);
        const s = rgba + <usize>((sy * w + sx) << 2);
        const d = o + <usize>(cell * 12);
        // Same arithmetic as pixelsToInput: p / 127.5 − 1, in float32.
        store<f32>(d, <f32>load<u8>(s) / 127.5 - 1);
        store<f32>(d, <f32>load<u8>(s, 1) / 127.5 - 1, 4);
        store<f32>(d, <f32>load<u8>(s, 2) / 127.5 - 1, 8);
      }
    }
  }
  padBorder(dst, h2, w2);
}

/**
 * 3×3 convolution of a padded buffer (stride 1 or 2, no bias: instance norm
 * follows) into a raw outH×outW buffer, writing each row's channel sums (12 f32)
 * to the row's statistics record in `rowStats` (ROW_STATS bytes a row; squareRows
 * adds the second half). Per row, so that a picture split in bands of rows
 * (shuffle-kernel.ts's runBand) combines the very same records in the same order
 * as the whole picture.
 * Weights: [tap][input channel][output channel], 12×12 per tap, zero-padded.
 * `inChannels`: the input's real channels (11 inside the fast network): the
 * padding channel is always 0 (its γ and β are 0), so it is skipped, not multiplied.
 */
export function conv3x3(
  src: usize,
  srcW: i32,
  outH: i32,
  outW: i32,
  stride: i32,
  weights: usize,
  dst: usize,
  rowStats: usize,
  inChannels: i32,
): void {
  const inBytes = <usize>(inChannels << 2);
  const step = <usize>(stride * PIXEL);
  for (let y = 0; y < outH; y++) {
    let s0 = f32x4.splat(0);
    let s1 = f32x4.splat(0);
    let s2 = f32x4.splat(0);
    let x = 0;
    // Output pixels per step: as many as keep every accumulator (3 per pixel), the 3 weight
    // vectors and the input in the engine's 16 SIMD registers (V8 on x64 keeps one as scratch).
    // A separate multiply needs a register for its product, so the plain build takes 2 pixels
    // (4 spill: 1.5× slower at 640×360); a fused multiply-add needs none, so the relaxed build
    // takes 3 (docs/performance.md has the measurements).
    if (ASC_FEATURE_RELAXED_SIMD) {
      for (; x + 3 <= outW; x += 3) {
        let a00 = f32x4.splat(0), a01 = f32x4.splat(0), a02 = f32x4.splat(0);
        let a10 = f32x4.splat(0), a11 = f32x4.splat(0), a12 = f32x4.splat(0);
        let a20 = f32x4.splat(0), a21 = f32x4.splat(0), a22 = f32x4.splat(0);
        for (let ky = 0; ky < 3; ky++) {
          const row = src + <usize>(((y * stride + ky) * srcW + x * stride) * PIXEL);
          for (let kx = 0; kx < 3; kx++) {
            let p = row + <usize>(kx * PIXEL);
            let wp = weights + <usize>((ky * 3 + kx) * TAP);
            const end = p + inBytes;
            for (; p < end; p += 4, wp += 48) {
              const w0 = v128.load(wp);
              const w1 = v128.load(wp, 16);
              const w2 = v128.load(wp, 32);
              let v = v128.load32_splat(p);
              a00 = madd(v, w0, a00);
              a01 = madd(v, w1, a01);
              a02 = madd(v, w2, a02);
              v = v128.load32_splat(p + step);
              a10 = madd(v, w0, a10);
              a11 = madd(v, w1, a11);
              a12 = madd(v, w2, a12);
              v = v128.load32_splat(p + 2 * step);
              a20 = madd(v, w0, a20);
              a21 = madd(v, w1, a21);
              a22 = madd(v, w2, a22);
            }
          }
        }
        const o = dst + <usize>((y * outW + x) * PIXEL);
        v128.store(o, a00, 0);
        v128.store(o, a01, 16);
        v128.store(o, a02, 32);
        v128.store(o, a10, 48);
        v128.store(o, a11, 64);
        v128.store(o, a12, 80);
        v128.store(o, a20, 96);
        v128.store(o, a21, 112);
        v128.store(o, a22, 128);
        s0 = f32x4.add(s0, f32x4.add(f32x4.add(a00, a10), a20));
        s1 = f32x4.add(s1, f32x4.add(f32x4.add(a01, a11), a21));
        s2 = f32x4.add(s2, f32x4.add(f32x4.add(a02, a12), a22));
      }
    } else {
      for (; x + 2 <= outW; x += 2) {
        let a00 = f32x4.splat(0), a01 = f32x4.splat(0), a02 = f32x4.splat(0);
        let a10 = f32x4.splat(0), a11 = f32x4.splat(0), a12 = f32x4.splat(0);
        for (let ky = 0; ky < 3; ky++) {
          const row = src + <usize>(((y * stride + ky) * srcW + x * stride) * PIXEL);
          for (let kx = 0; kx < 3; kx++) {
            let p = row + <usize>(kx * PIXEL);
            let wp = weights + <usize>((ky * 3 + kx) * TAP);
            const end = p + inBytes;
            for (; p < end; p += 4, wp += 48) {
              const w0 = v128.load(wp);
              const w1 = v128.load(wp, 16);
              const w2 = v128.load(wp, 32);
              let v = v128.load32_splat(p);
              a00 = madd(v, w0, a00);
              a01 = madd(v, w1, a01);
              a02 = madd(v, w2, a02);
              v = v128.load32_splat(p + step);
              a10 = madd(v, w0, a10);
              a11 = madd(v, w1, a11);
              a12 = madd(v, w2, a12);
            }
          }
        }
        const o = dst + <usize>((y * outW + x) * PIXEL);
        v128.store(o, a00, 0);
        v128.store(o, a01, 16);
        v128.store(o, a02, 32);
        v128.store(o, a10, 48);
        v128.store(o, a11, 64);
        v128.store(o, a12, 80);
        s0 = f32x4.add(s0, f32x4.add(a00, a10));
        s1 = f32x4.add(s1, f32x4.add(a01, a11));
        s2 = f32x4.add(s2, f32x4.add(a02, a12));
      }
    }
    for (; x < outW; x++) {
      let a0 = f32x4.splat(0), a1 = f32x4.splat(0), a2 = f32x4.splat(0);
      for (let ky = 0; ky < 3; ky++) {
        const row = src + <usize>(((y * stride + ky) * srcW + x * stride) * PIXEL);
        for (let kx = 0; kx < 3; kx++) {
          let p = row + <usize>(kx * PIXEL);
          let wp = weights + <usize>((ky * 3 + kx) * TAP);
          const end = p + inBytes;
          for (; p < end; p += 4, wp += 48) {
            const v = v128.load32_splat(p);
            a0 = madd(v, v128.load(wp), a0);
            a1 = madd(v, v128.load(wp, 16), a1);
            a2 = madd(v, v128.load(wp, 32), a2);
          }
        }
      }
      const o = dst + <usize>((y * outW + x) * PIXEL);
      v128.store(o, a0);
      v128.store(o, a1, 16);
      v128.store(o, a2, 32);
      s0 = f32x4.add(s0, a0);
      s1 = f32x4.add(s1, a1);
      s2 = f32x4.add(s2, a2);
    }
    storeRow(rowStats + <usize>(y * ROW_STATS), s0, s1, s2);
  }
}

@inline function storeRow(at: usize, s0: v128, s1: v128, s2: v128): void {
  v128.store(at, s0);
  v128.store(at, s1, 16);
  v128.store(at, s2, 32);
}

/**
 * Instance norm's second statistic (Ulyanov et al. 2016), per row: the sum of
 * squared distances to the row's own mean (12 f32, after the row's sums in its
 * record). Around a mean, not E[x²] − μ², which cancels catastrophically; around
 * the row's mean, so that a row's record needs nothing from other rows and a band
 * hands over its statistics once per layer.
 */
export function squareRows(raw: usize, h: i32, w: i32, rowStats: usize): void {
  const width = f32x4.splat(<f32>w);
  for (let y = 0; y < h; y++) {
    const record = rowStats + <usize>(y * ROW_STATS);
    const m0 = f32x4.div(v128.load(record), width);
    const m1 = f32x4.div(v128.load(record, 16), width);
    const m2 = f32x4.div(v128.load(record, 32), width);
    let q0 = f32x4.splat(0);
    let q1 = f32x4.splat(0);
    let q2 = f32x4.splat(0);
    const row = raw + <usize>(y * w * PIXEL);
    for (let x = 0; x < w; x++) {
      const p = row + <usize>(x * PIXEL);
      const d0 = f32x4.sub(v128.load(p), m0);
      const d1 = f32x4.sub(v128.load(p, 16), m1);
      const d2 = f32x4.sub(v128.load(p, 32), m2);
      q0 = madd(d0, d0, q0);
      q1 = madd(d1, d1, q1);
      q2 = madd(d2, d2, q2);
    }
    storeRow(record + <usize>PIXEL, q0, q1, q2);
  }
}

/**
 * The picture's mean and sum of squared distances to it per channel (24 f64 into
 * `stats`), from `count` row records of `width` pixels each, combined in row order
 * in f64 by Chan, Golub and LeVeque's pairwise update (1979): exact enough for 10⁶
 * pixels, and the same numbers whether the rows were computed in one run or in bands.
 */
export function combineRows(rowStats: usize, count: i32, width: i32, stats: usize): void {
  const nb = <f64>width;
  for (let c = 0; c < C; c++) {
    let mean: f64 = 0;
    let m2: f64 = 0;
    let n: f64 = 0;
    for (let y = 0; y < count; y++) {
      const record = rowStats + <usize>(y * ROW_STATS + (c << 2));
      const rowMean = <f64>load<f32>(record) / nb;
      const total = n + nb;
      const delta = rowMean - mean;
      mean += (delta * nb) / total;
      m2 += <f64>load<f32>(record, PIXEL) + (delta * delta * n * nb) / total;
      n = total;
    }
    store<f64>(stats + <usize>(c << 3), mean);
    store<f64>(stats + <usize>((c + C) << 3), m2);
  }
}

/**
 * Folds the statistics (combineRows: mean and sum of squared distances over n
 * pixels) with the learned scale γ and offset β into one multiply-add per value:
 * affine = [scale × 12, shift × 12], scale = γ / √(σ² + ε), shift = β − μ·scale.
 */
export function normAffine(stats: usize, n: i32, gamma: usize, beta: usize, affine: usize): void {
  for (let c = 0; c < C; c++) {
    const mean = load<f64>(stats + <usize>(c << 3));
    const variance = load<f64>(stats + <usize>((c + C) << 3)) / <f64>n;
    const scale = <f64>load<f32>(gamma + <usize>(c << 2)) / Math.sqrt(variance + EPSILON);
    store<f32>(affine + <usize>(c << 2), <f32>scale);
    store<f32>(affine + <usize>((c + C) << 2), <f32>(<f64>load<f32>(beta + <usize>(c << 2)) - mean * scale));
  }
}

/**
 * Applies the norm (and the ReLU, and the residual block's skip addition) to a
 * raw h×w buffer while writing the next layer's padded input.
 * `skip`: a padded buffer of the same size whose interior is added, or 0.
 */
export function finishPadded(raw: usize, h: i32, w: i32, affine: usize, relu: bool, skip: usize, dst: usize): void {
  const k0 = v128.load(affine);
  const k1 = v128.load(affine, 16);
  const k2 = v128.load(affine, 32);
  const b0 = v128.load(affine, 48);
  const b1 = v128.load(affine, 64);
  const b2 = v128.load(affine, 80);
  const zero = f32x4.splat(0);
  for (let y = 0; y < h; y++) {
    const inRow = raw + <usize>(y * w * PIXEL);
    const outRow = dst + <usize>(((y + 1) * (w + 2) + 1) * PIXEL);
    const skipRow = skip + <usize>(((y + 1) * (w + 2) + 1) * PIXEL);
    for (let x = 0; x < w; x++) {
      const p = inRow + <usize>(x * PIXEL);
      let v0 = madd(v128.load(p), k0, b0);
      let v1 = madd(v128.load(p, 16), k1, b1);
      let v2 = madd(v128.load(p, 32), k2, b2);
      if (relu) {
        v0 = f32x4.max(v0, zero);
        v1 = f32x4.max(v1, zero);
        v2 = f32x4.max(v2, zero);
      }
      const o = <usize>(x * PIXEL);
      if (skip) {
        v0 = f32x4.add(v0, v128.load(skipRow + o));
        v1 = f32x4.add(v1, v128.load(skipRow + o, 16));
        v2 = f32x4.add(v2, v128.load(skipRow + o, 32));
      }
      v128.store(outRow + o, v0);
      v128.store(outRow + o, v1, 16);
      v128.store(outRow + o, v2, 32);
    }
  }
  padBorder(dst, h, w);
}

/** Nearest-neighbour ×2 upsampling of a padded h×w buffer into a padded 2h×2w one (Odena et al. 2016: no checkerboard). */
export function upsamplePadded(src: usize, h: i32, w: i32, dst: usize): void {
  for (let y = 0; y < 2 * h; y++) {
    const inRow = src + <usize>(((y >> 1) + 1) * (w + 2) * PIXEL);
    const outRow = dst + <usize>((y + 1) * (2 * w + 2) * PIXEL);
    for (let x = 0; x < 2 * w; x++) copyPixel(inRow + <usize>(((x >> 1) + 1) * PIXEL), outRow + <usize>((x + 1) * PIXEL));
  }
  padBorder(dst, 2 * h, 2 * w);
}

/**
 * tanh by its [7/6] Padé approximant (Lambert's continued fraction), clamped:
 * within 1e-4 of tanh everywhere, 0.013 of an 8-bit level once scaled.
 */
@inline function tanh4(x: v128): v128 {
  const c = f32x4.min(f32x4.max(x, f32x4.splat(-9)), f32x4.splat(9));
  const x2 = f32x4.mul(c, c);
  let num = f32x4.add(f32x4.splat(378), x2);
  num = f32x4.add(f32x4.splat(17325), f32x4.mul(x2, num));
  num = f32x4.add(f32x4.splat(135135), f32x4.mul(x2, num));
  num = f32x4.mul(c, num);
  let den = f32x4.add(f32x4.splat(3150), f32x4.mul(x2, f32x4.splat(28)));
  den = f32x4.add(f32x4.splat(62370), f32x4.mul(x2, den));
  den = f32x4.add(f32x4.splat(135135), f32x4.mul(x2, den));
  return f32x4.min(f32x4.max(f32x4.div(num, den), f32x4.splat(-1)), f32x4.splat(1));
}

/** tanh output → bytes as outputToPixels and a Uint8ClampedArray do: (t + 1)·127.5, rounded to nearest even, clamped. */
@inline function toBytes(t: v128): v128 {
  const p = f32x4.nearest(f32x4.add(f32x4.mul(t, f32x4.splat(127.5)), f32x4.splat(127.5)));
  return i32x4.trunc_sat_f32x4_s(f32x4.min(f32x4.max(p, f32x4.splat(0)), f32x4.splat(255)));
}

/**
 * The output layer's norm, tanh and depth-to-space (Shi et al. 2016; TF's
 * DCR order), cropped to w×h, into RGBA bytes whose alpha is the input's.
 */
export function finishOutput(raw: usize, h2: i32, w2: i32, affine: usize, rgbaIn: usize, w: i32, h: i32, rgbaOut: usize): void {
  const k0 = v128.load(affine);
  const k1 = v128.load(affine, 16);
  const k2 = v128.load(affine, 32);
  const b0 = v128.load(affine, 48);
  const b1 = v128.load(affine, 64);
  const b2 = v128.load(affine, 80);
  const cell = memory.data(48); // 12 i32: one 2×2 cell's RGB
  const zero = i32x4.splat(0);
  for (let y = 0; y < h2; y++) {
    const top = <usize>(((y << 1) * w) << 2);
    const bottom = top + <usize>(w << 2);
    for (let x = 0; x < w2; x++) {
      const p = raw + <usize>((y * w2 + x) * PIXEL);
      const t0 = toBytes(tanh4(madd(v128.load(p), k0, b0)));
      const t1 = toBytes(tanh4(madd(v128.load(p, 16), k1, b1)));
      const t2 = toBytes(tanh4(madd(v128.load(p, 32), k2, b2)));
      if ((y << 1) + 1 < h && (x << 1) + 1 < w) {
        // A whole cell inside the picture (all but the cropped edge): its 12 values (0–255,
        // cells in DCR order) narrowed to bytes, each pixel's alpha taken from the input's two
        // rows, and 8 bytes stored per row.
        const rgb = i8x16.narrow_i16x8_u(i16x8.narrow_i32x4_u(t0, t1), i16x8.narrow_i32x4_u(t2, zero));
        const at = <usize>(x << 3);
        const alpha = v128.load64_lane(rgbaIn + bottom + at, v128.load64_zero(rgbaIn + top + at), 1);
        const px = i8x16.shuffle(rgb, alpha, 0, 1, 2, 19, 3, 4, 5, 23, 6, 7, 8, 27, 9, 10, 11, 31);
        v128.store64_lane(rgbaOut + top + at, px, 0);
        v128.store64_lane(rgbaOut + bottom + at, px, 1);
        continue;
      }
      v128.store(cell, t0);
      v128.store(cell, t1, 16);
      v128.store(cell, t2, 32);
      for (let c = 0; c < 4; c++) {
        const oy = (y << 1) + (c >> 1);
        const ox = (x << 1) + (c & 1);
        if (oy >= h || ox >= w) continue;
        const at = <usize>((oy * w + ox) << 2);
        const from = cell + <usize>(c * 12);
        store<u8>(rgbaOut + at, <u8>load<i32>(from));
        store<u8>(rgbaOut + at, <u8>load<i32>(from, 4), 1);
        store<u8>(rgbaOut + at, <u8>load<i32>(from, 8), 2);
        store<u8>(rgbaOut + at, load<u8>(rgbaIn + at, 3), 3);
      }
    }
  }
}
