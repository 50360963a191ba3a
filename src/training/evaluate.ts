/**
 * `brushwork eval`'s measures, on whole photos at their stored size:
 *   content_err = ‖φ(y) − φ(x)‖² / ‖φ(x)‖²  (relu3_3; lower keeps more content)
 *   style_gain  = 1 − D(y)/D(x)             (1: the painting's statistics; 0: unchanged)
 * averaged over the photos. The training loss uses the same functions.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { ArchSpec } from '../model/architecture';
import { type NetWeights, stylize } from '../model/network';
import { CONTENT_TAP, contentError, STYLE_TAPS, type StyleTargets, styleDistance } from './losses';
import type { RgbImage } from './photos';
import { type Vgg, vggFeatures } from './vgg';

export interface PhotoScore {
  content_err: number;
  style_gain: number;
}

export interface EvalResult extends PhotoScore {
  photos: number;
  ms_per_photo: number;
}

export function rgbTensor(img: RgbImage): tf.Tensor4D {
  return tf.tensor4d(Float32Array.from(img.data), [1, img.height, img.width, 3]);
}

/** Scores one photo and returns the stylized pixels too (for contact sheets). */
export function scorePhoto(
  arch: ArchSpec,
  net: NetWeights,
  vgg: Vgg,
  targets: StyleTargets,
  photo: RgbImage,
): { score: PhotoScore; output: Uint8Array } {
  return tf.tidy(() => {
    const x = rgbTensor(photo);
    const y = tf.clipByValue(tf.round(stylize(arch, net, x)), 0, 255) as tf.Tensor4D; // what a user sees: 8-bit pixels
    const taps = [...new Set([...STYLE_TAPS, CONTENT_TAP])];
    const fx = vggFeatures(vgg, x, taps);
    const fy = vggFeatures(vgg, y, taps);
    const content = contentError(fy[CONTENT_TAP] as tf.Tensor4D, fx[CONTENT_TAP] as tf.Tensor4D).dataSync()[0] as number;
    const dy = styleDistance(fy, targets).dataSync()[0] as number;
    const dx = styleDistance(fx, targets).dataSync()[0] as number;
    return { score: { content_err: content, style_gain: 1 - dy / dx }, output: Uint8Array.from(y.dataSync()) };
  });
}

export function meanScores(scores: PhotoScore[]): PhotoScore {
  const n = Math.max(1, scores.length);
  return {
    content_err: scores.reduce((s, x) => s + x.content_err, 0) / n,
    style_gain: scores.reduce((s, x) => s + x.style_gain, 0) / n,
  };
}

export const round4 = (x: number) => Math.round(x * 1e4) / 1e4;
