/**
 * Where a CSS background picture is drawn inside its element's padding box,
 * from the computed background-size / -position / -repeat (one layer). Used
 * to size the stylization and to paint the canvas layer on strict-CSP pages.
 */
import type { Size } from './surface';

export interface BackgroundLayout {
  x: number;
  y: number;
  width: number;
  height: number;
  repeatX: boolean;
  repeatY: boolean;
}

function length(token: string | undefined, reference: number): number | null {
  if (!token || token === 'auto') return null;
  if (token.endsWith('%')) return (Number.parseFloat(token) / 100) * reference;
  const px = Number.parseFloat(token);
  return Number.isFinite(px) ? px : null;
}

export function backgroundDrawSize(box: Size, natural: Size, sizeValue: string): Size {
  const v = sizeValue.trim();
  if (v === 'cover' || v === 'contain') {
    const k = (v === 'cover' ? Math.max : Math.min)(box.width / natural.width, box.height / natural.height);
    return { width: natural.width * k, height: natural.height * k };
  }
  const [wt, ht] = v.split(/\s+/);
  const w = length(wt, box.width);
  const h = length(ht ?? 'auto', box.height);
  if (w !== null && h !== null) return { width: w, height: h };
  if (w !== null) return { width: w, height: (w * natural.height) / natural.width };
  if (h !== null) return { width: (h * natural.width) / natural.height, height: h };
  return { ...natural };
}

function offset(token: string | undefined, free: number): number {
  if (!token) return free / 2;
  if (token.endsWith('%')) return (Number.parseFloat(token) / 100) * free;
  const px = Number.parseFloat(token);
  return Number.isFinite(px) ? px : free / 2;
}

export function backgroundLayout(box: Size, natural: Size, style: { size: string; position: string; repeat: string }): BackgroundLayout {
  const draw = backgroundDrawSize(box, natural, style.size);
  const [px, py] = style.position.trim().split(/\s+/);
  const repeat = style.repeat.trim();
  const repeatX = /^(repeat|space|round)( |$)|^repeat-x$/.test(repeat) && repeat !== 'repeat-y';
  const repeatY = /^(repeat|space|round)( |$)|^repeat-y$/.test(repeat) || / (repeat|space|round)$/.test(repeat);
  return {
    x: offset(px, box.width - draw.width),
    y: offset(py, box.height - draw.height),
    width: draw.width,
    height: draw.height,
    repeatX: repeatX && !/^no-repeat/.test(repeat),
    repeatY: repeatY && !/no-repeat$/.test(repeat),
  };
}

/** The single url() of a one-layer background, or null (none, gradients only, or several layers). */
export function singleBackgroundUrl(backgroundImage: string): string | null {
  if (!backgroundImage || backgroundImage === 'none') return null;
  const urls = [...backgroundImage.matchAll(/url\(\s*(['"]?)(.*?)\1\s*\)/g)];
  if (urls.length !== 1) return null;
  const layers = backgroundImage.split(/,(?![^(]*\))/);
  if (layers.length !== 1) return null;
  return urls[0]?.[2] ?? null;
}
