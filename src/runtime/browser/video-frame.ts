/**
 * Brushwork's extension frame in a page that plays videos (#27): it starts
 * the video engines and hands each one the MessagePort the content script
 * sent, so frames then go straight from the content script to a worker.
 *
 * Why a frame: a content script cannot reach the offscreen document (Chrome)
 * or the background page (Firefox) except through runtime messaging, which
 * cannot transfer an ImageBitmap or a MessagePort (Chrome serializes every
 * runtime message and port message; a service worker could relay ports only
 * in Chrome, whose Firefox counterpart is an event page). An extension page
 * embedded in the tab can: the content script posts it a MessagePort with
 * window.postMessage, which both browsers transfer, and the page (extension
 * origin, extension CSP with 'wasm-unsafe-eval') can start workers that run
 * the WASM engine. The same code runs in Chrome MV3 and Firefox.
 *
 * Who may hand over ports: only the window that embeds this frame, and only
 * with the one-time nonce in this frame's URL fragment. The content script
 * keeps the <iframe> in a closed shadow root, so the page's scripts can
 * neither read that URL nor, lacking the nonce, attach ports of their own.
 * What the frame answers (painted frames) goes back only on those ports.
 */
import { type FromVideoEngine, VIDEO_PORT_WORD } from '../../messaging/video-channel';
import { answerUserStyles, type UserStyleWire } from './video-user-styles';
import type { VideoWorkerInit } from './video-worker';

/** At most this many engines per tab: more would only fight over the same cores. */
export const MAX_VIDEO_ENGINES = 4;

export function serveVideoFrame(
  urls: { wasmBaseUrl: string; packageBaseUrl: string },
  startWorker: () => Worker,
  win: Window = window,
  /** An imported style's files, asked of the background (video-user-styles.ts says why). */
  userStyle?: (styleId: string) => Promise<UserStyleWire>,
): void {
  const nonce = win.location.hash.slice(1);
  let taken = false;
  win.addEventListener('message', (e: MessageEvent) => {
    if (taken || !nonce || e.source !== win.parent) return;
    const word = e.data as { word?: unknown; nonce?: unknown } | null;
    if (word?.word !== VIDEO_PORT_WORD || word.nonce !== nonce) return;
    if (e.ports.length < 1 || e.ports.length > MAX_VIDEO_ENGINES) return;
    taken = true; // one handover per frame: a second word, even with the nonce, is ignored
    for (const port of e.ports) {
      port.postMessage({ kind: 'taken' } satisfies FromVideoEngine); // the handshake: this frame is ours and loaded
      const init: VideoWorkerInit = { kind: 'init', ...urls, port };
      const worker = startWorker();
      if (userStyle) answerUserStyles(worker, userStyle);
      worker.postMessage(init, [port]);
    }
  });
}
