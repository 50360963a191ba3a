/** Assembles the offscreen runtime: backend, models, service, idle timer, handler table. */
import { sendToRuntime } from '../../messaging/send';
import { makeImage } from '../../model/pixels';
import { ModelStore } from '../model-loader';
import { stylizeImage } from '../stylize-image';
import { StylizeService } from '../stylize-service';
import { type BackendInfo, initBackend } from './backend';
import { browserHost } from './host';
import { IdleTimer } from './idle';
import { offscreenHandlers } from './offscreen-handlers';

export const IDLE_CLOSE_MS = 60_000;

async function readPackaged(path: string): Promise<Uint8Array> {
  const response = await fetch(chrome.runtime.getURL(`/${path}`));
  if (!response.ok) throw new Error(`${path}: expected a packaged file, found HTTP ${response.status}`);
  return new Uint8Array(await response.arrayBuffer());
}

export function startOffscreen(wasmBaseUrl: string) {
  const ready: Promise<BackendInfo> = initBackend(wasmBaseUrl);
  const models = new ModelStore(readPackaged, (model) => stylizeImage(model, makeImage(64, 64)));
  let info: BackendInfo = { backend: 'starting', threads: 0, simd: false };
  ready.then(
    (i) => {
      info = i;
    },
    (e: unknown) => {
      info = { backend: `failed: ${(e as Error)?.message ?? e}`, threads: 0, simd: false };
    },
  );
  const host = browserHost(models, () => info);
  const service = new StylizeService({
    ...host,
    loadModel: async (id) => {
      await ready;
      return models.load(id);
    },
  });
  const idle = new IdleTimer(IDLE_CLOSE_MS, () => void sendToRuntime({ type: 'offscreenIdle' }));
  const table = offscreenHandlers(service);
  const stylize = table['offscreen.stylize'];
  table['offscreen.stylize'] = async (req, sender) => {
    idle.start();
    try {
      return await stylize(req, sender);
    } finally {
      idle.end();
    }
  };
  idle.arm();
  return { handlers: table, service, ready };
}
