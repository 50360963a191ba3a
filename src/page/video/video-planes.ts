/**
 * A playing video's current frame as its own YUV 4:2:0 planes (#27): a
 * WebCodecs `VideoFrame` made from the <video> is a reference to the decoded
 * frame (0.1 ms) and `copyTo` copies its planes (0.5 ms for 1280×720), where
 * `createImageBitmap(video, { resizeWidth, resizeHeight })` converts and
 * resizes the whole frame synchronously on the page's main thread (6–23 ms
 * for 1280×720, src/shared/yuv.ts). The engine converts and resizes.
 *
 * Firefox ESR 153 gives BGRA/BGRX frames from a <video>, already converted:
 * those are copied as they are (one packed plane, 4 bytes a pixel) and
 * resized in the engine too (src/shared/packed-rgb.ts).
 *
 * Rejects (and the painter falls back to bitmaps for good) when the frame is
 * neither I420/NV12 nor packed 8-bit RGB (a GPU-only frame, 4:4:4, 10-bit),
 * a YUV frame's matrix is neither BT.709 nor BT.601, or it is rotated or flipped. A frame the page could not
 * read throws here as createImageBitmap would (readable.ts refuses those first).
 */
import type { RgbFrame, YuvFrame } from '../../messaging/video-channel';
import { PACKED_FORMATS, type PackedFormat } from '../../shared/packed-rgb';
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

const isPacked = (format: string | null): format is PackedFormat => PACKED_FORMATS.includes(format as PackedFormat);

/** A packed frame's pixels in one buffer, as they are. */
async function copyPacked(frame: VideoFrame, format: PackedFormat, box: DOMRectInit & { width: number; height: number }) {
  const data = new ArrayBuffer(frame.allocationSize({ rect: box }));
  const [layout] = await frame.copyTo(data, { rect: box });
  const { offset, stride } = layout ?? { offset: 0, stride: box.width * 4 };
  return { kind: 'rgb', format, width: box.width, height: box.height, offset, stride, data } satisfies RgbFrame;
}

export async function copyVideoPlanes(video: HTMLVideoElement): Promise<YuvFrame | RgbFrame> {
  const frame = new VideoFrame(video, { timestamp: 0 });
  try {
    const turned = frame as VideoFrame & { rotation?: number; flip?: boolean };
    const rect = frame.visibleRect;
    if (isPacked(frame.format) && rect && !turned.rotation && !turned.flip)
      return await copyPacked(frame, frame.format, { x: rect.x, y: rect.y, width: rect.width, height: rect.height });
    const format = frame.format === 'I420' || frame.format === 'I420A' ? 'I420' : frame.format === 'NV12' ? 'NV12' : null;
    const matrix = matrixOf(frame);
    if (!format || !matrix || !rect || turned.rotation || turned.flip)
      throw new PlanesUnsupported(
        `expected an I420 or NV12 frame in BT.709 or BT.601, or a packed RGB one, found ${frame.format} in ${frame.colorSpace?.matrix}`,
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
