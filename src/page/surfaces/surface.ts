/**
 * A surface is one place a picture is shown: an <img> (with its <picture>
 * sources), an element's CSS background, or a <video> (a live surface). The controller stylizes surfaces;
 * each surface knows how to measure its picture, show a result without
 * moving anything, tell its own writes from the page's, and restore exactly.
 */
import type { ImageState, Refusal } from '../../messaging/protocol';
import type { AnimationTiming } from '../../shared/animation';
import type { RgbaImage } from '../../shared/image';

export interface Size {
  width: number;
  height: number;
}

export interface Measure {
  /** The picture's intrinsic size in CSS px. */
  natural: Size;
  /** The size it covers on screen, in CSS px. */
  box: Size;
}

/**
 * A surface that paints itself, continuously (a <video>, #27): the
 * controller starts it once measured instead of running one job, and it
 * reports its own state as frames are painted or refused.
 */
export interface LiveSurface {
  /** `styleOverride`: a style chosen for this item alone (the context menu), else the page's. */
  startLive(report: (state: ImageState, reason?: string) => void, styleOverride?: string): void;
  /** The look changed: show it (a paused video repaints its frame). */
  refreshLive(): void;
}

export interface Surface {
  readonly el: Element;
  readonly kind: 'img' | 'background' | 'video';
  /** Present on surfaces that paint themselves (videos). */
  readonly live?: LiveSurface;
  /** The picture's absolute URL, as the page shows it now. */
  pictureUrl(): string;
  /** Waits for the picture, or says why it cannot be used. */
  measure(): Promise<Measure | Refusal>;
  /**
   * Shows blended pixels (`density` = result pixels per intrinsic CSS px).
   * False when the page changed the element first (the page wins and nothing
   * is painted), or when the picture was restored or `stillWanted` turned
   * false while the pixels were being encoded: a late result never paints
   * over a restored picture (#30). `stillWanted` is asked right before the
   * write, after every await.
   */
  show(pixels: RgbaImage, density: number, stillWanted?: () => boolean): Promise<boolean>;
  /**
   * Shows an animated picture's painted frames, looping with the original's timing (#27). Absent where
   * a surface can show still pictures only: the animation is then left as it is, with the reason.
   * False when the page changed the element first, as for `show`; null, showing nothing, when
   * `stillWanted` turned false while the frames were encoded (a newer look is on its way).
   */
  showAnimation?(frames: RgbaImage[], timing: AnimationTiming, density: number, stillWanted?: () => boolean): Promise<boolean | null>;
  /**
   * Why this surface cannot show a painted animation now (a CSS background under a CSP that forbids
   * data: pictures: its canvas layer would freeze it on one frame), or null. The animation is then left
   * as it is, moving, with this reason.
   */
  animationBlocked?(): string | null;
  /**
   * Takes back what Brushwork wrote: exactly what was there before, except
   * what the page itself has written since, which stays. A show() still
   * encoding when restore() runs writes nothing.
   */
  restore(): void;
  /** Elements Brushwork wrote to (for recognizing its own mutations). */
  writtenElements(): Element[];
  /** True when the page changed nothing: everything Brushwork wrote is in place, or, before it wrote, the snapshot still holds. */
  intact(): boolean;
  /** The page replaced our picture with its own: keep the page's, drop ours, re-snapshot. */
  adoptPageChange(): void;
}
