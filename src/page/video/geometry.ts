/**
 * Where a video's picture lies inside its element (#27): the content box
 * (border and padding taken off), then the picture placed in it by
 * `object-fit` and `object-position`, as CSS Images 3 §5 defines them. The
 * overlay covers the content box (what the element clips to); the painted
 * frame is drawn at the picture's rectangle inside it, so letterboxing and
 * cropping (cover) match the video's own.
 */
export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface Size {
  width: number;
  height: number;
}

/** The element's border box minus its borders and padding (all in CSS px). */
export function contentBox(border: Rect, edges: { top: number; right: number; bottom: number; left: number }): Rect {
  return {
    x: border.x + edges.left,
    y: border.y + edges.top,
    width: Math.max(0, border.width - edges.left - edges.right),
    height: Math.max(0, border.height - edges.top - edges.bottom),
  };
}

/** The size the picture is drawn at in a `box`-sized content box, by `object-fit`. */
export function fittedSize(natural: Size, box: Size, fit: string): Size {
  if (natural.width <= 0 || natural.height <= 0) return { width: 0, height: 0 };
  const contain = Math.min(box.width / natural.width, box.height / natural.height);
  const cover = Math.max(box.width / natural.width, box.height / natural.height);
  const scaled = (k: number) => ({ width: natural.width * k, height: natural.height * k });
  switch (fit) {
    case 'fill':
      return { width: box.width, height: box.height };
    case 'cover':
      return scaled(cover);
    case 'none':
      return { ...natural };
    case 'scale-down':
      return scaled(Math.min(1, contain));
    default: // 'contain', the UA style of <video>
      return scaled(contain);
  }
}

/** One `object-position` component: a percentage of the free space, a length from the start, or a keyword. */
function offset(token: string | undefined, free: number): number {
  if (!token) return free / 2;
  const keyword: Record<string, number> = { left: 0, top: 0, center: 0.5, right: 1, bottom: 1 };
  if (token in keyword) return free * (keyword[token] as number);
  if (token.endsWith('%')) return (free * Number.parseFloat(token)) / 100;
  if (token.endsWith('px')) return Number.parseFloat(token);
  return free / 2;
}

/**
 * Splits a computed `object-position` ("50% 50%", "left 10px top 20%" is
 * beyond what browsers compute to: they give two values) into x and y.
 */
function positionTokens(position: string): [string | undefined, string | undefined] {
  const tokens = position.trim().split(/\s+/).filter(Boolean);
  if (tokens.length === 1) {
    const t = tokens[0] as string;
    return t === 'top' || t === 'bottom' ? ['center', t] : [t, 'center'];
  }
  const [a, b] = tokens;
  // "top left" names y first.
  if (a === 'top' || a === 'bottom' || b === 'left' || b === 'right') return [b, a];
  return [a, b];
}

/** The picture's rectangle relative to the content box's top-left corner (it may overflow it: cover, none). */
export function pictureRect(natural: Size, box: Size, fit: string, position = '50% 50%'): Rect {
  const size = fittedSize(natural, box, fit);
  const [px, py] = positionTokens(position);
  return {
    x: offset(px, box.width - size.width),
    y: offset(py, box.height - size.height),
    width: size.width,
    height: size.height,
  };
}

/**
 * The size a frame is painted at: the picture's displayed size in device
 * pixels, never above the video's own frame, and never above `maxSide` on
 * the long side (the overlay upscales it for display). Whole pixels, at least 1.
 */
export function paintSize(natural: Size, shown: Size, dpr: number, maxSide: number): Size | null {
  if (natural.width <= 0 || natural.height <= 0 || shown.width <= 0 || shown.height <= 0) return null;
  let k = Math.min((shown.width * dpr) / natural.width, (shown.height * dpr) / natural.height, 1);
  const long = Math.max(natural.width, natural.height) * k;
  if (long > maxSide) k *= maxSide / long;
  return { width: Math.max(1, Math.round(natural.width * k)), height: Math.max(1, Math.round(natural.height * k)) };
}
