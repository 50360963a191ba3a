/** Assembles the offscreen runtime: runner (engine workers, GPU or WASM), service, idle timer, handler table. */
import { sendToRuntime } from '../../messaging/send';
import { PersistentResultStore } from '../result-store';
import { StylizeService } from '../stylize-service';
import { cacheApiBackend } from './cache-api-backend';
import { browserHost } from './host';
import { IdleTimer } from './idle';
import { offscreenHandlers } from './offscreen-handlers';
import { type Runner, startRunner } from './runner';

export const IDLE_CLOSE_MS = 60_000;

async function readPackaged(path: string): Promise<Uint8Array> {
  const response = await fetch(chrome.runtime.getURL(`/${path}`));
  if (!response.ok) throw new Error(`${path}: expected a packaged file, found HTTP ${response.status}`);
  return new Uint8Array(await response.arrayBuffer());
}

export function startOffscreen(urls: { wasmBaseUrl: string; packageBaseUrl: string }) {
  let runner: Runner | null = null;
  let failure: string | null = null;
  const ready = startRunner(urls, readPackaged);
  const service = new StylizeService(
    browserHost(
      () => runner,
      () => failure,
      ready,
    ),
    new PersistentResultStore(cacheApiBackend()),
  );
  ready.then(
    (e) => {
      runner = e;
      service.queue.setConcurrency(e.concurrency);
    },
    (e: unknown) => {
      failure = String((e as Error)?.message ?? e);
    },
  );
  const idle = new IdleTimer(IDLE_CLOSE_MS, () => void sendToRuntime({ type: 'offscreenIdle' }));
  const table = offscreenHandlers(service, async (styleId, image) => {
    const r = await ready;
    await r.load(styleId);
    return r.run(styleId, image);
  });
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
