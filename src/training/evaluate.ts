/**
 * `brushwork eval`'s measures, on whole photos at their stored size:
 *   content_err         = ‖φ(y) − φ(x)‖² / ‖φ(x)‖²  (relu3_3; lower keeps more content)
 *   style_gain          = 1 − D(y)/D(x)             (1: the painting's statistics; 0: unchanged)
 *   style_gain_by_layer = the same gain at relu1_2, relu2_2 and relu3_3 alone
 *   style_gain_half     = the relu3_3 gain with picture, photo and painting 2×2 average-pooled:
 *                         texture at twice the scale, the brush-stroke scale a viewer notices
 *   palette_gain        = 1 − SW(output, painting)/SW(photo, painting), SW the sliced Wasserstein
 *                         distance of CIELAB pixels (palette.ts): how much of the colour distance
 *                         to the painting the output closes
 *   holes               = share of 8×8 cells turned into black or white blobs (see holeShare)
 *   grain               = RMS amplitude of the output's luma at the 2-pixel period (grain.ts), levels;
 *                         grain_photo the photos' own, grain_ratio = grain / grain_photo
 *   flicker_shift/noise = mean |Δ| in levels between stylizing a moved or noisy photo and moving
 *                         the stylized one, or stylizing it clean (stability.ts); flicker their mean
 * averaged over the photos (holes_worst: the worst photo). The training loss uses the same functions.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { ArchSpec } from '../model/architecture';
import { type NetWeights, stylize } from '../model/network';
import { grainLevel } from './grain';
import { CONTENT_TAP, contentError, halfScaleDistance, STYLE_TAPS, type StyleTargets, styleDistanceByLayer } from './losses';
import { type PaletteSignature, paletteGain } from './palette';
import type { RgbImage } from './photos';
import { photoFlicker } from './stability';
import { type Vgg, type VggTap, vggFeatures } from './vgg';

/** What a picture does in motion and at the pixel scale: no loss network needed (`eval --motion-only`). */
export interface MotionScore {
  grain: number;
  grain_photo: number;
  flicker_shift: number;
  flicker_noise: number;
}

export interface MeanMotion extends MotionScore {
  grain_ratio: number;
  flicker: number;
}

export interface PhotoScore extends MotionScore {
  content_err: number;
  style_gain: number;
  style_gain_by_layer: Record<VggTap, number>;
  style_gain_half: number;
  palette_gain: number;
  holes: number;
}

export interface MeanScore extends PhotoScore, MeanMotion {
  holes_worst: number;
}

export interface EvalResult extends MeanScore {
  photos: number;
  ms_per_photo: number;
}

export function rgbTensor(img: RgbImage): tf.Tensor4D {
  return tf.tensor4d(Float32Array.from(img.data), [1, img.height, img.width, 3]);
}

const HOLE_CELL = 8;

function cellLuma(data: ArrayLike<number>, width: number, cx: number, cy: number): number {
  let sum = 0;
  for (let y = cy * HOLE_CELL; y < (cy + 1) * HOLE_CELL; y++)
    for (let x = cx * HOLE_CELL; x < (cx + 1) * HOLE_CELL; x++) {
      const i = (y * width + x) * 3;
      sum += 0.299 * (data[i] as number) + 0.587 * (data[i + 1] as number) + 0.114 * (data[i + 2] as number);
    }
  return sum / (HOLE_CELL * HOLE_CELL * 255);
}

/**
 * Share of whole 8×8 cells where the output is a blob the photo does not have:
 * mean luma < 0.08 where the photo's is > 0.25 (a black hole), or > 0.92 where
 * the photo's is < 0.75 (a white one). Both are RGB, same size.
 */
export function holeShare(photo: RgbImage, output: ArrayLike<number>): number {
  const cols = Math.floor(photo.width / HOLE_CELL);
  const rows = Math.floor(photo.height / HOLE_CELL);
  if (cols * rows === 0) return 0;
  let holes = 0;
  for (let cy = 0; cy < rows; cy++)
    for (let cx = 0; cx < cols; cx++) {
      const before = cellLuma(photo.data, photo.width, cx, cy);
      const after = cellLuma(output, photo.width, cx, cy);
      if ((after < 0.08 && before > 0.25) || (after > 0.92 && before < 0.75)) holes++;
    }
  return holes / (cols * rows);
}

const gain = (dy: number, dx: number) => 1 - dy / dx;

/** Grain and flicker of one photo; `y` is its stylized pixels as a user sees them (rounded 8-bit). Call inside tf.tidy. */
export function motionScore(arch: ArchSpec, net: NetWeights, photo: RgbImage, x: tf.Tensor4D, y: tf.Tensor4D): MotionScore {
  return {
    grain: grainLevel(y.dataSync(), photo.width, photo.height),
    grain_photo: grainLevel(photo.data, photo.width, photo.height),
    ...photoFlicker((t) => stylize(arch, net, t), x, y),
  };
}

