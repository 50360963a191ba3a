/** The browser host of the stylize service: fetch, decode, run on WASM, report memory. */
import * as tf from '@tensorflow/tfjs-core';
import { wasmHeapBytes } from '../memory';
import type { ModelStore } from '../model-loader';
import { stylizeImage } from '../stylize-image';
import type { StylizeHost } from '../stylize-service';
import { type BackendInfo, backendDiagnostics } from './backend';
import { decodeAtSize } from './decode';
import { fetchImageBytes } from './fetch-image';

export function browserHost(models: ModelStore, info: () => BackendInfo): StylizeHost {
  return {
    loadModel: (id) => models.load(id),
    fetchBytes: (url, signal) => fetchImageBytes(url, signal),
    decode: decodeAtSize,
    run: (model, image) => stylizeImage(model, image),
    // Before the backend is up, touching tf.* would try (and fail) to start one synchronously.
    status: () => {
      const { backend, threads } = info();
      const up = backend === 'wasm' || backend === 'webgl';
      return {
        backend: up ? backend : `${backend} ${JSON.stringify(backendDiagnostics)}`,
        threads,
        numTensors: up ? tf.memory().numTensors : 0,
        wasmBytes: up ? wasmHeapBytes() : 0,
        jsHeapBytes: (performance as unknown as { memory?: { usedJSHeapSize: number } }).memory?.usedJSHeapSize ?? 0,
      };
    },
    loadedStyles: () => models.loadedIds,
  };
}
