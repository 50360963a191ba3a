/**
 * The image policy of each document's CSP headers, learned where the browser
 * lets the extension see them, so that the page never has to try (#30).
 *
 * Before, a 1-px data: probe in the page's own world learned it by failing:
 * the failure itself was a console error and a report to the site's CSP
 * endpoint. No DOM API tells a page its header policy, but webRequest shows
 * an extension the response headers of the documents it has host access to
 * (the "all sites" grant, an always-on site): Chrome and Firefox both deliver
 * onHeadersReceived for main_frame and sub_frame with `responseHeaders`.
 * Where it has no access (activeTab is granted only after the document
 * loaded, so its headers went by unseen), the answer is 'unknown', and the
 * page uses the canvas layer, which no img-src policy governs.
 *
 * Kept in chrome.storage.session per tab and frame (Chrome stops an idle
 * service worker), with the document's URL: a record matches only the
 * document whose navigation URL it is.
 */
import { allowsDataImages, type DataImagePolicy } from '../shared/csp';

interface DocumentPolicy {
  url: string;
  dataImages: Exclude<DataImagePolicy, 'unknown'>;
}

const key = (tabId: number, frameId: number) => `csp:${tabId}:${frameId}`;
const withoutHash = (url: string) => url.split('#')[0] ?? url;

/** Both the enforced and the report-only policies: either would log and report a data: attempt. */
const CSP_HEADERS = new Set(['content-security-policy', 'content-security-policy-report-only']);

export function policyOfHeaders(headers: readonly { name: string; value?: string }[]): DocumentPolicy['dataImages'] {
  const values = headers.filter((h) => CSP_HEADERS.has(h.name.toLowerCase())).map((h) => h.value ?? '');
  return allowsDataImages(values) ? 'allowed' : 'blocked';
}

function onHeaders(details: chrome.webRequest.WebResponseHeadersDetails): void {
  if (details.tabId < 0 || !details.responseHeaders) return;
  const record: DocumentPolicy = { url: withoutHash(details.url), dataImages: policyOfHeaders(details.responseHeaders) };
  void chrome.storage.session.set({ [key(details.tabId, details.frameId)]: record }).catch(() => undefined);
}

export function watchDocumentPolicies(): void {
  chrome.webRequest.onHeadersReceived.addListener(onHeaders, { urls: ['http://*/*', 'https://*/*'], types: ['main_frame', 'sub_frame'] }, [
    'responseHeaders',
  ]);
  chrome.tabs.onRemoved.addListener((tabId) => {
    void chrome.storage.session.get(null).then((all) => {
      const mine = Object.keys(all).filter((k) => k.startsWith(`csp:${tabId}:`));
      if (mine.length) void chrome.storage.session.remove(mine);
    });
  });
}

/** The header policy of the document at `documentUrl` in this tab and frame, as far as it was seen. */
export async function documentDataImagePolicy(tabId: number, frameId: number, documentUrl: string): Promise<DataImagePolicy> {
  const k = key(tabId, frameId);
  const record = (await chrome.storage.session.get(k))[k] as DocumentPolicy | undefined;
  if (!record || record.url !== withoutHash(documentUrl)) return 'unknown';
  return record.dataImages;
}
