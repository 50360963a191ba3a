import { describe, expect, it } from 'vitest';
import { backgroundDrawSize, backgroundLayout, singleBackgroundUrl } from '../../src/page/surfaces/background-layout';

const box = { width: 300, height: 200 };
const natural = { width: 200, height: 150 };

describe('CSS background geometry', () => {
  it('sizes cover, contain, auto and explicit lengths like the browser', () => {
    expect(backgroundDrawSize(box, natural, 'cover')).toEqual({ width: 300, height: 225 });
    const contain = backgroundDrawSize(box, natural, 'contain');
    expect(contain.width).toBeCloseTo(266.667, 2);
    expect(contain.height).toBeCloseTo(200, 6);
    expect(backgroundDrawSize(box, natural, 'auto')).toEqual(natural);
    expect(backgroundDrawSize(box, natural, '100px 75px')).toEqual({ width: 100, height: 75 });
    expect(backgroundDrawSize(box, natural, '50% auto')).toEqual({ width: 150, height: 112.5 });
    expect(backgroundDrawSize(box, natural, 'auto 100px').width).toBeCloseTo(133.333, 2);
  });

  it('positions by percentage of the free space or by pixels, and reads repeat', () => {
    expect(backgroundLayout(box, natural, { size: 'cover', position: '50% 50%', repeat: 'no-repeat' })).toEqual({
      x: 0,
      y: -12.5,
      width: 300,
      height: 225,
      repeatX: false,
      repeatY: false,
    });
    expect(backgroundLayout(box, natural, { size: '100px 75px', position: '10px 0%', repeat: 'repeat' })).toMatchObject({
      x: 10,
      y: 0,
      repeatX: true,
      repeatY: true,
    });
    expect(backgroundLayout(box, natural, { size: 'auto', position: '0% 0%', repeat: 'repeat-x' })).toMatchObject({
      repeatX: true,
      repeatY: false,
    });
    expect(backgroundLayout(box, natural, { size: 'auto', position: '0% 0%', repeat: 'repeat-y' })).toMatchObject({
      repeatX: false,
      repeatY: true,
    });
  });

  it('takes a single url() layer only', () => {
    expect(singleBackgroundUrl('url("https://a.example/x.png")')).toBe('https://a.example/x.png');
    expect(singleBackgroundUrl('url(/x.png)')).toBe('/x.png');
    expect(singleBackgroundUrl('none')).toBeNull();
    expect(singleBackgroundUrl('linear-gradient(red, blue)')).toBeNull();
    expect(singleBackgroundUrl('url(a.png), url(b.png)')).toBeNull();
    expect(singleBackgroundUrl('linear-gradient(rgba(0, 0, 0, 0.5), red), url(a.png)')).toBeNull();
  });
});
