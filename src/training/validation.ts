/** The end-of-training measures: `brushwork eval`'s scores of flat weights on whole validation photos. */
import * as tf from '@tensorflow/tfjs-core';
import { disposeWeights, weightsToTensors } from '../runtime/model';
import type { TrainConfig } from './config';
import { type EvalResult, meanScores, roundedScores, scorePhoto } from './evaluate';
import { unflatten } from './flat';
import { styleTargets } from './losses';
import { paletteSignature } from './palette';
import { readRgb } from './photos';
import { loadVgg } from './vgg';

/** Evaluates flat weights on whole photos in this thread. */
/** What evaluation needs of a configuration: the loss network, the painting and the architecture. */
export type EvalConfig = Pick<TrainConfig, 'vgg' | 'style' | 'styleSize' | 'arch'>;

export async function evaluateParams(
  config: EvalConfig,
  params: Float32Array,
  photoFiles: string[],
  onPhoto?: (done: number, total: number) => void,
): Promise<EvalResult> {
  const vgg = loadVgg(config.vgg);
  const style = await readRgb(config.style, config.styleSize);
  const targets = styleTargets(vgg, tf.tensor4d(Float32Array.from(style.data), [1, style.height, style.width, 3]));
  const painting = paletteSignature(style.data);
  const net = weightsToTensors(config.arch, unflatten(config.arch, params));
  const started = performance.now();
  try {
    const scores = [];
    for (const [i, file] of photoFiles.entries()) {
      onPhoto?.(i, photoFiles.length);
      scores.push(scorePhoto(config.arch, net, vgg, targets, await readRgb(file), painting).score);
    }
    onPhoto?.(photoFiles.length, photoFiles.length);
    return {
      ...roundedScores(meanScores(scores)),
      photos: scores.length,
      ms_per_photo: Math.round((performance.now() - started) / Math.max(1, scores.length)),
    };
  } finally {
    disposeWeights(net);
    vgg.dispose();
    tf.dispose(Object.values(targets));
  }
}
