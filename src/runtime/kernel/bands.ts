/**
 * Splitting one picture in bands of rows, each painted by its own kernel
 * (ShuffleKernel.runBand), so that two engines paint one video frame in about
 * half the time (engine-pool.ts's runSplit). Each band computes a halo of its
 * neighbours' rows (the network's receptive field) and the bands exchange every
 * layer's instance-norm statistics, so the stitched picture is the whole
 * picture's run to the bit: no seam (tests/unit/kernel-bands.test.ts).
 */
import { type ArchSpec, convLayers } from '../../model/architecture';
import type { RgbaImage } from '../../shared/image';
import type { ShuffleKernel } from './shuffle-kernel';

/**
 * Rows [top, bottom) of a picture `height` tall that one kernel paints, computed from
 * rows [from, to): its own rows and a halo of neighbours' rows (planBands).
 */
export interface Band {
  height: number;
  top: number;
  bottom: number;
  from: number;
  to: number;
}

/**
 * Instance norm (Ulyanov et al. 2016) takes its mean and variance over the whole
 * picture, so bands of one picture share every layer's statistics: a band hands over
 * its own rows' statistics records (24 f32 a row: channel sums, then sums of squared
 * distances to the row's mean; `firstRow` its first at this layer's resolution), once
 * per layer, and gets back every row of the picture in order, its own included.
 */
export type RowExchange = (own: { layer: number; firstRow: number; rows: Float32Array }) => Promise<Float32Array>;

/** Band edges fall on multiples of 4 rows: space-to-depth (2) then the stride-2 conv (×2) keep every band on the whole picture's grid. */
export const BAND_ALIGN = 4;

/**
 * Rows a band must compute beyond its own so that its own rows come out as the whole
 * picture's: the network's receptive field, in picture rows. A band's rows past its
 * edge are the edge's reflection, not the neighbour's rows, and each 3×3 conv carries
 * that error one pixel further in, at its grid's scale (2 rows at half resolution, 4
 * at quarter). Nearest-neighbour upsampling carries it no further: band edges fall on
 * quarter-pixel boundaries (BAND_ALIGN), so the spoilt quarter pixels become exactly
 * the same rows at half resolution. Fast network: 2 + 2 + 6·4 + 2 + 2 = 32 rows
 * (tests/unit/kernel-bands.test.ts: exact with 32, a seam with 28).
 */
export function bandHalo(arch: ArchSpec): number {
  let scale = 2; // space-to-depth: 2×2 cells
  let reach = 0;
  for (const layer of convLayers(arch)) {
    if (layer.upsample) scale /= 2;
    reach += scale * ((layer.kernel - 1) / 2);
    if (layer.stride === 2) scale *= 2;
  }
  return Math.ceil(reach / BAND_ALIGN) * BAND_ALIGN;
}

/**
 * Splits a picture `height` rows tall into `count` bands of about equal own rows (edges on
 * BAND_ALIGN), each computed with `halo` rows of its neighbours. One band where the
 * picture is too short for the halo to be worth computing twice.
 */
export function planBands(height: number, count: number, halo: number): Band[] {
  const step = Math.round(height / count / BAND_ALIGN) * BAND_ALIGN;
  if (count < 2 || step < Math.max(BAND_ALIGN, halo)) return [{ height, top: 0, bottom: height, from: 0, to: height }];
  return Array.from({ length: count }, (_, i) => {
    const top = i * step;
    const bottom = i === count - 1 ? height : (i + 1) * step;
    return { height, top, bottom, from: Math.max(0, top - halo), to: Math.min(height, bottom + halo) };
  });
}

/** One band's share of a layer's statistics (RowExchange). */
export type RowShare = Parameters<RowExchange>[0];

/** Every row of the picture from the bands' shares: their rows in picture order. */
export function assembleRows(shares: readonly Pick<RowShare, 'firstRow' | 'rows'>[]): Float32Array {
  const ordered = [...shares].sort((a, b) => a.firstRow - b.firstRow);
  const all = new Float32Array(ordered.reduce((n, s) => n + s.rows.length, 0));
  let at = 0;
  for (const s of ordered) {
    all.set(s.rows, at);
    at += s.rows.length;
  }
  return all;
}

/** An exchange between `count` bands run in one thread (tests, the Node benchmark): each share waits for the others'. */
export function localExchange(count: number): RowExchange {
  const waiting = new Map<number, { shares: RowShare[]; answer: ((all: Float32Array) => void)[] }>();
  return (own) =>
    new Promise((resolve) => {
      const key = own.layer;
      const slot = waiting.get(key) ?? { shares: [], answer: [] };
      waiting.set(key, slot);
      slot.shares.push(own);
      slot.answer.push(resolve);
      if (slot.shares.length < count) return;
      waiting.delete(key);
      const all = assembleRows(slot.shares);
      for (const answer of slot.answer) answer(all);
    });
}

/** Rows [from, to) of a picture, as a picture (a view: no copy). */
export function bandRows(img: RgbaImage, band: Band): RgbaImage {
  const rowBytes = img.width * 4;
  return { width: img.width, height: band.to - band.from, data: img.data.subarray(band.from * rowBytes, band.to * rowBytes) };
}

/** The bands' own rows, top to bottom, as one picture. */
export function stitchBands(width: number, height: number, parts: readonly RgbaImage[]): RgbaImage {
  const data = new Uint8ClampedArray(width * height * 4);
  let at = 0;
  for (const part of parts) {
    data.set(part.data, at);
    at += part.data.length;
  }
  if (at !== data.length) throw new Error(`expected bands covering ${height} rows, found ${at / (width * 4)}`);
  return { width, height, data };
}

/**
 * Paints one picture split across `kernels` in one thread, through localExchange:
 * what runSplit does across workers, for tests and the benchmark.
 */
export async function runBandsLocally(
  kernels: readonly ShuffleKernel[],
  arch: ArchSpec,
  packed: Float32Array,
  img: RgbaImage,
  halo = bandHalo(arch),
) {
  const bands = planBands(img.height, kernels.length, halo);
  const exchange = bands.length > 1 ? localExchange(bands.length) : null;
  const parts = await Promise.all(
    bands.map((band, i) => (kernels[i] as ShuffleKernel).runBand(arch, packed, bandRows(img, band), band, exchange)),
  );
  return stitchBands(img.width, img.height, parts);
}
