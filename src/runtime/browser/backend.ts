/**
 * The offscreen document's backend choice. Facts measured in Chromium 156:
 * - without cross-origin isolation, TF.js still picks the threaded WASM build
 *   (SharedArrayBuffer exists) and setBackend('wasm') hangs 20 s+; turning
 *   WASM_HAS_MULTITHREAD_SUPPORT off first makes it start in ~70 ms;
 * - the default MV3 CSP blocks WebAssembly: the manifest allows 'wasm-unsafe-eval'.
 */

import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import * as tf from '@tensorflow/tfjs-core';
import { type BackendChoice, type BackendName, chooseBackend, type GpuProbe } from '../backend-choice';

/** GPU backends this build ships (WebGL is loaded only when chosen, as its own chunk). */
const SHIPPED_BACKENDS: readonly BackendName[] = ['webgl', 'wasm'];

export interface BackendInfo {
  backend: string;
  threads: number;
  simd: boolean;
  /** The fast network runs on Brushwork's own SIMD kernel (src/runtime/kernel), not TF.js. */
  kernel?: boolean;
  /** The kernel is its relaxed-SIMD build (fused multiply-add), where the engine has relaxed SIMD (src/runtime/kernel/load.ts). */
  kernelRelaxed?: boolean;
  /** Why this backend: the GPU found, or why there was none worth using. */
  reason?: string;
}

function probeWebgl(): GpuProbe['webgl'] {
  try {
    const gl = new OffscreenCanvas(1, 1).getContext('webgl2');
    if (!gl) return null;
    const debug = gl.getExtension('WEBGL_debug_renderer_info');
    const renderer = String(gl.getParameter(debug ? debug.UNMASKED_RENDERER_WEBGL : gl.RENDERER));
    const maxTextureSize = Number(gl.getParameter(gl.MAX_TEXTURE_SIZE));
    gl.getExtension('WEBGL_lose_context')?.loseContext();
    return { renderer, maxTextureSize };
  } catch {
    return null;
  }
}

async function probeWebgpu(): Promise<GpuProbe['webgpu']> {
  type Adapter = { isFallbackAdapter?: boolean; info?: { isFallbackAdapter?: boolean; description?: string; vendor?: string } };
  const gpu = (navigator as unknown as { gpu?: { requestAdapter(): Promise<Adapter | null> } }).gpu;
  if (!gpu) return null;
  try {
    const adapter = await gpu.requestAdapter();
    if (!adapter) return null;
    const info = adapter.info ?? {};
    return {
      isFallbackAdapter: Boolean(info.isFallbackAdapter ?? adapter.isFallbackAdapter),
      description: info.description || info.vendor || '',
    };
  } catch {
    return null;
  }
}

export async function probeAndChoose(allowGpu = true): Promise<BackendChoice> {
  return chooseBackend({ webgpu: await probeWebgpu(), webgl: probeWebgl() }, SHIPPED_BACKENDS, allowGpu);
}

/** Starts TF.js's WebGL backend in this document, or returns null (the caller falls back to WASM). */
export async function startWebgl(reason: string): Promise<BackendInfo | null> {
  try {
    await import('@tensorflow/tfjs-backend-webgl');
    if (!(await tf.setBackend('webgl'))) return null;
    await tf.ready();
    return { backend: 'webgl', threads: 0, simd: false, reason };
  } catch {
    return null;
  }
}

/**
 * One WASM instance per engine worker, single-threaded. The threaded build needs
 * SharedArrayBuffer, i.e. a cross-origin-isolated document, which the offscreen
 * document is not (and cannot be without COOP/COEP on every extension page), so
 * the package ships only `tfjs-backend-wasm-simd.wasm`; parallelism comes from the
 * engine pool (one worker per core), not from WASM threads.
 */
export async function initWasmBackend(wasmBaseUrl: string): Promise<BackendInfo> {
  setWasmPaths(wasmBaseUrl);
  tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
  if (!(await tf.setBackend('wasm'))) throw new Error('could not start the WebAssembly backend');
  await tf.ready();
  return { backend: 'wasm', threads: 1, simd: Boolean(await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT')) };
}
