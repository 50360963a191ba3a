/**
 * 8-bit affine quantization: w ≈ lo + q·(hi − lo)/255 with q in 0..255.
 * Conv kernels get one range per output channel, since channels of a pruned
 * network differ by orders of magnitude and a shared range would crush the
 * small ones; the tiny instance-norm vectors get one range per tensor.
 * Ranges are stored as float16, rounded outward so every weight stays inside.
 * A symmetric range (lo = −hi) needs only one float16: format version 2 uses
 * it for conv kernels (see format.ts).
 */
import { fromHalfBits, halfCeil, halfFloor } from './float16';

export interface QuantRange {
  /** float16 bits of the lower bound. */
  loBits: number;
  /** float16 bits of the upper bound. */
  hiBits: number;
}

export function rangeValues(r: QuantRange): { lo: number; step: number } {
  const lo = fromHalfBits(r.loBits);
  const hi = fromHalfBits(r.hiBits);
  return { lo, step: Math.fround((hi - lo) / 255) };
}

export function makeRange(min: number, max: number): QuantRange {
  return { loBits: halfFloor(min), hiBits: halfCeil(max) };
}

export function quantizeValue(w: number, lo: number, step: number): number {
  if (step === 0) return 0;
  const q = Math.round((w - lo) / step);
  return q < 0 ? 0 : Math.min(q, 255);
}

export function dequantizeValue(q: number, lo: number, step: number): number {
  return Math.fround(lo + q * step);
}

/** Index → group for a channel-last layout. */
function groupOf(index: number, groups: number): number {
  return groups === 1 ? 0 : index % groups;
}

/** The symmetric range [−m, m] around a group's largest magnitude, its bound rounded up to float16. */
export function makeSymmetricRange(min: number, max: number): QuantRange {
  const hiBits = halfCeil(Math.max(Math.abs(min), Math.abs(max)));
  return { loBits: negateHalfBits(hiBits), hiBits };
}

/** float16 bits of −x: the sign bit flipped (exact). */
export function negateHalfBits(bits: number): number {
  return bits ^ 0x8000;
}

export function quantizeTensor(values: Float32Array, groups: number, symmetric = false): { ranges: QuantRange[]; codes: Uint8Array } {
  const mins = new Array<number>(groups).fill(Number.POSITIVE_INFINITY);
  const maxs = new Array<number>(groups).fill(Number.NEGATIVE_INFINITY);
  values.forEach((v, i) => {
    if (!Number.isFinite(v)) throw new Error(`cannot quantize a non-finite weight (${v}) at index ${i}`);
    const g = groupOf(i, groups);
    if (v < (mins[g] as number)) mins[g] = v;
    if (v > (maxs[g] as number)) maxs[g] = v;
  });
  const ranges = mins.map((lo, g) => (symmetric ? makeSymmetricRange : makeRange)(lo, maxs[g] as number));
  const steps = ranges.map(rangeValues);
  const codes = new Uint8Array(values.length);
  values.forEach((v, i) => {
    const { lo, step } = steps[groupOf(i, groups)] as { lo: number; step: number };
    codes[i] = quantizeValue(v, lo, step);
  });
  return { ranges, codes };
}

export function dequantizeTensor(codes: Uint8Array, ranges: readonly QuantRange[]): Float32Array {
  const steps = ranges.map(rangeValues);
  const out = new Float32Array(codes.length);
  codes.forEach((q, i) => {
    const { lo, step } = steps[groupOf(i, ranges.length)] as { lo: number; step: number };
    out[i] = dequantizeValue(q, lo, step);
  });
  return out;
}

/** Worst-case absolute error of a range: half a step. */
export function maxQuantError(r: QuantRange): number {
  return rangeValues(r).step / 2;
}