/** `motionScore` of one photo alone: stylizes it first. */
export function scorePhotoMotion(arch: ArchSpec, net: NetWeights, photo: RgbImage): MotionScore {
  let score: MotionScore | undefined;
  tf.tidy(() => {
    const x = rgbTensor(photo);
    const y = tf.clipByValue(tf.round(stylize(arch, net, x)), 0, 255) as tf.Tensor4D;
    score = motionScore(arch, net, photo, x, y);
  });
  return score as MotionScore;
}

/** Scores one photo and returns the stylized pixels too (for contact sheets). */
export function scorePhoto(
  arch: ArchSpec,
  net: NetWeights,
  vgg: Vgg,
  targets: StyleTargets,
  photo: RgbImage,
  painting: PaletteSignature,
): { score: PhotoScore; output: Uint8Array } {
  return tf.tidy(() => {
    const x = rgbTensor(photo);
    const y = tf.clipByValue(tf.round(stylize(arch, net, x)), 0, 255) as tf.Tensor4D; // what a user sees: 8-bit pixels
    const taps = [...new Set([...STYLE_TAPS, CONTENT_TAP])];
    const fx = vggFeatures(vgg, x, taps);
    const fy = vggFeatures(vgg, y, taps);
    const content = contentError(fy[CONTENT_TAP] as tf.Tensor4D, fx[CONTENT_TAP] as tf.Tensor4D).dataSync()[0] as number;
    const read = (t: tf.Tensor1D) => t.dataSync()[0] as number;
    const ly = styleDistanceByLayer(fy, targets);
    const lx = styleDistanceByLayer(fx, targets);
    const byLayer = {} as Record<VggTap, number>;
    let dy = 0;
    let dx = 0;
    for (const tap of STYLE_TAPS) {
      const a = read(ly[tap]);
      const b = read(lx[tap]);
      byLayer[tap] = gain(a, b);
      dy += a;
      dx += b;
    }
    const half = gain(read(halfScaleDistance(vgg, y, targets)), read(halfScaleDistance(vgg, x, targets)));
    const output = Uint8Array.from(y.dataSync());
    return {
      score: {
        content_err: content,
        style_gain: gain(dy, dx),
        style_gain_by_layer: byLayer,
        style_gain_half: half,
        palette_gain: paletteGain(photo.data, output, painting),
        holes: holeShare(photo, output),
        ...motionScore(arch, net, photo, x, y),
      },
      output,
    };
  });
}

const mean = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / Math.max(1, xs.length);

/** Means of the motion scores; grain_ratio is a ratio of means, so a few grainy photos cannot dominate it. */
export function meanMotion(scores: MotionScore[]): MeanMotion {
  const grain = mean(scores.map((s) => s.grain));
  const grainPhoto = mean(scores.map((s) => s.grain_photo));
  const shift = mean(scores.map((s) => s.flicker_shift));
  const noise = mean(scores.map((s) => s.flicker_noise));
  return {
    grain,
    grain_photo: grainPhoto,
    grain_ratio: grainPhoto > 0 ? grain / grainPhoto : 0,
    flicker: (shift + noise) / 2,
    flicker_shift: shift,
    flicker_noise: noise,
  };
}

/** The motion scores rounded for printing and for model.json. */
export function roundedMotion(m: MeanMotion): MeanMotion {
  return {
    grain: round4(m.grain),
    grain_photo: round4(m.grain_photo),
    grain_ratio: round4(m.grain_ratio),
    flicker: round4(m.flicker),
    flicker_shift: round4(m.flicker_shift),
    flicker_noise: round4(m.flicker_noise),
  };
}

export function meanScores(scores: PhotoScore[]): MeanScore {
  const byLayer = {} as Record<VggTap, number>;
  for (const tap of STYLE_TAPS) byLayer[tap] = mean(scores.map((s) => s.style_gain_by_layer[tap]));
  return {
    content_err: mean(scores.map((s) => s.content_err)),
    style_gain: mean(scores.map((s) => s.style_gain)),
    style_gain_by_layer: byLayer,
    style_gain_half: mean(scores.map((s) => s.style_gain_half)),
    palette_gain: mean(scores.map((s) => s.palette_gain)),
    holes: mean(scores.map((s) => s.holes)),
    holes_worst: Math.max(0, ...scores.map((s) => s.holes)),
    ...meanMotion(scores),
  };
}

export const round4 = (x: number) => Math.round(x * 1e4) / 1e4;

/** The mean scores rounded for printing and for model.json. */
export function roundedScores(m: MeanScore): MeanScore {
  const byLayer = {} as Record<VggTap, number>;
  for (const tap of STYLE_TAPS) byLayer[tap] = round4(m.style_gain_by_layer[tap]);
  return {
    content_err: round4(m.content_err),
    style_gain: round4(m.style_gain),
    style_gain_by_layer: byLayer,
    style_gain_half: round4(m.style_gain_half),
    palette_gain: round4(m.palette_gain),
    holes: round4(m.holes),
    holes_worst: round4(m.holes_worst),
    ...roundedMotion(m),
  };
}
