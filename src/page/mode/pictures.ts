/** What a person sees as a picture, as opposed to icons, spacers, tracking pixels and drawings. */
import { backgroundPictureUrl } from '../surfaces/background-surface';

export const MIN_PICTURE_SIDE = 48;
/**
 * Below this many pixels on a side the file itself is a tracking pixel or a spacer, however large it is
 * shown. Above it the shown size decides (#30: a 60×45 photo shown at 240×180 was left out because the
 * rule read the file); an icon is an icon because it is shown small.
 */
export const MIN_NATURAL_SIDE = 16;
export const MIN_BACKGROUND_SIDE = 64;

function shown(el: Element, min: number): boolean {
  const r = el.getBoundingClientRect();
  if (r.width < min || r.height < min) return false;
  const style = getComputedStyle(el);
  return style.display !== 'none' && style.visibility !== 'hidden';
}

export function isSvgUrl(url: string): boolean {
  return /\.svg(\?|#|$)/i.test(url) || /^data:image\/svg/i.test(url);
}

/**
 * A picture that failed to load, meant as a picture: Chromium lays a broken <img> with alt text out as
 * that text (an 18-px line, its width and height attributes ignored), so the shown size cannot tell; the
 * size the page asked for can. Page mode marks it with the same short message Stylize image gives it
 * (#30), where a broken tracking pixel or icon (small attributes, or none) is left to the page.
 */
function brokenButMeantAsPicture(img: HTMLImageElement): boolean {
  if (!img.complete || img.naturalWidth > 0) return false;
  const asked = (name: string) => Number(img.getAttribute(name) ?? 0);
  if (!(asked('width') >= MIN_PICTURE_SIDE && asked('height') >= MIN_PICTURE_SIDE)) return false;
  return img.getClientRects().length > 0 && getComputedStyle(img).visibility !== 'hidden';
}

export function isPicture(img: HTMLImageElement): boolean {
  const src = img.currentSrc || img.src;
  if (!src || isSvgUrl(src)) return false;
  if (!shown(img, MIN_PICTURE_SIDE) && !brokenButMeantAsPicture(img)) return false;
  if (img.complete && img.naturalWidth > 0 && (img.naturalWidth < MIN_NATURAL_SIDE || img.naturalHeight < MIN_NATURAL_SIDE)) return false;
  return true;
}

/**
 * An <img> whose own picture is a spacer: a loaded image far smaller than the
 * box it fills (Yahoo's stream shows every photo as the CSS background of an
 * <img src="spaceball.gif">, 1×1 and transparent), or no picture at all.
 */
export function isSpacerImg(img: HTMLImageElement): boolean {
  const src = img.currentSrc || img.src;
  if (!src) return true;
  return img.complete && img.naturalWidth > 0 && img.naturalWidth < MIN_PICTURE_SIDE && img.naturalHeight < MIN_PICTURE_SIDE;
}

/**
 * An element whose CSS background is a single raster picture, at least 64 px
 * on both sides: any element, or an <img> whose own picture is a spacer.
 */
export function isBackgroundPicture(el: Element): boolean {
  if (!(el instanceof HTMLElement)) return false;
  if (el instanceof HTMLImageElement && !isSpacerImg(el)) return false;
  const url = backgroundPictureUrl(el);
  if (!url || isSvgUrl(url)) return false;
  return shown(el, MIN_BACKGROUND_SIDE);
}

/** A <video> a reader sees (#27): shown, at least 48 px on both sides. */
export function isShownVideo(el: Element): el is HTMLVideoElement {
  return el instanceof HTMLVideoElement && shown(el, MIN_PICTURE_SIDE);
}
