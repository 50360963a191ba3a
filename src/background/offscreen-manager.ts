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
import { ensurePrivateNetworkRules } from './private-network-rules';

/** Every message the offscreen document answers. */
type OffscreenMessage = Extract<MessageName, `offscreen.${string}`>;

let creating: Promise<void> | null = null;

/** How long a new document may take to say it is listening (it loads TF.js first: ~0.3 s here, seconds on a slow laptop). */
export const OFFSCREEN_READY_MS = 15_000;

let readyWaiters: (() => void)[] = [];

/** The offscreenReady handler: the document's router is listening. */
export function offscreenSaidReady(): void {
  const waiters = readyWaiters;
  readyWaiters = [];
  for (const w of waiters) w();
}

/** Resolves when the document says it is ready; registered before createDocument, so the word cannot come too early. */
function waitForReady(ms = OFFSCREEN_READY_MS): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const done = () => {
      clearTimeout(timer);
      resolve();
    };
    const timer = setTimeout(() => {
      readyWaiters = readyWaiters.filter((w) => w !== done);
      reject(new BrushworkError('engine', `the offscreen document did not start within ${ms / 1000} s`));
    }, ms);
    readyWaiters.push(done);
  });
}

export async function offscreenExists(): Promise<boolean> {
  const contexts = await chrome.runtime.getContexts({
    contextTypes: [chrome.runtime.ContextType.OFFSCREEN_DOCUMENT],
    documentUrls: [chrome.runtime.getURL(OFFSCREEN_PATH)],
  });
  return contexts.length > 0;
}

export async function ensureOffscreen(): Promise<void> {
  if (creating) return creating;
  if (await offscreenExists()) return;
  creating ??= createAndAwaitReady().finally(() => {
    creating = null;
  });
  await creating;
}

async function createAndAwaitReady(): Promise<void> {
  await ensurePrivateNetworkRules();
  const ready = waitForReady();
  ready.catch(() => undefined); // observed below, or moot when another context created the document
  try {
    await chrome.offscreen.createDocument({
      url: OFFSCREEN_PATH,
      reasons: [chrome.offscreen.Reason.WORKERS, chrome.offscreen.Reason.BLOBS],
      justification: 'Runs the style-transfer model (TF.js on WebAssembly) on images the user asked to repaint.',
    });
  } catch (e) {
    // Two callers racing (another context created it first): the document exists, which is what we wanted.
    if (!(await offscreenExists())) throw e;
    return;
  }
  await ready;
}

export async function closeOffscreen(): Promise<boolean> {
  if (!(await offscreenExists())) return false;
  await chrome.offscreen.closeDocument();
  return true;
}

/**
 * Sends to the offscreen document, creating it first; resends once if it was
 * closed or crashed mid-request. A document that was ready and still lost the
 * request twice is broken, not closing: that fails as `engine`.
 */
export async function askOffscreen<K extends OffscreenMessage>(request: RequestOf<K>, { create = true } = {}): Promise<BodyOf<K>> {
  for (let attempt = 0; ; attempt++) {
    if (create) await ensureOffscreen();
    else if (!(await offscreenExists())) throw new BrushworkError('unreachable', 'the offscreen document is not running');
    const response = await sendToRuntime<K>(request);
    if (response.ok) return response as BodyOf<K>;
    if (response.kind !== 'unreachable' || !create) throwFailure(response);
    if (attempt >= 1)
      throw new BrushworkError(
        'engine',
        'the offscreen document stopped answering twice in a row (it crashed or was closed while repainting)',
      );
  }
}
