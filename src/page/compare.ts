/**
 * Compare: hold Alt with the pointer on a repainted picture to see the
 * original while the key is held. The original is drawn over the picture in
 * Brushwork's own closed shadow layer (pointer-events: none), loaded from the
 * page's own URL for it; the page's element is never touched, so nothing the
 * page wrote can be disturbed and restore stays exact.
 */
const HOST_TAG = 'brushwork-compare';
export const COMPARE_KEY = 'Alt';

export interface CompareSource {
  /** The original picture's URL for a repainted element under the pointer, or null. */
  originalOf(el: Element): { el: Element; url: string } | null;
}

export class CompareOverlay {
  private hovered: Element | null = null;
  private host: HTMLElement | null = null;
  private readonly onOver = (e: Event) => {
    this.hovered = e.target instanceof Element ? e.target : null;
  };
  private readonly onKeyDown = (e: KeyboardEvent) => {
    if (e.key === COMPARE_KEY && !e.repeat) this.show();
  };
  private readonly onKeyUp = (e: KeyboardEvent) => {
    if (e.key !== COMPARE_KEY) return;
    // Firefox on Windows and Linux shows its menu bar (and moves focus there) when Alt is released alone
    // (ui.key.menuAccessKeyFocuses), shifting the page down; a page's preventDefault on that keyup stops it.
    // Only a release that ended a comparison is taken: Alt elsewhere keeps the browser's own meaning.
    if (this.showing) e.preventDefault();
    this.hide();
  };
  private readonly onBlur = () => this.hide();

  constructor(private readonly source: CompareSource) {}

  start(): void {
    addEventListener('pointerover', this.onOver, { capture: true, passive: true });
    addEventListener('keydown', this.onKeyDown, { capture: true });
    addEventListener('keyup', this.onKeyUp, { capture: true });
    addEventListener('blur', this.onBlur);
  }

  stop(): void {
    this.hide();
    removeEventListener('pointerover', this.onOver, { capture: true });
    removeEventListener('keydown', this.onKeyDown, { capture: true });
    removeEventListener('keyup', this.onKeyUp, { capture: true });
    removeEventListener('blur', this.onBlur);
  }

  get showing(): boolean {
    return this.host !== null;
  }

  private show(): void {
    if (this.host || !this.hovered) return;
    const found = this.source.originalOf(this.hovered);
    if (!found) return;
    const r = found.el.getBoundingClientRect();
    const style = getComputedStyle(found.el);
    const host = document.createElement(HOST_TAG);
    Object.assign(host.style, { position: 'fixed', inset: '0', pointerEvents: 'none', zIndex: '2147483647' });
    const root = host.attachShadow({ mode: 'closed' });
    const img = document.createElement('img');
    img.src = found.url;
    img.alt = '';
    Object.assign(img.style, {
      position: 'fixed',
      left: `${r.left}px`,
      top: `${r.top}px`,
      width: `${r.width}px`,
      height: `${r.height}px`,
      objectFit: found.el instanceof HTMLImageElement ? style.objectFit : 'cover',
      objectPosition: style.objectPosition,
      borderRadius: style.borderRadius,
    });
    root.append(img);
    document.documentElement.append(host);
    this.host = host;
  }

  private hide(): void {
    this.host?.remove();
    this.host = null;
  }
}
