/**
 * The page side of Brushwork: which elements are stylized, in what state,
 * with what result; stylize, re-blend, restore. TF.js-free: the work happens
 * in the offscreen document, reached through the background.
 */
import { emptyCounts, type ImageState, type Pixels, type StateCounts } from '../messaging/protocol';
import { sendToRuntime } from '../messaging/send';
import { DEFAULT_SETTINGS, type Settings } from '../settings/schema';
import { blendPixels, pixelsToDataUrl } from './encode';
import { friendlyError, isCancellation } from './friendly';
import { type Applied, adoptPageChange, applyToImg, type ImgSnapshot, restoreImg, snapshotImg, stillApplied } from './img-target';
import { Indicator } from './indicator';
import { clearState, setState } from './marks';
import { readBytesInPage } from './read-bytes';
import { stylizeSize } from './sizing';

export interface Tracked {
  el: HTMLImageElement;
  snapshot: ImgSnapshot;
  /** The picture's own URL (its currentSrc before we touched it). */
  url: string;
  state: ImageState;
  jobId?: string;
  /** Bumped by every restore or restart, so late results for an old request are dropped. */
  generation: number;
  result?: { original: Pixels; stylized: Pixels; styleId: string; density: number };
  /** The data: URL currently shown. */
  shown?: string;
  /** Attributes as Brushwork last wrote them. */
  applied?: Applied;
  /** When the page replaced this picture (framework re-renders), for the re-apply cap. */
  pageChanges: number[];
}

/** Dark Reader's rule for fighting frameworks: at most 10 re-applies in 10 s per element, then stop. */
export const REAPPLY_LIMIT = 10;
export const REAPPLY_WINDOW_MS = 10_000;

let jobCounter = 0;
const newJobId = () => `${Date.now().toString(36)}-${(jobCounter++).toString(36)}-${Math.random().toString(36).slice(2, 8)}`;

export class PageController {
  readonly tracked = new Map<Element, Tracked>();
  /** Image or <source> → the record whose attributes Brushwork wrote on it. */
  private readonly owners = new WeakMap<Element, Tracked>();
  readonly indicator = new Indicator();
  settings: Settings = { ...DEFAULT_SETTINGS };
  pageMode = false;
  private countsTimer: ReturnType<typeof setTimeout> | undefined;

  counts(): StateCounts {
    const c = emptyCounts();
    for (const t of this.tracked.values()) c[t.state]++;
    return c;
  }

  /** Reports counts at once (page mode switched), instead of on the next debounce. */
  reportNow(): void {
    void sendToRuntime({ type: 'reportCounts', counts: this.counts(), pageMode: this.pageMode });
  }

  private reportCounts(): void {
    if (this.countsTimer) return;
    this.countsTimer = setTimeout(() => {
      this.countsTimer = undefined;
      void sendToRuntime({ type: 'reportCounts', counts: this.counts(), pageMode: this.pageMode });
    }, 120);
  }

  private mark(t: Tracked, state: ImageState, reason?: string): void {
    t.state = state;
    setState(t.el, state, reason);
    this.reportCounts();
  }

  /** Images whose picture is `srcUrl` (before or after stylizing). */
  findBySrc(srcUrl: string, root: ParentNode = document): HTMLImageElement[] {
    const out: HTMLImageElement[] = [];
    for (const img of root.querySelectorAll('img')) {
      const t = this.tracked.get(img);
      if (img.currentSrc === srcUrl || img.src === srcUrl || t?.url === srcUrl || t?.shown === srcUrl) out.push(img);
    }
    return out;
  }

  async stylizeBySrc(srcUrl: string): Promise<number> {
    const imgs = this.findBySrc(srcUrl);
    for (const img of imgs) void this.stylize(img, 0);
    return imgs.length;
  }

  restoreBySrc(srcUrl: string): number {
    const imgs = this.findBySrc(srcUrl);
    for (const img of imgs) this.restore(img);
    return imgs.length;
  }

  private track(img: HTMLImageElement): Tracked {
    let t = this.tracked.get(img);
    if (!t) {
      t = { el: img, snapshot: snapshotImg(img), url: img.currentSrc || img.src, state: 'pending', generation: 0, pageChanges: [] };
      this.tracked.set(img, t);
    }
    return t;
  }

  private fail(t: Tracked, state: 'error' | 'skipped', reason: string): void {
    this.indicator.clear(t.el);
    this.mark(t, state, reason);
    if (state === 'error') this.indicator.error(t.el, friendlyError(reason));
  }

  /** Waits for the <img> to have decoded its picture, or reports why it cannot. */
  private async loaded(img: HTMLImageElement): Promise<string | null> {
    if (!img.complete) {
      await new Promise<void>((resolve) => {
        img.addEventListener('load', () => resolve(), { once: true });
        img.addEventListener('error', () => resolve(), { once: true });
      });
    }
    if (img.naturalWidth === 0 || img.naturalHeight === 0) return 'the image did not load (broken or empty)';
    return null;
  }

