/** Seeded weight initialization, so that tests and training runs are reproducible without TF.js's RNG. */
import { type ArchSpec, paramSpecs, sizeOf } from './architecture';
import type { FloatWeights } from './format';

/** mulberry32: a tiny, fast, well-mixed 32-bit PRNG. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function gaussian(rand: () => number): () => number {
  return () => {
    const u = Math.max(rand(), 1e-12);
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rand());
  };
}

/** He-normal kernels (He et al. 2015, suited to ReLU), instance-norm scale 1 and offset 0. */
export function initWeights(arch: ArchSpec, seed: number): FloatWeights {
  const normal = gaussian(mulberry32(seed));
  const weights: FloatWeights = new Map();
  for (const p of paramSpecs(arch)) {
    const values = new Float32Array(sizeOf(p.shape));
    if (p.role === 'kernel') {
      const [kh, kw, cin] = p.shape as [number, number, number, number];
      const std = Math.sqrt(2 / (kh * kw * cin));
      for (let i = 0; i < values.length; i++) values[i] = normal() * std;
    } else if (p.role === 'gamma') values.fill(1);
    weights.set(p.name, values);
  }
  return weights;
}
