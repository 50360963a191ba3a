/**
 * Bounds on an animated picture, checked from its header before any frame is
 * decoded (#27): a 2 KB GIF can declare thousands of frames of 4000×4000,
 * each of which a decoder would composite in full. Refused animations are
 * left as they are on the page (kind `skipped`: still moving, not an error),
 * with the reason naming the cap; never frozen on one frame.
 */
import type { Refusal } from '../messaging/protocol';
import { reasoned } from '../messaging/reasons';
import type { AnimationTiming } from '../shared/animation';

/** More frames than a 50 s animation at 10 fps: beyond that the painted copy would not be worth its wait. */
export const MAX_ANIMATION_FRAMES = 500;

/** Frames × intrinsic pixels decoded for one animation: 150 MP (e.g. 500 frames of 550×550, 40 of 1920×1080), ~600 MB decoded in all. */
export const MAX_ANIMATION_DECODE_PIXELS = 150_000_000;

/** Why an animation must not be decoded frame by frame, or null. */
export function refuseAnimation(timing: AnimationTiming, width: number, height: number): Refusal | null {
  const frames = timing.delaysMs.length;
  if (frames > MAX_ANIMATION_FRAMES)
    return reasoned(
      'skipped',
      'reasonAnimationTooManyFrames',
      `animated image: left as it is (expected at most ${MAX_ANIMATION_FRAMES} frames to paint, found ${frames})`,
      MAX_ANIMATION_FRAMES,
      frames,
    );
  const pixels = frames * width * height;
  if (pixels > MAX_ANIMATION_DECODE_PIXELS)
    return reasoned(
      'skipped',
      'reasonAnimationTooManyPixels',
      `animated image: left as it is (${frames} frames of ${width}×${height} are ${Math.round(pixels / 1e6)} megapixels to decode, more than ${MAX_ANIMATION_DECODE_PIXELS / 1e6})`,
      frames,
      `${width}×${height}`,
      Math.round(pixels / 1e6),
      MAX_ANIMATION_DECODE_PIXELS / 1e6,
    );
  return null;
}
