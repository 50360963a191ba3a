/** The background's one handler table: every message the service worker answers. */
import { BrushworkError, throwFailure } from '../messaging/errors';
import type { Failure } from '../messaging/protocol';
import { requesterOf } from '../messaging/requester';
import type { HandlerTable } from '../messaging/router';
import { sendToTab } from '../messaging/send';
import { clearPersistentResults } from '../runtime/browser/cache-api-backend';
import { toWire } from '../runtime/browser/video-user-styles';
import { getSettings } from '../settings/store';
import { readUserStyleFiles } from '../settings/user-style-files';
import { isUserStyleId } from '../shared/catalog';
import { documentDataImagePolicy } from './document-csp';
import { ensureContentScript } from './injection';
import { offscreenSaidReady } from './offscreen-manager';
import { addressOfResponse } from './response-addresses';
import { askRuntime, closeRuntime, runtimeRunning } from './runtime-host';
import { hasSiteAccess } from './site-access';
import { forgetTab, readTab, recordCounts, recordPageMode, resetTab, sumCounts } from './tab-state';

type BackgroundMessages =
  | 'stylizeImage'
  | 'setPageMode'
  | 'restoreAll'
  | 'getStatus'
  | 'warmUp'
  | 'clearCaches'
  | 'previewStyle'
  | 'stylizeJob'
  | 'cancelJobs'
  | 'reportCounts'
  | 'dataImagePolicy'
  | 'offscreenIdle'
  | 'offscreenReady'
  | 'checkResponseAddress'
  | 'hasSiteAccess'
  | 'userStyleFiles';

/** Sends a page message to each frame and sums a numeric field of the answers. */
async function toFrames(tabId: number, frames: number[], request: Parameters<typeof sendToTab>[1], field: string): Promise<number> {
  let total = 0;
  const failures: Failure[] = [];
  for (const frameId of frames) {
    const r = await sendToTab(tabId, request, frameId);
    if (r.ok) total += Number((r as unknown as Record<string, unknown>)[field] ?? 0);
    else failures.push(r);
  }
  const first = failures[0];
  if (first && failures.length === frames.length) throwFailure(first);
  return total;
}

async function injectedFrames(tabId: number): Promise<number[]> {
  // Frames that reported at least once; frame 0 is always asked.
  const record = await readTab(tabId);
  return [...new Set([0, ...Object.keys(record.frames).map(Number)])];
}

