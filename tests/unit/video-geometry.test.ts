import { describe, expect, it } from 'vitest';
import { contentBox, paintSize, pictureRect } from '../../src/page/video/geometry';

const natural = { width: 640, height: 360 };

describe('video geometry (#27)', () => {
  it('takes borders and padding off the border box', () => {
    expect(contentBox({ x: 10, y: 20, width: 300, height: 200 }, { top: 5, right: 7, bottom: 3, left: 2 })).toEqual({
      x: 12,
      y: 25,
      width: 291,
      height: 192,
    });
  });

  it('letterboxes with contain: the picture centred, bars above and below', () => {
    expect(pictureRect(natural, { width: 400, height: 400 }, 'contain')).toEqual({ x: 0, y: 87.5, width: 400, height: 225 });
    expect(pictureRect(natural, { width: 800, height: 225 }, 'contain')).toEqual({ x: 200, y: 0, width: 400, height: 225 });
  });

  it('crops with cover: the picture overflows the box, centred', () => {
    expect(pictureRect(natural, { width: 400, height: 400 }, 'cover')).toEqual({
      x: -155.55555555555554,
      y: 0,
      width: 711.1111111111111,
      height: 400,
    });
  });

  it('stretches with fill, keeps the natural size with none, and shrinks only with scale-down', () => {
    expect(pictureRect(natural, { width: 300, height: 300 }, 'fill')).toEqual({ x: 0, y: 0, width: 300, height: 300 });
    expect(pictureRect(natural, { width: 1000, height: 1000 }, 'none')).toEqual({ x: 180, y: 320, width: 640, height: 360 });
    expect(pictureRect(natural, { width: 1000, height: 1000 }, 'scale-down')).toEqual({ x: 180, y: 320, width: 640, height: 360 });
    expect(pictureRect(natural, { width: 320, height: 320 }, 'scale-down')).toEqual({ x: 0, y: 70, width: 320, height: 180 });
  });

  it('honours object-position: percentages, lengths and keywords in either order', () => {
    expect(pictureRect(natural, { width: 400, height: 400 }, 'contain', '0% 100%')).toEqual({ x: 0, y: 175, width: 400, height: 225 });
    expect(pictureRect(natural, { width: 400, height: 400 }, 'contain', '10px 20px')).toEqual({ x: 10, y: 20, width: 400, height: 225 });
    expect(pictureRect(natural, { width: 400, height: 400 }, 'contain', 'top left')).toEqual({ x: 0, y: 0, width: 400, height: 225 });
    expect(pictureRect(natural, { width: 400, height: 400 }, 'contain', 'bottom')).toEqual({ x: 0, y: 175, width: 400, height: 225 });
  });

  it('paints at the displayed size in device pixels, never above the frame or the size cap', () => {
    expect(paintSize(natural, { width: 320, height: 180 }, 1, 640)).toEqual({ width: 320, height: 180 });
    expect(paintSize(natural, { width: 320, height: 180 }, 2, 640)).toEqual({ width: 640, height: 360 });
    expect(paintSize(natural, { width: 1280, height: 720 }, 1, 640)).toEqual({ width: 640, height: 360 });
    expect(paintSize({ width: 1280, height: 720 }, { width: 1280, height: 720 }, 1, 640)).toEqual({ width: 640, height: 360 });
    expect(paintSize({ width: 720, height: 1280 }, { width: 720, height: 1280 }, 1, 480)).toEqual({ width: 270, height: 480 });
    expect(paintSize(natural, { width: 0, height: 180 }, 1, 640)).toBeNull();
  });
});
