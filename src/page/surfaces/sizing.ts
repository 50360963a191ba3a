/**
 * What size to stylize an image at: the size it is shown (CSS box ×
 * devicePixelRatio), keeping the picture's own aspect ratio so object-fit and
 * object-position behave exactly as before, and never above the max side.
 * Stylizing a 4000 px original shown at 400 px would cost 100× for nothing.
 */
export interface StylizeSize {
  width: number;
  height: number;
  /** Pixels per CSS pixel of the result (the srcset density that keeps layout). */
  density: number;
}

export function stylizeSize(
  natural: { width: number; height: number },
  box: { width: number; height: number },
  dpr: number,
  maxSide: number,
): StylizeSize | null {
  if (natural.width <= 0 || natural.height <= 0 || box.width <= 0 || box.height <= 0) return null;
  const ratio = Math.max(1, dpr || 1);
  // Cover the box on both axes (object-fit: cover crops; contain leaves bars), but never upscale.
  const cover = Math.max((box.width * ratio) / natural.width, (box.height * ratio) / natural.height);
  let scale = Math.min(1, cover);
  const long = Math.max(natural.width, natural.height) * scale;
  if (long > maxSide) scale *= maxSide / long;
  const width = scale < 1 ? closestAspectWidth(natural, Math.max(1, Math.round(natural.width * scale))) : natural.width;
  const height = Math.max(1, Math.round((width * natural.height) / natural.width));
  // naturalWidth is already the intrinsic CSS width (Chrome corrects it for srcset density), so
  // declaring this density keeps the replaced image's intrinsic size, and with it the layout.
  return { width, height, density: width / natural.width };
}

/** At most this much narrower (2 %, and 8 px) to find a size whose aspect ratio is the picture's own. */
const ASPECT_SEARCH_PX = 8;

/**
 * A width at or a little under `width` whose rounded height keeps the picture's aspect ratio best. An
 * <img> with only a width attribute takes its height from the result's aspect ratio: 1024×683 for a
 * 6000×4000 picture made it 2 px taller at full width (#30); 1023×682 is exact.
 */
function closestAspectWidth(natural: { width: number; height: number }, width: number): number {
  const error = (w: number) => Math.abs(w * natural.height - Math.max(1, Math.round((w * natural.height) / natural.width)) * natural.width);
  let best = width;
  const lowest = Math.max(1, width - Math.min(ASPECT_SEARCH_PX, Math.floor(width * 0.02)));
  for (let w = width - 1; w >= lowest && error(best) > 0; w--) if (error(w) < error(best)) best = w;
  return best;
}
