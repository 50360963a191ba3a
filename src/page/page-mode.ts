/**
 * Whole-page mode: every picture on the page, visible ones first, including
 * those added later, without fighting the page.
 *
 * - Visibility (IntersectionObserver): images within one viewport of the
 *   screen are queued, nearest first (priority = distance in px); pending
 *   ones that leave that zone give their job back.
 * - Changes (MutationObserver, batched per animation frame): added subtrees
 *   are scanned, removed images forgotten (their jobs cancelled), and a
 *   picture the page replaces is adopted and repainted, capped per element
 *   (see PageController.onPageChange). Brushwork's own writes are recognized
 *   and ignored, so the observer never triggers itself.
 */
import type { PageController } from './controller';
import { isPicture } from './pictures';

const WATCHED_ATTRS = ['src', 'srcset'];
const NEAR_MARGIN = '100% 0px';

export class PageMode {
  private active = false;
  private mutations: MutationObserver | null = null;
  private near: IntersectionObserver | null = null;
  private queued: MutationRecord[] = [];
  private frame = 0;

  constructor(private readonly controller: PageController) {}

  get enabled(): boolean {
    return this.active;
  }

  start(): void {
    if (this.active) return;
    this.active = true;
    this.controller.pageMode = true;
    this.near = new IntersectionObserver((entries) => this.onIntersect(entries), { rootMargin: NEAR_MARGIN });
    this.mutations = new MutationObserver((records) => this.enqueue(records));
    this.mutations.observe(document.documentElement, { childList: true, subtree: true, attributes: true, attributeFilter: WATCHED_ATTRS });
    this.scan(document.documentElement);
    this.controller.reportNow();
  }

  stop(): void {
    if (!this.active) return;
    this.active = false;
    this.controller.pageMode = false;
    this.mutations?.disconnect();
    this.near?.disconnect();
    if (this.frame) cancelAnimationFrame(this.frame);
    this.frame = 0;
    this.queued = [];
    this.mutations = null;
    this.near = null;
    this.controller.restoreAll();
    this.controller.reportNow();
  }

  private scan(root: Element): void {
    if (root instanceof HTMLImageElement) this.near?.observe(root);
    for (const img of root.querySelectorAll('img')) this.near?.observe(img);
  }

  private onIntersect(entries: IntersectionObserverEntry[]): void {
    for (const e of entries) {
      const img = e.target as HTMLImageElement;
      if (!e.isIntersecting) {
        this.controller.release(img);
        continue;
      }
      if (this.controller.tracked.has(img)) continue;
      if (!isPicture(img)) {
        // Lazy placeholders grow into pictures later: their src change brings them back here.
        continue;
      }
      const r = e.boundingClientRect;
      const distance = r.bottom < 0 ? -r.bottom : r.top > innerHeight ? r.top - innerHeight : 0;
      void this.controller.stylize(img, Math.round(distance));
    }
  }

  private enqueue(records: MutationRecord[]): void {
    this.queued.push(...records);
    if (!this.frame) this.frame = requestAnimationFrame(() => this.flush());
  }

  private flush(): void {
    this.frame = 0;
    const records = this.queued;
    this.queued = [];
    const changed = new Set<HTMLImageElement>();
    for (const r of records) {
      if (r.type === 'childList') {
        for (const n of r.removedNodes) if (n instanceof Element) this.forgetTree(n);
        for (const n of r.addedNodes) if (n instanceof Element) this.scan(n);
      } else if (r.type === 'attributes' && r.target instanceof Element && !this.controller.isOwnChange(r.target)) {
        const img = this.controller.ownerImage(r.target);
        if (img) changed.add(img);
        else if (r.target instanceof HTMLImageElement) this.recheck(r.target);
      } else if (r.type === 'attributes' && r.target instanceof HTMLImageElement && !this.controller.tracked.has(r.target)) {
        this.recheck(r.target);
      }
    }
    for (const img of changed) this.controller.onPageChange(img);
  }

  /** An untracked image changed source (lazy loaders swapping data-src in): look at it again. */
  private recheck(img: HTMLImageElement): void {
    this.near?.unobserve(img);
    this.near?.observe(img);
  }

  private forgetTree(root: Element): void {
    const gone = (el: Element) => {
      if (!el.isConnected) {
        this.near?.unobserve(el);
        this.controller.forget(el);
      }
    };
    if (root instanceof HTMLImageElement) gone(root);
    for (const img of root.querySelectorAll('img')) gone(img);
  }
}
