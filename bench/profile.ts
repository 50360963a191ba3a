/**
 * Where the time goes: every stage of the network (pad, conv, norm, relu,
 * upsample…) timed through NetOps.trace. WASM kernels run synchronously, so
 * the wall time around each call is that op's cost.
 */
import * as tf from '@tensorflow/tfjs-core';
import { type ArchSpec, describeArch, FAST_ARCH } from '../src/model/architecture';
import { defaultOps, type NetOps, stylize } from '../src/model/network';
import type { ShuffleKernel } from '../src/runtime/kernel/shuffle-kernel';
import { rgbaToTensor } from '../src/runtime/stylize-image';
import { makeScene } from '../src/shared/scene';
import { median } from './measure';
import { benchModel } from './node-cases';

export interface ProfileRow {
  stage: string;
  ms: number;
  share: number;
}

export interface Profile {
  arch: string;
  width: number;
  height: number;
  total_ms: number;
  stages: ProfileRow[];
  by_kind: ProfileRow[];
}

function tracedRun(arch: ArchSpec, width: number, height: number): Map<string, number> {
  const model = benchModel(arch);
  const times = new Map<string, number>();
  const ops: NetOps = {
    ...defaultOps,
    trace: (label, run) => {
      const t0 = performance.now();
      const out = run();
      times.set(label, (times.get(label) ?? 0) + performance.now() - t0);
      return out;
    },
  };
  const input = rgbaToTensor(makeScene(width, height));
  tf.tidy(() => {
    stylize(model.manifest.arch, model.weights, input, ops).dataSync();
  });
  input.dispose();
  return times;
}

const rows = (m: Map<string, number>, total: number): ProfileRow[] =>
  [...m]
    .map(([stage, ms]) => ({ stage, ms: Math.round(ms * 10) / 10, share: Math.round((1000 * ms) / total) / 10 }))
    .sort((a, b) => b.ms - a.ms);

/** The SIMD kernel's steps on the fast network (input, conv, norm, finish, upsample, output), timed the same way. */
async function kernelRun(kernel: ShuffleKernel, width: number, height: number): Promise<Map<string, number>> {
  const model = benchModel(FAST_ARCH);
  const times = new Map<string, number>();
  await kernel.run(FAST_ARCH, model.kernelWeights as Float32Array, makeScene(width, height), (label, step) => {
    const t0 = performance.now();
    step();
    times.set(label, (times.get(label) ?? 0) + performance.now() - t0);
  });
  model.dispose();
  return times;
}

export async function kernelProfile(kernel: ShuffleKernel, width: number, height: number, runs = 5): Promise<Profile> {
  await kernelRun(kernel, width, height); // warm-up
  const samples: Map<string, number>[] = [];
  for (let i = 0; i < runs; i++) samples.push(await kernelRun(kernel, width, height));
  return summarizeProfile(`${describeArch(FAST_ARCH)}, SIMD kernel`, width, height, samples);
}

export function profile(arch: ArchSpec, width: number, height: number, runs = 3): Profile {
  tracedRun(arch, width, height); // warm-up
  const samples = Array.from({ length: runs }, () => tracedRun(arch, width, height));
  return summarizeProfile(describeArch(arch), width, height, samples);
}

function summarizeProfile(arch: string, width: number, height: number, samples: Map<string, number>[]): Profile {
  const stages = new Map<string, number>();
  for (const label of samples[0]?.keys() ?? []) stages.set(label, median(samples.map((s) => s.get(label) ?? 0)));
  const total = [...stages.values()].reduce((a, b) => a + b, 0);
  const byKind = new Map<string, number>();
  for (const [label, ms] of stages) {
    const kind = label.split(' ').at(-1) as string;
    byKind.set(kind, (byKind.get(kind) ?? 0) + ms);
  }
  return {
    arch,
    width,
    height,
    total_ms: Math.round(total * 10) / 10,
    stages: rows(stages, total),
    by_kind: rows(byKind, total),
  };
}
