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
 * Kept in chrome.storage.session per tab, frame by frame (Chrome stops an
 * idle service worker), with the document's URL: a record matches only the
 * document whose navigation URL it is.
 */
import { allowsDataImages, type DataImagePolicy } from '../shared/csp';

interface DocumentPolicy {
  url: string;
  dataImages: Exclude<DataImagePolicy, 'unknown'>;
}

/** Per tab, frame id → its document's policy. */
type TabPolicies = Record<string, DocumentPolicy>;

/**
 * Bounded: a page that keeps replacing its frames (ads) must not grow the record; the oldest frames go
 * first, and a new top-level document starts the tab's record afresh (its frames are all new).
 */
export const MAX_FRAMES_PER_TAB = 32;

const key = (tabId: number) => `csp:${tabId}`;
const withoutHash = (url: string) => url.split('#')[0] ?? url;

/** Both the enforced and the report-only policies: either would log and report a data: attempt. */
const CSP_HEADERS = new Set(['content-security-policy', 'content-security-policy-report-only']);

export function policyOfHeaders(headers: readonly { name: string; value?: string }[]): DocumentPolicy['dataImages'] {
  const values = headers.filter((h) => CSP_HEADERS.has(h.name.toLowerCase())).map((h) => h.value ?? '');
  return allowsDataImages(values) ? 'allowed' : 'blocked';
}

/** Read-modify-writes of one tab's record run one after another (frames load at once). */
const chains = new Map<number, Promise<unknown>>();

function serialized(tabId: number, change: () => Promise<void>): Promise<void> {
  const next = (chains.get(tabId) ?? Promise.resolve()).then(change, change).catch(() => undefined);
  chains.set(tabId, next);
  void next.then(() => {
    if (chains.get(tabId) === next) chains.delete(tabId);
  });
  return next;
}

/** Records one document's policy; exported for tests. */
export function recordDocumentPolicy(
  tabId: number,
  frameId: number,
  topLevel: boolean,
  url: string,
  dataImages: DocumentPolicy['dataImages'],
): Promise<void> {
  return serialized(tabId, async () => {
    const k = key(tabId);
    const record: TabPolicies = topLevel ? {} : (((await chrome.storage.session.get(k))[k] as TabPolicies | undefined) ?? {});
    delete record[String(frameId)]; // re-inserted last: the newest
    record[String(frameId)] = { url: withoutHash(url), dataImages };
    const frames = Object.keys(record);
    for (const old of frames.slice(0, Math.max(0, frames.length - MAX_FRAMES_PER_TAB))) delete record[old];
    await chrome.storage.session.set({ [k]: record });
  });
}

function onHeaders(details: chrome.webRequest.WebResponseHeadersDetails): void {
  if (details.tabId < 0 || !details.responseHeaders) return;
  void recordDocumentPolicy(
    details.tabId,
    details.frameId,
    details.type === 'main_frame',
    details.url,
    policyOfHeaders(details.responseHeaders),
  );
}

export function watchDocumentPolicies(): void {
  chrome.webRequest.onHeadersReceived.addListener(onHeaders, { urls: ['http://*/*', 'https://*/*'], types: ['main_frame', 'sub_frame'] }, [
    'responseHeaders',
  ]);
  chrome.tabs.onRemoved.addListener((tabId) => void serialized(tabId, () => chrome.storage.session.remove(key(tabId))));
}

/** The header policy of the document at `documentUrl` in this tab and frame, as far as it was seen. */
export async function documentDataImagePolicy(tabId: number, frameId: number, documentUrl: string): Promise<DataImagePolicy> {
  const k = key(tabId);
  const record = (await chrome.storage.session.get(k))[k] as TabPolicies | undefined;
  const policy = record?.[String(frameId)];
  if (!policy || policy.url !== withoutHash(documentUrl)) return 'unknown';
  return policy.dataImages;
}
