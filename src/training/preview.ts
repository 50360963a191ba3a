/** A fixed validation photo stylized every few steps, for looking at a run while it trains. */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import sharp from 'sharp';
import { stylize } from '../model/network';
import { disposeWeights, weightsToTensors } from '../runtime/model';
import type { TrainConfig } from './config';
import { unflatten } from './flat';
import { readRgb } from './photos';

export async function writePreview(config: TrainConfig, params: Float32Array, photo: string, file: string): Promise<void> {
  const img = await readRgb(photo);
  const net = weightsToTensors(config.arch, unflatten(config.arch, params));
  try {
    const out = tf.tidy(() => {
      const y = stylize(config.arch, net, tf.tensor4d(Float32Array.from(img.data), [1, img.height, img.width, 3]));
      return Uint8Array.from(tf.clipByValue(tf.round(y), 0, 255).dataSync());
    });
    mkdirSync(path.dirname(file), { recursive: true });
    await sharp(Buffer.from(out), { raw: { width: img.width, height: img.height, channels: 3 } })
      .png()
      .toFile(file);
  } finally {
    disposeWeights(net);
  }
}
