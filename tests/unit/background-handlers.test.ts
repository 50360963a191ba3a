/**
 * The background's handler table (#22 part 5), with Chrome faked: who a job is
 * for comes from Chrome's sender record, never from the message; page mode is
 * recorded and sent to every frame; restore and switching off cancel the tab's
 * jobs; status is put together from the tab's record, the settings and the
 * runtime; and a new document resets the tab.
 */
import 'fake-indexeddb/auto';
import { beforeAll, beforeEach, describe, expect, it, type Mock, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';

const toTabs: { tabId: number; message: Record<string, unknown>; frameId?: number }[] = [];
const toRuntime: Record<string, unknown>[] = [];
let offscreenOpen = true;
/** Whether a page script answers in the tab (false: a new document without Brushwork). */
let pageScript = true;
/** The document the tab's page script answers page.ping for. */
let hostedDocument = 'doc';
/** A report from the document the frame hosts. */
const live = (counts: { pending: number; done: number; error: number; skipped: number }, pageMode: boolean, document = 'doc') => ({
  counts,
  pageMode,
  document,
  hostedNow: async () => document,
});
let onUpdated: ((tabId: number, info: { status?: string; url?: string }) => void) | undefined;
let handlers: typeof import('../../src/background/handlers');
let tabState: typeof import('../../src/background/tab-state');

beforeAll(async () => {
  const i18n = (globalThis as { chrome?: { i18n?: unknown } }).chrome?.i18n;
  const chromeStub = {
    ...fakeBrowser,
    i18n,
    runtime: {
      ...fakeBrowser.runtime,
      id: 'ext',
      lastError: undefined,
      ContextType: { OFFSCREEN_DOCUMENT: 'OFFSCREEN_DOCUMENT' },
      getURL: (p: string) => `chrome-extension://ext/${p}`,
      getContexts: async () => (offscreenOpen ? [{}] : []),
      sendMessage: vi.fn(async (message: Record<string, unknown>) => {
        toRuntime.push(message);
        if (message.type === 'offscreen.status') return { ok: true, queued: 3, running: 1 };
        if (message.type === 'offscreen.cancelTab') return { ok: true, cancelled: 2 };
        return { ok: true, echo: message };
      }),
    },
    action: { setBadgeBackgroundColor: async () => undefined, setBadgeText: async () => undefined },
    scripting: { executeScript: vi.fn(async () => [{ frameId: 0 }, { frameId: 4 }]) },
    tabs: {
      sendMessage: vi.fn(async (tabId: number, message: Record<string, unknown>, options?: { frameId?: number }) => {
        toTabs.push({ tabId, message, frameId: options?.frameId });
        if (!pageScript) throw new Error('Could not establish connection. Receiving end does not exist.');
        return { ok: true, matched: 1, enabled: message.enabled, restored: 5, document: hostedDocument };
      }),
      onRemoved: { addListener: () => undefined },
      onUpdated: {
        addListener: (f: typeof onUpdated) => {
          onUpdated = f;
        },
      },
    },
    declarativeNetRequest: { updateSessionRules: async () => undefined },
  };
  Object.assign(globalThis, { chrome: chromeStub, browser: fakeBrowser });
  handlers = await import('../../src/background/handlers');
  tabState = await import('../../src/background/tab-state');
  handlers.watchTabs();
});

beforeEach(() => {
  fakeBrowser.reset();
  toTabs.length = 0;
  toRuntime.length = 0;
  offscreenOpen = true;
  pageScript = true;
  hostedDocument = 'doc';
});

const page = {
  id: 'ext',
  url: 'https://site.example/article',
  origin: 'https://site.example',
  tab: { id: 9, url: 'https://site.example/article' },
  frameId: 0,
};
const table = () => handlers.backgroundHandlers;

describe('background handlers', () => {
  it('a stylize job is for the tab and requester Chrome names, whatever the message says', async () => {
    await table().stylizeJob(
      { type: 'stylizeJob', jobId: 'j1', url: 'https://cdn.example/a.png', styleId: 'udnie', width: 10, height: 10, priority: 0 },
      page,
    );
    expect(toRuntime.at(-1)).toMatchObject({
      type: 'offscreen.stylize',
      jobId: 'j1',
      tabId: 9,
      requester: 'https://site.example > https://site.example',
    });
  });

  it('page mode is recorded and sent to every frame the page script runs in; off cancels the tab’s jobs', async () => {
    await table().setPageMode({ type: 'setPageMode', tabId: 9, enabled: true }, { id: 'ext' });
    expect(toTabs.map((m) => [m.frameId, m.message.type])).toEqual([
      [0, 'page.setPageMode'],
      [4, 'page.setPageMode'],
    ]);
    expect((await tabState.readTab(9)).pageMode).toBe(true);
    await table().setPageMode({ type: 'setPageMode', tabId: 9, enabled: false }, { id: 'ext' });
    expect((await tabState.readTab(9)).pageMode).toBe(false);
    expect(toRuntime.some((m) => m.type === 'offscreen.cancelTab' && m.tabId === 9)).toBe(true);
  });

  it('after a load, a tab whose top frame answers for another document (a warm-up injected into the reloaded one) is reset', async () => {
    await tabState.recordCounts(9, 0, live({ pending: 0, done: 7, error: 0, skipped: 0 }, true));
    // Chrome keeps activeTab across a same-origin reload: the popup's warm-up put an idle page script in the new document.
    hostedDocument = 'the reloaded document';
    onUpdated?.(9, { status: 'complete' });
    await vi.waitFor(async () => expect(await tabState.readTab(9)).toEqual({ frames: {}, pageMode: false }));
    expect(toRuntime.some((m) => m.type === 'offscreen.cancelTab' && m.tabId === 9)).toBe(true);
  });

  it('the popup’s warm-up readies the page script in its tab (#21); a page Brushwork cannot reach still warms the engines', async () => {
    const inject = (globalThis as unknown as { chrome: { scripting: { executeScript: Mock } } }).chrome.scripting.executeScript;
    inject.mockClear();
    await table().warmUp({ type: 'warmUp', styleId: 'udnie' }, { id: 'ext' });
    expect(inject).not.toHaveBeenCalled();
    await table().warmUp({ type: 'warmUp', styleId: 'udnie', tabId: 9 }, { id: 'ext' });
    expect(inject).toHaveBeenCalledWith(expect.objectContaining({ target: { tabId: 9, allFrames: true } }));
    inject.mockRejectedValueOnce(new Error('Cannot access contents of the page'));
    toRuntime.length = 0;
    await expect(table().warmUp({ type: 'warmUp', styleId: 'udnie', tabId: 9 }, { id: 'ext' })).resolves.toEqual({});
    expect(toRuntime.map((m) => m.type)).toContain('offscreen.warm');
  });

  it('restore cancels the tab’s jobs first, then restores every frame that reported', async () => {
    await tabState.recordCounts(9, 2, live({ pending: 1, done: 1, error: 0, skipped: 0 }, true));
    const answer = await table().restoreAll({ type: 'restoreAll', tabId: 9 }, { id: 'ext' });
    const cancel = toRuntime.findIndex((m) => m.type === 'offscreen.cancelTab');
    expect(cancel).toBeGreaterThanOrEqual(0);
    expect(toTabs.map((m) => m.frameId).sort()).toEqual([0, 2]);
    expect(answer).toEqual({ restored: 10 });
    expect((await tabState.readTab(9)).pageMode).toBe(false);
  });

  it('status sums the frames and asks the runtime only while it runs', async () => {
    await tabState.recordCounts(9, 0, live({ pending: 0, done: 2, error: 1, skipped: 0 }, true));
    await tabState.recordCounts(9, 3, live({ pending: 1, done: 3, error: 0, skipped: 0 }, false));
    const status = await table().getStatus({ type: 'getStatus', tabId: 9 }, { id: 'ext' });
    expect(status).toMatchObject({ counts: { pending: 1, done: 5, error: 1, skipped: 0 }, pageMode: true, runtime: { queued: 3 } });
    offscreenOpen = false;
    toRuntime.length = 0;
    expect((await table().getStatus({ type: 'getStatus', tabId: 9 }, { id: 'ext' })).runtime).toBeNull();
    expect(toRuntime.filter((m) => m.type === 'offscreen.status')).toEqual([]);
  });

  it('after a load, a tab whose page script is gone is reset and its jobs cancelled; one whose script answers is left alone', async () => {
    await tabState.recordCounts(9, 0, live({ pending: 0, done: 2, error: 0, skipped: 0 }, true));
    onUpdated?.(9, { status: 'complete' }); // a late event for the same document: the page script answers
    await vi.waitFor(() => expect(toTabs.some((m) => m.message.type === 'page.ping')).toBe(true));
    expect((await tabState.readTab(9)).pageMode).toBe(true);
    expect(toRuntime.filter((m) => m.type === 'offscreen.cancelTab')).toEqual([]);
    pageScript = false; // reloaded: nothing of Brushwork in the new document
    onUpdated?.(9, { status: 'complete' });
    await vi.waitFor(async () => expect(await tabState.readTab(9)).toEqual({ frames: {}, pageMode: false }));
    expect(toRuntime.some((m) => m.type === 'offscreen.cancelTab' && m.tabId === 9)).toBe(true);
  });

  describe('the reload race (#30): a count report the old document sent is delivered after the reset', () => {
    const sender = (lifecycle?: string) => ({
      id: 'ext',
      tab: { id: 11 },
      frameId: 0,
      ...(lifecycle ? { documentLifecycle: lifecycle } : {}),
    });
    const report = (document: string, done: number, lifecycle?: string) =>
      table().reportCounts(
        { type: 'reportCounts', counts: { pending: 0, done, error: 0, skipped: 0 }, pageMode: true, document },
        sender(lifecycle),
      );
    const reloaded = async () => {
      onUpdated?.(11, { status: 'complete' });
      await vi.waitFor(async () => expect(await tabState.readTab(11)).toEqual({ frames: {}, pageMode: false }));
    };

    it('drops the late report of the document a reload replaced, whether or not the new one has Brushwork', async () => {
      hostedDocument = 'old';
      await report('old', 7);
      expect((await tabState.readTab(11)).pageMode).toBe(true);
      pageScript = false; // the reload: no page script in the new document
      await reloaded();
      await report('old', 7); // the old document's last report, delivered late
      expect(await tabState.readTab(11)).toEqual({ frames: {}, pageMode: false });
      // An always-on site: the new document has its own page script, which answers for itself.
      pageScript = true;
      hostedDocument = 'new';
      await report('old', 7);
      expect(await tabState.readTab(11)).toEqual({ frames: {}, pageMode: false });
      await report('new', 2);
      expect(await tabState.readTab(11)).toMatchObject({ pageMode: true, frames: { 0: { done: 2 } } });
    });

    it('keeps a live page’s reports after a reset triggered wrongly: the frame confirms it still hosts the document', async () => {
      hostedDocument = 'live';
      await report('live', 3);
      await tabState.resetTab(11); // as a late `complete` event for the same document once did
      await report('live', 4);
      expect(await tabState.readTab(11)).toMatchObject({ pageMode: true, frames: { 0: { done: 4 } } });
      // Confirmed once: the next reports are recorded without asking again.
      const pings = toTabs.filter((m) => m.message.type === 'page.ping').length;
      await report('live', 5);
      expect(toTabs.filter((m) => m.message.type === 'page.ping')).toHaveLength(pings);
      expect(await tabState.readTab(11)).toMatchObject({ frames: { 0: { done: 5 } } });
    });

    it('drops, without asking, a report Chrome says comes from a document no longer active', async () => {
      hostedDocument = 'old';
      for (const lifecycle of ['pending_deletion', 'cached', 'prerender']) await report('old', 7, lifecycle);
      expect(await tabState.readTab(11)).toEqual({ frames: {}, pageMode: false });
      expect(toTabs.filter((m) => m.message.type === 'page.ping')).toEqual([]);
    });
  });
});
