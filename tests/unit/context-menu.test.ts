/** The picture menu: a "Stylize image" submenu with every style (the chosen one marked), save and restore; clicks become page messages. */
import 'fake-indexeddb/auto';
import { beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';

type Item = chrome.contextMenus.CreateProperties;
const created: Item[] = [];
const sent: { tabId: number; message: Record<string, unknown>; frameId?: number }[] = [];
let menus: typeof import('../../src/background/context-menu');
let store: typeof import('../../src/settings/store');
let styles: typeof import('../../src/settings/user-styles');

beforeAll(async () => {
  const i18n = (globalThis as { chrome?: { i18n?: unknown } }).chrome?.i18n;
  const chromeStub = {
    ...fakeBrowser,
    i18n,
    runtime: { ...fakeBrowser.runtime, lastError: undefined },
    contextMenus: {
      removeAll: vi.fn(async () => {
        created.length = 0;
      }),
      create: vi.fn((item: Item, done?: () => void) => {
        created.push(item);
        done?.();
      }),
    },
    scripting: { executeScript: vi.fn(async () => [{ frameId: 0, result: true }]) },
    tabs: {
      sendMessage: vi.fn(async (tabId: number, message: Record<string, unknown>, options?: { frameId?: number }) => {
        sent.push({ tabId, message, frameId: options?.frameId });
        return { ok: true };
      }),
    },
  };
  Object.assign(globalThis, { chrome: chromeStub, browser: fakeBrowser });
  menus = await import('../../src/background/context-menu');
  store = await import('../../src/settings/store');
  styles = await import('../../src/settings/user-styles');
});

beforeEach(() => {
  fakeBrowser.reset();
  sent.length = 0;
});

const click = (menuItemId: string) =>
  menus.onMenuClick({ menuItemId, srcUrl: 'https://a.example/cat.jpg', frameId: 0, editable: false, pageUrl: 'https://a.example/' }, {
    id: 7,
  } as chrome.tabs.Tab);

describe('the picture menu', () => {
  it('lists every style, shipped and imported, under "Stylize image", marking the chosen one', async () => {
    const mine = await styles.addUserStyle(
      { title: 'Sketch', artist: 'Me', year: 2026, licence: 'mine', bytes: 1 },
      { manifestText: '{}', weightsFile: 'w.bin', weights: new Uint8Array(1) },
    );
    await store.updateSettings({ styleId: 'udnie' });
    await menus.createMenus();
    const children = created.filter((i) => i.parentId === menus.MENU_STYLIZE);
    expect(children.map((i) => i.title)).toContain('Sketch');
    expect(children).toHaveLength(7);
    expect(children.filter((i) => i.checked).map((i) => i.id)).toEqual(['brushwork-style:udnie']);
    expect(children.every((i) => i.type === 'radio')).toBe(true);
    expect(created.map((i) => i.title)).toEqual(expect.arrayContaining(['Stylize image', 'Save stylized image', 'Restore original']));
    expect(created.some((i) => i.id === `brushwork-style:${mine.id}`)).toBe(true);
  });

  it('another style repaints this picture alone; the marked one follows the page', async () => {
    await store.updateSettings({ styleId: 'udnie' });
    await click('brushwork-style:the-scream');
    await click('brushwork-style:udnie');
    expect(sent.map((s) => s.message)).toEqual([
      { type: 'page.stylizeBySrc', srcUrl: 'https://a.example/cat.jpg', styleId: 'the-scream' },
      { type: 'page.stylizeBySrc', srcUrl: 'https://a.example/cat.jpg' },
    ]);
  });

  it('offers "Stylize video ▸" with the same styles, and "Restore video", on videos (#27)', async () => {
    await store.updateSettings({ styleId: 'udnie' });
    await menus.createMenus();
    const children = created.filter((i) => i.parentId === menus.MENU_STYLIZE_VIDEO);
    expect(children).toHaveLength(6);
    expect(children.every((i) => i.type === 'radio' && i.contexts?.[0] === 'video')).toBe(true);
    expect(children.filter((i) => i.checked).map((i) => i.id)).toEqual(['brushwork-video-style:udnie']);
    expect(created.find((i) => i.id === menus.MENU_RESTORE_VIDEO)?.contexts).toEqual(['video']);
    await click('brushwork-video-style:the-scream');
    await click(menus.MENU_RESTORE_VIDEO);
    expect(sent.map((s) => s.message)).toEqual([
      { type: 'page.stylizeBySrc', srcUrl: 'https://a.example/cat.jpg', styleId: 'the-scream' },
      { type: 'page.restoreBySrc', srcUrl: 'https://a.example/cat.jpg' },
    ]);
  });

  it('save and restore reach the page', async () => {
    await click(menus.MENU_SAVE);
    await click(menus.MENU_RESTORE);
    expect(sent.map((s) => s.message.type)).toEqual(['page.saveBySrc', 'page.restoreBySrc']);
  });
});
