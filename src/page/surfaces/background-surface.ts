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
 * exactly, and the canvas removed.
 */

import type { Refusal } from '../../messaging/protocol';
import type { RgbaImage } from '../../shared/image';
import { backgroundDrawSize, backgroundLayout, singleBackgroundUrl } from './background-layout';
import { pixelsToDataUrl } from './data-url';
import type { Measure, Size, Surface } from './surface';

export type BackgroundMode = 'style' | 'canvas';

const LAYER_TAG = 'canvas';

export function backgroundPictureUrl(el: Element): string | null {
  const raw = singleBackgroundUrl(getComputedStyle(el).backgroundImage);
  if (!raw) return null;
  try {
    return new URL(raw, document.baseURI).href;
  } catch {
    return null;
  }
}

async function naturalSize(url: string): Promise<Size | null> {
  const probe = new Image();
  probe.src = url;
  try {
    await probe.decode();
  } catch {
    return null;
  }
  return probe.naturalWidth > 0 ? { width: probe.naturalWidth, height: probe.naturalHeight } : null;
}

export class BackgroundSurface implements Surface {
  readonly kind = 'background';
  private styleAttr: string | null;
  private written: string | null | undefined;
  private layer: HTMLCanvasElement | null = null;
  private url: string;
  private natural: Size | null = null;

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
    if (!this.url) return { kind: 'skipped', message: 'no single background picture' };
    this.natural = await naturalSize(this.url);
    if (!this.natural) return { kind: 'unreadable', message: 'the background image did not load' };
    const r = this.el.getBoundingClientRect();
    const box = { width: r.width, height: r.height };
    const cs = getComputedStyle(this.el);
    return { natural: this.natural, box: backgroundDrawSize(box, this.natural, cs.backgroundSize) };
  }

  async show(pixels: RgbaImage, density: number): Promise<void> {
    if (this.mode() === 'canvas') return this.paintLayer(pixels);
    this.removeLayer();
    const url = await pixelsToDataUrl(pixels);
    if (this.mode() === 'canvas') return this.paintLayer(pixels); // the CSP verdict arrived meanwhile
    this.el.style.setProperty('background-image', `image-set(url("${url}") ${Number(density.toFixed(4))}x)`, 'important');
    this.written = this.el.getAttribute('style');
  }

  private async paintLayer(pixels: RgbaImage): Promise<void> {
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
    canvas.width = Math.max(1, Math.round(box.width * dpr));
    canvas.height = Math.max(1, Math.round(box.height * dpr));
    const ctx = canvas.getContext('2d');
    if (!ctx) return;
    const bitmap = await createImageBitmap(new ImageData(new Uint8ClampedArray(pixels.data), pixels.width, pixels.height));
    ctx.scale(dpr, dpr);
    const xs = layout.repeatX ? tileStarts(layout.x, layout.width, box.width) : [layout.x];
    const ys = layout.repeatY ? tileStarts(layout.y, layout.height, box.height) : [layout.y];
    for (const y of ys) for (const x of xs) ctx.drawImage(bitmap, x, y, layout.width, layout.height);
    bitmap.close();
    this.written = this.el.getAttribute('style');
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
    this.removeLayer();
    this.restoreStyle();
  }

  writtenElements(): Element[] {
    return [this.el];
  }

  intact(): boolean {
    return this.written === undefined || this.el.getAttribute('style') === this.written;
  }

  adoptPageChange(): void {
    // The page rewrote the style attribute: its value is the new original.
    this.removeLayer();
    this.styleAttr = this.el.getAttribute('style');
    this.written = undefined;
    this.url = backgroundPictureUrl(this.el) ?? '';
  }
}

function tileStarts(start: number, size: number, extent: number): number[] {
  if (size < 1) return [start];
  let first = start % size;
  if (first > 0) first -= size;
  const out: number[] = [];
  for (let p = first; p < extent; p += size) out.push(p);
  return out;
}
