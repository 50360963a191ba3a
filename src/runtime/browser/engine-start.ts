/** What every engine worker starts with: the WASM backend, the SIMD kernel (when it loads) and a model store. */
import { makeImage } from '../../shared/image';
import { tryKernel } from '../kernel/load';
import type { ShuffleKernel } from '../kernel/shuffle-kernel';
import { ModelStore } from '../model-loader';
import { stylizeImage } from '../stylize-image';
import { type BackendInfo, initWasmBackend } from './backend';
import { modelFileReader } from './model-files';

export interface StartedEngine {
  info: BackendInfo;
  kernel: ShuffleKernel | null;
  models: ModelStore;
}

export async function startEngine(
  urls: { wasmBaseUrl: string; packageBaseUrl: string },
  readUserStyle?: Parameters<typeof modelFileReader>[1],
): Promise<StartedEngine> {
  // No chrome.* in workers: the document passes the package URLs.
  const readFile = async (path: string) => {
    const response = await fetch(`${urls.packageBaseUrl}${path}`);
    if (!response.ok) throw new Error(`${path}: expected a packaged file, found HTTP ${response.status}`);
    return new Uint8Array(await response.arrayBuffer());
  };
  const info = await initWasmBackend(urls.wasmBaseUrl);
  const started = await tryKernel(readFile);
  const kernel = started.kernel;
  if (started.why) console.warn(started.why);
  const models = new ModelStore(modelFileReader(readFile, readUserStyle), (model) => stylizeImage(model, makeImage(64, 64), kernel));
  return { info: { ...info, kernel: kernel !== null, kernelRelaxed: started.relaxed }, kernel, models };
}
