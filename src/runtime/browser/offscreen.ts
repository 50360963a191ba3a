/**
 * Assembles the runtime: runner (engine workers, GPU or WASM), service, idle
 * timer, handler table. Chrome hosts it in the offscreen document; Firefox,
 * which has no offscreen documents but gives its MV3 background page a DOM,
 * hosts it in the background itself (src/background/runtime-host.ts). The
 * host says what idle means and how a response's address is vouched for.
 */
import { sendToRuntime } from '../../messaging/send';
import { PersistentResultStore } from '../result-store';
import { StylizeService } from '../stylize-service';
import { cacheApiBackend } from './cache-api-backend';
import type { VouchForResponse } from './fetch-image';
import { browserHost } from './host';
import { IdleTimer } from './idle';
import { offscreenHandlers } from './offscreen-handlers';
import { type Runner, startRunner } from './runner';
import type { SiteAccess } from './site-access';
import { vouchByBackground } from './vouch';

export const IDLE_CLOSE_MS = 60_000;

async function readPackaged(path: string): Promise<Uint8Array> {
  const response = await fetch(chrome.runtime.getURL(`/${path}`));
  if (!response.ok) throw new Error(`${path}: expected a packaged file, found HTTP ${response.status}`);
  return new Uint8Array(await response.arrayBuffer());
}

export interface RuntimeHostHooks {
  /** Nothing ran for IDLE_CLOSE_MS: free the heaps (the offscreen document asks to be closed). */
  onIdle: () => void;
  /** Before a fetched body is read: throws when its response came from a private address (#22). */
  vouch: VouchForResponse;
  /** After a failed fetch: whether Brushwork holds access to the picture's site (runtime/browser/site-access.ts). */
  siteAccess: SiteAccess;
}

const offscreenHooks: RuntimeHostHooks = {
  onIdle: () => void sendToRuntime({ type: 'offscreenIdle' }),
  vouch: vouchByBackground,
  siteAccess: async (url) => {
    const answer = await sendToRuntime({ type: 'hasSiteAccess', url });
    return answer.ok ? answer.granted : true; // unknown: the fetch's own failure stands
  },
};

export function startOffscreen(urls: { wasmBaseUrl: string; packageBaseUrl: string }, hooks: RuntimeHostHooks = offscreenHooks) {
  let runner: Runner | null = null;
  let failure: string | null = null;
  const ready = startRunner(urls, readPackaged);
  // A new document's first lookup opened the Cache API and read the store's index (69–105 ms on the first
  // picture's path, #21): read while the engines start instead.
  const store = new PersistentResultStore(cacheApiBackend());
  void store.warm().catch(() => undefined);
  const service = new StylizeService(
    browserHost(
      () => runner,
      () => failure,
      ready,
      hooks.vouch,
      hooks.siteAccess,
    ),
    store,
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
  const idle = new IdleTimer(IDLE_CLOSE_MS, hooks.onIdle);
  const table = offscreenHandlers(service, async (styleId, image) => {
    const r = await ready;
    await r.load(styleId);
    return r.run(styleId, image);
  });
  // A job keeps the document from closing as idle, whichever way it came (relayed by the background, or direct).
  const busyWhile =
    <A extends unknown[], R>(run: (...args: A) => Promise<R> | R) =>
    async (...args: A): Promise<R> => {
      idle.start();
      try {
        return await run(...args);
      } finally {
        idle.end();
      }
    };
  table['offscreen.stylize'] = busyWhile(table['offscreen.stylize']);
  table['offscreen.job'] = busyWhile(table['offscreen.job']);
  idle.arm();
  /** Frees the engines (their WASM heaps) and stops the timer: what closing the offscreen document does in Chrome. */
  const stop = () => {
    idle.disarm();
    service.queue.cancel(() => true, 'the engine stopped');
    void ready.then(
      (r) => r.stop(),
      () => undefined,
    );
  };
  return { handlers: table, service, ready, stop };
}
