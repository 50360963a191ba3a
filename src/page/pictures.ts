/** What a person sees as a picture, as opposed to icons, spacers, tracking pixels and drawings. */
export const MIN_PICTURE_SIDE = 48;

export function isPicture(img: HTMLImageElement): boolean {
  const src = img.currentSrc || img.src;
  if (!src) return false;
  if (/\.svg(\?|#|$)/i.test(src) || /^data:image\/svg/i.test(src)) return false;
  const r = img.getBoundingClientRect();
  if (r.width < MIN_PICTURE_SIDE || r.height < MIN_PICTURE_SIDE) return false;
  const style = getComputedStyle(img);
  if (style.display === 'none' || style.visibility === 'hidden') return false;
  if (img.complete && img.naturalWidth > 0 && (img.naturalWidth < MIN_PICTURE_SIDE || img.naturalHeight < MIN_PICTURE_SIDE)) return false;
  return true;
}
