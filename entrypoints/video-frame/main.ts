// The engine workers' own bundle (it serves video engines too); Vite's `?worker` import, as engine-pool.ts does (wxt-dev/wxt#2032).
import EngineWorker from '@/src/runtime/browser/engine-worker-entry?worker';
import { serveVideoFrame } from '@/src/runtime/browser/video-frame';

serveVideoFrame(
  { wasmBaseUrl: chrome.runtime.getURL('/wasm/'), packageBaseUrl: chrome.runtime.getURL('/') },
  () => new EngineWorker({ name: 'brushwork-video-engine' }),
);
