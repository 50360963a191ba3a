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
