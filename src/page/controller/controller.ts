/**
 * The page side of Brushwork: stylize, re-blend and restore the surfaces
 * (images, CSS backgrounds) of a page. The pieces live beside it: which
 * elements are tracked (registry.ts), the job messages (jobs.ts), the counts
 * sent to the background (counts.ts), the re-apply cap (reapply.ts) and what
 * a failure shows (friendly.ts). TF.js-free: the work happens in the
 * offscreen document, via the background.
 */

import { errorMessage } from '../../messaging/errors';
import type { ErrorKind } from '../../messaging/protocol';
import { DEFAULT_SETTINGS, type Look, lookFor, type Settings, siteOf } from '../../settings/schema';
import type { DataImagePolicy } from '../../shared/csp';
import { blend, type RgbaImage } from '../../shared/image';
import { ByteLruCache } from '../../shared/lru-cache';
import { CssImagePolicy } from '../css-image-policy';
import { Indicator } from '../indicator';
import { clearState, markFirstLook, setState } from '../marks';
import { downloadBlob, encodePicture, saveFileName, saveFormatFor } from '../save';
import { animationToWebp } from '../surfaces/animation-data-url';
import { backgroundPlacement } from '../surfaces/background-placement';
import { type BackgroundMode, canHoldLayer, naturalSize } from '../surfaces/background-surface';
import { type StylizeSize, stylizeSize } from '../surfaces/sizing';
import { VideoEngineLink } from '../video/engine-link';
import type { VideoLook } from '../video/painter';
import { yieldToMain } from '../yield';
import { paintFrames } from './animation-frames';
import { CountsReporter } from './counts';
import { FirstLooks } from './first-look';
import { friendlyError, PAGE_REASONS, reasonText, stateForFailure } from './friendly';
import { JobWindow, PAGE_JOBS_IN_FLIGHT } from './job-window';
import { cancelJob, type JobSpec, newJobId, originalOf, readOnce, requestStylize } from './jobs';
import { gaveUpOn, recordPageChange } from './reapply';
import { SurfaceRegistry, type Tracked } from './registry';

export type { Tracked } from './registry';

/**
 * Pixels a page keeps for re-blending (original + stylized per picture): a
 * 1,000-picture feed at 400×300 and DPR 2 would otherwise hold 3.8 GB. Past
 * the budget the least recently shown pictures drop their pixels (they stay
 * on the page); a later intensity change asks for them again, which the
 * offscreen document's own cache usually answers without a model run.
 */
export const PAGE_RESULT_BYTES = 192 * 1024 * 1024;

const resultBytes = (t: Tracked) =>
  t.result
    ? t.result.animation
      ? t.result.animation.frames.reduce((n, f) => n + f.original.data.byteLength + f.stylized.data.byteLength, 0)
      : (t.result.original?.data.byteLength ?? t.result.originalBytes?.byteLength ?? 0) + t.result.stylized.data.byteLength
    : 0;

/** Attributes through which Brushwork shows a picture: a page write to one of them is a page change. */
const WATCHED_ATTRS = ['src', 'srcset', 'sizes', 'loading', 'style'];

/**
 * The site whose look applies: the tab's top-level page, also inside its
 * frames (location.ancestorOrigins lists the frame's ancestors, the top last).
 */
function topSite(): string | null {
  const ancestors = globalThis.location?.ancestorOrigins;
  const top = ancestors && ancestors.length > 0 ? ancestors[ancestors.length - 1] : globalThis.location?.href;
  return top ? siteOf(top) : null;
}

/** Without access to the site Brushwork cannot see the page's CSP headers, and a data: picture it may block is never tried. */
export class PageController {
  readonly indicator = new Indicator();
  settings: Settings = { ...DEFAULT_SETTINGS };
  /** The style and intensity for this page (the site's own when it is always on). */
  look: Look = lookFor(DEFAULT_SETTINGS, null);
  private pageModeOn = false;
  /** Page-mode jobs out at once: enough to keep up to four engines fed (and their next pictures on the way). */
  private readonly pageWindow = new JobWindow(PAGE_JOBS_IN_FLIGHT);
  /** The first pictures page mode sends are shown at half size first: a budget given each time it starts. */
  private readonly firstLooks = new FirstLooks();

  get pageMode(): boolean {
    return this.pageModeOn;
  }

