/**
 * The holes training term (holes-loss.ts): zero wherever eval's holes measure would not flag a cell,
 * positive on the blobs it counts, with a gradient that pushes exactly those cells back, and no
 * tensor left behind.
 */
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { holeShare } from '../../src/training/evaluate';
import { holesLoss } from '../../src/training/holes-loss';
import { backendReady } from '../helpers/backend';

beforeAll(backendReady);

const SIZE = 16; // four 8×8 cells

/** A grey SIZE×SIZE picture whose top-left cell has level `cell` and the rest `rest`. */
function grey(rest: number, cell = rest): tf.Tensor4D {
  const data = new Float32Array(SIZE * SIZE * 3);
  for (let y = 0; y < SIZE; y++)
    for (let x = 0; x < SIZE; x++) data.fill(x < 8 && y < 8 ? cell : rest, (y * SIZE + x) * 3, (y * SIZE + x) * 3 + 3);
  return tf.tensor4d(data, [1, SIZE, SIZE, 3]);
}

const value = (x: tf.Tensor4D, y: tf.Tensor4D) => tf.tidy(() => holesLoss(x, y).dataSync()[0] as number);

describe('holes term', () => {
  it('is 0 for the photo itself, for a bright photo kept bright, and for strong but unflagged changes', () => {
    expect(value(grey(128), grey(128))).toBe(0);
    expect(value(grey(240), grey(250))).toBe(0); // bright sky stays bright: not a hole
    expect(value(grey(128), grey(200))).toBe(0); // 0.78 after: lighter, not blown out
    expect(value(grey(128), grey(60))).toBe(0); // darker, not black
  });

  it('scores a white blob on a mid-grey photo and a black one on a light photo by how deep they are', () => {
    // Top-left cell 250 (0.980) on a 128 (0.502) photo: (0.980 − 0.85)·(0.980 − 0.502 − 0.1) over 4 cells, ×100.
    const white = value(grey(128), grey(128, 250));
    expect(white).toBeCloseTo(((250 / 255 - 0.85) * (250 / 255 - 128 / 255 - 0.1) * 100) / 4, 4);
    const black = value(grey(200), grey(200, 5));
    expect(black).toBeCloseTo(((0.15 - 5 / 255) * (200 / 255 - 5 / 255 - 0.1) * 100) / 4, 4);
    expect(value(grey(128), grey(128, 255))).toBeGreaterThan(white); // deeper blob, larger term
  });

  it('flags what holeShare counts: every cell holeShare counts as a hole costs something', () => {
    const photo = { width: SIZE, height: SIZE, data: new Uint8Array(SIZE * SIZE * 3).fill(128) };
    const out = grey(128, 245);
    const outPixels = out.dataSync();
    expect(holeShare(photo, outPixels)).toBe(0.25);
    expect(value(grey(128), out)).toBeGreaterThan(0);
    out.dispose();
  });

  it('has a gradient on the blob cell alone, pointing back towards the photo, and leaks no tensor', () => {
    const before = tf.memory().numTensors;
    const x = grey(128);
    const y = grey(128, 250);
    const g = tf.tidy(() =>
      tf
        .grad((t: tf.Tensor) => holesLoss(x, t as tf.Tensor4D))(y)
        .dataSync(),
    );
    const at = (px: number, py: number) => g[(py * SIZE + px) * 3] as number;
    expect(at(3, 3)).toBeGreaterThan(0); // descending lowers the white cell
    expect(at(12, 3)).toBe(0);
    expect(at(12, 12)).toBe(0);
    x.dispose();
    y.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });
});
