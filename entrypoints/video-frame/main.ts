// The engine workers' own bundle (it serves video engines too); Vite's `?worker` import, as engine-pool.ts does (wxt-dev/wxt#2032).

import { sendToRuntime } from '@/src/messaging/send';
import EngineWorker from '@/src/runtime/browser/engine-worker-entry?worker';
import { serveVideoFrame } from '@/src/runtime/browser/video-frame';

serveVideoFrame(
  { wasmBaseUrl: chrome.runtime.getURL('/wasm/'), packageBaseUrl: chrome.runtime.getURL('/') },
  () => new EngineWorker({ name: 'brushwork-video-engine' }),
  window,
  async (styleId) => {
    const res = await sendToRuntime({ type: 'userStyleFiles', styleId });
    if (!res.ok) throw new Error(res.error);
    return { manifestText: res.manifestText, weightsFile: res.weightsFile, weightsBase64: res.weightsBase64 };
  },
);
