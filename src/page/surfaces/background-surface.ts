/**
 * A CSS background picture as a surface. Two ways to show the result:
 * - "style": an inline `background-image: image-set(url(data:…) Nx)`, which
 *   keeps the page's size, position and repeat rules (and the density keeps
 *   `auto` sizes right);
 * - "canvas": under a strict CSP a CSS data: URL is blocked and the element
 *   goes blank (Chromium 156), so the result is painted on a <canvas> layer
 *   behind the element's content instead (z-index −1 in an isolated
 *   stacking context sits above the element's own background, below its
 *   children). Canvas pixels are not subject to CSP.
 * Either way the element's `style` attribute is snapshotted and restored
 * exactly, and the canvas removed. When the page writes the inline style
 * after Brushwork painted (parallax, sliders), Brushwork's own declarations
 * are stripped from what the page wrote before it becomes the new original
 * (pageStyleAfter), so a restore never keeps the stylized picture.
 */

import { t } from '../../i18n/t';
import type { Refusal } from '../../messaging/protocol';
import type { AnimationTiming } from '../../shared/animation';
import type { RgbaImage } from '../../shared/image';
import { MAX_DECODE_PIXELS } from '../../shared/image-limits';
import { animationToDataUrl } from './animation-data-url';
import { backgroundDrawSize, backgroundLayout, singleBackgroundUrl } from './background-layout';
import { pixelsToDataUrl } from './data-url';
import { imageDataOf } from './image-data';
import type { Measure, Size, Surface } from './surface';

export type BackgroundMode = 'style' | 'canvas';

const LAYER_TAG = 'canvas';

/**
 * Whether the canvas layer can show inside this element: a replaced or void element (an <img> spacer
 * showing a CSS background, an <input>) renders no children, so a layer prepended there stays invisible.
 */
export function canHoldLayer(el: Element): boolean {
  return !/^(IMG|INPUT|VIDEO|CANVAS|IFRAME|EMBED|OBJECT|SELECT|TEXTAREA|BR|HR|WBR|AREA|SOURCE|TRACK)$/.test(el.tagName);
}

export function backgroundPictureUrl(el: Element): string | null {
  const raw = singleBackgroundUrl(getComputedStyle(el).backgroundImage);
  if (!raw) return null;
  try {
    return new URL(raw, document.baseURI).href;
  } catch {
    return null;
  }
}

/**
 * The picture's size from its header: a detached <img> knows naturalWidth once
 * `load` fires, and Chromium decodes its pixels only when it is painted or
 * decode() is called (#22: decode() allocated whatever a lying header asked
 * for before the offscreen document could refuse it).
 */
export function naturalSize(url: string): Promise<Size | null> {
  const probe = new Image();
  return new Promise((resolve) => {
    probe.onload = () => resolve(probe.naturalWidth > 0 ? { width: probe.naturalWidth, height: probe.naturalHeight } : null);
    probe.onerror = () => resolve(null);
    probe.src = url;
  });
}

export class BackgroundSurface implements Surface {
  readonly kind = 'background';
  private styleAttr: string | null;
  private written: string | null | undefined;
  private layer: HTMLCanvasElement | null = null;
  private url: string;
  private natural: Size | null = null;
  /** Bumped by every restore: a show() that began before it writes nothing (#30). */
  private restores = 0;

  constructor(
    readonly el: HTMLElement,
    private readonly mode: () => BackgroundMode,
  ) {
    this.styleAttr = el.getAttribute('style');
    this.url = backgroundPictureUrl(el) ?? '';
  }

  pictureUrl(): string {
    return this.url;
  }

  async measure(): Promise<Measure | Refusal> {
    if (!this.url) return { kind: 'skipped', message: t('reasonNoSingleBackground') };
    this.natural = await naturalSize(this.url);
    if (!this.natural) return { kind: 'unreadable', message: 'the background image did not load' };
    const { width, height } = this.natural;
    if (width * height > MAX_DECODE_PIXELS)
      return { kind: 'too-large', message: `the background picture is too large to stylize (${width}×${height})` };
    const r = this.el.getBoundingClientRect();
    const cs = getComputedStyle(this.el);
    // background-attachment: fixed sizes and places the picture against the viewport, not the element
    // (CSS Backgrounds 3, §3.9): measured at the element's size it was painted blurry (#30).
    const fixed = cs.backgroundAttachment.split(',')[0]?.trim() === 'fixed';
    const box = fixed ? { width: innerWidth, height: innerHeight } : { width: r.width, height: r.height };
    return { natural: this.natural, box: backgroundDrawSize(box, this.natural, cs.backgroundSize) };
  }

