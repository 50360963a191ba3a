/** Typed senders: a failed send (no receiver, closed port) becomes `{ok:false}` too. */
import type { MessageName, RequestOf, ResponseOf } from './protocol';
import { errorMessage } from './router';

export async function sendToRuntime<K extends MessageName>(request: RequestOf<K>): Promise<ResponseOf<K>> {
  try {
    const response = (await chrome.runtime.sendMessage(request)) as ResponseOf<K> | undefined;
    return response ?? { ok: false, error: `no answer to ${request.type}` };
  } catch (e) {
    return { ok: false, error: errorMessage(e) };
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
