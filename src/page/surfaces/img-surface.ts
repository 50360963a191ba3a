/** An <img> as a surface (see img-target.ts for how results go in and come out). */

import type { Refusal } from '../../messaging/protocol';
import type { AnimationTiming } from '../../shared/animation';
import type { RgbaImage } from '../../shared/image';
import { ownPictureWrite, pictureSignature, settled } from '../quiet-load';
import { animationToDataUrl } from './animation-data-url';
import { pixelsToDataUrl } from './data-url';
import {
  type Applied,
  adoptPageChange,
  applyToImg,
  type ImgSnapshot,
  matchesSnapshot,
  snapshotImg,
  stillApplied,
  takeBack,
} from './img-target';
import type { Measure, Surface } from './surface';

export const IMAGE_LOAD_TIMEOUT_MS = 15_000;

export class ImgSurface implements Surface {
  readonly kind = 'img';
  private snapshot: ImgSnapshot;
  private applied: Applied | undefined;
  /** The page's own picture while ours is shown (currentSrc is then our data: URL). */
  private pageUrl = '';
  /**
   * The page's own picture, kept loaded while ours is shown (#29). Given back, a picture the browser still
   * holds is shown at once; one it has let go is fetched again, and meanwhile Chromium 156 shows ours at
   * the page's density (a 1600-px picture painted at 1024 px laid out 1024 wide for a frame). The page
   * held it before it was painted: this keeps what the page had, nothing more.
   */
  // biome-ignore lint/correctness/noUnusedPrivateClassMembers: held, never read: holding it keeps the picture loaded
  private pagePicture: HTMLImageElement | undefined;
  /** Bumped by every restore: a show() that began before it writes nothing (#30). */
  private restores = 0;

  constructor(readonly el: HTMLImageElement) {
    this.snapshot = snapshotImg(el);
  }

  /**
   * The page's picture, also while Brushwork's is shown: a new style must be
   * painted from the page's picture, never from our own stylized one.
   */
  pictureUrl(): string {
    return this.applied ? this.pageUrl : this.el.currentSrc || this.el.src;
  }

  async measure(): Promise<Measure | Refusal> {
    const img = this.el;
    if (!img.complete) {
      // A server that never answers must not leave the image pending forever.
      const loaded = await new Promise<boolean>((resolve) => {
        // settled(): also the loads Brushwork keeps from the page (its own picture given back on restore).
        const cancel = settled(img, () => {
          clearTimeout(timer);
          resolve(true);
        });
        const timer = setTimeout(() => {
          cancel();
          resolve(false);
        }, IMAGE_LOAD_TIMEOUT_MS);
      });
      if (!loaded && img.naturalWidth === 0)
        return { kind: 'timeout', message: `the image did not load within ${IMAGE_LOAD_TIMEOUT_MS / 1000} s` };
    }
    if (img.naturalWidth === 0 || img.naturalHeight === 0)
      return { kind: 'unreadable', message: 'the image did not load (broken or empty)' };
    const box = img.getBoundingClientRect();
    return { natural: { width: img.naturalWidth, height: img.naturalHeight }, box: { width: box.width, height: box.height } };
  }

  async show(pixels: RgbaImage, density: number, stillWanted: () => boolean = () => true): Promise<boolean> {
    const wanted = this.wantedSinceNow(stillWanted);
    return this.showUrl(await pixelsToDataUrl(pixels), pixels.width, density, wanted);
  }

  /** An animated picture's painted frames, as one animated WebP the browser plays (animated-webp.ts says why). */
  async showAnimation(frames: RgbaImage[], timing: AnimationTiming, density: number, stillWanted = () => true): Promise<boolean | null> {
    const wanted = this.wantedSinceNow(stillWanted);
    const url = await animationToDataUrl(frames, timing);
    return wanted() ? this.showUrl(url, frames[0]?.width ?? 0, density, wanted) : null;
  }

