import { offscreenPolicy } from '@/src/messaging/policy';
import { createRouter } from '@/src/messaging/router';
import { sendToRuntime } from '@/src/messaging/send';
import { startOffscreen } from '@/src/runtime/browser/offscreen';

// Listen synchronously: the background may send the first job the moment the document exists.
const { handlers } = startOffscreen({ wasmBaseUrl: chrome.runtime.getURL('/wasm/'), packageBaseUrl: chrome.runtime.getURL('/') });
chrome.runtime.onMessage.addListener(
  createRouter({ receiver: 'offscreen', handlers, extensionId: chrome.runtime.id, senderPolicy: offscreenPolicy(chrome.runtime.id) }),
);
// Only now can a request reach the router: ensureOffscreen waits for this word before sending the first one.
void sendToRuntime({ type: 'offscreenReady' });
