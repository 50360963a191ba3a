/** Decodes image bytes at the size they will be shown, in the offscreen document. */

import { BrushworkError, refusalError } from '../../messaging/errors';
import { reasoned } from '../../messaging/reasons';
import { type AnimationTiming, readAnimationTiming } from '../../shared/animation';
import type { RgbaImage } from '../../shared/image';
import { refuseAnimation } from '../animation-limits';
import { MAX_DECODE_PIXELS, readImageHeader, refuseByHeader } from '../image-header';
import { decodeFrameAtSize, hasImageDecoder } from './decode-frame';

/**
 * What is decided from the bytes alone, before any decoder runs: throws the refusal, with its kind.
 * Refuses by header first (never allocate a 30,000² bitmap). An animation is painted frame by frame
 * where the browser has ImageDecoder, within the frame and pixel caps (animation-limits.ts), and
 * otherwise left as it is with the reason: replacing a GIF with one still frame would take its motion
 * away (#27). Returns the animation's timing, or null for a still picture.
 */
export function checkBeforeDecode(bytes: Uint8Array, frame = 0): AnimationTiming | null {
  const header = readImageHeader(bytes);
  const refusal = refuseByHeader(header, MAX_DECODE_PIXELS);
  if (refusal) throw refusalError(refusal);
  const timing = header.animated ? readAnimationTiming(bytes) : null;
  if (!timing) {
    if (header.animated)
      throw refusalError(
        reasoned('skipped', 'reasonAnimationUnreadable', 'animated image: left as it is (its frames could not be read from the file)'),
      );
    if (frame > 0) throw new BrushworkError('invalid', `expected an animation for frame ${frame + 1}, found a still picture`);
    return null;
  }
  const tooMuch = refuseAnimation(timing, header.width as number, header.height as number);
  if (tooMuch) throw refusalError(tooMuch);
  if (frame >= timing.delaysMs.length)
    throw new BrushworkError('invalid', `expected a frame number below ${timing.delaysMs.length}, found ${frame + 1}`);
  if (!hasImageDecoder())
    throw refusalError(
      reasoned(
        'skipped',
        'reasonAnimationNoDecoder',
        'animated image: left as it is (this browser has no ImageDecoder to read its frames)',
      ),
    );
  return timing;
}

/** `frame`: which frame of an animation (0 for a still picture or an animation's first frame). */
export async function decodeAtSize(bytes: Uint8Array, width: number, height: number, frame = 0): Promise<RgbaImage> {
  const timing = checkBeforeDecode(bytes, frame);
  if (timing) return decodeFrameAtSize(bytes, readImageHeader(bytes).kind, frame, width, height);
  let bitmap: ImageBitmap;
  try {
    bitmap = await createImageBitmap(new Blob([bytes as BlobPart]), {
      resizeWidth: width,
      resizeHeight: height,
      resizeQuality: 'high',
      premultiplyAlpha: 'none',
      imageOrientation: 'from-image',
    });
  } catch {
    throw new BrushworkError('unreadable', 'this image could not be decoded (corrupt or unsupported file)');
  }
  try {
    const canvas = new OffscreenCanvas(width, height);
    const ctx = canvas.getContext('2d', { willReadFrequently: true });
    if (!ctx) throw new BrushworkError('engine', 'no 2D canvas available to read the image');
    ctx.drawImage(bitmap, 0, 0, width, height);
    const data = ctx.getImageData(0, 0, width, height);
    return { width, height, data: data.data };
  } finally {
    bitmap.close();
  }
}