  set pageMode(on: boolean) {
    if (on && !this.pageModeOn) this.firstLooks.reset();
    this.pageModeOn = on;
  }
  /** What is known of this document's CSP for data: images (css-image-policy.ts), updated before each background is shown. */
  private dataImages: DataImagePolicy = 'unknown';
  private readonly cssImagePolicy = new CssImagePolicy();
  /** The private frame channel to the video engines (#27), opened on a video's first frame. */
  private readonly videoLink = new VideoEngineLink();
  private readonly registry = new SurfaceRegistry(
    (el) => this.backgroundModeOf(el),
    () => ({ link: this.videoLink, look: () => this.videoLook() }),
  );
  private readonly kept = new ByteLruCache<Tracked>(PAGE_RESULT_BYTES, resultBytes, (_key, t) => {
    t.result = undefined;
  });
  /**
   * Watches every element Brushwork writes to, whether page mode or the
   * context menu stylized it, so a page that replaces a picture (or rewrites
   * a style) is noticed: its change wins, and restore never undoes it.
   */
  private readonly watcher = typeof MutationObserver === 'undefined' ? null : new MutationObserver((records) => this.onMutations(records));
  private readonly reporter = new CountsReporter(() => ({ counts: this.registry.counts(), pageMode: this.pageMode }));

  /**
   * Pictures a person gave back with Restore original (#29). Page mode leaves them as they are: it saw the
   * restored picture as a new one and painted it again at once, so Restore original did nothing in page
   * mode. Kept until the person asks for a style there again, or everything is restored (page mode off);
   * a picture restored with page mode off is painted by page mode when it is switched on, as any other.
   */
  private keptByPerson = new WeakSet<Element>();

  get tracked(): ReadonlyMap<Element, Tracked> {
    return this.registry.tracked;
  }

  /** A picture the person restored with the context menu: page mode does not paint it again. */
  keptOriginal(el: Element): boolean {
    return this.keptByPerson.has(el);
  }

  counts() {
    return this.registry.counts();
  }

  /** Reports counts at once (page mode switched), instead of on the next debounce. */
  reportNow(): void {
    this.reporter.now();
  }

  private mark(t: Tracked, state: Tracked['state'], reason?: string): void {
    t.state = state;
    setState(t.surface.el, state, reason);
    this.reporter.soon();
  }

  findBySrc(srcUrl: string, root: ParentNode = document): HTMLImageElement[] {
    return this.registry.findBySrc(srcUrl, root);
  }

  /** The context menu: this picture, in the page's style or in `styleId` for this picture alone. */
  async stylizeBySrc(srcUrl: string, styleId?: string): Promise<number> {
    const found = [...this.findBySrc(srcUrl), ...this.registry.findVideosBySrc(srcUrl)];
    for (const el of found) void this.stylize(el, 0, false, { styleOverride: styleId });
    return found.length;
  }

  /** The original of a repainted picture at or around `el` (compare). */
  originalOf(el: Element): { el: Element; url: string } | null {
    for (let e: Element | null = el; e; e = e.parentElement) {
      const t = this.registry.get(e) ?? this.registry.ownerOf(e);
      if (t?.state === 'done' && t.url) return { el: t.surface.el, url: t.url };
    }
    return null;
  }

  /**
   * "Save stylized image": the picture at its natural size (up to the max
   * side), in its own style or the page's, as a download. 1 when saved.
   */
  async saveBySrc(srcUrl: string): Promise<number> {
    const img = this.findBySrc(srcUrl)[0];
    if (!img) return 0;
    const t = this.registry.get(img);
    const styleId = t?.styleOverride ?? this.look.styleId;
    // A repainted picture shows our data: URL; the picture to save is the page's own.
    const url = t?.url || img.currentSrc || img.src;
    // Its natural size too: a picture Brushwork touched may show our result, whose size is the shown
    // size (#30: 300×200 saved for a 480×320 picture), so the page's picture is asked for its own.
    const natural = t ? await naturalSize(url) : { width: img.naturalWidth, height: img.naturalHeight };
    if (!natural) return 0;
    const size = stylizeSize(natural, natural, 1, this.settings.maxSide);
    if (!size) return 0;
    this.indicator.busy(img);
    const res = await requestStylize({ jobId: newJobId(), url, styleId, width: size.width, height: size.height, priority: 0 }, () => true);
    this.indicator.clear(img);
    if (!res) return 0;
    if (!res.ok) {
      this.indicator.error(img, friendlyError(res.kind));
      return 0;
    }
    if (res.animation) return this.saveAnimation(img, { url, styleId, priority: 0 }, res, size);
    const format = saveFormatFor(url);
    downloadBlob(await encodePicture(await this.blendAtLook(res), format), saveFileName(url, styleId, format, document.title));
    return 1;
  }