  async show(pixels: RgbaImage, density: number, stillWanted: () => boolean = () => true): Promise<boolean> {
    const restores = this.restores;
    // A restore while the pixels are encoded must win: a write after it would stay for good (#30).
    const wanted = () => restores === this.restores && stillWanted();
    if (!wanted()) return false;
    if (!this.intact()) return false; // the page rewrote the style first: the page wins
    if (this.mode() === 'canvas') return this.paintLayer(pixels, wanted);
    this.removeLayer();
    const url = await pixelsToDataUrl(pixels);
    if (!wanted() || !this.intact()) return false;
    if (this.mode() === 'canvas') return this.paintLayer(pixels, wanted); // the CSP verdict arrived meanwhile
    this.el.style.setProperty('background-image', `image-set(url("${url}") ${Number(density.toFixed(4))}x)`, 'important');
    this.written = this.el.getAttribute('style');
    return true;
  }

  /**
   * An animated background's painted frames (#27), as one animated WebP in the same inline
   * `image-set(url(data:…) Nx)` a still result uses: the browser plays it with the original's timing,
   * and the page's size, position and repeat rules apply to it unchanged. The canvas layer would show
   * one frame only, so where the page's CSP forbids data: images there is nothing to show it with:
   * animationBlocked() says why, and the controller leaves the original moving.
   */
  async showAnimation(frames: RgbaImage[], timing: AnimationTiming, density: number, stillWanted = () => true): Promise<boolean | null> {
    const restores = this.restores;
    const wanted = () => restores === this.restores && stillWanted();
    if (!wanted() || this.animationBlocked()) return null;
    if (!this.intact()) return false;
    const url = await animationToDataUrl(frames, timing);
    if (!wanted() || this.animationBlocked()) return null;
    if (!this.intact()) return false; // the page rewrote the style while the frames were encoded: the page wins
    this.el.style.setProperty('background-image', `image-set(url("${url}") ${Number(density.toFixed(4))}x)`, 'important');
    this.written = this.el.getAttribute('style');
    return true;
  }

  /** Why a painted animation cannot be shown here now, or null: a strict CSP's canvas layer holds one still frame. */
  animationBlocked(): string | null {
    return this.mode() === 'canvas' ? t('reasonAnimatedBackgroundPolicyBlocks') : null;
  }

  private async paintLayer(pixels: RgbaImage, wanted: () => boolean): Promise<boolean> {
    const el = this.el;
    const rect = el.getBoundingClientRect();
    const cs = getComputedStyle(el);
    const box = {
      width: rect.width - Number.parseFloat(cs.borderLeftWidth) - Number.parseFloat(cs.borderRightWidth),
      height: rect.height - Number.parseFloat(cs.borderTopWidth) - Number.parseFloat(cs.borderBottomWidth),
    };
    const natural = this.natural ?? { width: pixels.width, height: pixels.height };
    const layout = backgroundLayout(box, natural, {
      size: cs.backgroundSize,
      position: cs.backgroundPosition,
      repeat: cs.backgroundRepeat,
    });
    const dpr = Math.max(1, devicePixelRatio || 1);
    if (!this.layer) {
      // Drop a blocked style-mode background first: the layer replaces it.
      if (this.written !== undefined) this.restoreStyle();
      // The layer is positioned against the element, in a stacking context of its own.
      if (cs.position === 'static') el.style.setProperty('position', 'relative');
      el.style.setProperty('isolation', 'isolate');
      this.written = el.getAttribute('style'); // at once: a mutation observer must see these writes as ours
      const canvas = document.createElement(LAYER_TAG);
      Object.assign(canvas.style, {
        position: 'absolute',
        left: '0',
        top: '0',
        width: '100%',
        height: '100%',
        zIndex: '-1',
        pointerEvents: 'none',
        borderRadius: 'inherit',
      });
      canvas.setAttribute('aria-hidden', 'true');
      el.prepend(canvas);
      this.layer = canvas;
    }
    const canvas = this.layer;
    const bitmap = await createImageBitmap(imageDataOf(pixels));
    // Restored meanwhile: the layer is gone (or belongs to a newer show); nothing is drawn or recorded.
    if (!wanted() || this.layer !== canvas) {
      bitmap.close();
      return false;
    }
    canvas.width = Math.max(1, Math.round(box.width * dpr));
    canvas.height = Math.max(1, Math.round(box.height * dpr));
    const ctx = canvas.getContext('2d');
    if (!ctx) {
      bitmap.close();
      return false;
    }
    ctx.scale(dpr, dpr);
    const xs = layout.repeatX ? tileStarts(layout.x, layout.width, box.width) : [layout.x];
    const ys = layout.repeatY ? tileStarts(layout.y, layout.height, box.height) : [layout.y];
    for (const y of ys) for (const x of xs) ctx.drawImage(bitmap, x, y, layout.width, layout.height);
    bitmap.close();
    this.written = this.el.getAttribute('style');
    return true;
  }

