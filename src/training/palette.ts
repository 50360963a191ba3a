/**
 * The painting's palette, as a measure and as a training term.
 *
 * Gram matrices at relu1_2 average colours away: a network can match them with
 * one hue of the painting (#20's "pale wash"). The palette measure compares
 * whole colour distributions instead: the sliced Wasserstein-1 distance
 * (Rabin et al. 2011, "Wasserstein barycenter and its application to texture
 * mixing"; as a loss, Heitz et al. 2021, "A Sliced Wasserstein Loss for Neural
 * Texture Synthesis") between the pixels' CIELAB values, over 32 fixed random
 * unit directions, each distribution summarized by 128 quantiles:
 *   palette_gain = 1 − SW(output, painting) / SW(photo, painting).
 * CIELAB because its distances follow what a viewer sees (sRGB, D65 white).
 */

export const PALETTE_DIRECTIONS = 32;
export const PALETTE_QUANTILES = 128;

/** sRGB byte → linear light (IEC 61966-2-1). */
const LINEAR = Float64Array.from({ length: 256 }, (_, v) => {
  const c = v / 255;
  return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
});

// D65 reference white of sRGB (CIE 15:2004), XYZ scaled so Y = 1.
const XN = 0.95047;
const ZN = 1.08883;
const EPS = 216 / 24389;
const KAPPA = 24389 / 27;

const labF = (t: number) => (t > EPS ? Math.cbrt(t) : (KAPPA * t + 16) / 116);

function linearToLab(r: number, g: number, b: number, out: Float32Array, o: number): void {
  const x = (0.4124564 * r + 0.3575761 * g + 0.1804375 * b) / XN;
  const y = 0.2126729 * r + 0.7151522 * g + 0.072175 * b;
  const z = (0.0193339 * r + 0.119192 * g + 0.9503041 * b) / ZN;
  const fx = labF(x);
  const fy = labF(y);
  const fz = labF(z);
  out[o] = 116 * fy - 16;
  out[o + 1] = 500 * (fx - fy);
  out[o + 2] = 200 * (fy - fz);
}

/** CIELAB values (L in 0..100) of 8-bit sRGB pixels, 3 numbers per pixel. */
export function rgbBytesToLab(rgb: ArrayLike<number>): Float32Array {
  const n = Math.floor(rgb.length / 3);
  const out = new Float32Array(n * 3);
  for (let i = 0; i < n; i++) {
    const at = (k: number) => LINEAR[Math.max(0, Math.min(255, Math.round(rgb[i * 3 + k] as number)))] as number;
    linearToLab(at(0), at(1), at(2), out, i * 3);
  }
  return out;
}

export type Axis = readonly [number, number, number];

/** `count` unit directions in 3-D from a seeded Gaussian draw (LCG + Box–Muller): the same on every run and tool. */
export function seededUnitAxes(count: number, seed: number): readonly Axis[] {
  let s = seed;
  const uniform = () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return (s + 0.5) / 4294967296;
  };
  const gauss = () => Math.sqrt(-2 * Math.log(uniform())) * Math.cos(2 * Math.PI * uniform());
  return Array.from({ length: count }, () => {
    const v = [gauss(), gauss(), gauss()] as const;
    const norm = Math.hypot(...v);
    return [v[0] / norm, v[1] / norm, v[2] / norm] as const;
  });
}

/** The measure's 32 fixed unit directions. */
export const PALETTE_AXES: readonly Axis[] = seededUnitAxes(PALETTE_DIRECTIONS, 0x5eed);

function project(lab: Float32Array, axis: readonly [number, number, number]): Float32Array {
  const n = lab.length / 3;
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++)
    out[i] = axis[0] * (lab[i * 3] as number) + axis[1] * (lab[i * 3 + 1] as number) + axis[2] * (lab[i * 3 + 2] as number);
  return out;
}

/** Value at fraction q of sorted values, linearly interpolated between neighbours. */
function quantileOfSorted(sorted: Float32Array, q: number): number {
  const pos = q * (sorted.length - 1);
  const lo = Math.floor(pos);
  const hi = Math.min(sorted.length - 1, lo + 1);
  return (sorted[lo] as number) + (pos - lo) * ((sorted[hi] as number) - (sorted[lo] as number));
}

/** `count` quantiles at the cell centres (k + ½)/count of already sorted values. */
export function quantilesOfSorted(sorted: Float32Array, count: number): Float32Array {
  return Float32Array.from({ length: count }, (_, k) => quantileOfSorted(sorted, (k + 0.5) / count));
}

/** A colour distribution summarized along each fixed axis: PALETTE_DIRECTIONS × PALETTE_QUANTILES numbers. */
export type PaletteSignature = Float32Array[];

export function paletteSignature(rgb: ArrayLike<number>): PaletteSignature {
  const lab = rgbBytesToLab(rgb);
  if (lab.length === 0) throw new Error('expected at least one pixel to summarize a palette, found none');
  return PALETTE_AXES.map((axis) => quantilesOfSorted(project(lab, axis).sort(), PALETTE_QUANTILES));
}

/** Sliced Wasserstein-1 distance between two signatures, in CIELAB units. */
export function slicedWasserstein(a: PaletteSignature, b: PaletteSignature): number {
  let sum = 0;
  for (let d = 0; d < a.length; d++) {
    const qa = a[d] as Float32Array;
    const qb = b[d] as Float32Array;
    for (let k = 0; k < qa.length; k++) sum += Math.abs((qa[k] as number) - (qb[k] as number));
  }
  return sum / (a.length * PALETTE_QUANTILES);
}

/** 1 − SW(output, painting) / SW(photo, painting): the share of the colour distance to the painting the output closes. */
export function paletteGain(photo: ArrayLike<number>, output: ArrayLike<number>, painting: PaletteSignature): number {
  const before = slicedWasserstein(paletteSignature(photo), painting);
  const after = slicedWasserstein(paletteSignature(output), painting);
  return before > 0 ? 1 - after / before : 0;
}
