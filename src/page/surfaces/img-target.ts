/**
 * Putting a stylized picture into an <img> without moving anything:
 * - `srcset` (on the <img> and on every <source> of its <picture>) is set to
 *   the result, or the browser keeps showing a srcset candidate over `src`;
 * - the result carries a width descriptor, and `sizes` is the original's
 *   intrinsic width, so its density (width ÷ sizes) makes its intrinsic size
 *   the original's and width/height-less images keep their layout box. Not a
 *   density descriptor (#29): a non-empty `src` joins the source set as a 1x
 *   candidate unless the set has a 1x or a width descriptor (HTML, "update the
 *   source set"), and Chromium 156 and Firefox 153 pick that 1x over a result
 *   at 0.64x at devicePixelRatio 1, so a 1600×1200 picture painted at
 *   1024×768 shrank to 1024×768. `src` holds the result too, so page scripts
 *   reading `img.src` see the picture shown, never an empty `src` (which
 *   reads as the document's address);
 * - `loading="lazy"` becomes eager, or a data: URL set on a lazy image is
 *   blocked by a strict CSP when it later loads on scroll (Chromium 156).
 * Everything touched is snapshotted first and restored exactly.
 */
import { type AttrSnapshot, snapshotAttrs } from './snapshot';

const IMG_ATTRS = ['src', 'srcset', 'sizes', 'loading'] as const;
const SOURCE_ATTRS = ['srcset', 'sizes'] as const;

export interface ImgSnapshot {
  img: AttrSnapshot;
  sources: [HTMLSourceElement, AttrSnapshot][];
}

export function pictureSources(img: HTMLImageElement): HTMLSourceElement[] {
  const parent = img.parentElement;
  if (parent?.tagName !== 'PICTURE') return [];
  return [...parent.children].filter((c): c is HTMLSourceElement => c.tagName === 'SOURCE');
}

export function snapshotImg(img: HTMLImageElement): ImgSnapshot {
  return {
    img: snapshotAttrs(img, IMG_ATTRS),
    sources: pictureSources(img).map((s) => [s, snapshotAttrs(s, SOURCE_ATTRS)]),
  };
}

/**
 * The `srcset` and `sizes` that show a result `width` pixels wide at `density` pixels per CSS px: its
 * intrinsic width is `width / density` CSS px, the original's (sizing.ts), at every devicePixelRatio.
 */
export function resultCandidate(url: string, width: number, density: number): { srcset: string; sizes: string } {
  return { srcset: `${url} ${width}w`, sizes: `${Number((width / density).toFixed(4))}px` };
}

/** The attribute values Brushwork wrote, so its own changes can be told from the page's. */
export type Applied = Map<Element, Map<string, string>>;

/**
 * `sizes` is written before `srcset`: our srcset is never picked from with another `sizes` (the page's, or
 * the default 100vw), whose density Chromium could keep (atDensityOne).
 */
export function applyToImg(img: HTMLImageElement, snap: ImgSnapshot, url: string, width: number, density: number): Applied {
  const { srcset, sizes } = resultCandidate(url, width, density);
  const applied: Applied = new Map();
  const set = (el: Element, name: string, value: string) => {
    if (el.getAttribute(name) !== value) el.setAttribute(name, value);
    const m = applied.get(el) ?? new Map<string, string>();
    m.set(name, value);
    applied.set(el, m);
  };
  // From the snapshot, not the element: on a second write (the full size after a first look, a new blend)
  // the element already says "eager", and a map without it would leave "eager" behind on restore (#30).
  if (snap.img.get('loading') === 'lazy') set(img, 'loading', 'eager');
  // A <source>'s own `sizes` applies to its `srcset`, not the <img>'s.
  for (const [source] of snap.sources) {
    set(source, 'sizes', sizes);
    set(source, 'srcset', srcset);
  }
  set(img, 'sizes', sizes);
  set(img, 'srcset', srcset);
  set(img, 'src', url);
  return applied;
}

/** True when every attribute Brushwork wrote still holds its value (the page changed nothing of ours). */
export function stillApplied(applied: Applied): boolean {
  for (const [el, attrs] of applied) for (const [name, value] of attrs) if (el.getAttribute(name) !== value) return false;
  return true;
}

/** True when the image and its sources still hold exactly the snapshot's values (the page changed nothing yet). */
export function matchesSnapshot(img: HTMLImageElement, snap: ImgSnapshot): boolean {
  const same = (el: Element, s: AttrSnapshot) => [...s].every(([name, value]) => el.getAttribute(name) === value);
  return same(img, snap.img) && snap.sources.every(([source, s]) => source.isConnected && same(source, s));
}

/**
 * Takes back what Brushwork wrote and nothing else: an attribute that still
 * holds our value gets its original back; one the page has rewritten since
 * keeps the page's value. With no page change this is the exact restore.
 */
export function takeBack(img: HTMLImageElement, snap: ImgSnapshot, applied: Applied): void {
  // Decided before any write of ours below: what the page wrote since is the page's.
  const writes: [Element, string, string | null][] = [];
  for (const [el, attrs] of applied) {
    const original = el === img ? snap.img : snap.sources.find(([s]) => s === el)?.[1];
    for (const name of RESTORE_ORDER) {
      const ours = attrs.get(name);
      if (ours === undefined) continue;
      const now = el.getAttribute(name);
      writes.push([el, name, now === ours ? (original?.get(name) ?? null) : now]);
    }
  }
  for (const [el, attrs] of applied) atDensityOne(el, attrs.get('srcset'));
  for (const [el, name, value] of writes) {
    if (el.getAttribute(name) === value) continue;
    if (value === null) el.removeAttribute(name);
    else el.setAttribute(name, value);
  }
}

/**
 * `srcset` is given back before `sizes`, so that the result is still shown at
 * density 1 (atDensityOne) when its srcset goes; `src` is never emptied.
 */
const RESTORE_ORDER = ['srcset', 'src', 'sizes', 'loading'] as const;

/**
 * Chromium 156 keeps the density of the last candidate picked from a srcset
 * when the srcset goes and `src` alone is left, for the page's own picture
 * too: removing our `1024w` at sizes 1600px (0.64) laid the page's 1600-px
 * picture out at 2500 px, and at the default 100vw (0.8) at 2000 (#29). So
 * before taking anything back, `sizes` is set to the result's own width: the
 * last density picked from our srcset is 1, the one a lone `src` has.
 */
function atDensityOne(el: Element, ours: string | undefined): void {
  const width = ours === undefined ? undefined : / (\d+)w$/.exec(ours)?.[1];
  if (width === undefined || el.getAttribute('srcset') !== ours || el.getAttribute('sizes') === `${width}px`) return;
  el.setAttribute('sizes', `${width}px`);
}

/**
 * The page changed an image Brushwork had repainted or was about to (a
 * framework re-render, a lazy loader swapping `data-src` in): keep the page's
 * new values, put our other changes back to the originals, and return the
 * page's picture as the new snapshot to work from.
 */
export function adoptPageChange(img: HTMLImageElement, snap: ImgSnapshot, applied: Applied | undefined): ImgSnapshot {
  if (applied) takeBack(img, snap, applied);
  return snapshotImg(img);
}
