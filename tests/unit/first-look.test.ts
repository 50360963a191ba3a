/** First looks (#21): half the width and height for the first pictures page mode sends, a budget reset per start. */
import { describe, expect, it } from 'vitest';
import { FIRST_LOOK_MIN_PIXELS, FIRST_LOOKS, FirstLooks, firstLookSize } from '../../src/page/controller/first-look';

describe('firstLookSize', () => {
  it('halves width and height and the density with them, so the layout box stays', () => {
    expect(firstLookSize({ width: 400, height: 300, density: 1 })).toEqual({ width: 200, height: 150, density: 0.5 });
    expect(firstLookSize({ width: 801, height: 601, density: 2 })).toEqual({ width: 401, height: 301, density: (2 * 401) / 801 });
  });

  it('gives none for a picture already quick at full size', () => {
    expect(firstLookSize({ width: 159, height: 120, density: 1 })).toBeNull();
    expect(FIRST_LOOK_MIN_PIXELS).toBe(160 * 120);
    expect(firstLookSize({ width: 160, height: 120, density: 1 })).not.toBeNull();
  });
});

describe('FirstLooks', () => {
  it('gives none before page mode starts, FIRST_LOOKS after each start, and spends none on small pictures', () => {
    const looks = new FirstLooks();
    const big = { width: 400, height: 300, density: 1 };
    expect(looks.take(big)).toBeNull();
    looks.reset();
    expect(looks.take({ width: 40, height: 40, density: 1 })).toBeNull();
    const taken = Array.from({ length: FIRST_LOOKS + 2 }, () => looks.take(big)).filter(Boolean);
    expect(taken).toHaveLength(FIRST_LOOKS);
    looks.reset();
    expect(looks.take(big)).not.toBeNull();
  });
});
