/** The browser host of the stylize service: fetch, decode, run on the runner, report memory. */
import { decodeThenRun, type StylizeHost } from '../stylize-service';
import { decodeAtSize } from './decode';
import { FETCH_TIMEOUT_MS, fetchImageBytes, MAX_FETCH_BYTES, type VouchForResponse } from './fetch-image';
import type { Runner } from './runner';
import { explainFetchFailure, type SiteAccess } from './site-access';

/** `runner()` is null while the runner is still starting (or `failure` says why it never will). */
export function browserHost(
  runner: () => Runner | null,
  failure: () => string | null,
  ready: Promise<Runner>,
  vouch: VouchForResponse,
  siteAccess: SiteAccess,
): StylizeHost<string> {
  return {
    loadModel: async (id) => {
      await (await ready).load(id);
      return id;
    },
    fetchBytes: (url, signal) =>
      fetchImageBytes(url, signal, FETCH_TIMEOUT_MS, MAX_FETCH_BYTES, vouch).catch((e) => explainFetchFailure(e, url, siteAccess)),
    decode: decodeAtSize,
    run: async (id, image) => (await ready).run(id, image),
    // Engine workers decode too (#21); a document runner (one core, or a GPU) decodes here, then runs.
    decodeAndRun: async (id, bytes, { width, height, frame }) => {
      const r = await ready;
      if (r.decodeAndRun) return r.decodeAndRun(id, bytes, width, height, frame);
      return decodeThenRun(
        () => decodeAtSize(bytes, width, height, frame),
        (original) => r.run(id, original),
      );
    },
    status: () => {
      const e = runner();
      const jsHeapBytes = (performance as unknown as { memory?: { usedJSHeapSize: number } }).memory?.usedJSHeapSize ?? 0;
      if (!e) {
        const why = failure();
        return {
          backend: why ? `failed: ${why}` : 'starting',
          threads: 0,
          kernel: false,
          kernelRelaxed: false,
          numTensors: 0,
          wasmBytes: 0,
          jsHeapBytes,
        };
      }
      const { backend, threads, kernel, kernelRelaxed } = e.info;
      return { backend, threads, kernel: kernel === true, kernelRelaxed: kernelRelaxed === true, ...e.memory(), jsHeapBytes };
    },
    loadedStyles: () => runner()?.loadedStyles() ?? [],
  };
}
