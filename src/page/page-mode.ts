/**
 * Whole-page mode: every picture on the page, visible ones first, including
 * those added later. (Detailed rules: docs/page-mode.md.)
 */
import type { PageController } from './controller';
import { isPicture } from './pictures';

export class PageMode {
  private active = false;
  private mutations: MutationObserver | null = null;
  private visibility: IntersectionObserver | null = null;

  constructor(private readonly controller: PageController) {}

  get enabled(): boolean {
    return this.active;
  }

  start(): void {
    if (this.active) return;
    this.active = true;
    this.controller.pageMode = true;
    this.visibility = new IntersectionObserver((entries) => this.onVisible(entries), { rootMargin: '100% 0px' });
    for (const img of document.querySelectorAll('img')) this.consider(img);
    this.mutations = new MutationObserver((records) => {
      for (const r of records) for (const n of r.addedNodes) if (n instanceof Element) this.considerTree(n);
    });
    this.mutations.observe(document.documentElement, { childList: true, subtree: true });
  }

  stop(): void {
    if (!this.active) return;
    this.active = false;
    this.controller.pageMode = false;
    this.mutations?.disconnect();
    this.visibility?.disconnect();
    this.mutations = null;
    this.visibility = null;
    this.controller.restoreAll();
  }

  private considerTree(root: Element): void {
    if (root instanceof HTMLImageElement) this.consider(root);
    for (const img of root.querySelectorAll('img')) this.consider(img);
  }

  private consider(img: HTMLImageElement): void {
    this.visibility?.observe(img);
  }

  private onVisible(entries: IntersectionObserverEntry[]): void {
    for (const e of entries) {
      if (!e.isIntersecting) continue;
      const img = e.target as HTMLImageElement;
      this.visibility?.unobserve(img);
      if (this.controller.tracked.has(img) || !isPicture(img)) continue;
      const r = e.boundingClientRect;
      const distance = r.bottom < 0 ? -r.bottom : r.top > innerHeight ? r.top - innerHeight : 0;
      void this.controller.stylize(img, distance);
    }
  }
}
