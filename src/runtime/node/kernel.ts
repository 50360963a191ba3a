/** The SIMD kernel in Node: read from the source tree, where `npm run build:kernel` writes it. */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { relaxedSimdSupported, tryKernel } from '../kernel/load';
import type { ShuffleKernel } from '../kernel/shuffle-kernel';

const KERNEL_DIR = path.join(import.meta.dirname, '..', 'kernel');
/** The plain SIMD build. */
export const NODE_KERNEL_PATH = path.join(KERNEL_DIR, 'shuffle-net.wasm');
/** The relaxed-SIMD (FMA) build of the same source. */
export const NODE_RELAXED_KERNEL_PATH = path.join(KERNEL_DIR, 'shuffle-net-relaxed.wasm');

/** A package path of load.ts (kernel/…) → its file in this source tree. */
export const nodeKernelFile = (file: string) => readFile(path.join(KERNEL_DIR, path.basename(file)));

/**
 * Whether Node runs relaxed SIMD, turning it on where it is only behind a flag:
 * Node 20's V8 (11.3) has the finished feature as --experimental-wasm-relaxed-simd,
 * V8 11.4+ (Chrome 114, Node 22) ships it. Flags set at run time apply to modules
 * compiled after, which is every kernel.
 */
export function nodeRelaxedSimd(): boolean {
  if (relaxedSimdSupported()) return true;
  setFlagsFromString('--experimental-wasm-relaxed-simd');
  return relaxedSimdSupported();
}

let kernel: Promise<ShuffleKernel | null> | undefined;

/** The kernel (its relaxed build where Node has relaxed SIMD), compiled once per process; null (and TF.js runs) when it cannot start. */
export function nodeKernel(): Promise<ShuffleKernel | null> {
  kernel ??= tryKernel(nodeKernelFile, nodeRelaxedSimd()).then(({ kernel, why }) => {
    if (why) console.warn(why);
    return kernel;
  });
  return kernel;
}
