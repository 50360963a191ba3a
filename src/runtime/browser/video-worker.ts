/**
 * A video engine (#27): one worker with its own WASM instance, fed frames
 * by the content script over a private MessagePort (src/messaging/video-channel.ts).
 * A frame arrives as an ImageBitmap already at the size to paint; its pixels
 * are read on an OffscreenCanvas, stylized, blended at the page's look and
 * sent back as an ImageBitmap, transferred both ways (no copy through the
 * extension's messaging, no JSON).
 */
import { errorMessage, kindOf } from '../../messaging/errors';
import { closeFrame, type FromVideoEngine, type ToVideoEngine, validFrameRequest } from '../../messaging/video-channel';
import { blend, type RgbaImage } from '../../shared/image';
import { yuvToRgba } from '../../shared/yuv';
import { checkRunSize } from '../run-limits';
import { stylizeImage } from '../stylize-image';
import { type StartedEngine, startEngine } from './engine-start';

export interface VideoWorkerInit {
  kind: 'init';
  wasmBaseUrl: string;
  packageBaseUrl: string;
  port: MessagePort;
}

interface WorkerScope {
  onmessage: ((event: MessageEvent<VideoWorkerInit>) => void) | null;
}

/** Reads an ImageBitmap's pixels (and closes it: its GPU memory is freed at once). */
function pixelsOf(frame: ImageBitmap, canvas: OffscreenCanvas): RgbaImage {
  const { width, height } = frame;
  if (canvas.width !== width || canvas.height !== height) {
    canvas.width = width;
    canvas.height = height;
  }
  const ctx = canvas.getContext('2d', { willReadFrequently: true }) as OffscreenCanvasRenderingContext2D;
  ctx.drawImage(frame, 0, 0);
  frame.close();
  const data = ctx.getImageData(0, 0, width, height).data;
  return { width, height, data };
}

/** A frame's pixels at the size to paint: a bitmap read as it is, YUV planes converted and resized here. */
function framePixels(msg: ToVideoEngine, canvas: OffscreenCanvas): RgbaImage {
  const f = msg.frame;
  if (f instanceof ImageBitmap) return pixelsOf(f, canvas);
  const size = msg.size as { width: number; height: number }; // validFrameRequest checked it
  return yuvToRgba({ ...f, data: new Uint8Array(f.data) }, size.width, size.height);
}

/** The size a frame will be painted at. */
function paintedSize(msg: ToVideoEngine): { width: number; height: number } {
  return msg.frame instanceof ImageBitmap ? msg.frame : (msg.size as { width: number; height: number });
}

export function serveVideoEngine(scope: WorkerScope): void {
  scope.onmessage = async ({ data: init }) => {
    if (init?.kind !== 'init' || !(init.port instanceof MessagePort)) return;
    scope.onmessage = null; // one port per worker, for its life
    const port = init.port;
    const post = (msg: FromVideoEngine, transfer: Transferable[] = []) => port.postMessage(msg, transfer);
    let engine: StartedEngine;
    try {
      engine = await startEngine(init);
    } catch (e) {
      post({ kind: 'failed', id: null, error: errorMessage(e), errorKind: kindOf(e, 'engine') });
      return;
    }
    const canvas = new OffscreenCanvas(1, 1);
    port.onmessage = async ({ data }) => {
      const msg = validFrameRequest(data);
      if (!msg) {
        const bad = (data ?? {}) as { frame?: unknown; id?: unknown };
        if (bad.frame instanceof ImageBitmap) bad.frame.close();
        // Answered by its id when it has one (id null would mean the engine itself failed); else dropped.
        if (Number.isSafeInteger(bad.id))
          post({
            kind: 'failed',
            id: bad.id as number,
            error: 'expected a video frame request, found something else',
            errorKind: 'invalid',
          });
        return;
      }
      try {
        const size = paintedSize(msg);
        checkRunSize(size.width, size.height);
        const model = await engine.models.load(msg.styleId);
        const start = performance.timeOrigin + performance.now();
        const t0 = performance.now();
        const original = framePixels(msg, canvas);
        const t1 = performance.now();
        const stylized = await stylizeImage(model, original, engine.kernel);
        const t2 = performance.now();
        const intensity = Math.min(1, Math.max(0, msg.intensity));
        const shown =
          intensity >= 1 && !msg.keepColours ? stylized : blend(original, stylized, intensity, { keepColours: msg.keepColours });
        const frame = await createImageBitmap(new ImageData(shown.data as Uint8ClampedArray<ArrayBuffer>, shown.width, shown.height));
        const t3 = performance.now();
        const at = { start, end: performance.timeOrigin + performance.now() };
        post({ kind: 'painted', id: msg.id, frame, ms: { read: t1 - t0, run: t2 - t1, blend: t3 - t2 }, at }, [frame]);
      } catch (e) {
        closeFrame(msg.frame);
        post({ kind: 'failed', id: msg.id, error: errorMessage(e), errorKind: kindOf(e, 'engine') });
      }
    };
    post({ kind: 'ready' });
  };
}
