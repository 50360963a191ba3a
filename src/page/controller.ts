/**
 * The page side of Brushwork: which surfaces (images, CSS backgrounds) are
 * stylized, in what state, with what result; stylize, re-blend, restore.
 * TF.js-free: the work happens in the offscreen document, via the background.
 */
import { type ErrorKind, emptyCounts, type ImageState, type StateCounts } from '../messaging/protocol';
import { sendToRuntime, sendToRuntimeResending } from '../messaging/send';
import { DEFAULT_SETTINGS, type Settings } from '../settings/schema';
import { blend, type RgbaImage } from '../shared/image';
import { type BackgroundMode, BackgroundSurface } from './background-surface';
import { friendlyError, stateForFailure } from './friendly';
import { ImgSurface } from './img-surface';
import { Indicator } from './indicator';
import { clearState, setState } from './marks';
import { readBytesInPage } from './read-bytes';
import { stylizeSize } from './sizing';
import type { Surface } from './surface';
import { yieldToMain } from './yield';

export interface Tracked {
  surface: Surface;
  /** The picture's own URL (before we touched it). */
  url: string;
  state: ImageState;
  jobId?: string;
  /** Bumped by every restore or restart, so late results for an old request are dropped. */
  generation: number;
  result?: { original: RgbaImage; stylized: RgbaImage; styleId: string; density: number };
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
  readonly indicator = new Indicator();
  settings: Settings = { ...DEFAULT_SETTINGS };
  pageMode = false;
  /** How CSS backgrounds are shown on this page (a strict CSP forces the canvas layer). */
  backgroundMode: BackgroundMode = 'style';
  /** Resolves once the page's CSP has been probed (page mode); backgrounds wait for it before showing. */
  backgroundModeKnown: Promise<void> = Promise.resolve();
  /** Image or <source> → the record whose attributes Brushwork wrote on it. */
  private readonly owners = new WeakMap<Element, Tracked>();
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
      this.reportNow();
    }, 120);
  }

  private mark(t: Tracked, state: ImageState, reason?: string): void {
    t.state = state;
    setState(t.surface.el, state, reason);
    this.reportCounts();
  }

  /** Images whose picture is `srcUrl` (before or after stylizing). */
  findBySrc(srcUrl: string, root: ParentNode = document): HTMLImageElement[] {
    const out: HTMLImageElement[] = [];
    for (const img of root.querySelectorAll('img')) {
      const t = this.tracked.get(img);
      if (img.currentSrc === srcUrl || img.src === srcUrl || t?.url === srcUrl) out.push(img);
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

  private track(el: Element): Tracked {
    let t = this.tracked.get(el);
    if (!t) {
      const surface =
        el instanceof HTMLImageElement ? new ImgSurface(el) : new BackgroundSurface(el as HTMLElement, () => this.backgroundMode);
      t = { surface, url: surface.pictureUrl(), state: 'pending', generation: 0, pageChanges: [] };
      this.tracked.set(el, t);
      for (const w of surface.writtenElements()) this.owners.set(w, t);
    }
    return t;
  }

  private fail(t: Tracked, kind: ErrorKind, reason: string): void {
    const state = stateForFailure(kind);
    this.indicator.clear(t.surface.el);
    this.mark(t, state, reason);
    if (state === 'error') this.indicator.error(t.surface.el, friendlyError(kind));
  }

  /** Stylizes an <img> or an element's CSS background picture. */
  async stylize(el: Element, priority: number, afterPageChange = false): Promise<void> {
    const existing = this.tracked.get(el);
    if (existing?.state === 'pending' && existing.jobId && !afterPageChange) return;
    if (existing?.state === 'skipped' && existing.pageChanges.length > REAPPLY_LIMIT) return;
    const t = this.track(el);
    if (t.jobId) void sendToRuntime({ type: 'cancelJobs', jobIds: [t.jobId] });
    const generation = ++t.generation;
    this.mark(t, 'pending');
    this.indicator.busy(el);
    if (afterPageChange) await new Promise((r) => setTimeout(r, 0)); // let the page's new picture start loading
    const measured = await t.surface.measure();
    if (generation !== t.generation) return;
    if ('kind' in measured) return this.fail(t, measured.kind, measured.message);
    t.url = t.surface.pictureUrl(); // the picture the page chose, absolute
    const size = stylizeSize(measured.natural, measured.box, devicePixelRatio, this.settings.maxSide);
    if (!size) return this.fail(t, 'skipped', 'the picture is not displayed');
    const styleId = this.settings.styleId;
    t.jobId = newJobId();
    const bytes = await readBytesInPage(t.url);
    await yieldToMain(); // one picture's message per task: no long tasks when many start at once
    if (generation !== t.generation) return;
    const res = await sendToRuntimeResending({
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
      if (res.kind === 'cancelled') return this.restore(el);
      return this.fail(t, res.kind, res.error);
    }
    t.result = { original: res.original, stylized: res.stylized, styleId, density: size.density };
    await yieldToMain();
    if (generation !== t.generation) return;
    await this.show(t, generation);
  }

  /** Blends at the current intensity and puts the picture on the page. */
  private async show(t: Tracked, generation: number): Promise<void> {
    const r = t.result;
    if (!r) return;
    if (this.settings.intensity <= 0)
      t.surface.restore(); // intensity 0 is exactly the original
    else {
      if (t.surface.kind === 'background') await this.backgroundModeKnown;
      const blended = blend(r.original, r.stylized, this.settings.intensity);
      if (generation !== t.generation) return;
      await t.surface.show(blended, r.density);
      if (generation !== t.generation) return;
    }
    this.indicator.clear(t.surface.el);
    this.mark(t, 'done');
  }

  restore(el: Element): void {
    const t = this.tracked.get(el);
    if (!t) return;
    t.generation++;
    if (t.jobId) void sendToRuntime({ type: 'cancelJobs', jobIds: [t.jobId] });
    this.indicator.clear(el);
    t.surface.restore();
    clearState(el);
    this.tracked.delete(el);
    this.reportCounts();
  }

  /** A picture left the page: cancel its work and forget it (restoring what is still ours). */
  forget(el: Element): void {
    this.restore(el);
  }

  /** Scrolled far away before its turn: give the job back; it is queued again when it comes near. */
  release(el: Element): void {
    const t = this.tracked.get(el);
    if (t?.state === 'pending') this.restore(el);
  }

  /** The tracked surface Brushwork wrote `el` for (an <img>, its <source>, or a background element). */
  ownerOf(el: Element): Tracked | undefined {
    const t = this.owners.get(el);
    return t && this.tracked.get(t.surface.el) === t ? t : undefined;
  }

  /**
   * The page replaced a picture Brushwork repainted. Adopt the page's new
   * picture and repaint it, at most REAPPLY_LIMIT times in REAPPLY_WINDOW_MS;
   * past that the element is left to the page, so we never fight in a loop.
   */
  onPageChange(t: Tracked, now = performance.now()): 'reapplied' | 'gave-up' | 'ignored' {
    if (t.surface.intact()) return 'ignored';
    t.surface.adoptPageChange();
    t.result = undefined;
    t.pageChanges = [...t.pageChanges.filter((at) => now - at < REAPPLY_WINDOW_MS), now];
    if (t.pageChanges.length > REAPPLY_LIMIT) {
      t.generation++;
      this.indicator.clear(t.surface.el);
      this.mark(t, 'skipped', 'the page keeps replacing this image');
      return 'gave-up';
    }
    void this.stylize(t.surface.el, 0, true);
    return 'reapplied';
  }

  /** Shows every finished CSS background again (after switching to the canvas layer). */
  async reshowBackgrounds(): Promise<void> {
    for (const t of this.tracked.values()) if (t.surface.kind === 'background' && t.result) await this.show(t, t.generation);
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
      if (styleChanged) void this.stylize(t.surface.el, 0);
      else if (intensityChanged) {
        await this.show(t, t.generation);
        await new Promise((r) => setTimeout(r, 0)); // yield between images: no long tasks
      }
    }
  }
}
