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
import { type AttrSnapshot, restoreAttrs, snapshotAttrs } from './snapshot';

const IMG_ATTRS = ['src', 'srcset', 'sizes', 'loading'] as const;
const SOURCE_ATTRS = ['srcset', 'sizes'] as const;

export interface ImgSnapshot {
  img: AttrSnapshot;
  sources: [HTMLSourceElement, AttrSnapshot][];
}

export function pictureSources(img: HTMLImageElement): HTMLSourceElement[] {
  const parent = img.parentElement;
  if (!parent || parent.tagName !== 'PICTURE') return [];
  return [...parent.children].filter((c): c is HTMLSourceElement => c.tagName === 'SOURCE');
}

export function snapshotImg(img: HTMLImageElement): ImgSnapshot {
  return {
    img: snapshotAttrs(img, IMG_ATTRS),
    sources: pictureSources(img).map((s) => [s, snapshotAttrs(s, SOURCE_ATTRS)]),
  };
}

const formatDensity = (d: number) => `${Number(d.toFixed(4))}x`;

export function applyToImg(img: HTMLImageElement, snap: ImgSnapshot, url: string, density: number): void {
  const candidate = `${url} ${formatDensity(density)}`;
  if (img.getAttribute('loading') === 'lazy') img.setAttribute('loading', 'eager');
  // `sizes` is left alone: it only applies to width descriptors, and removing it would reorder attributes.
  for (const [source] of snap.sources) source.setAttribute('srcset', candidate);
  img.setAttribute('srcset', candidate);
  img.setAttribute('src', url);
}

export function restoreImg(img: HTMLImageElement, snap: ImgSnapshot): void {
  for (const [source, s] of snap.sources) restoreAttrs(source, s);
  restoreAttrs(img, snap.img);
}
