/** Memory figures of the running TF.js backend, for status reports, soak tests and benchmarks. */
import * as tf from '@tensorflow/tfjs-core';

/**
 * Bytes of the WASM backend's linear memory. It only ever grows (WebAssembly
 * memories cannot shrink), so this is the high-water mark of the heap; 0 on
 * other backends.
 */
export function wasmHeapBytes(): number {
  const backend = tf.backend() as unknown as { wasm?: { HEAPU8?: Uint8Array } };
  return backend?.wasm?.HEAPU8?.byteLength ?? 0;
}
