/**
 * Which elements Brushwork is working on, and which elements it wrote to for
 * each (an <img> and its <source>s, or a background element), so that the
 * page's own mutations can be told from Brushwork's.
 */
import type { ImageState, StateCounts } from '../../messaging/protocol';
import { emptyCounts } from '../../messaging/protocol';
import type { AnimationTiming } from '../../shared/animation';
import type { RgbaImage } from '../../shared/image';
import { isBackgroundPicture } from '../mode/pictures';
import { type BackgroundMode, BackgroundSurface } from '../surfaces/background-surface';
import { ImgSurface } from '../surfaces/img-surface';
import type { Surface } from '../surfaces/surface';
import { VideoSurface } from '../surfaces/video-surface';
import type { VideoPainterContext } from '../video/painter';

/**
 * A repainted picture's pixels, kept for re-blending. The original is decoded
 * only when a blend needs it (intensity below 1, or the photo's colours kept):
 * at the default look the stylized picture is shown as it is (#21).
 */
export interface KeptResult {
  stylized: RgbaImage;
  /** The original pixels, once decoded (or as the runtime sent them). */
  original?: RgbaImage;
  /** The page's own bytes of the picture, to decode the original from when it is first needed. */
  originalBytes?: Uint8Array;
  styleId: string;
  density: number;
  /** An animated picture (#27): every frame's pixels, the first of which are also `original`/`stylized` above. */
  animation?: { timing: AnimationTiming; frames: { original: RgbaImage; stylized: RgbaImage }[] };
}

export interface Tracked {
  /** Unique per record, for byte-bounded bookkeeping. */
  key: string;
  surface: Surface;
  /** The picture's own URL (before we touched it). */
  url: string;
  state: ImageState;
  jobId?: string;
  /** Bumped by every restore or restart, so late results for an old request are dropped. */
  generation: number;
  result?: KeptResult;
  /** When the page replaced this picture (framework re-renders), for the re-apply cap. */
  pageChanges: number[];
  /** A style chosen for this picture alone (context menu "Stylize image ▸ <style>"): the page's style does not change it. */
  styleOverride?: string;
  /** Withdraws an animation's frame jobs still out (#27); set while its frames are being painted. */
  cancelFrames?: () => void;
}

export class SurfaceRegistry {
  readonly tracked = new Map<Element, Tracked>();
  private nextKey = 0;
  /** Image or <source> → the record whose attributes Brushwork wrote on it. */
  private readonly owners = new WeakMap<Element, Tracked>();

  constructor(
    private readonly backgroundMode: (el: Element) => BackgroundMode,
    private readonly videoContext: () => Omit<VideoPainterContext, 'report'> = () => {
      throw new Error('expected a video context, found none');
    },
  ) {}

  private surfaceFor(el: Element): Surface {
    if (el instanceof HTMLVideoElement) return new VideoSurface(el, this.videoContext);
    // An <img> showing a spacer with a CSS background picture is repainted through its background.
    if (el instanceof HTMLImageElement && !isBackgroundPicture(el)) return new ImgSurface(el);
    return new BackgroundSurface(el as HTMLElement, () => this.backgroundMode(el));
  }

  get(el: Element): Tracked | undefined {
    return this.tracked.get(el);
  }

  /** The record for `el`, created (with its surface) on first use. */
  track(el: Element): Tracked {
    let t = this.tracked.get(el);
    if (!t) {
      const surface = this.surfaceFor(el);
      t = { key: String(this.nextKey++), surface, url: surface.pictureUrl(), state: 'pending', generation: 0, pageChanges: [] };
      this.tracked.set(el, t);
      for (const w of surface.writtenElements()) this.owners.set(w, t);
    }
    return t;
  }

  forget(el: Element): void {
    this.tracked.delete(el);
  }

  /** The tracked surface Brushwork wrote `el` for (an <img>, its <source>, or a background element). */
  ownerOf(el: Element): Tracked | undefined {
    const t = this.owners.get(el);
    return t && this.tracked.get(t.surface.el) === t ? t : undefined;
  }

  /** Images whose picture is `srcUrl` (before or after stylizing). */
  findBySrc(srcUrl: string, root: ParentNode = document): HTMLImageElement[] {
    const out: HTMLImageElement[] = [];
    for (const img of root.querySelectorAll('img')) {
      const t = this.tracked.get(img);
      if (img.currentSrc === srcUrl || img.src === srcUrl || t?.url === srcUrl) out.push(img);
    }
    return out;
  }

  /** Videos whose source is `srcUrl` (the context menu on a video, #27). */
  findVideosBySrc(srcUrl: string, root: ParentNode = document): HTMLVideoElement[] {
    return [...root.querySelectorAll('video')].filter((v) => v.currentSrc === srcUrl || v.src === srcUrl);
  }

  /** Whether any video is tracked (while one is, the frame channel stays open). */
  hasVideos(): boolean {
    for (const t of this.tracked.values()) if (t.surface.kind === 'video') return true;
    return false;
  }

  counts(): StateCounts {
    const c = emptyCounts();
    for (const t of this.tracked.values()) c[t.state]++;
    c.videos = this.paintedVideos();
    return c;
  }

  /** Videos being painted live (#27): the status line and badge count them apart from pictures. */
  paintedVideos(): number {
    let n = 0;
    for (const t of this.tracked.values()) if (t.surface.kind === 'video' && t.state === 'done') n++;
    return n;
  }
}
