/**
 * A procedural landscape (sky with clouds, a sun, hills with trees, a lake and
 * a striped field) that the project generates itself: used for golden tests,
 * the popup's style previews and the README, so that no photo or painting is
 * ever copied into the repository. Texture matters: style transfer on flat
 * gradients shows little, so every region carries value noise.
 */
import type { RgbaImage } from './image';

const clamp = (x: number) => (x < 0 ? 0 : Math.min(x, 255));

function hash(x: number, y: number): number {
  let h = Math.imul(x | 0, 374761393) + Math.imul(y | 0, 668265263);
  h = Math.imul(h ^ (h >>> 13), 1274126177);
  return ((h ^ (h >>> 16)) >>> 0) / 4294967296;
}

/** Smooth value noise in [0, 1]. */
function noise(x: number, y: number): number {
  const xi = Math.floor(x);
  const yi = Math.floor(y);
  const fx = x - xi;
  const fy = y - yi;
  const sx = fx * fx * (3 - 2 * fx);
  const sy = fy * fy * (3 - 2 * fy);
  const a = hash(xi, yi) + (hash(xi + 1, yi) - hash(xi, yi)) * sx;
  const b = hash(xi, yi + 1) + (hash(xi + 1, yi + 1) - hash(xi, yi + 1)) * sx;
  return a + (b - a) * sy;
}

function fbm(x: number, y: number): number {
  return 0.5 * noise(x, y) + 0.25 * noise(x * 2.1, y * 2.1) + 0.125 * noise(x * 4.3, y * 4.3) + 0.125 * noise(x * 8.7, y * 8.7);
}

type Rgb = [number, number, number];

function sky(u: number, v: number, aspect: number): Rgb {
  const sunD = Math.hypot((u - 0.72) * aspect, v - 0.2);
  if (sunD < 0.06) return [255, 226 - sunD * 300, 130];
  const glow = Math.max(0, 0.3 - sunD) * 320;
  const cloud = Math.max(0, fbm(u * 6 * aspect, v * 14) - 0.52) * 4.5;
  const base: Rgb = [60 + 130 * v + glow, 110 + 110 * v + glow * 0.6, 205 + 40 * v];
  return [
    base[0] + (250 - base[0]) * Math.min(1, cloud),
    base[1] + (250 - base[1]) * Math.min(1, cloud),
    base[2] + (252 - base[2]) * Math.min(1, cloud),
  ];
}

function hill(u: number, v: number, aspect: number, top: number): Rgb {
  const n = fbm(u * 30 * aspect, v * 30);
  const tree = noise(u * 60 * aspect, 3.7) > 0.62 && v < top + 0.05;
  const shade = (v - top) * 200;
  if (tree) return [30 + 30 * n, 70 + 40 * n, 35];
  return [70 + 60 * n - shade * 0.3, 120 + 60 * n - shade * 0.2, 50 + 30 * n];
}

function pixel(u: number, v: number, aspect: number, x: number, y: number): Rgb {
  const hill1 = 0.58 + 0.07 * Math.sin(u * 7.0 + 0.5) + 0.03 * Math.sin(u * 19.0);
  const hill2 = 0.66 + 0.05 * Math.sin(u * 4.0 + 2.0);
  const grain = (hash(x, y) - 0.5) * 10;
  if (v < hill1 && v < hill2) return sky(u, v, aspect);
  if (v < hill2) return hill(u, v, aspect, hill1);
  if (v < 0.8) {
    const ripple = 14 * Math.sin(v * 160 + Math.sin(u * 25 * aspect) * 2) * (0.5 + fbm(u * 10, v * 40));
    const reflect = Math.max(0, 0.08 - Math.abs((u - 0.72) * aspect)) * 900;
    return [40 + ripple + reflect, 90 + ripple + reflect * 0.8, 150 + ripple + grain];
  }
  const stripe = Math.sin(((u - 0.5) * 40) / (v + 0.2)) > 0 ? 30 : -30;
  const straw = fbm(u * 80 * aspect, v * 20) * 60 - 30;
  return [150 + stripe + straw + grain, 118 + stripe * 0.5 + straw * 0.7, 40 + grain];
}

export function makeScene(width: number, height: number): RgbaImage {
  const data = new Uint8ClampedArray(width * height * 4);
  const aspect = width / height;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const [r, g, b] = pixel(x / width, y / height, aspect, x, y);
      const i = (y * width + x) * 4;
      data[i] = clamp(r);
      data[i + 1] = clamp(g);
      data[i + 2] = clamp(b);
      data[i + 3] = 255;
    }
  }
  return { width, height, data };
}
