/** Finding the SIMD kernel's WebAssembly file in a host (the extension package, or this source tree in Node). */
import { ShuffleKernel } from './shuffle-kernel';

/** Its path inside the extension package (wxt.config.ts copies it there). */
export const KERNEL_FILE = 'kernel/shuffle-net.wasm';

/**
 * Compiles the kernel from what `read` returns, or gives null and why: a
 * browser without WebAssembly SIMD, or a missing file, leaves TF.js to run
 * every network, slower but the same pictures.
 */
export async function tryKernel(read: () => Promise<Uint8Array>): Promise<{ kernel: ShuffleKernel | null; why: string | null }> {
  try {
    return { kernel: await ShuffleKernel.compile(await read()), why: null };
  } catch (e) {
    return { kernel: null, why: `the SIMD kernel did not start (${e instanceof Error ? e.message : String(e)}); TF.js runs every network` };
  }
}