export const backgroundHandlers: HandlerTable<BackgroundMessages> = {
  async stylizeImage({ tabId, srcUrl }) {
    const frames = await ensureContentScript(tabId);
    return { matched: await toFrames(tabId, frames, { type: 'page.stylizeBySrc', srcUrl }, 'matched') };
  },

  async setPageMode({ tabId, enabled }) {
    // Start the offscreen document and load the style first, while the page script is injected and looks for
    // pictures: the document, its engines and the style take ~125 ms cold, the injection 50–100 ms (#21).
    if (enabled) void getSettings().then(({ styleId }) => askRuntime({ type: 'offscreen.warm', styleId }).catch(() => undefined));
    const frames = enabled ? await ensureContentScript(tabId) : await injectedFrames(tabId);
    await recordPageMode(tabId, enabled);
    await toFrames(tabId, frames, { type: 'page.setPageMode', enabled }, 'enabled').catch((e) => {
      if (enabled) throw e; // switching off a page that never ran Brushwork is not an error
    });
    if (!enabled) await askRuntime({ type: 'offscreen.cancelTab', tabId }, { create: false }).catch(() => undefined);
    return { enabled };
  },

  async restoreAll({ tabId }) {
    await askRuntime({ type: 'offscreen.cancelTab', tabId }, { create: false }).catch(() => undefined);
    const restored = await toFrames(tabId, await injectedFrames(tabId), { type: 'page.restoreAll' }, 'restored').catch(() => 0);
    await recordPageMode(tabId, false);
    return { restored };
  },

  async getStatus({ tabId }) {
    const [record, settings, running] = await Promise.all([readTab(tabId), getSettings(), runtimeRunning()]);
    const runtime = running ? await askRuntime({ type: 'offscreen.status' }, { create: false }).catch(() => null) : null;
    return { counts: sumCounts(record.frames), pageMode: record.pageMode, styleId: settings.styleId, runtime };
  },

  async warmUp({ styleId, tabId }) {
    // The page script too, while the person looks at the popup: switching page mode on then skips the
    // injection (50–100 ms of the first picture, #21). It only listens until asked; the page is unchanged.
    // Pages Brushwork cannot reach (chrome://, no access) are simply not prepared.
    if (tabId !== undefined) void ensureContentScript(tabId).catch(() => undefined);
    await askRuntime({ type: 'offscreen.warm', styleId });
    return {};
  },

  async clearCaches() {
    await askRuntime({ type: 'offscreen.clearCaches' }, { create: false }).catch(() => undefined);
    await clearPersistentResults();
    return {};
  },

  async previewStyle({ styleId }) {
    await askRuntime({ type: 'offscreen.preview', styleId });
    return {};
  },

  async stylizeJob(request, sender) {
    const tabId = sender.tab?.id as number;
    const { type: _type, ...job } = request;
    return askRuntime({ type: 'offscreen.stylize', ...job, tabId, requester: requesterOf(sender) });
  },

  async cancelJobs({ jobIds }) {
    return askRuntime({ type: 'offscreen.cancel', jobIds }, { create: false }).catch(() => ({ cancelled: 0 }));
  },

  async reportCounts({ counts, pageMode, document }, sender) {
    // Chrome says outright when a document is no longer its frame's active one (unloading, in the
    // back/forward cache, prerendering): its counts are not the tab's (#30). Firefox does not say: the
    // frame is asked instead (tab-state.ts), as Chrome's are when a report may be from a replaced document.
    if (sender.documentLifecycle && sender.documentLifecycle !== 'active') return {};
    const tabId = sender.tab?.id as number;
    const frameId = sender.frameId ?? 0;
    const hostedNow = async () => {
      const ping = await sendToTab(tabId, { type: 'page.ping' }, frameId);
      return ping.ok ? ping.document : null;
    };
    await recordCounts(tabId, frameId, { counts, pageMode, document, hostedNow });
    return {};
  },

  async dataImagePolicy({ documentUrl }, sender) {
    return { policy: await documentDataImagePolicy(sender.tab?.id as number, sender.frameId ?? 0, documentUrl) };
  },

  async offscreenIdle() {
    return { closed: await closeRuntime() };
  },

  checkResponseAddress({ url, since, cors }) {
    return addressOfResponse(url, since, cors ?? false);
  },

  async hasSiteAccess({ url }) {
    return { granted: await hasSiteAccess(url) };
  },

  offscreenReady() {
    offscreenSaidReady();
    return {};
  },

  /** An imported style's files for the video engines, which cannot read the extension's IndexedDB in a page's frame. */
  async userStyleFiles({ styleId }) {
    const files = isUserStyleId(styleId) ? await readUserStyleFiles(styleId) : undefined;
    if (!files) throw new BrushworkError('invalid', `style ${styleId}: expected an imported style, found none (it was removed)`);
    return toWire(files);
  },
};

/**
 * After a load: when the tab's record says Brushwork ran there but the top frame no longer hosts the document
 * it counted, the document is new (a reload or a navigation the extension cannot see the URL of): its page
 * mode and counts are reset and its jobs cancelled. "No longer hosts" is either no page script answering, or
 * one answering for another document: Chrome keeps activeTab across a same-origin reload, so a popup's
 * warm-up can inject a fresh, idle page script into the new document before its load completes (the reload
 * test failed that way, 1 run in 5). An Always-on site's page script reports its own document afterwards.
 */
async function resetIfPageScriptGone(tabId: number): Promise<void> {
  const record = await readTab(tabId);
  if (!record.pageMode && Object.keys(record.frames).length === 0) return;
  const ping = await sendToTab(tabId, { type: 'page.ping' }, 0);
  const counted = record.documents?.['0'];
  if (ping.ok && (counted === undefined || counted === ping.document)) return;
  await askRuntime({ type: 'offscreen.cancelTab', tabId }, { create: false }).catch(() => undefined);
  await resetTab(tabId);
}

/** Tab lifecycle: cancel a closed tab's jobs; reset a tab whose document was replaced. */
export function watchTabs(): void {
  chrome.tabs.onRemoved.addListener((tabId) => {
    void askRuntime({ type: 'offscreen.cancelTab', tabId }, { create: false }).catch(() => undefined);
    void forgetTab(tabId);
  });
  chrome.tabs.onUpdated.addListener((tabId, info) => {
    // A load finished: a reload or a navigation, with `url` only when the extension may see it. Whether the
    // document is new is asked of the page itself, not read from the event: Chrome can deliver a `loading` or
    // `complete` late, after page mode was switched on in that same document, and resetting then cancelled
    // live jobs (seen under load in the infinite-scroll test).
    if (info.status === 'complete') void resetIfPageScriptGone(tabId);
  });
}
