/**
 * Who may send what. Web pages cannot message the extension at all (no
 * `externally_connectable`); inside the extension, each message has one kind
 * of legitimate sender, and anything else is refused with a reason.
 */
import {
  CONTENT_MESSAGES,
  CONTENT_TO_OFFSCREEN,
  type MessageName,
  OFFSCREEN_TO_BACKGROUND,
  PUBLIC_MESSAGES,
  VIDEO_FRAME_TO_BACKGROUND,
} from './protocol';
import type { SenderInfo, SenderPolicy } from './router';

export const OFFSCREEN_PATH = '/offscreen.html';
export const BACKGROUND_PATH = '/background.js';
export const VIDEO_FRAME_PATH = '/video-frame.html';

/**
 * Our pages' origin: chrome-extension://<id> in Chrome; in Firefox moz-extension://<uuid>, where the UUID
 * is per profile and differs from the add-on id, so it is read from the runtime when there is one.
 */
export function extensionOrigin(extensionId: string): string {
  const runtime = (globalThis as { chrome?: { runtime?: { id?: string; getURL?: (path: string) => string } } }).chrome?.runtime;
  if (runtime?.getURL && runtime.id === extensionId) return new URL(runtime.getURL('/')).origin;
  return `chrome-extension://${extensionId}`;
}

/** Our own pages (popup, options, offscreen), whether or not they sit in a tab. */
const isExtensionPage = (s: SenderInfo, origin: string) => typeof s.url === 'string' && s.url.startsWith(`${origin}/`);
/** Our content script: runs in a web page's tab, so its URL is the page's, not ours. */
const isContentScript = (s: SenderInfo, origin: string) =>
  typeof s.tab?.id === 'number' && s.tab.id >= 0 && typeof s.frameId === 'number' && !isExtensionPage(s, origin);

/**
 * Our video frame (#27), in a web page's tab. Chrome loads it by a per-session dynamic URL
 * (use_dynamic_url), so its URL's host may be that ID rather than ours: the path and an extension scheme
 * are checked, and the router has already checked that the sender is this extension (no web page can
 * message it, and a content script's URL is its page's).
 */
const isVideoFrame = (s: SenderInfo, origin: string) => {
  if (typeof s.url !== 'string' || typeof s.tab?.id !== 'number') return false;
  try {
    const u = new URL(s.url);
    return u.protocol === new URL(origin).protocol && u.pathname === VIDEO_FRAME_PATH;
  } catch {
    return false;
  }
};

/** Policy of the background service worker. */
export function backgroundPolicy(extensionId: string): SenderPolicy {
  const origin = extensionOrigin(extensionId);
  return (name: MessageName, s: SenderInfo) => {
    if ((PUBLIC_MESSAGES as readonly string[]).includes(name))
      return isExtensionPage(s, origin) ? null : 'expected one of this extension’s pages (popup or options)';
    if ((CONTENT_MESSAGES as readonly string[]).includes(name))
      return isContentScript(s, origin) ? null : 'expected this extension’s content script in a tab';
    if ((VIDEO_FRAME_TO_BACKGROUND as readonly string[]).includes(name))
      return isVideoFrame(s, origin) ? null : 'expected Brushwork’s video frame';
    if ((OFFSCREEN_TO_BACKGROUND as readonly string[]).includes(name))
      return s.url?.split('?')[0] === `${origin}${OFFSCREEN_PATH}` ? null : 'expected the offscreen document';
    return `"${name}" is not a message for the background`;
  };
}

/** The offscreen document takes its jobs from our content scripts directly, and every other order from the background service worker. */
export function offscreenPolicy(extensionId: string): SenderPolicy {
  const origin = extensionOrigin(extensionId);
  return (name, s) => {
    if ((CONTENT_TO_OFFSCREEN as readonly string[]).includes(name))
      return isContentScript(s, origin) ? null : 'expected this extension’s content script in a tab';
    return s.url?.split('?')[0] === `${origin}${BACKGROUND_PATH}` ? null : 'expected the background service worker';
  };
}

/** Content scripts take orders from the background service worker only (tabs.sendMessage). */
export function pagePolicy(extensionId: string): SenderPolicy {
  const origin = extensionOrigin(extensionId);
  return (_name, s) =>
    !s.tab && (s.url === undefined || s.url.startsWith(`${origin}/`)) ? null : 'expected the background service worker';
}
