/**
 * Firefox's host of the runtime: its MV3 background is an event page with a
 * DOM, Workers and WebAssembly, and it has no offscreen documents. The same
 * runtime assembly the offscreen document runs in Chrome (startOffscreen) runs
 * here, answered in-process through the same handler table, so page, UI and
 * protocol do not know which browser they are in. TF.js is bundled into the
 * background script (a classic event-page script), but the runtime starts, and
 * its engine workers with their WASM heaps, only on the first request, and
 * stops after IDLE_CLOSE_MS of nothing, as Chrome's offscreen document closes.
 */
import type { BodyOf, MessageName, RequestOf } from '../messaging/protocol';
import { addressOfResponse } from './response-addresses';
import { hasSiteAccess } from './site-access';

type OffscreenMessage = Extract<MessageName, `offscreen.${string}`>;
type Runtime = ReturnType<typeof import('../runtime/browser/offscreen').startOffscreen>;

let runtime: Promise<Runtime> | null = null;

async function start(): Promise<Runtime> {
  const { startOffscreen } = await import('../runtime/browser/offscreen');
  const { refuseByVerdict } = await import('../runtime/browser/vouch');
  return startOffscreen(
    { wasmBaseUrl: chrome.runtime.getURL('/wasm/'), packageBaseUrl: chrome.runtime.getURL('/') },
    {
      onIdle: () => void stopBackgroundRuntime(),
      vouch: async (url, since, cors) => refuseByVerdict(url, await addressOfResponse(url, since, cors)),
      siteAccess: hasSiteAccess,
    },
  );
}

export function backgroundRuntimeRunning(): boolean {
  return runtime !== null;
}

export async function askBackgroundRuntime<K extends OffscreenMessage>(request: RequestOf<K>, create: boolean): Promise<BodyOf<K>> {
  if (!runtime && !create) {
    const { BrushworkError } = await import('../messaging/errors');
    throw new BrushworkError('unreachable', 'the runtime is not running');
  }
  runtime ??= start();
  const { handlers } = await runtime;
  const handler = handlers[request.type as OffscreenMessage] as unknown as (r: RequestOf<K>, s: object) => Promise<BodyOf<K>>;
  return handler(request, { id: chrome.runtime.id, url: location.href });
}

/** What closing the offscreen document does in Chrome: the engines and their heaps go. */
export async function stopBackgroundRuntime(): Promise<boolean> {
  const r = runtime;
  runtime = null;
  if (!r) return false;
  (await r).stop();
  return true;
}
