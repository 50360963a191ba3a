/**
 * The holes term: a smooth hinge on exactly the blobs `eval`'s holes measure
 * counts (evaluate.ts, holeShare). Per 8×8 cell, with the cell's mean luma
 * in [0, 1] before (x, the photo) and after (y, the picture):
 *   white = relu(y − 0.85) · relu(y − x − 0.10)
 *   black = relu(0.15 − y) · relu(x − y − 0.10)
 * and the term is the mean of white + black over whole cells, ×100 so that a
 * weight of O(1–10) reads like the others.
 *
 * Why a hinge beside the coarse-luma term (losses.ts): the squared luma
 * error is spread over every cell, so a few blown-out cells cost little; the
 * stability term (stability.ts) then pays for them, because a cell pushed
 * into tanh's saturation looks the same however the input is moved or
 * noised — Session 5's stability-trained models grew white blotches on
 * bright flat areas (leopards, a ladle: holes_worst 2–3 %). The hinge is
 * zero on every cell the measure would not flag (nothing changes for
 * ordinary painting, strokes or recolouring) and grows with how far a cell
 * is into blob territory. Thresholds sit a little inside the measure's
 * (0.92 / 0.08 after, 0.75 / 0.25 before) so cells are pushed back before
 * they count.
 */
import * as tf from '@tensorflow/tfjs-core';
import { halve } from './losses';

const CELL = 8;
const LUMA = [0.299, 0.587, 0.114];
const BRIGHT = 0.85;
const DARK = 0.15;
const MARGIN = 0.1;
const SCALE = 100;

/** Mean luma per whole 8×8 cell, in [0, 1], [N, H/8, W/8, 1] (differentiable through `halve`). */
function cellLuma(t: tf.Tensor4D): tf.Tensor4D {
  const [n, h, w] = t.shape;
  const ch = h - (h % CELL);
  const cw = w - (w % CELL);
  const whole = ch === h && cw === w ? t : tf.slice(t, [0, 0, 0, 0], [n, ch, cw, 3]);
  const luma = tf.div(tf.sum(tf.mul(whole, tf.tensor1d(LUMA)), 3, true), 255) as tf.Tensor4D;
  return halve(halve(halve(luma)));
}

/** The holes term of photos x and pictures y (float RGB [0, 255], same shape). Call inside tf.tidy. */
export function holesLoss(x: tf.Tensor4D, y: tf.Tensor4D): tf.Scalar {
  const [, h, w] = y.shape;
  if (h < CELL || w < CELL) return tf.scalar(0);
  const before = cellLuma(x);
  const after = cellLuma(y);
  const white = tf.mul(tf.relu(tf.sub(after, BRIGHT)), tf.relu(tf.sub(tf.sub(after, before), MARGIN)));
  const black = tf.mul(tf.relu(tf.sub(DARK, after)), tf.relu(tf.sub(tf.sub(before, after), MARGIN)));
  return tf.mul(tf.mean(tf.add(white, black)), SCALE) as tf.Scalar;
}
