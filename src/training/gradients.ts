/** Loss and gradients of the style network on single samples: the work each training worker does. */
import * as tf from '@tensorflow/tfjs-core';
import { type ArchSpec, paramSpecs, sizeOf } from '../model/architecture';
import { stylize } from '../model/network';
import { DEFAULT_STABILITY_NOISE, DEFAULT_STABILITY_SHIFT } from './config';
import { trainableConv2d, trainableReflectPad } from './fast-conv';
import { grainLoss } from './grain';
import { holesLoss } from './holes-loss';
import { type LossWeights, perceptualLoss, type StyleTargets } from './losses';
import type { PaletteTarget } from './palette-loss';
import { emptyLossSums, type LossSums } from './protocol';
import { sampleSeed, stabilityLoss } from './stability';
import type { Vgg } from './vgg';

export interface GradContext {
  arch: ArchSpec;
  vgg: Vgg;
  targets: StyleTargets;
  weights: LossWeights;
  palette?: PaletteTarget;
}

const trainingOps = { conv2d: trainableConv2d, reflectPad: trainableReflectPad };

/**
 * The terms that look at the output alone or at the network's behaviour, not at VGG features:
 * grain (grain.ts), holes (holes-loss.ts) and stability (stability.ts), each 0 and free when its weight is 0.
 */
export function outputTerms(
  forward: (x: tf.Tensor4D) => tf.Tensor4D,
  x: tf.Tensor4D,
  y: tf.Tensor4D,
  w: LossWeights,
  seed: number,
): { grain: tf.Scalar; holes: tf.Scalar; stability: tf.Scalar } {
  const grain = w.grain ? grainLoss(y) : tf.scalar(0);
  const holes = w.holes ? holesLoss(x, y) : tf.scalar(0);
  const opts = { shift: w.stabilityShift ?? DEFAULT_STABILITY_SHIFT, noise: w.stabilityNoise ?? DEFAULT_STABILITY_NOISE };
  const stability = w.stability ? stabilityLoss(forward, x, y, opts, seed).total : tf.scalar(0);
  return { grain, holes, stability };
}

/** Trainable variables, created once per worker and refilled every step (no re-allocation, no leak). */
const variables = new WeakMap<GradContext, Record<string, tf.Variable>>();

function loadParams(ctx: GradContext, params: Float32Array): Record<string, tf.Variable> {
  let vars = variables.get(ctx);
  if (!vars) {
    vars = {};
    for (const p of paramSpecs(ctx.arch)) {
      const init = tf.zeros(p.shape);
      vars[p.name] = tf.variable(init, true, `bw_${p.name}_${Math.random().toString(36).slice(2)}`);
      init.dispose();
    }
    variables.set(ctx, vars);
  }
  let offset = 0;
  for (const p of paramSpecs(ctx.arch)) {
    const n = sizeOf(p.shape);
    const value = tf.tensor(params.subarray(offset, offset + n), p.shape);
    (vars[p.name] as tf.Variable).assign(value);
    value.dispose();
    offset += n;
  }
  return vars;
}

/** Sums losses and gradients over samples, one at a time (see losses.ts on why N = 1 is fastest here). */
export function sampleGradients(
  ctx: GradContext,
  params: Float32Array,
  samples: Uint8Array[],
  size: number,
): { grads: Float32Array; sums: LossSums } {
  const grads = new Float32Array(params.length);
  const sums = emptyLossSums();
  const vars = loadParams(ctx, params);
  const ordered = paramSpecs(ctx.arch).map((p) => vars[p.name] as tf.Variable);
  for (const sample of samples) {
    tf.tidy(() => {
      const x = tf.tensor4d(Float32Array.from(sample), [1, size, size, 3]);
      const { value, grads: g } = tf.variableGrads(() => {
        const forward = (t: tf.Tensor4D) => stylize(ctx.arch, vars, t, trainingOps);
        const y = forward(x);
        const loss = perceptualLoss(ctx.vgg, ctx.targets, x, y, ctx.weights, ctx.palette);
        const extra = outputTerms(forward, x, y, ctx.weights, sampleSeed(sample));
        sums.grain += extra.grain.dataSync()[0] as number;
        sums.holes += extra.holes.dataSync()[0] as number;
        sums.stability += extra.stability.dataSync()[0] as number;
        // Read the parts here: the tape keeps them alive until backprop anyway.
        sums.content += loss.content.dataSync()[0] as number;
        sums.style += loss.style.dataSync()[0] as number;
        sums.tv += loss.tv.dataSync()[0] as number;
        sums.luma += loss.luma.dataSync()[0] as number;
        sums.palette += loss.palette.dataSync()[0] as number;
        return tf.addN([
          loss.total,
          tf.mul(extra.grain, ctx.weights.grain ?? 0),
          tf.mul(extra.holes, ctx.weights.holes ?? 0),
          tf.mul(extra.stability, ctx.weights.stability ?? 0),
        ]) as tf.Scalar;
      }, ordered);
      sums.total += value.dataSync()[0] as number;
      let o = 0;
      for (const v of ordered) {
        const gv = (g[v.name] as tf.Tensor).dataSync();
        for (let i = 0; i < gv.length; i++) grads[o + i] = (grads[o + i] as number) + (gv[i] as number);
        o += gv.length;
      }
    });
  }
  return { grads, sums };
}