  /**
   * "Save stylized image" on an animated picture (#27): every frame painted at the natural size (or
   * smaller, within an animation's page budget), blended at the page's look and saved as one animated
   * WebP with the original's timing, never its first frame alone.
   */
  private async saveAnimation(
    img: HTMLImageElement,
    job: Pick<JobSpec, 'url' | 'styleId' | 'priority'>,
    first: Parameters<typeof paintFrames>[1],
    size: StylizeSize,
  ): Promise<number> {
    this.indicator.busy(img);
    const painted = await paintFrames(job, first, size, { current: () => true, window: undefined, read: readOnce(), onCancel: () => {} });
    this.indicator.clear(img);
    if (!painted) return 0;
    if ('ok' in painted) {
      this.indicator.error(img, friendlyError(painted.kind));
      return 0;
    }
    const frames: RgbaImage[] = [];
    for (const f of painted.frames) {
      frames.push(await this.blendAtLook(f));
      await yieldToMain(); // one frame's blend per task: no long tasks
    }
    const file = await animationToWebp(frames, painted.timing);
    downloadBlob(new Blob([file as BlobPart], { type: 'image/webp' }), saveFileName(job.url, job.styleId, 'webp', document.title));
    return 1;
  }

  restoreBySrc(srcUrl: string): number {
    const found = [...this.findBySrc(srcUrl), ...this.registry.findVideosBySrc(srcUrl)];
    for (const el of found) {
      this.restore(el);
      if (this.pageMode) this.keptByPerson.add(el);
    }
    return found.length;
  }

  /**
   * A picture left as it is: marked, and told in the page, a refusal (an animated GIF, an SVG, a picture
   * Brushwork may not read) with its reason as a broken picture is (#30: refusals said nothing). `quiet`:
   * nothing to tell, the picture is not shown or has no picture of its own.
   */
  private fail(t: Tracked, kind: ErrorKind, reason: string, quiet = false): void {
    const state = stateForFailure(kind);
    this.indicator.clear(t.surface.el);
    this.mark(t, state, reason);
    if (quiet) return;
    this.indicator.error(t.surface.el, state === 'skipped' ? `${friendlyError(kind)}: ${reason}` : friendlyError(kind));
  }

  /** Stylizes an <img> or an element's CSS background picture. */
  async stylize(el: Element, priority: number, afterPageChange = false, asked?: { styleOverride: string | undefined }): Promise<void> {
    const existing = this.registry.get(el);
    // A person's request (the menu) restarts a pending job; page mode's repeated sightings do not.
    // An animation whose frames are being painted is pending too, with frame jobs out (#27).
    if (existing?.state === 'pending' && (existing.jobId || existing.cancelFrames) && !afterPageChange && !asked) return;
    if (existing?.state === 'skipped' && gaveUpOn(existing.pageChanges)) return;
    const known = this.registry.get(el);
    const t = this.registry.track(el);
    if (asked) {
      t.styleOverride = asked.styleOverride;
      this.keptByPerson.delete(el);
    }
    if (!known) for (const w of t.surface.writtenElements()) this.watcher?.observe(w, { attributes: true, attributeFilter: WATCHED_ATTRS });
    if (t.jobId) cancelJob(t.jobId);
    const generation = ++t.generation;
    const current = () => generation === t.generation;
    this.mark(t, 'pending');
    this.indicator.busy(el);
    if (afterPageChange) await new Promise((r) => setTimeout(r, 0)); // let the page's new picture start loading
    const measured = await t.surface.measure();
    if (!current()) return;
    if ('kind' in measured) return this.fail(t, measured.kind, measured.message, measured.kind === 'skipped');
    t.url = t.surface.pictureUrl(); // the picture the page chose, absolute
    if (t.surface.kind === 'background') {
      // Decided before the model runs: an element that can show the picture neither way is left as it is.
      const refused = await this.noPlaceFor(el);
      if (!current()) return;
      if (refused) return this.fail(t, 'skipped', refused);
    }
    if (t.surface.live) return this.startLive(t, generation);
    const size = stylizeSize(measured.natural, measured.box, devicePixelRatio, this.settings.maxSide);
    if (!size) return this.fail(t, 'skipped', PAGE_REASONS.notDisplayed(), true);
    const styleId = t.styleOverride ?? this.look.styleId;
    // Page mode's pictures go out a few at a time, nearest first; a person's request (the menu) goes at once.
    const window = this.pageMode && !asked ? this.pageWindow : undefined;
    const read = readOnce(t.surface.kind === 'img' ? el : undefined);
    const firstLook = window && t.surface.kind === 'img' && !afterPageChange ? this.firstLooks.take(size) : null;
    if (firstLook && window) {
      await this.showFirstLook(t, { url: t.url, styleId, priority }, firstLook, { current, window, read });
      if (!current()) return;
    }
    t.jobId = newJobId();
    const res = await requestStylize(
      { jobId: t.jobId, url: t.url, styleId, width: size.width, height: size.height, priority },
      current,
      window,
      read,
    );
    if (!res || !current()) return;
    t.jobId = undefined;
    if (!res.ok) {
      if (res.kind === 'cancelled') return this.restore(el);
      return this.fail(t, res.kind, reasonText(res));
    }
    if (res.animation) return this.paintAnimation(t, res, { url: t.url, styleId, priority }, size, { current, window, read });
    t.result = {
      stylized: res.stylized,
      ...('original' in res ? { original: res.original } : { originalBytes: res.originalBytes }),
      styleId,
      density: size.density,
    };
    this.kept.set(t.key, t);
    await yieldToMain();
    if (!current()) return;
    await this.show(t, generation);
  }

