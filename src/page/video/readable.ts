/**
 * Whether Brushwork may paint a video (#27): only when the page itself could
 * read its frames. What the page could not read must never become readable
 * through Brushwork's overlay (a canvas in the page's own DOM), so the rules
 * are decided here from what the page loaded, not from what the content
 * script could read: Firefox gives content scripts wider reading rights than
 * the page has.
 */
import { t } from '../../i18n/t';

export const REASONS = {
  drm: () => t('reasonVideoDrm'),
  fullscreen: () => t('reasonVideoFullscreen'),
  crossOrigin: () => t('reasonVideoCrossOrigin'),
  tainted: () => t('reasonVideoTainted'),
  sandboxed: () => t('reasonVideoSandboxed'),
};

/**
 * A document sandboxed without `allow-same-origin` (CSP `sandbox`, or a sandboxed iframe) has an opaque
 * origin, serialized "null": every video is another origin's to it, its own site's included.
 * `location.origin` still names the URL's site; `origin` is the document's own (in a Firefox content
 * script too, measured).
 */
const sandboxed = () => globalThis.origin === 'null';
const taintedReason = (video: HTMLVideoElement) => (taintedToPage(video) ? (sandboxed() ? REASONS.sandboxed() : REASONS.tainted()) : null);

/** The reason a loaded video must be left as it is, or null when its frames are the page's to read. */
export function unreadableReason(video: HTMLVideoElement, pageOrigin: string = location.origin): string | null {
  if (video.mediaKeys) return REASONS.drm();
  if (document.fullscreenElement === video) return REASONS.fullscreen();
  // A MediaStream (camera, canvas.captureStream), MediaSource or Blob the page attached itself.
  if (video.srcObject) return taintedReason(video);
  let url: URL;
  try {
    url = new URL(video.currentSrc, location.href);
  } catch {
    return REASONS.crossOrigin();
  }
  const sameOrigin = url.protocol === 'blob:' || url.protocol === 'data:' || url.origin === pageOrigin;
  // With a crossorigin attribute the media loads only if the server allows CORS: loaded means readable.
  if (!sameOrigin && video.crossOrigin === null) return REASONS.crossOrigin();
  // Said before any frame is tried: Chromium's readback below throws for a sandboxed page, but Firefox's
  // content scripts read the frame anyway, and the engine then refused it ("invalid transferable array").
  if (video.crossOrigin === null && url.protocol !== 'blob:' && url.protocol !== 'data:' && sandboxed()) return REASONS.sandboxed();
  return taintedReason(video);
}

/**
 * A same-origin URL can redirect to another site without CORS, which taints
 * the video. A canvas of the content script's own is tainted by the page's
 * origin rules in Chrome, so reading one pixel back tells; where it does not
 * throw (Firefox's content scripts), the URL checks above still hold.
 */
function taintedToPage(video: HTMLVideoElement): boolean {
  if (video.readyState < HTMLMediaElement.HAVE_CURRENT_DATA) return false; // nothing to read yet: checked again once there is
  const canvas = document.createElement('canvas');
  canvas.width = 1;
  canvas.height = 1;
  const ctx = canvas.getContext('2d');
  if (!ctx) return false;
  try {
    ctx.drawImage(video, 0, 0, 1, 1);
    ctx.getImageData(0, 0, 1, 1);
    return false;
  } catch {
    return true;
  }
}
