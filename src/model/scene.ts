/**
 * A procedural landscape (sky, sun, hills, a lake, a striped field) that the
 * project generates itself: used for golden tests, previews in the popup and
 * the README, so no photo or painting is ever copied into the repository.
 */
export interface SceneImage {
  width: number;
  height: number;
  /** RGBA, row-major. */
  data: Uint8ClampedArray;
}

const clamp = (x: number) => (x < 0 ? 0 : x > 255 ? 255 : x);

function hash(x: number, y: number): number {
  let h = Math.imul(x, 374761393) + Math.imul(y, 668265263);
  h = Math.imul(h ^ (h >>> 13), 1274126177);
  return ((h ^ (h >>> 16)) >>> 0) / 4294967296;
}

function pixel(u: number, v: number, x: number, y: number): [number, number, number] {
  const hill1 = 0.62 + 0.08 * Math.sin(u * 7.0 + 0.5) + 0.04 * Math.sin(u * 17.0);
  const hill2 = 0.72 + 0.06 * Math.sin(u * 4.0 + 2.0);
  const sunD = Math.hypot(u - 0.72, v - 0.22);
  const grain = (hash(x, y) - 0.5) * 12;
  if (sunD < 0.07) return [255, 220 - sunD * 400, 120];
  if (v < hill1 && v < hill2) {
    const glow = Math.max(0, 0.35 - sunD) * 300;
    return [70 + 120 * v + glow, 120 + 100 * v + glow * 0.6, 200 + 40 * v];
  }
  if (v < hill2) return [60 + 40 * u, 110 + 30 * Math.sin(u * 30), 70];
  if (v < 0.84) {
    const ripple = 10 * Math.sin(v * 180 + Math.sin(u * 25) * 2);
    return [40 + ripple, 90 + ripple, 150 + ripple + grain];
  }
  const stripe = Math.sin(((u - 0.5) * 40) / (v + 0.2)) > 0 ? 30 : -30;
  return [150 + stripe + grain, 120 + stripe * 0.5, 40 + grain];
}

export function makeScene(width: number, height: number): SceneImage {
  const data = new Uint8ClampedArray(width * height * 4);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const [r, g, b] = pixel(x / width, y / height, x, y);
      const i = (y * width + x) * 4;
      data[i] = clamp(r);
      data[i + 1] = clamp(g);
      data[i + 2] = clamp(b);
      data[i + 3] = 255;
    }
  }
  return { width, height, data };
}