  /**
   * Encoding and decoding take tasks: a restore (page mode off, Restore original) may come meanwhile,
   * and a write after it would leave the picture painted with nothing left to take it back (#30).
   */
  private wantedSinceNow(stillWanted: () => boolean): () => boolean {
    const restores = this.restores;
    return () => restores === this.restores && stillWanted();
  }

  /** `width`: the result's width in pixels (its srcset width descriptor, img-target.ts). */
  private async showUrl(url: string, width: number, density: number, wanted: () => boolean): Promise<boolean> {
    // Decoded before the swap. Replacing our own picture (a first look by the full size, a new blend): the
    // <img> never shows an empty frame between the two (#21, "without a flash"). Replacing the page's:
    // Firefox 153 applies the new srcset's density at once to the picture still shown until ours has
    // loaded, and laid a 1600-px picture out 2500 wide for a frame at 0.64 (#29).
    if (wanted()) await decodedAhead(url);
    if (!wanted()) return false;
    // The page changed the image since the snapshot (or since our last write): the page wins, we paint nothing.
    if (!this.intact()) return false;
    if (!this.applied) {
      this.pageUrl = this.el.currentSrc || this.el.src;
      this.pagePicture = keptLoaded(this.el, this.pageUrl);
    }
    const before = pictureSignature(this.el);
    this.applied = applyToImg(this.el, this.snapshot, url, width, density);
    ownPictureWrite(this.el, before); // the load of our picture is not the page's (quiet-load.ts)
    return true;
  }

  restore(): void {
    this.restores++;
    if (!this.applied) return;
    const before = pictureSignature(this.el);
    takeBack(this.el, this.snapshot, this.applied);
    ownPictureWrite(this.el, before); // the page's picture loading again is not a new load for the page
    this.applied = undefined;
    this.pagePicture = undefined;
  }

  writtenElements(): Element[] {
    return [this.el, ...this.snapshot.sources.map(([s]) => s)];
  }

  intact(): boolean {
    return this.applied ? stillApplied(this.applied) : matchesSnapshot(this.el, this.snapshot);
  }

  adoptPageChange(): void {
    this.snapshot = adoptPageChange(this.el, this.snapshot, this.applied);
    this.applied = undefined;
    this.pagePicture = undefined;
  }
}

/**
 * An image of the page's document holding `url` as `img` asked for it (same CORS mode and referrer policy:
 * the same cache entry, no other request): the browser keeps a picture while it is referenced. Only
 * http(s): a data: URL is always at hand, and a blob: URL the page has revoked would fail in its console.
 *
 * Firefox: a load a content script starts carries the add-on's expanded principal, for which no Origin header
 * can be sent, so a CORS load (an <img crossorigin> of another site the add-on has no access to) fails and
 * Firefox logs "CORS header ‘Origin’ cannot be added" in the page's console (#30 point 6). Set through the
 * page's own view of the element (wrappedJSObject, Firefox's Xray vision waived), the load is the page's, as
 * img's was. Those setters are the page's to patch: if they throw, nothing is kept (restore loads it again).
 */
function keptLoaded(img: HTMLImageElement, url: string): HTMLImageElement | undefined {
  if (!/^https?:/i.test(url)) return undefined;
  const kept = new Image();
  const asPage = (import.meta.env.FIREFOX && (kept as HTMLImageElement & { wrappedJSObject?: HTMLImageElement }).wrappedJSObject) || kept;
  try {
    if (img.crossOrigin !== null) asPage.crossOrigin = img.crossOrigin;
    asPage.referrerPolicy = img.referrerPolicy;
    asPage.src = url;
  } catch {
    return undefined;
  }
  return kept;
}

/** Decodes a data: URL off the page's main thread (HTMLImageElement.decode), so showing it next is instant. */
async function decodedAhead(url: string): Promise<void> {
  const probe = new Image();
  probe.src = url;
  await probe.decode().catch(() => undefined); // a picture that will not decode is shown as before, and fails there
}
