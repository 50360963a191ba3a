/**
 * Whole-page mode: every picture on the page (images, CSS backgrounds, in
 * open and closed shadow roots), visible ones first, including those added
 * later, without fighting the page.
 *
 * - Visibility (IntersectionObserver): pictures within one viewport of the
 *   screen are queued, nearest first (priority = distance in px); pending
 *   ones that leave that zone give their job back.
 * - Changes (MutationObserver per document and shadow root, batched per
 *   animation frame): added subtrees are scanned, removed pictures forgotten
 *   (their jobs cancelled), and a picture the page replaces is adopted and
 *   repainted, capped per element (PageController.onPageChange). Brushwork's
 *   own writes leave surfaces intact, so the observer never triggers itself.
 * - Scanning for CSS backgrounds reads computed styles, so it runs in slices
 *   of a few milliseconds (scanner.ts): the content script never makes a long task.
 * - The page's CSP decides how backgrounds are shown (src/page/css-image-policy.ts).
 * - Videos are live surfaces (#27, src/page/video): once near, each paints
 *   itself while it plays and is seen.
 */
import type { PageController } from '../controller/controller';
import { settled } from '../quiet-load';
import { HideOriginals } from './hide-originals';
import { isBackgroundPicture, isPicture, isShownVideo } from './pictures';
import { SlicedScanner } from './scanner';

const WATCHED_ATTRS = ['src', 'srcset', 'style', 'class'];
const NEAR_MARGIN = '100% 0px';

export class PageMode {
  private active = false;
  private near: IntersectionObserver | null = null;
  private readonly observers: MutationObserver[] = [];
  private readonly roots = new WeakSet<Node>();
  private queued: MutationRecord[] = [];
  private frame = 0;
  private scanner: SlicedScanner | null = null;
  private readonly hide = new HideOriginals();

  constructor(private readonly controller: PageController) {}

  get enabled(): boolean {
    return this.active;
  }

  start(): void {
    if (this.active) return;
    this.active = true;
    this.controller.pageMode = true;
    if (this.controller.settings.hideOriginals) this.hide.on();
    this.near = new IntersectionObserver((entries, observer) => this.onIntersect(entries, observer), { rootMargin: NEAR_MARGIN });
    this.scanner = new SlicedScanner({ element: (el) => this.consider(el), shadowRoot: (root) => this.watchRoot(root) });
    this.watchRoot(document);
    // Every <img> is handed to the visibility observer at once (no style read needed); the sliced
    // walk then finds CSS backgrounds and shadow roots in document order.
    for (const img of document.images) this.consider(img);
    this.scanner.queue(document.documentElement);
    this.controller.reportNow();
  }

  /** The setting changed while page mode runs. */
  setHideOriginals(on: boolean): void {
    if (!this.active) return;
    if (on) this.hide.on();
    else this.hide.off();
  }

  /** Switches page mode off and restores every picture; the number restored. */
  stop(): number {
    if (!this.active) return 0;
    this.active = false;
    this.controller.pageMode = false;
    for (const o of this.observers) o.disconnect();
    this.observers.length = 0;
    this.near?.disconnect();
    this.near = null;
    if (this.frame) cancelAnimationFrame(this.frame);
    this.frame = 0;
    this.queued = [];
    this.scanner?.stop();
    this.scanner = null;
    this.hide.off();
    const restored = this.controller.restoreAll();
    this.controller.reportNow();
    return restored;
  }

  private watchRoot(root: Document | ShadowRoot): void {
    if (this.roots.has(root)) return;
    this.roots.add(root);
    const o = new MutationObserver((records) => this.enqueue(records));
    o.observe(root instanceof Document ? root.documentElement : root, {
      childList: true,
      subtree: true,
      attributes: true,
      attributeFilter: WATCHED_ATTRS,
    });
    this.observers.push(o);
    if (root instanceof ShadowRoot) this.hide.adopt(root);
  }

  private consider(el: Element): void {
    if (this.controller.tracked.has(el) || this.controller.keptOriginal(el)) return;
    if (el instanceof HTMLImageElement || el instanceof HTMLVideoElement || isBackgroundPicture(el)) this.near?.observe(el);
  }

  private onIntersect(entries: IntersectionObserverEntry[], observer: IntersectionObserver): void {
    // Entries queued before stop() can still be delivered after it: page mode off paints nothing more (#30).
    if (observer !== this.near) return;
    for (const e of entries) {
      const el = e.target;
      if (!e.isIntersecting) {
        this.controller.release(el);
        continue;
      }
      if (this.controller.tracked.has(el) || this.controller.keptOriginal(el)) continue;
      // Still loading: an <img> without width/height is 0×0 until its picture arrives, and the
      // observer does not call again when it grows in place. Look again once it has loaded.
      if (el instanceof HTMLImageElement && !el.complete) {
        settled(el, () => this.recheck(el));
        continue;
      }
      const picture = (el instanceof HTMLImageElement && isPicture(el)) || isShownVideo(el) || isBackgroundPicture(el);
      if (!picture) continue; // lazy placeholders grow into pictures: their src change brings them back
      const r = e.boundingClientRect;
      const distance = r.bottom < 0 ? -r.bottom : r.top > innerHeight ? r.top - innerHeight : 0;
      void this.controller.stylize(el, Math.round(distance));
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
    const changed = new Set<ReturnType<PageController['ownerOf']>>();
    for (const r of records) {
      if (r.type === 'childList') {
        for (const n of r.removedNodes) if (n instanceof Element) this.forgetTree(n);
        for (const n of r.addedNodes) if (n instanceof Element && n.isConnected) this.scanner?.queue(n);
        continue;
      }
      const target = r.target as Element;
      const owner = this.controller.ownerOf(target);
      if (owner) {
        if (!owner.surface.intact()) changed.add(owner);
      } else if (!this.controller.tracked.has(target)) this.recheck(target);
    }
    for (const t of changed) if (t) this.controller.onPageChange(t);
  }

  /** An untracked element changed (a lazy loader swapped data-src in, a class added a background): look again. */
  private recheck(el: Element): void {
    if (!this.near) return;
    this.near.unobserve(el);
    this.consider(el);
  }

  private forgetTree(root: Element): void {
    const gone = (el: Element) => {
      if (el.isConnected || !this.controller.tracked.has(el)) return;
      this.near?.unobserve(el);
      this.controller.forget(el);
    };
    gone(root);
    for (const el of [...this.controller.tracked.keys()]) if (root.contains(el)) gone(el);
  }
}
