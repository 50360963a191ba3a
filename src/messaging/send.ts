/** Typed senders: a failed send (no receiver, closed port) becomes `{ok:false}` too. */
import type { MessageName, RequestOf, ResponseOf } from './protocol';
import { errorMessage } from './router';

/**
 * Chrome's wording when the other end went away mid-request: the MV3 service
 * worker was stopped (Chrome stops idle workers after ~30 s), or the offscreen
 * document closed or crashed. A resend wakes or recreates the receiver.
 */
export const LOST_RECEIVER = /no answer|message (port|channel) closed|Receiving end does not exist|context invalidated/i;

export async function sendToRuntime<K extends MessageName>(request: RequestOf<K>): Promise<ResponseOf<K>> {
  try {
    const response = (await chrome.runtime.sendMessage(request)) as ResponseOf<K> | undefined;
    return response ?? { ok: false, error: `no answer to ${request.type}` };
  } catch (e) {
    return { ok: false, error: errorMessage(e) };
  }
}

/**
 * For idempotent requests only (a stylize job keyed by its image, style and
 * size): resends when the receiver was lost, so a job in flight when the
 * service worker stopped is retried instead of silently lost. A worker that is
 * still shutting down can drop the first resend too, hence a short backoff.
 */
export async function sendToRuntimeResending<K extends MessageName>(
  request: RequestOf<K>,
  { attempts = 3, backoffMs = 250 } = {},
): Promise<ResponseOf<K>> {
  for (let attempt = 1; ; attempt++) {
    const response = await sendToRuntime<K>(request);
    if (response.ok || !LOST_RECEIVER.test(response.error) || attempt >= attempts) return response;
    await new Promise((r) => setTimeout(r, backoffMs * attempt));
  }
}

export async function sendToTab<K extends MessageName>(tabId: number, request: RequestOf<K>, frameId?: number): Promise<ResponseOf<K>> {
  try {
    const response = (await chrome.tabs.sendMessage(tabId, request, frameId === undefined ? {} : { frameId })) as ResponseOf<K> | undefined;
    return response ?? { ok: false, error: `no answer to ${request.type} from tab ${tabId}` };
  } catch (e) {
    return { ok: false, error: errorMessage(e) };
  }
}

/** Unwraps a response or throws its error (inside one context only). */
export function unwrap<K extends MessageName>(response: ResponseOf<K>): Extract<ResponseOf<K>, { ok: true }> {
  if (!response.ok) throw new Error(response.error);
  return response as Extract<ResponseOf<K>, { ok: true }>;
}
