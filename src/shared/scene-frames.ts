/**
 * The project's own scene (scene.ts) as an animation: a camera panning across
 * a wider landscape, a few pixels a frame, so every frame differs from the
 * last and the first comes back when it loops. Used to make animated GIFs,
 * WebPs and clips at test and bench time; no copied media.
 */
import type { RgbaImage } from './image';
import { makeScene } from './scene';

/** `count` frames of width×height, the view moving `step` pixels to the right each frame. */
export function makeSceneFrames(width: number, height: number, count: number, step = 12): RgbaImage[] {
  const wide = makeScene(width + step * (count - 1), height);
  return Array.from({ length: count }, (_, f) => {
    const data = new Uint8ClampedArray(width * height * 4);
    for (let y = 0; y < height; y++) {
      const from = (y * wide.width + f * step) * 4;
      data.set(wide.data.subarray(from, from + width * 4), y * width * 4);
    }
    return { width, height, data };
  });
}
