/**
 * Putting a stylized picture into an <img> without moving anything:
 * - `srcset` (on the <img> and on every <source> of its <picture>) is set to
 *   the result, or the browser keeps showing a srcset candidate over `src`;
 * - the result carries a density descriptor so its intrinsic size equals the
 *   original's, so width/height-less images keep their layout box;
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

const formatDensity = (d: number) => `${Number(d.toFixed(4))}x`;

/** The attribute values Brushwork wrote, so its own changes can be told from the page's. */
export type Applied = Map<Element, Map<string, string>>;

export function applyToImg(img: HTMLImageElement, snap: ImgSnapshot, url: string, density: number): Applied {
  const candidate = `${url} ${formatDensity(density)}`;
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
  // `sizes` is left alone: it only applies to width descriptors, and removing it would reorder attributes.
  for (const [source] of snap.sources) set(source, 'srcset', candidate);
  set(img, 'srcset', candidate);
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
  for (const [el, attrs] of applied) {
    const original = el === img ? snap.img : snap.sources.find(([s]) => s === el)?.[1];
    for (const [name, ours] of attrs) {
      if (el.getAttribute(name) !== ours) continue; // the page wrote this one: keep the page's value
      const value = original?.get(name) ?? null;
      if (value === null) el.removeAttribute(name);
      else el.setAttribute(name, value);
    }
  }
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