  /** The look videos are painted in, read at each frame: a new intensity or colour choice applies to the next one. */
  private videoLook(): VideoLook {
    return {
      styleId: this.look.styleId,
      intensity: this.look.intensity,
      keepColours: this.settings.keepColours,
      maxSide: this.settings.videoMaxSide,
      maxFps: this.settings.videoMaxFps,
    };
  }

  /** A live surface (a video, #27) paints itself from now on and reports its own state. */
  private startLive(t: Tracked, generation: number): void {
    this.indicator.clear(t.surface.el); // a video shows its own picture until the first painted frame covers it
    t.surface.live?.startLive((state, reason) => {
      if (generation !== t.generation) return;
      this.mark(t, state, reason);
    }, t.styleOverride);
  }

  /**
   * An animated picture (#27): its other frames painted (animation-frames.ts), then shown looping by
   * a surface that can (showAnimation); elsewhere it is left as it is, moving, with the reason.
   */
  private async paintAnimation(
    t: Tracked,
    first: Parameters<typeof paintFrames>[1],
    job: Pick<JobSpec, 'url' | 'styleId' | 'priority'>,
    size: StylizeSize,
    via: { current: () => boolean; window: JobWindow | undefined; read: ReturnType<typeof readOnce> },
  ): Promise<void> {
    if (!t.surface.showAnimation) return this.fail(t, 'skipped', PAGE_REASONS.animationNotShowable());
    const generation = t.generation;
    if (t.surface.kind === 'background') {
      // Known before any frame is painted: a canvas layer would hold one still frame, so a background that
      // cannot take the inline picture is left moving (#27), and an unknown policy is never tried (#30).
      this.dataImages = await this.cssImagePolicy.current();
      if (this.dataImages === 'unknown' && this.backgroundModeOf(t.surface.el) === 'canvas')
        return this.fail(t, 'skipped', PAGE_REASONS.animatedBackgroundPolicyUnknown());
    }
    if (generation !== t.generation) return;
    const blocked = t.surface.animationBlocked?.();
    if (blocked) return this.fail(t, 'skipped', blocked);
    const painted = await paintFrames(job, first, size, { ...via, onCancel: (cancel) => (t.cancelFrames = cancel) });
    if (!via.current()) return;
    t.cancelFrames = undefined;
    if (!painted) return;
    if ('ok' in painted) return painted.kind === 'cancelled' ? this.restore(t.surface.el) : this.fail(t, painted.kind, reasonText(painted));
    const [head] = painted.frames;
    if (!head) return;
    t.result = {
      ...head,
      styleId: job.styleId,
      density: painted.size.density,
      animation: { timing: painted.timing, frames: painted.frames },
    };
    this.kept.set(t.key, t);
    await this.show(t, generation);
  }

