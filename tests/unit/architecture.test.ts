import { describe, expect, it } from 'vitest';
import {
  convLayers,
  FAST_ARCH,
  filterCounts,
  JOHNSON_ARCH,
  macsPerPixel,
  paramCount,
  scaledFilters,
  validateArchSpec,
} from '../../src/model/architecture';

describe('architecture', () => {
  it('has exactly the weight counts of the seed paper and Fritz’s pruned network', () => {
    expect(paramCount({ kind: 'johnson', alpha: 1, blocks: 5, small: false })).toBe(1_677_638);
    expect(paramCount({ kind: 'johnson', alpha: 0.5, blocks: 5, small: false })).toBe(424_102);
    expect(paramCount({ kind: 'johnson', alpha: 0.3, blocks: 3, small: true })).toBe(11_868);
  });

  it('gives 9 filters to every layer of the shipped α=0.3 small network', () => {
    expect(filterCounts(JOHNSON_ARCH)).toEqual([9, 9, 9]);
    const layers = convLayers(JOHNSON_ARCH);
    expect(layers.slice(0, -1).every((l) => l.outChannels === 9)).toBe(true);
    expect(layers.at(-1)?.outChannels).toBe(3);
    expect(layers.map((l) => l.name)).toEqual(['c1', 'c2', 'c3', 'r0a', 'r0b', 'r1a', 'r1b', 'r2a', 'r2b', 'u1', 'u2', 'out']);
  });

  it('floors α·n without binary floating-point surprises', () => {
    expect(scaledFilters(0.3, 32)).toBe(9);
    expect(scaledFilters(0.5, 64)).toBe(32);
    expect(scaledFilters(0.7, 10)).toBe(7); // 0.7·10 = 6.999… in binary
  });

  it('costs about 11.6 kFLOP per pixel (5,786 MACs) for the shipped network', () => {
    expect(Math.round(macsPerPixel(JOHNSON_ARCH))).toBe(5786);
  });

  it('validates architecture objects with a readable reason', () => {
    expect(validateArchSpec({ kind: 'johnson', alpha: 0.3, blocks: 3, small: true })).toEqual(JOHNSON_ARCH);
    expect(() => validateArchSpec({ kind: 'unet', alpha: 1, blocks: 1, small: true })).toThrow(/kind "johnson" or "shuffle"/);
    expect(() => validateArchSpec({ kind: 'johnson', alpha: -1, blocks: 3, small: true })).toThrow(/alpha/);
    expect(() => validateArchSpec({ kind: 'johnson', alpha: 0.3, blocks: 2.5, small: true })).toThrow(/blocks/);
    expect(() => validateArchSpec(null)).toThrow(/architecture object/);
  });

  it('has a fast "shuffle" variant under 12,000 weights with over 3× fewer multiply-adds per pixel', () => {
    expect(paramCount(FAST_ARCH)).toBe(11_310);
    expect(paramCount(FAST_ARCH)).toBeLessThanOrEqual(12_000);
    expect(macsPerPixel(JOHNSON_ARCH) / macsPerPixel(FAST_ARCH)).toBeGreaterThan(3);
    expect(Math.round(macsPerPixel(FAST_ARCH))).toBe(1343);
    const layers = convLayers(FAST_ARCH);
    expect(layers.map((l) => l.name)).toEqual(['c1', 'c2', 'r0a', 'r0b', 'r1a', 'r1b', 'r2a', 'r2b', 'u1', 'out']);
    expect(layers[0]?.inChannels).toBe(12); // space-to-depth of RGB in 2×2 cells
    expect(layers.at(-1)?.outChannels).toBe(12); // depth-to-space back to RGB
    expect(validateArchSpec({ ...FAST_ARCH })).toEqual(FAST_ARCH);
  });
});
