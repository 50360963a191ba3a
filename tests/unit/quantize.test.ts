import { describe, expect, it } from 'vitest';
import { fromHalfBits, halfCeil, halfFloor, toHalfBits } from '../../src/model/float16';
import { gaussian, mulberry32 } from '../../src/model/init';
import { dequantizeTensor, maxQuantError, quantizeTensor } from '../../src/model/quantize';

describe('float16', () => {
  it('round-trips exactly representable values', () => {
    for (const v of [0, 1, -1, 0.5, 65504, -65504, 2 ** -14, 2 ** -24, 1.5, -0.000030517578125])
      expect(fromHalfBits(toHalfBits(v))).toBe(v);
  });

  it('rounds to nearest and overflows to infinity', () => {
    expect(fromHalfBits(toHalfBits(1 + 2 ** -11))).toBe(1); // tie → even
    expect(fromHalfBits(toHalfBits(1 + 3 * 2 ** -11))).toBe(1 + 2 ** -9);
    expect(fromHalfBits(toHalfBits(1e6))).toBe(Number.POSITIVE_INFINITY);
    expect(Number.isNaN(fromHalfBits(toHalfBits(Number.NaN)))).toBe(true);
  });

  it('floors and ceils to neighbouring halves for any sign', () => {
    const rand = mulberry32(3);
    for (let i = 0; i < 2000; i++) {
      const v = (rand() - 0.5) * 20;
      const lo = fromHalfBits(halfFloor(v));
      const hi = fromHalfBits(halfCeil(v));
      expect(lo).toBeLessThanOrEqual(v);
      expect(hi).toBeGreaterThanOrEqual(v);
      expect(hi - lo).toBeLessThan(Math.abs(v) * 2 ** -9 + 2 ** -23);
    }
  });
});

describe('8-bit quantization', () => {
  it('keeps every weight within half a step of its channel’s range', () => {
    const normal = gaussian(mulberry32(11));
    const channels = 9;
    const values = new Float32Array(3 * 3 * 9 * channels);
    // Channels at very different scales: the reason ranges are per output channel.
    for (let i = 0; i < values.length; i++) values[i] = normal() * 10 ** ((i % channels) - 4);
    const { ranges, codes } = quantizeTensor(values, channels);
    const back = dequantizeTensor(codes, ranges);
    for (let i = 0; i < values.length; i++) {
      const bound = maxQuantError(ranges[i % channels] as (typeof ranges)[number]) * 1.0001 + 1e-9;
      expect(Math.abs((back[i] as number) - (values[i] as number))).toBeLessThanOrEqual(bound);
    }
  });

  it('represents a constant tensor exactly', () => {
    const values = new Float32Array(16).fill(0.75);
    const { ranges, codes } = quantizeTensor(values, 1);
    expect([...dequantizeTensor(codes, ranges)]).toEqual([...values]);
  });

  it('refuses non-finite weights', () => {
    expect(() => quantizeTensor(new Float32Array([1, Number.NaN]), 1)).toThrow(/non-finite/);
  });
});