  /**
   * A first look (#21): the picture at half size, shown while its full-size job runs. Its failures are
   * left to the full-size job, which meets them again and reports them.
   */
  private async showFirstLook(
    t: Tracked,
    job: Pick<JobSpec, 'url' | 'styleId' | 'priority'>,
    size: StylizeSize,
    via: { current: () => boolean; window: JobWindow; read: ReturnType<typeof readOnce> },
  ): Promise<void> {
    t.jobId = newJobId();
    const res = await requestStylize({ ...job, jobId: t.jobId, width: size.width, height: size.height }, via.current, via.window, via.read);
    // t.jobId stays set until the full-size job replaces it: a pending picture with a job is not restarted by page mode.
    // An animation's first look would be one still frame: it keeps moving until all its frames are painted (#27).
    if (!res || !via.current() || !res.ok || res.animation) return;
    const kept = { stylized: res.stylized, ...('original' in res ? { original: res.original } : { originalBytes: res.originalBytes }) };
    const look = await this.blendAtLook(kept).catch(() => null);
    if (!look || !via.current()) return;
    const shown = await t.surface.show(look, size.density, via.current);
    if (!via.current()) return;
    if (shown) markFirstLook(t.surface.el);
    else this.onPageChange(t); // the page changed the element meanwhile: its picture wins
  }

  /**
   * The picture as this page shows it: the look's intensity, the photo's colours kept or not. At the
   * default look (intensity 1, colours not kept) that is the stylized picture exactly, as blend would
   * give it, without decoding the original.
   */
  private async blendAtLook(r: { original?: RgbaImage; originalBytes?: Uint8Array; stylized: RgbaImage }): Promise<RgbaImage> {
    if (this.look.intensity >= 1 && !this.settings.keepColours) return r.stylized;
    return blend(await originalOf(r), r.stylized, this.look.intensity, { keepColours: this.settings.keepColours });
  }

  /** Blends at the current intensity and puts the picture on the page. */
  private async show(t: Tracked, generation: number): Promise<void> {
    const r = t.result;
    if (!r) return;
    this.kept.get(t.key); // most recently shown
    if (this.look.intensity <= 0)
      t.surface.restore(); // intensity 0 is exactly the original
    else {
      if (t.surface.kind === 'background') {
        const refused = await this.noPlaceFor(t.surface.el); // a <meta> policy added since the job began
        if (generation !== t.generation) return;
        if (refused) {
          t.surface.restore();
          return this.fail(t, 'skipped', refused);
        }
      }
      let shown: boolean | null;
      try {
        shown = await this.showAtLook(t, r, generation);
      } catch (e) {
        if (generation === t.generation) this.fail(t, 'unreadable', `the page could not decode its own picture again (${errorMessage(e)})`);
        return;
      }
      if (shown === null || generation !== t.generation) return;
      if (!shown) {
        this.onPageChange(t); // the page changed the element while its job ran: the page's picture wins
        return;
      }
    }
    this.indicator.clear(t.surface.el);
    this.mark(t, 'done');
  }

  /** Blends a kept result at the look and shows it (every frame of an animation); null when superseded meanwhile. */
  private async showAtLook(t: Tracked, r: NonNullable<Tracked['result']>, generation: number): Promise<boolean | null> {
    const animation = r.animation;
    const blocked = animation && t.surface.animationBlocked?.();
    if (blocked) {
      // The CSP verdict came after it was painted: the original, moving, rather than one frozen frame.
      t.surface.restore();
      this.fail(t, 'skipped', blocked);
      return null;
    }
    if (animation && t.surface.showAnimation) {
      // Blending and encoding every frame takes a while: a newer look (the intensity slider moving) or
      // a restore meanwhile supersedes this one, so an older look never lands after a newer one.
      const { intensity } = this.look;
      const { keepColours } = this.settings;
      const wanted = () => generation === t.generation && intensity === this.look.intensity && keepColours === this.settings.keepColours;
      const frames: RgbaImage[] = [];
      for (const f of animation.frames) {
        frames.push(await this.blendAtLook(f));
        await yieldToMain(); // one frame's blend per task: no long tasks
        if (!wanted()) return null;
      }
      return t.surface.showAnimation(frames, animation.timing, r.density, wanted);
    }
    const blended = await this.blendAtLook(r);
    if (generation !== t.generation) return null;
    if (t.result) this.kept.set(t.key, t); // the original may just have been decoded: its bytes count now
    return t.surface.show(blended, r.density, () => generation === t.generation);
  }