  private removeLayer(): void {
    this.layer?.remove();
    this.layer = null;
  }

  private restoreStyle(): void {
    if (this.styleAttr === null) this.el.removeAttribute('style');
    else if (this.el.getAttribute('style') !== this.styleAttr) this.el.setAttribute('style', this.styleAttr);
    this.written = undefined;
  }

  restore(): void {
    this.restores++;
    this.removeLayer();
    if (this.written === undefined) return; // nothing of ours in the style: whatever is there is the page's
    if (this.el.getAttribute('style') === this.written) this.restoreStyle();
    else this.setStyle(pageStyleAfter(this.styleAttr, this.written, this.el.getAttribute('style')));
    this.written = undefined;
  }

  private setStyle(value: string | null): void {
    if (value === null) this.el.removeAttribute('style');
    else if (this.el.getAttribute('style') !== value) this.el.setAttribute('style', value);
  }

  writtenElements(): Element[] {
    return [this.el];
  }

  intact(): boolean {
    return this.el.getAttribute('style') === (this.written === undefined ? this.styleAttr : this.written);
  }

  adoptPageChange(): void {
    // The page rewrote the style attribute: what it wrote, without our declarations, is the new original.
    this.removeLayer();
    const current = this.el.getAttribute('style');
    const pageStyle = this.written === undefined ? current : pageStyleAfter(this.styleAttr, this.written, current);
    this.setStyle(pageStyle);
    this.styleAttr = pageStyle;
    this.written = undefined;
    this.url = backgroundPictureUrl(this.el) ?? '';
  }
}

/** A detached element's style declaration for an attribute value (parsing only; nothing is rendered). */
function declarations(text: string | null): CSSStyleDeclaration {
  const probe = document.createElement('div');
  if (text !== null) probe.setAttribute('style', text);
  return probe.style;
}

const sameDeclaration = (a: CSSStyleDeclaration, b: CSSStyleDeclaration, prop: string) =>
  a.getPropertyValue(prop) === b.getPropertyValue(prop) && a.getPropertyPriority(prop) === b.getPropertyPriority(prop);

/**
 * What the page itself last wrote, without Brushwork's declarations: the
 * original style with the page's own changes since `written` (Brushwork's
 * last write) applied on top. A page that replaced the attribute wholesale
 * (nothing of ours left in it) gets exactly its text back.
 */
export function pageStyleAfter(original: string | null, written: string | null, current: string | null): string | null {
  const ours = declarations(written);
  const now = declarations(current);
  const base = declarations(original);
  const oursLeft = Array.from(ours).some((prop) => !sameDeclaration(ours, base, prop) && sameDeclaration(ours, now, prop));
  if (!oursLeft) return current;
  const result = document.createElement('div');
  if (original !== null) result.setAttribute('style', original);
  for (const prop of Array.from(now))
    if (!sameDeclaration(now, ours, prop)) result.style.setProperty(prop, now.getPropertyValue(prop), now.getPropertyPriority(prop));
  for (const prop of Array.from(ours))
    if (now.getPropertyValue(prop) === '' && sameDeclaration(ours, base, prop)) result.style.removeProperty(prop);
  return result.getAttribute('style');
}

function tileStarts(start: number, size: number, extent: number): number[] {
  if (size < 1) return [start];
  let first = start % size;
  if (first > 0) first -= size;
  const out: number[] = [];
  for (let p = first; p < extent; p += size) out.push(p);
  return out;
}
