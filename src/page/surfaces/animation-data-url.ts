/** Painted animation frames as one animated WebP data: URL (see animated-webp.ts for why an animated picture). */
import type { AnimationTiming } from '../../shared/animation';
import type { RgbaImage } from '../../shared/image';
import { yieldToMain } from '../yield';
import { muxAnimatedWebp } from './animated-webp';
import { imageDataOf } from './image-data';

/** The quality of still results (data-url.ts), so a painted animation looks like a painted picture. */
const QUALITY = 0.95;

async function encodeStill(canvas: HTMLCanvasElement, px: RgbaImage): Promise<Uint8Array> {
  const ctx = canvas.getContext('2d');
  if (!ctx) throw new Error('no 2D canvas');
  ctx.putImageData(imageDataOf(px), 0, 0);
  const blob = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, 'image/webp', QUALITY));
  // Firefox and Chromium encode WebP; a browser that falls back to PNG cannot make the animation.
  if (blob?.type !== 'image/webp') throw new Error('the browser could not encode a frame as WebP');
  return bytesOf(await readAs(blob));
}

/**
 * The blob's bytes as a data: URL string. Not blob.arrayBuffer(): in a Firefox content script the
 * canvas's blob and its buffer belong to the page, and reading them through Xray wrappers fails
 * ("Permission denied to access property constructor"); a string crosses compartments as a copy.
 */
function readAs(blob: Blob): Promise<string> {
  return new Promise<string>((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(reader.result as string);
    reader.onerror = () => reject(reader.error ?? new Error('encoding failed'));
    reader.readAsDataURL(blob);
  });
}

function bytesOf(dataUrl: string): Uint8Array {
  const binary = atob(dataUrl.slice(dataUrl.indexOf(',') + 1));
  const out = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) out[i] = binary.charCodeAt(i);
  return out;
}

export async function animationToDataUrl(frames: RgbaImage[], timing: AnimationTiming): Promise<string> {
  return readAs(new Blob([(await animationToWebp(frames, timing)) as BlobPart], { type: 'image/webp' }));
}

/** Painted frames as one animated WebP file (also what "Save stylized image" writes for an animation). */
export async function animationToWebp(frames: RgbaImage[], timing: AnimationTiming): Promise<Uint8Array> {
  const first = frames[0];
  if (!first) throw new Error('expected painted frames, found none');
  const canvas = document.createElement('canvas');
  canvas.width = first.width;
  canvas.height = first.height;
  const stills: Uint8Array[] = [];
  for (const frame of frames) {
    stills.push(await encodeStill(canvas, frame));
    await yieldToMain(); // one frame's encode per task: no long tasks on the page's main thread
  }
  return muxAnimatedWebp(stills, first.width, first.height, timing);
}
