/** The SIMD kernel in Node: read from the source tree, where `npm run build:kernel` writes it. */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { tryKernel } from '../kernel/load';
import type { ShuffleKernel } from '../kernel/shuffle-kernel';

export const NODE_KERNEL_PATH = path.join(import.meta.dirname, '..', 'kernel', 'shuffle-net.wasm');

let kernel: Promise<ShuffleKernel | null> | undefined;

/** The kernel, compiled once per process; null (and TF.js runs) when it cannot start. */
export function nodeKernel(): Promise<ShuffleKernel | null> {
  kernel ??= tryKernel(() => readFile(NODE_KERNEL_PATH)).then(({ kernel, why }) => {
    if (why) console.warn(why);
    return kernel;
  });
  return kernel;
}
