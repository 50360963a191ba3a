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
import type { ErrorKind } from './protocol';

/** The word the extension frame waits for (with its one-time nonce) before it accepts a port. */
export const VIDEO_PORT_WORD = 'brushwork.video-port';

/** Content script → video engine. */
export type ToVideoEngine = {
  kind: 'frame';
  id: number;
  styleId: string;
  /** The video's frame at the size to paint (the content script resized it while capturing). */
  frame: ImageBitmap;
  intensity: number;
  keepColours: boolean;
};

/** Video engine → content script. */
export type FromVideoEngine =
  /** Sent by Brushwork's frame on each port as it takes them: the frame loaded as our own (the handshake, engine-link.ts). */
  | { kind: 'taken' }
  | { kind: 'ready' }
  | {
      kind: 'painted';
      id: number;
      frame: ImageBitmap;
      /** Milliseconds per step in the engine: read the pixels, run the model, blend (docs/performance.md). */
      ms: { read: number; run: number; blend: number };
    }
  | { kind: 'failed'; id: number | null; error: string; errorKind: ErrorKind };

/** A frame request, checked field by field; null when anything is off. */
export function validFrameRequest(value: unknown): ToVideoEngine | null {
  if (typeof value !== 'object' || value === null) return null;
  const v = value as Record<string, unknown>;
  const ok =
    v.kind === 'frame' &&
    Number.isSafeInteger(v.id) &&
    typeof v.styleId === 'string' &&
    isKnownStyleId(v.styleId) &&
    typeof ImageBitmap !== 'undefined' &&
    v.frame instanceof ImageBitmap &&
    typeof v.intensity === 'number' &&
    Number.isFinite(v.intensity) &&
    typeof v.keepColours === 'boolean';
  return ok ? (v as unknown as ToVideoEngine) : null;
}
