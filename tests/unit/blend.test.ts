import { describe, expect, it } from 'vitest';
import type { RgbaImage } from '../../src/shared/image';
import { blend } from '../../src/shared/image';

const img = (values: number[]): RgbaImage => ({ width: values.length / 4, height: 1, data: new Uint8ClampedArray(values) });

describe('blend', () => {
  const original = img([0, 100, 255, 128, 10, 20, 30, 255]);
  const stylized = img([255, 0, 0, 255, 13, 200, 31, 0]);

  it('returns the original pixels exactly at intensity 0', () => {
    expect([...blend(original, stylized, 0).data]).toEqual([...original.data]);
  });

  it('returns the stylized colours exactly at intensity 1, keeping the original alpha', () => {
    expect([...blend(original, stylized, 1).data]).toEqual([255, 0, 0, 128, 13, 200, 31, 255]);
  });

  it('mixes linearly in between', () => {
    expect([...blend(original, stylized, 0.5).data]).toEqual([128, 50, 128, 128, 12, 110, 30, 255]);
  });

  it('clamps out-of-range and non-finite intensities', () => {
    expect([...blend(original, stylized, -3).data]).toEqual([...original.data]);
    expect([...blend(original, stylized, Number.NaN).data]).toEqual([...blend(original, stylized, 1).data]);
  });

  it('refuses images of different sizes', () => {
    expect(() => blend(original, img([1, 2, 3, 4]), 0.5)).toThrow(/sizes differ/);
  });
});

describe('blend, keeping the photo’s colours (luminance-only transfer)', () => {
  const luma = (d: Uint8ClampedArray, i: number) => 0.299 * (d[i] as number) + 0.587 * (d[i + 1] as number) + 0.114 * (d[i + 2] as number);
  const chroma = (d: Uint8ClampedArray, i: number) => [(d[i] as number) - luma(d, i), (d[i + 2] as number) - luma(d, i)];
  // A reddish, a greenish and a grey photo pixel under a bluish, a yellow and a white stylized one.
  const photo = img([200, 80, 60, 255, 70, 160, 90, 255, 120, 120, 120, 200]);
  const painted = img([90, 90, 150, 255, 230, 210, 40, 255, 250, 250, 250, 255]);
  const kept = blend(photo, painted, 1, { keepColours: true });

  it('takes the stylized luminance', () => {
    for (let i = 0; i < 12; i += 4)
      if (luma(painted.data, i) < 200) expect(Math.abs(luma(kept.data, i) - luma(painted.data, i))).toBeLessThanOrEqual(1);
  });

  it('keeps the photo’s chroma (R−Y, B−Y) where no channel clips', () => {
    for (const i of [0, 4]) {
      const [cr, cb] = chroma(kept.data, i);
      const [pr, pb] = chroma(photo.data, i);
      expect(Math.abs((cr as number) - (pr as number))).toBeLessThanOrEqual(1.5);
      expect(Math.abs((cb as number) - (pb as number))).toBeLessThanOrEqual(1.5);
    }
    // A grey photo pixel stays grey: no colour comes from the painting.
    expect(new Set([...kept.data.subarray(8, 11)]).size).toBe(1);
  });

  it('is not the plain blend, keeps alpha, and is exact at intensity 0', () => {
    expect([...kept.data]).not.toEqual([...blend(photo, painted, 1).data]);
    expect([kept.data[3], kept.data[11]]).toEqual([255, 200]);
    expect([...blend(photo, painted, 0, { keepColours: true }).data]).toEqual([...photo.data]);
  });
});
