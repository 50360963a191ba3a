/** Adam (Kingma & Ba 2015) over one flat Float32Array: 11,868 weights need no tensors. */
export interface AdamState {
  m: Float32Array;
  v: Float32Array;
  t: number;
}

export const ADAM_BETA1 = 0.9;
export const ADAM_BETA2 = 0.999;
export const ADAM_EPSILON = 1e-8;

export function newAdamState(size: number): AdamState {
  return { m: new Float32Array(size), v: new Float32Array(size), t: 0 };
}

export function adamStep(weights: Float32Array, grads: Float32Array, s: AdamState, lr: number): void {
  s.t++;
  const c1 = 1 - ADAM_BETA1 ** s.t;
  const c2 = 1 - ADAM_BETA2 ** s.t;
  for (let i = 0; i < weights.length; i++) {
    const g = grads[i] as number;
    const m = ADAM_BETA1 * (s.m[i] as number) + (1 - ADAM_BETA1) * g;
    const v = ADAM_BETA2 * (s.v[i] as number) + (1 - ADAM_BETA2) * g * g;
    s.m[i] = m;
    s.v[i] = v;
    weights[i] = (weights[i] as number) - (lr * (m / c1)) / (Math.sqrt(v / c2) + ADAM_EPSILON);
  }
}

/** Constant rate, then cosine decay to 10% over the last 40% of training. */
export function learningRate(base: number, step: number, total: number): number {
  const start = Math.floor(total * 0.6);
  if (step < start) return base;
  const p = (step - start) / Math.max(1, total - start);
  return base * (0.1 + 0.45 * (1 + Math.cos(Math.PI * p)));
}

/** Scales gradients down to a global L2 norm of at most `max` (Pascanu et al. 2013); returns the norm before. */
export function clipGradientNorm(grads: Float32Array, max: number): number {
  let sq = 0;
  for (let i = 0; i < grads.length; i++) sq += (grads[i] as number) ** 2;
  const norm = Math.sqrt(sq);
  if (norm > max) for (let i = 0; i < grads.length; i++) grads[i] = ((grads[i] as number) * max) / norm;
  return norm;
}
