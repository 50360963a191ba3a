/**
 * The canvas a painted video is shown on (#27): inserted right after the
 * <video>, absolutely positioned exactly over its content box, so it scrolls
 * and clips with the video, stays inside a container that goes fullscreen,
 * and stays under the page's own controls that follow the video. It takes no
 * pointer events: clicks, hovers and the keyboard reach the video and the
 * page's controls as before. Every declaration is `!important` and inline,
 * so the page's stylesheets (`canvas { width: 100% }`) cannot move it. It is
 * shown exactly when the video is: a player the page hides (`visibility:
 * hidden` on it or its box, the video's own `opacity`) hides its painting too.
 * Removed on restore: the DOM is then exactly as the page last wrote it.
 */
import { contentBox, pictureRect, type Rect } from './geometry';

/** The overlay's backing store never exceeds this many pixels a side (a 4K screen at DPR 2 is 7,680). */
const MAX_BACKING_SIDE = 4096;
/**
 * The browser's own controls (`<video controls>`) are drawn inside the video, under the overlay: while
 * they show, the overlay leaves this many CSS px at the bottom uncovered (Chrome's bar is 48 px tall,
 * Firefox's 40 px).
 */
export const CONTROLS_GAP_PX = 48;

const px = (v: string) => Number.parseFloat(v) || 0;

export class VideoOverlay {
  private canvas: HTMLCanvasElement | null = null;
  private ctx: CanvasRenderingContext2D | null = null;

  constructor(private readonly video: HTMLVideoElement) {}

  get element(): HTMLCanvasElement | null {
    return this.canvas;
  }

  /** The video's content box, in viewport CSS px. */
  private videoBox(): Rect {
    const r = this.video.getBoundingClientRect();
    const s = getComputedStyle(this.video);
    return contentBox(
      { x: r.left, y: r.top, width: r.width, height: r.height },
      {
        top: px(s.borderTopWidth) + px(s.paddingTop),
        right: px(s.borderRightWidth) + px(s.paddingRight),
        bottom: px(s.borderBottomWidth) + px(s.paddingBottom),
        left: px(s.borderLeftWidth) + px(s.paddingLeft),
      },
    );
  }

  /** The picture's rectangle inside the content box (object-fit, object-position). */
  picture(): Rect {
    const box = this.videoBox();
    const s = getComputedStyle(this.video);
    return pictureRect({ width: this.video.videoWidth, height: this.video.videoHeight }, box, s.objectFit, s.objectPosition);
  }

  private create(): HTMLCanvasElement {
    const c = document.createElement('canvas');
    c.setAttribute('aria-hidden', 'true');
    const set = (name: string, value: string) => c.style.setProperty(name, value, 'important');
    for (const [name, value] of [
      ['position', 'absolute'],
      ['pointer-events', 'none'],
      ['margin', '0'],
      ['padding', '0'],
      ['border', '0'],
      ['display', 'block'],
      // The video's parent's visibility, as the video's own (followShown() says when the video has its own).
      ['visibility', 'inherit'],
      ['opacity', '1'],
      ['transform', 'none'],
      ['max-width', 'none'],
      ['max-height', 'none'],
      ['left', '0px'],
      ['top', '0px'],
    ])
      set(name as string, value as string);
    // Same stacking as the video: a positioned video with a z-index would otherwise paint over its overlay.
    const z = getComputedStyle(this.video).zIndex;
    if (z !== 'auto') set('z-index', z);
    this.video.after(c);
    this.canvas = c;
    this.ctx = c.getContext('2d');
    this.followShown();
    return c;
  }

  /**
   * Shows the overlay as the video is shown, and says whether it is: the
   * video's own visibility where the page set one apart from its parent's
   * (the overlay, a sibling, inherits the parent's: a hidden box hides both
   * at once, with no script), and the video's own opacity (not inherited).
   */
  followShown(): boolean {
    const own = getComputedStyle(this.video);
    const parent = this.video.parentElement;
    const inherited = parent ? getComputedStyle(parent).visibility : 'visible';
    const c = this.canvas;
    if (c) {
      const set = (name: string, value: string) => {
        if (c.style.getPropertyValue(name) !== value) c.style.setProperty(name, value, 'important');
      };
      set('visibility', own.visibility === inherited ? 'inherit' : own.visibility);
      set('opacity', own.opacity || '1');
    }
    return own.visibility !== 'hidden' && own.visibility !== 'collapse' && !(Number.parseFloat(own.opacity) <= 0);
  }

  /**
   * Puts the overlay exactly over the video's content box, wherever its
   * containing block is: placed, measured, then moved by the difference.
   */
  layout(): Rect | null {
    const c = this.canvas;
    if (!c) return null;
    const box = this.videoBox();
    // Written only when it changes: a write dirties style, and the measure below would then force the
    // page's style and layout again on every painted frame.
    const set = (name: string, value: string) => {
      if (c.style.getPropertyValue(name) !== value || c.style.getPropertyPriority(name) !== 'important')
        c.style.setProperty(name, value, 'important');
    };
    set('width', `${box.width}px`);
    set('height', `${box.height}px`);
    const at = c.getBoundingClientRect();
    const left = px(c.style.left) + box.x - at.left;
    const top = px(c.style.top) + box.y - at.top;
    if (Math.abs(box.x - at.left) > 0.1) set('left', `${left}px`);
    if (Math.abs(box.y - at.top) > 0.1) set('top', `${top}px`);
    const dpr = devicePixelRatio || 1;
    const w = Math.min(MAX_BACKING_SIDE, Math.max(1, Math.round(box.width * dpr)));
    const h = Math.min(MAX_BACKING_SIDE, Math.max(1, Math.round(box.height * dpr)));
    if (c.width !== w) c.width = w;
    if (c.height !== h) c.height = h;
    this.followShown();
    return box;
  }

  /** Shows a painted frame where the video shows its picture (upscaled as the video would be). */
  draw(frame: ImageBitmap): void {
    if (!this.canvas?.isConnected) this.create();
    const box = this.layout();
    const ctx = this.ctx;
    if (!box || !ctx || !this.canvas) return;
    const kx = this.canvas.width / Math.max(1, box.width);
    const ky = this.canvas.height / Math.max(1, box.height);
    const p = this.picture();
    ctx.clearRect(0, 0, this.canvas.width, this.canvas.height);
    ctx.drawImage(frame, p.x * kx, p.y * ky, p.width * kx, p.height * ky);
  }

  /**
   * Says on the overlay how the frame shown was taken ('yuv': the frame's own planes, converted and
   * resized in the engine; 'bitmap': a bitmap, resized on capture where needed), as
   * `data-brushwork-frames`, written only when it changes. Brushwork's own element, removed on restore:
   * tests read which path a browser takes without timing.
   */
  markFrames(form: 'yuv' | 'bitmap'): void {
    const c = this.canvas;
    if (c && c.getAttribute('data-brushwork-frames') !== form) c.setAttribute('data-brushwork-frames', form);
  }

  /** Leaves the bottom strip uncovered while the browser's own controls show there (or covers it again). */
  uncoverControls(shown: boolean): void {
    const c = this.canvas;
    if (!c) return;
    if (shown) c.style.setProperty('clip-path', `inset(0 0 ${CONTROLS_GAP_PX}px 0)`, 'important');
    else c.style.removeProperty('clip-path');
  }

  remove(): void {
    this.canvas?.remove();
    this.canvas = null;
    this.ctx = null;
  }
}
