/**
 * Median milliseconds per training step: batch 4 at 128×128, the default
 * loss, both cores (two gradient workers), exactly as `brushwork train` runs.
 *
 *   npm run bench:train [-- --steps 9 --workers 2 --json]
 */

import path from 'node:path';
import { parseArgs } from 'node:util';
import { JOHNSON_ARCH } from '../src/model/architecture';
import { initWeights } from '../src/model/init';
import { DEFAULT_TRAIN, defaultPhotosDir, defaultVggDir, sharedDataDir } from '../src/training/config';
import { flatten } from '../src/training/flat';
import { listPhotos, PhotoSampler, readRgb } from '../src/training/photos';
import { GradientPool } from '../src/training/pool';
import { Rng } from '../src/training/rng';

const { values } = parseArgs({
  options: {
    steps: { type: 'string', default: '9' },
    workers: { type: 'string', default: String(DEFAULT_TRAIN.workers) },
    json: { type: 'boolean' },
    style: { type: 'string' },
  },
});
const steps = Number(values.steps);
const workers = Number(values.workers);
const stylePath = values.style ?? path.join(sharedDataDir(), 'styles', 'starry-night.jpg');
const style = await readRgb(stylePath, DEFAULT_TRAIN.styleSize);
const sampler = new PhotoSampler(listPhotos(defaultPhotosDir()), DEFAULT_TRAIN.size);
const rng = new Rng(7);
const params = flatten(JOHNSON_ARCH, initWeights(JOHNSON_ARCH, 1));
const pool = await GradientPool.start(workers, { vggDir: defaultVggDir(), arch: JOHNSON_ARCH, weights: DEFAULT_TRAIN.weights, style });
const times: number[] = [];
try {
  for (let i = 0; i < steps + 2; i++) {
    const samples = [];
    for (let b = 0; b < DEFAULT_TRAIN.batch; b++) samples.push(await sampler.sample(rng));
    const t0 = performance.now();
    await pool.gradients(params, samples, DEFAULT_TRAIN.size);
    if (i >= 2) times.push(performance.now() - t0); // two warm-up steps
  }
} finally {
  await pool.stop();
}
times.sort((a, b) => a - b);
const result = {
  case: 'train-step',
  batch: DEFAULT_TRAIN.batch,
  size: DEFAULT_TRAIN.size,
  workers,
  ms_median: Math.round(times[Math.floor(times.length / 2)] as number),
  ms_min: Math.round(times[0] as number),
  steps: times.length,
};
if (values.json) console.log(JSON.stringify(result));
else
  console.log(
    `training step (batch ${result.batch}, ${result.size}², ${workers} workers): median ${result.ms_median} ms, min ${result.ms_min} ms over ${result.steps} steps`,
  );
