/**
 * Does this page's CSP block data: images in CSS? A content script cannot
 * tell by itself: the page blocks its CSS data: backgrounds (the element goes
 * blank, Chromium 156) but reports no violation to the isolated world. The
 * page's own world does get securitypolicyviolation events, so a tiny
 * watcher runs there (injected by the extension, which the page's CSP does
 * not stop) and forwards "data: images are blocked" with window.postMessage.
 * A page could fake that message; the only effect would be the canvas layer.
 */
import { CSP_BLOCKED_MESSAGE } from '../messaging/protocol';

export async function watchCssDataImages(tabId: number, frameId: number): Promise<void> {
  await chrome.scripting.executeScript({
    target: { tabId, frameIds: [frameId] },
    world: 'MAIN',
    func: watchInPage,
    args: [CSP_BLOCKED_MESSAGE],
  });
}

/** Runs in the page's main world: serialized by chrome.scripting, so it must be self-contained. */
function watchInPage(message: string): void {
  const key = Symbol.for(message);
  const w = window as unknown as Record<symbol, boolean>;
  if (!w[key]) {
    w[key] = true;
    document.addEventListener('securitypolicyviolation', (e) => {
      if (e.blockedURI.startsWith('data') && e.effectiveDirective.startsWith('img-src')) window.postMessage({ type: message }, '*');
    });
  }
  // The probe leaves the DOM as soon as the browser has judged it (a violation comes within a frame or two).
  // A fresh URL each time: a data: image blocked once is not fetched (nor reported) again.
  const probe = document.createElement('div');
  probe.style.cssText = 'position:fixed;left:-10px;top:-10px;width:1px;height:1px';
  probe.style.backgroundImage = `url("data:image/gif;probe=${Math.random().toString(36).slice(2)};base64,R0lGODlhAQABAAAAACH5BAEKAAEALAAAAAABAAEAAAICTAEAOw==")`;
  const done = () => {
    document.removeEventListener('securitypolicyviolation', done);
    probe.remove();
  };
  document.addEventListener('securitypolicyviolation', done);
  document.documentElement.append(probe);
  setTimeout(done, 200);
}
