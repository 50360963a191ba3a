/** The imported-style store: list in chrome.storage, files in IndexedDB, removal undoes every trace and every choice of it. */
import 'fake-indexeddb/auto';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';

let styles: typeof import('../../src/settings/user-styles');
let store: typeof import('../../src/settings/store');

const info = { title: 'My Sketch!', artist: 'Me', year: 2026, licence: 'mine', bytes: 12_900 };
const files = { manifestText: '{"format":"brushwork-model"}', weightsFile: 'weights.bin', weights: new Uint8Array([1, 2, 3]) };

beforeAll(async () => {
  Object.assign(globalThis, {
    chrome: { ...fakeBrowser, i18n: (globalThis as { chrome?: { i18n?: unknown } }).chrome?.i18n },
    browser: fakeBrowser,
  });
  styles = await import('../../src/settings/user-styles');
  store = await import('../../src/settings/store');
});

beforeEach(() => fakeBrowser.reset());

describe('imported styles', () => {
  it('adds with a readable, unique, never reused id and keeps the files', async () => {
    const a = await styles.addUserStyle(info, files);
    const b = await styles.addUserStyle(info, files);
    expect(a.id).toMatch(/^mine-my-sketch-[a-z0-9]{6}$/);
    expect(b.id).not.toBe(a.id);
    expect((await styles.listUserStyles()).map((s) => s.id)).toEqual([a.id, b.id]);
    const stored = await styles.readUserStyleFiles(a.id);
    expect([...(stored?.weights ?? [])]).toEqual([1, 2, 3]);
    expect(stored?.manifestText).toBe(files.manifestText);
  });

  it('renames, and removal clears the files and every setting that chose it', async () => {
    const a = await styles.addUserStyle(info, files);
    await styles.renameUserStyle(a.id, '  Sketch  ');
    expect((await styles.listUserStyles())[0]?.title).toBe('Sketch');
    await store.updateSettings({ styleId: a.id });
    await store.setSiteAlwaysOn('https://a.example/', true);
    expect((await store.getSettings()).siteLooks['https://a.example']?.styleId).toBe(a.id);
    await styles.removeUserStyle(a.id);
    expect(await styles.listUserStyles()).toEqual([]);
    expect(await styles.readUserStyleFiles(a.id)).toBeUndefined();
    const s = await store.getSettings();
    expect(s.styleId).toBe('starry-night');
    expect(s.siteLooks).toEqual({});
  });

  it('holds at most MAX_USER_STYLES', async () => {
    for (let i = 0; i < styles.MAX_USER_STYLES; i++) await styles.addUserStyle({ ...info, title: `s${i}` }, files);
    await expect(styles.addUserStyle(info, files)).rejects.toThrow(/at most 30 styles/);
  });
});
