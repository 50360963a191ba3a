/**
 * A playing video's current frame as its own YUV 4:2:0 planes (#27): a
 * WebCodecs `VideoFrame` made from the <video> is a reference to the decoded
 * frame (0.1 ms) and `copyTo` copies its planes (0.5 ms for 1280×720), where
 * `createImageBitmap(video, { resizeWidth, resizeHeight })` converts and
 * resizes the whole frame synchronously on the page's main thread (6–23 ms
 * for 1280×720, src/shared/yuv.ts). The engine converts and resizes.
 *
 * Rejects (and the painter falls back to bitmaps for good) when the frame is
 * not I420/NV12 (a GPU-only frame, 4:4:4, 10-bit; Firefox ESR 153 gives BGRA
 * frames from a <video>, already converted: there `new VideoFrame(video)` plus
 * `copyTo` of the 4-byte pixels took 10.6 ms of the main thread a 1280×720
 * frame against 7.2 ms for `createImageBitmap` resizing it, 6.0 against 3.8 ms
 * at 854×480 — copyTo is synchronous there — and the larger buffer costs more
 * to post to the engine, so packed frames stay bitmaps: docs/performance.md),
 * its matrix is neither
 * BT.709 nor BT.601, or it is rotated or flipped. A frame the page could not
 * read throws here as createImageBitmap would (readable.ts refuses those first).
 */
import type { YuvFrame } from '../../messaging/video-channel';
import type { YuvMatrix } from '../../shared/yuv';

/** The frame's matrix, or null when we do not convert it. Unspecified: BT.601 for SD, BT.709 above (the usual convention). */
function matrixOf(frame: VideoFrame): YuvMatrix | null {
  const m = frame.colorSpace?.matrix;
  if (m === 'bt709') return 'bt709';
  if (m === 'bt470bg' || m === 'smpte170m') return 'bt601';
  if (m === null || m === undefined) return frame.visibleRect && frame.visibleRect.height > 576 ? 'bt709' : 'bt601';
  return null;
}

/** This browser's frames of this video are not planes we convert: bitmaps from now on (other failures may pass). */
export class PlanesUnsupported extends Error {}

export async function copyVideoPlanes(video: HTMLVideoElement): Promise<YuvFrame> {
  const frame = new VideoFrame(video, { timestamp: 0 });
  try {
    const format = frame.format === 'I420' || frame.format === 'I420A' ? 'I420' : frame.format === 'NV12' ? 'NV12' : null;
    const matrix = matrixOf(frame);
    const turned = frame as VideoFrame & { rotation?: number; flip?: boolean };
    const rect = frame.visibleRect;
    if (!format || !matrix || !rect || turned.rotation || turned.flip)
      throw new PlanesUnsupported(
        `expected an I420 or NV12 frame in BT.709 or BT.601, found ${frame.format} in ${frame.colorSpace?.matrix}`,
      );
    const box = { x: rect.x, y: rect.y, width: rect.width, height: rect.height };
    const data = new ArrayBuffer(frame.allocationSize({ rect: box }));
    const layout = await frame.copyTo(data, { rect: box });
    return {
      kind: 'yuv',
      format,
      width: box.width,
      height: box.height,
      // I420A's fourth (alpha) plane is left out: a video's picture is shown opaque.
      planes: layout.slice(0, format === 'I420' ? 3 : 2).map((p) => ({ offset: p.offset, stride: p.stride })),
      data,
      matrix,
      fullRange: frame.colorSpace?.fullRange === true,
    };
  } finally {
    frame.close();
  }
}
