/**
 * One frame of an animated GIF, WebP or APNG, decoded with WebCodecs'
 * ImageDecoder (#27) where the engines run: hostile bytes are decoded off the
 * page, like every still picture. createImageBitmap gives only the first
 * frame; ImageDecoder gives each frame composited (GIF disposal and APNG
 * blending applied), at the picture's own size, then scaled here.
 */
import { BrushworkError, refusalError } from '../../messaging/errors';
import { reasoned } from '../../messaging/reasons';
import { sha256Hex } from '../../shared/digest';
import type { RgbaImage } from '../../shared/image';

/** MIME types ImageDecoder is asked to read, by the kind the header found. */
const MIME: Record<string, string> = { gif: 'image/gif', png: 'image/png', webp: 'image/webp' };

export const hasImageDecoder = (): boolean => typeof (globalThis as { ImageDecoder?: unknown }).ImageDecoder === 'function';

/**
 * The decoder of the animation this engine painted last. A fresh ImageDecoder
 * for frame n decodes frames 0…n again (GIF frames build on the ones before),
 * so an animation's frames would cost n²/2 decodes; one decoder kept per
 * engine makes it n. Keyed by the bytes' digest, never by URL: two sites'
 * pictures at one address must not share frames. A frame it already gave is
 * asked of a fresh decoder: Firefox ESR 153 answers a second decode of one
 * frame index with a frame whose pixels went with the first one's close()
 * ("Passed-in video frame is broken" when drawn; a page's first look and its
 * full size both paint frame 0).
 */
let kept: { digest: string; decoder: ImageDecoder; given: Set<number> } | null = null;

async function decoderFor(bytes: Uint8Array, kind: string, frame: number): Promise<ImageDecoder> {
  const type = MIME[kind];
  if (!type)
    throw refusalError(
      reasoned(
        'skipped',
        'reasonAnimationUndecodable',
        `animated ${kind.toUpperCase()}: left as it is (its frames cannot be decoded here)`,
        kind.toUpperCase(),
      ),
    );
  const digest = await sha256Hex(bytes);
  if (kept?.digest === digest && !kept.given.has(frame)) {
    kept.given.add(frame);
    return kept.decoder;
  }
  kept?.decoder.close();
  kept = null;
  const decoder = new ImageDecoder({ data: bytes.slice(), type, preferAnimation: true });
  await decoder.tracks.ready;
  kept = { digest, decoder, given: new Set([frame]) };
  return decoder;
}

/** One frame at a time per engine: a second job must not close the kept decoder under the first. */
let turn: Promise<unknown> = Promise.resolve();

export function decodeFrameAtSize(bytes: Uint8Array, kind: string, frame: number, width: number, height: number): Promise<RgbaImage> {
  const mine = turn.then(() => decodeFrame(bytes, kind, frame, width, height));
  turn = mine.catch(() => undefined);
  return mine;
}

async function decodeFrame(bytes: Uint8Array, kind: string, frame: number, width: number, height: number): Promise<RgbaImage> {
  let image: VideoFrame;
  try {
    const decoder = await decoderFor(bytes, kind, frame);
    image = (await decoder.decode({ frameIndex: frame, completeFramesOnly: true })).image;
  } catch (e) {
    if (e instanceof BrushworkError) throw e;
    kept?.decoder.close();
    kept = null;
    throw new BrushworkError('unreadable', `frame ${frame + 1} of this animation could not be decoded (corrupt or unsupported file)`);
  }
  try {
    return scaledPixels(image, width, height);
  } finally {
    image.close();
  }
}

/** The frame at width×height, read back as RGBA. */
function scaledPixels(image: VideoFrame, width: number, height: number): RgbaImage {
  const canvas = new OffscreenCanvas(width, height);
  const ctx = canvas.getContext('2d', { willReadFrequently: true });
  if (!ctx) throw new BrushworkError('engine', 'no 2D canvas available to read the frame');
  ctx.imageSmoothingQuality = 'high';
  ctx.drawImage(image, 0, 0, width, height);
  return { width, height, data: ctx.getImageData(0, 0, width, height).data };
}
