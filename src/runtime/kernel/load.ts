/** Finding the SIMD kernel's WebAssembly file in a host (the extension package, or this source tree in Node), and picking its build. */
import { ShuffleKernel } from './shuffle-kernel';

/** Its path inside the extension package (wxt.config.ts copies it there): the plain SIMD build, which every SIMD engine runs. */
export const KERNEL_FILE = 'kernel/shuffle-net.wasm';
/**
 * The same source built with `--enable relaxed-simd` (npm run build:kernel): its multiply-adds are
 * f32x4.relaxed_madd, one fused instruction where the CPU has FMA. Chromium (114+) and Node 22+
 * run it; Node 20 behind a V8 flag (src/runtime/node/kernel.ts); an engine without relaxed SIMD
 * refuses to compile it, so it is only loaded where relaxedSimdSupported() says yes.
 */
export const RELAXED_KERNEL_FILE = 'kernel/shuffle-net-relaxed.wasm';

/**
 * The smallest module using f32x4.relaxed_madd (one function: (v128) → v128 returning
 * madd(x, x, x)): WebAssembly.validate says whether this engine has relaxed SIMD without
 * compiling the kernel, the way wasm-feature-detect probes features.
 */
export const RELAXED_PROBE = new Uint8Array([
  0x00,
  0x61,
  0x73,
  0x6d,
  0x01,
  0x00,
  0x00,
  0x00, // magic, version 1
  0x01,
  0x06,
  0x01,
  0x60,
  0x01,
  0x7b,
  0x01,
  0x7b, // type section: (v128) → v128
  0x03,
  0x02,
  0x01,
  0x00, // function section: one function of type 0
  0x0a,
  0x0d,
  0x01,
  0x0b,
  0x00,
  0x20,
  0x00,
  0x20,
  0x00,
  0x20,
  0x00,
  0xfd,
  0x85,
  0x02,
  0x0b, // local.get 0 ×3, f32x4.relaxed_madd
]);

/** Whether this engine validates relaxed SIMD (f32x4.relaxed_madd). */
export function relaxedSimdSupported(): boolean {
  try {
    return WebAssembly.validate(RELAXED_PROBE);
  } catch {
    return false;
  }
}

export interface KernelStart {
  kernel: ShuffleKernel | null;
  /** Why no kernel runs (TF.js does), or null. */
  why: string | null;
  /** The relaxed-SIMD (FMA) build runs, not the plain one. */
  relaxed: boolean;
}

/**
 * Compiles the kernel from the file `read` returns for a package path, or gives
 * null and why: a browser without WebAssembly SIMD, or a missing file, leaves
 * TF.js to run every network, slower but the same pictures. Where the engine has
 * relaxed SIMD the relaxed build is tried first, and the plain build is the
 * fallback if it does not start.
 */
export async function tryKernel(read: (file: string) => Promise<Uint8Array>, relaxed = relaxedSimdSupported()): Promise<KernelStart> {
  if (relaxed) {
    try {
      return { kernel: await ShuffleKernel.compile(await read(RELAXED_KERNEL_FILE)), why: null, relaxed: true };
    } catch {
      // the plain build below
    }
  }
  try {
    return { kernel: await ShuffleKernel.compile(await read(KERNEL_FILE)), why: null, relaxed: false };
  } catch (e) {
    return {
      kernel: null,
      why: `the SIMD kernel did not start (${e instanceof Error ? e.message : String(e)}); TF.js runs every network`,
      relaxed: false,
    };
  }
}
