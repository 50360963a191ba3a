/** Typed senders: a failed send (no receiver, closed port) becomes `{ok:false}` too. */
import { errorMessage, failure } from './errors';
import type { Failure, MessageName, RequestOf, ResponseOf } from './protocol';

/**
 * Chrome's wording when the other end went away mid-request: the MV3 service
 * worker was stopped (Chrome stops idle workers after ~30 s), or the offscreen
 * document closed or crashed. Chrome gives these rejections no code, so this is
 * the one place its wording is read: here it becomes kind `unreachable`, and
 * everything downstream decides by that kind.
 */
const LOST_RECEIVER = /message (port|channel) closed|Receiving end does not exist|context invalidated/i;

/** A rejected chrome.runtime/tabs.sendMessage, as a failure value. */
export function sendFailure(e: unknown): Failure {
  const message = errorMessage(e);
  return failure(LOST_RECEIVER.test(message) ? 'unreachable' : 'engine', message);
}

export async function sendToRuntime<K extends MessageName>(request: RequestOf<K>): Promise<ResponseOf<K>> {
  try {
    const response = (await chrome.runtime.sendMessage(request)) as ResponseOf<K> | undefined;
    return response ?? failure('unreachable', `no answer to ${request.type}`);
  } catch (e) {
    return sendFailure(e);
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
    if (response.ok || response.kind !== 'unreachable' || attempt >= attempts) return response;
    await new Promise((r) => setTimeout(r, backoffMs * attempt));
  }
}

export async function sendToTab<K extends MessageName>(tabId: number, request: RequestOf<K>, frameId?: number): Promise<ResponseOf<K>> {
  try {
    const response = (await chrome.tabs.sendMessage(tabId, request, frameId === undefined ? {} : { frameId })) as ResponseOf<K> | undefined;
    return response ?? failure('unreachable', `no answer to ${request.type} from tab ${tabId}`);
  } catch (e) {
    return sendFailure(e);
  }
}
