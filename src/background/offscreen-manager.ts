/**
 * The offscreen document hosts TF.js (service workers cannot run WebAssembly
 * with a DOM canvas). It is created on demand and closed when idle, which is
 * also what frees its WASM heap: the heap never shrinks while the document
 * lives (measured: 16 MB → 481 MB after one 1024² image).
 */

import { BrushworkError, throwFailure } from '../messaging/errors';
import { OFFSCREEN_PATH } from '../messaging/policy';
import type { BodyOf, MessageName, RequestOf } from '../messaging/protocol';
import { sendToRuntime } from '../messaging/send';

/** Every message the offscreen document answers. */
type OffscreenMessage = Extract<MessageName, `offscreen.${string}`>;

let creating: Promise<void> | null = null;

export async function offscreenExists(): Promise<boolean> {
  const contexts = await chrome.runtime.getContexts({
    contextTypes: [chrome.runtime.ContextType.OFFSCREEN_DOCUMENT],
    documentUrls: [chrome.runtime.getURL(OFFSCREEN_PATH)],
  });
  return contexts.length > 0;
}

export async function ensureOffscreen(): Promise<void> {
  if (await offscreenExists()) return;
  creating ??= chrome.offscreen
    .createDocument({
      url: OFFSCREEN_PATH,
      reasons: [chrome.offscreen.Reason.WORKERS, chrome.offscreen.Reason.BLOBS],
      justification: 'Runs the style-transfer model (TF.js on WebAssembly) on images the user asked to repaint.',
    })
    .catch(async (e: unknown) => {
      // Two callers racing (another context created it first): the document exists, which is what we wanted.
      if (!(await offscreenExists())) throw e;
    })
    .finally(() => {
      creating = null;
    });
  await creating;
}

export async function closeOffscreen(): Promise<boolean> {
  if (!(await offscreenExists())) return false;
  await chrome.offscreen.closeDocument();
  return true;
}

/** Sends to the offscreen document, creating it first; retries once if it was closed or crashed mid-request. */
export async function askOffscreen<K extends OffscreenMessage>(request: RequestOf<K>, { create = true } = {}): Promise<BodyOf<K>> {
  for (let attempt = 0; ; attempt++) {
    if (create) await ensureOffscreen();
    else if (!(await offscreenExists())) throw new BrushworkError('unreachable', 'the offscreen document is not running');
    const response = await sendToRuntime<K>(request);
    if (response.ok) return response as BodyOf<K>;
    if (response.kind !== 'unreachable' || attempt >= 1 || !create) throwFailure(response);
  }
}
