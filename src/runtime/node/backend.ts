/** The Node host's backend choice: TF.js WASM (SIMD), as in the browser, so results match the extension. */
import { createRequire } from 'node:module';
import path from 'node:path';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import * as tf from '@tensorflow/tfjs-core';

let ready: Promise<void> | undefined;

export function useNodeWasmBackend(): Promise<void> {
  ready ??= (async () => {
    const require = createRequire(import.meta.url);
    const dist = path.dirname(require.resolve('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm'));
    setWasmPaths(`${dist}${path.sep}`);
    // Node's worker-based threaded build needs a cross-origin-isolation story it lacks; parallelism
    // comes from our own worker_threads instead (see src/training/pool.ts).
    tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
    if (!(await tf.setBackend('wasm'))) throw new Error('could not start the TF.js WASM backend');
    await tf.ready();
  })();
  return ready;
}
