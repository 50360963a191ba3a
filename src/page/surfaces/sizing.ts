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
  const width = Math.max(1, Math.round(natural.width * scale));
  const height = Math.max(1, Math.round(natural.height * scale));
  // naturalWidth is already the intrinsic CSS width (Chrome corrects it for srcset density), so
  // declaring this density keeps the replaced image's intrinsic size, and with it the layout.
  return { width, height, density: width / natural.width };
}
