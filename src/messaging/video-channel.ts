/**
 * The video frame channel (#27): a private MessageChannel between a page's
 * content script and the video engine (a worker started by Brushwork's own
 * extension frame in that tab, src/runtime/browser/video-frame.ts). Frames
 * travel as transferred ImageBitmaps, never as JSON: the runtime messaging of
 * src/messaging/protocol.ts copies (Chrome serializes it), which a 30 fps
 * video cannot afford. Every message is validated on arrival, as protocol
 * messages are: the port could be reached by nothing but the content script
 * that made it, but a worker treats what arrives as hostile all the same.
 */
import { isKnownStyleId } from '../shared/catalog';
import { MAX_YUV_SIDE, type YuvFormat, type YuvMatrix, yuvPictureError } from '../shared/yuv';
import type { ErrorKind } from './protocol';

/** The word the extension frame waits for (with its one-time nonce) before it accepts a port. */
export const VIDEO_PORT_WORD = 'brushwork.video-port';

/**
 * A video frame's own YUV 4:2:0 planes (WebCodecs VideoFrame.copyTo), converted
 * and resized in the engine (src/shared/yuv.ts says why: off the page's main
 * thread). The buffer is transferred.
 */
export interface YuvFrame {
  kind: 'yuv';
  format: YuvFormat;
  width: number;
  height: number;
  planes: { offset: number; stride: number }[];
  data: ArrayBuffer;
  matrix: YuvMatrix;
  fullRange: boolean;
}

/** Content script → video engine. */
export type ToVideoEngine = {
  kind: 'frame';
  id: number;
  styleId: string;
  /**
   * The video's frame: an ImageBitmap already at the size to paint (resized
   * while capturing), or its YUV planes at the video's own size, with `size`.
   */
  frame: ImageBitmap | YuvFrame;
  /** The size to paint a YUV frame at. */
  size?: { width: number; height: number };
  intensity: number;
  keepColours: boolean;
};

/** Video engine → content script. */
export type FromVideoEngine =
  | { kind: 'ready' }
  | {
      kind: 'painted';
      id: number;
      frame: ImageBitmap;
      /** Milliseconds per step in the engine: read the pixels, run the model, blend (docs/performance.md). */
      ms: { read: number; run: number; blend: number };
      /**
       * When the worker began reading the frame and when it posted the painted one, on the clock all
       * contexts of the tab share (performance.timeOrigin + performance.now()): the two hops apart.
       */
      at?: { start: number; end: number };
    }
  | { kind: 'failed'; id: number | null; error: string; errorKind: ErrorKind };

/** What to transfer with a frame (the bitmap itself, or the planes' buffer). */
export function frameTransfer(frame: ImageBitmap | YuvFrame): Transferable[] {
  return frame instanceof ImageBitmap ? [frame] : [frame.data];
}

/** Frees a frame that will not be sent (a bitmap's memory at once; a buffer is left to the collector). */
export function closeFrame(frame: ImageBitmap | YuvFrame): void {
  if (frame instanceof ImageBitmap) frame.close();
}

function validYuvFrame(v: unknown): boolean {
  if (typeof v !== 'object' || v === null) return false;
  const f = v as Record<string, unknown>;
  if (f.kind !== 'yuv' || !(f.data instanceof ArrayBuffer)) return false;
  const planes = Array.isArray(f.planes) ? f.planes.map((p) => ({ offset: Number(p?.offset), stride: Number(p?.stride) })) : [];
  return (
    yuvPictureError({
      format: f.format as YuvFormat,
      width: f.width as number,
      height: f.height as number,
      planes,
      matrix: f.matrix as YuvMatrix,
      fullRange: f.fullRange as boolean,
      byteLength: f.data.byteLength,
    }) === null
  );
}

function validSize(v: unknown): boolean {
  const s = v as { width?: unknown; height?: unknown } | null;
  const side = (n: unknown) => Number.isSafeInteger(n) && (n as number) > 0 && (n as number) <= MAX_YUV_SIDE;
  return typeof s === 'object' && s !== null && side(s.width) && side(s.height);
}

/** A frame request, checked field by field; null when anything is off. */
export function validFrameRequest(value: unknown): ToVideoEngine | null {
  if (typeof value !== 'object' || value === null) return null;
  const v = value as Record<string, unknown>;
  const ok =
    v.kind === 'frame' &&
    Number.isSafeInteger(v.id) &&
    typeof v.styleId === 'string' &&
    isKnownStyleId(v.styleId) &&
    ((typeof ImageBitmap !== 'undefined' && v.frame instanceof ImageBitmap) || (validYuvFrame(v.frame) && validSize(v.size))) &&
    typeof v.intensity === 'number' &&
    Number.isFinite(v.intensity) &&
    typeof v.keepColours === 'boolean';
  return ok ? (v as unknown as ToVideoEngine) : null;
}