  restore(el: Element): void {
    const t = this.registry.get(el);
    if (!t) return;
    t.generation++;
    if (t.jobId) cancelJob(t.jobId);
    t.cancelFrames?.();
    t.cancelFrames = undefined;
    this.indicator.clear(el);
    t.surface.restore();
    this.kept.delete(t.key);
    t.result = undefined;
    clearState(el);
    this.registry.forget(el);
    if (!this.registry.hasVideos()) this.videoLink.close(); // the last video went: the engines' frame goes too
    this.reporter.soon();
  }

  /** A picture left the page: cancel its work and forget it (restoring what is still ours). */
  forget(el: Element): void {
    this.restore(el);
  }

  /** Scrolled far away before its turn: give the job back; it is queued again when it comes near. */
  release(el: Element): void {
    const t = this.registry.get(el);
    if (t?.state === 'pending') this.restore(el);
  }

  ownerOf(el: Element): Tracked | undefined {
    return this.registry.ownerOf(el);
  }

  /**
   * The page replaced a picture Brushwork repainted. Adopt the page's new
   * picture and repaint it, within the re-apply cap (reapply.ts).
   */
  onPageChange(t: Tracked, now = performance.now()): 'reapplied' | 'gave-up' | 'ignored' {
    if (t.surface.intact()) return 'ignored';
    t.surface.adoptPageChange();
    this.kept.delete(t.key);
    t.result = undefined;
    const { changes, gaveUp } = recordPageChange(t.pageChanges, now);
    t.pageChanges = changes;
    if (gaveUp) {
      t.generation++;
      this.indicator.clear(t.surface.el);
      this.mark(t, 'skipped', PAGE_REASONS.pageKeepsReplacing());
      return 'gave-up';
    }
    void this.stylize(t.surface.el, 0, true);
    return 'reapplied';
  }

  private onMutations(records: MutationRecord[]): void {
    const changed = new Set<Tracked>();
    for (const r of records) {
      const t = this.registry.ownerOf(r.target as Element);
      if (t && !t.surface.intact()) changed.add(t);
    }
    for (const t of changed) this.onPageChange(t);
  }

  /**
   * How a CSS background is shown (background-placement.ts): inline data: URL only where every CSP of the
   * document is known to allow data: images, the canvas layer otherwise (#30: never try what the page's
   * policy may refuse and report). An element that cannot hold the layer is refused before it is shown
   * (noPlaceFor), so 'canvas' is never used there.
   */
  private backgroundModeOf(el: Element): BackgroundMode {
    const placement = backgroundPlacement(this.dataImages, canHoldLayer(el));
    return 'mode' in placement ? placement.mode : 'canvas';
  }

  /** The policy as known now; the reason an element can show a painted background neither way, or null. */
  private async noPlaceFor(el: Element): Promise<string | null> {
    this.dataImages = await this.cssImagePolicy.current();
    const placement = backgroundPlacement(this.dataImages, canHoldLayer(el));
    return 'skip' in placement ? placement.skip : null;
  }

  restoreAll(): number {
    this.keptByPerson = new WeakSet();
    const n = this.registry.tracked.size;
    for (const el of [...this.registry.tracked.keys()]) this.restore(el);
    this.indicator.clearAll();
    this.videoLink.close();
    this.watcher?.takeRecords(); // our own restores are not page changes
    this.watcher?.disconnect(); // nothing is tracked any more; stylize() observes again
    return n;
  }

  /** New intensity or colour choice: re-blend what is done (no model run); new style: run again. */
  async applySettings(next: Settings, site: string | null = topSite()): Promise<void> {
    const prev = { look: this.look, keepColours: this.settings.keepColours };
    this.settings = next;
    this.look = lookFor(next, site);
    const styleChanged = prev.look.styleId !== this.look.styleId;
    const reblend = prev.look.intensity !== this.look.intensity || prev.keepColours !== next.keepColours;
    for (const t of [...this.registry.tracked.values()]) {
      if (t.surface.live) {
        t.surface.live.refreshLive(); // each frame is painted in the look of its moment
        continue;
      }
      if (t.state !== 'done') continue;
      if ((styleChanged && !t.styleOverride) || !t.result)
        void this.stylize(t.surface.el, 0); // no pixels kept: ask again (usually a cache hit)
      else if (reblend) {
        await this.show(t, t.generation);
        await new Promise((r) => setTimeout(r, 0)); // yield between images: no long tasks
      }
    }
  }
}