  async stylize(img: HTMLImageElement, priority: number, afterPageChange = false): Promise<void> {
    const existing = this.tracked.get(img);
    if (existing?.state === 'pending' && existing.jobId && !afterPageChange) return;
    if (existing?.state === 'skipped' && existing.pageChanges.length > REAPPLY_LIMIT) return;
    const t = this.track(img);
    if (t.jobId) void sendToRuntime({ type: 'cancelJobs', jobIds: [t.jobId] });
    const generation = ++t.generation;
    this.mark(t, 'pending');
    this.indicator.busy(img);
    if (afterPageChange) await new Promise((r) => setTimeout(r, 0)); // let the page's new src start loading
    const broken = await this.loaded(img);
    if (generation !== t.generation) return;
    if (afterPageChange) t.url = img.currentSrc || img.src; // the picture the page chose, absolute
    if (broken) return this.fail(t, 'error', broken);
    const box = img.getBoundingClientRect();
    const size = stylizeSize({ width: img.naturalWidth, height: img.naturalHeight }, box, devicePixelRatio, this.settings.maxSide);
    if (!size) return this.fail(t, 'skipped', 'the image is not displayed');
    const styleId = this.settings.styleId;
    t.jobId = newJobId();
    const bytes = await readBytesInPage(t.url);
    if (generation !== t.generation) return;
    const res = await sendToRuntime({
      type: 'stylizeJob',
      jobId: t.jobId,
      url: t.url,
      styleId,
      width: size.width,
      height: size.height,
      priority,
      ...(bytes ? { bytes } : {}),
    });
    if (generation !== t.generation) return;
    t.jobId = undefined;
    if (!res.ok) {
      if (isCancellation(res.error)) return this.restore(img);
      return this.fail(t, /skipped|animated|SVG/i.test(res.error) ? 'skipped' : 'error', res.error);
    }
    t.result = { original: res.original, stylized: res.stylized, styleId, density: size.density };
    await this.show(t, generation);
  }

  /** Blends at the current intensity and puts the picture on the page. */
  private async show(t: Tracked, generation: number): Promise<void> {
    const r = t.result;
    if (!r) return;
    if (this.settings.intensity <= 0) {
      restoreImg(t.el, t.snapshot); // intensity 0 is exactly the original
      t.shown = undefined;
      t.applied = undefined;
    } else {
      const url = await pixelsToDataUrl(blendPixels(r.original, r.stylized, this.settings.intensity));
      if (generation !== t.generation) return;
      if (t.applied && !stillApplied(t.applied)) return; // the page changed it meanwhile: its mutation handler takes over
      t.shown = url;
      t.applied = applyToImg(t.el, t.snapshot, url, r.density);
      for (const el of t.applied.keys()) this.owners.set(el, t);
    }
    this.indicator.clear(t.el);
    this.mark(t, 'done');
  }

  restore(el: Element): void {
    const t = this.tracked.get(el);
    if (!t) return;
    t.generation++;
    if (t.jobId) void sendToRuntime({ type: 'cancelJobs', jobIds: [t.jobId] });
    this.indicator.clear(el);
    restoreImg(t.el, t.snapshot);
    clearState(el);
    this.tracked.delete(el);
    this.reportCounts();
  }

  /** An image left the page: cancel its work and forget it (restoring what is still ours). */
  forget(el: Element): void {
    this.restore(el);
  }

  /** Scrolled far away before its turn: give the job back; it is queued again when it comes near. */
  release(el: Element): void {
    const t = this.tracked.get(el);
    if (t?.state === 'pending') this.restore(el);
  }

  /** True when a mutation on `el` is Brushwork's own writing. */
  isOwnChange(el: Element): boolean {
    const attrs = this.owners.get(el)?.applied?.get(el);
    return !attrs || [...attrs].every(([name, value]) => el.getAttribute(name) === value);
  }

  /** The repainted <img> that owns `el` (itself, or the <img> of a <picture> source). */
  ownerImage(el: Element): HTMLImageElement | undefined {
    return this.owners.get(el)?.el;
  }

  /**
   * The page replaced a picture Brushwork repainted. Adopt the page's new
   * picture and repaint it, at most REAPPLY_LIMIT times in REAPPLY_WINDOW_MS;
   * past that the element is left to the page, so we never fight in a loop.
   */
  onPageChange(img: HTMLImageElement, now = performance.now()): 'reapplied' | 'gave-up' | 'ignored' {
    const t = this.tracked.get(img);
    if (!t?.applied || stillApplied(t.applied)) return 'ignored';
    t.snapshot = adoptPageChange(img, t.snapshot, t.applied);
    t.applied = undefined;
    t.shown = undefined;
    t.result = undefined;
    t.url = img.src;
    t.pageChanges = [...t.pageChanges.filter((at) => now - at < REAPPLY_WINDOW_MS), now];
    if (t.pageChanges.length > REAPPLY_LIMIT) {
      t.generation++;
      this.indicator.clear(img);
      this.mark(t, 'skipped', 'the page keeps replacing this image');
      return 'gave-up';
    }
    void this.stylize(img, 0, true);
    return 'reapplied';
  }

  restoreAll(): number {
    const n = this.tracked.size;
    for (const el of [...this.tracked.keys()]) this.restore(el);
    this.indicator.clearAll();
    return n;
  }

  /** New intensity: re-blend what is done (no model run); new style: run again. */
  async applySettings(next: Settings): Promise<void> {
    const prev = this.settings;
    this.settings = next;
    const styleChanged = prev.styleId !== next.styleId;
    const intensityChanged = prev.intensity !== next.intensity;
    for (const t of [...this.tracked.values()]) {
      if (t.state !== 'done' || !t.result) continue;
      if (styleChanged) void this.stylize(t.el, 0);
      else if (intensityChanged) {
        await this.show(t, t.generation);
        await new Promise((r) => setTimeout(r, 0)); // yield between images: no long tasks
      }
    }
  }
}
