/** IEEE 754 half precision, used for the quantization ranges in the weights file (2 bytes instead of 4). */

const f32 = new Float32Array(1);
const u32 = new Uint32Array(f32.buffer);

/** Nearest half (ties to even); overflow goes to ±Infinity. */
export function toHalfBits(value: number): number {
  f32[0] = value;
  const x = u32[0] as number;
  const sign = (x >>> 16) & 0x8000;
  const exp = (x >>> 23) & 0xff;
  let mant = x & 0x7fffff;
  if (exp === 0xff) return sign | 0x7c00 | (mant ? 0x200 : 0);
  let e = exp - 127 + 15;
  if (e >= 0x1f) return sign | 0x7c00;
  if (e <= 0) {
    if (e < -10) return sign;
    mant |= 0x800000;
    const shift = 14 - e;
    let half = mant >>> shift;
    const rest = mant & ((1 << shift) - 1);
    const mid = 1 << (shift - 1);
    if (rest > mid || (rest === mid && half & 1)) half++;
    return sign | half;
  }
  let half = (e << 10) | (mant >>> 13);
  const rest = mant & 0x1fff;
  if (rest > 0x1000 || (rest === 0x1000 && half & 1)) half++;
  e = half >>> 10;
  return sign | half;
}

export function fromHalfBits(bits: number): number {
  const sign = bits & 0x8000 ? -1 : 1;
  const exp = (bits >>> 10) & 0x1f;
  const mant = bits & 0x3ff;
  if (exp === 0) return sign * mant * 2 ** -24;
  if (exp === 0x1f) return mant ? Number.NaN : sign * Number.POSITIVE_INFINITY;
  return sign * (1 + mant / 1024) * 2 ** (exp - 15);
}

/** Half bits as a monotonically ordered integer, so that ±1 steps to the neighbouring half. */
function ordered(bits: number): number {
  return bits & 0x8000 ? -(bits & 0x7fff) : bits;
}
function fromOrdered(o: number): number {
  return o < 0 ? 0x8000 | -o : o;
}

/** Largest half ≤ value. */
export function halfFloor(value: number): number {
  const b = toHalfBits(value);
  return fromHalfBits(b) > value ? fromOrdered(ordered(b) - 1) : b;
}

/** Smallest half ≥ value. */
export function halfCeil(value: number): number {
  const b = toHalfBits(value);
  return fromHalfBits(b) < value ? fromOrdered(ordered(b) + 1) : b;
}
