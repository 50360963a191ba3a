import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { DEFAULT_SETTINGS, migrateSettings, SETTINGS_VERSION, sanitizeSettings, siteOf } from '../../src/settings/schema';

describe('settings schema', () => {
  it('fills defaults for anything missing or invalid', () => {
    expect(sanitizeSettings(undefined)).toEqual(DEFAULT_SETTINGS);
    expect(
      sanitizeSettings({ styleId: 'no-such-style', intensity: 'loud', maxSide: Number.NaN, pageModeSites: 'x', hideOriginals: 1 }),
    ).toEqual(DEFAULT_SETTINGS);
  });

  it('clamps numbers and normalizes sites', () => {
    const s = sanitizeSettings({
      styleId: 'starry-night',
      intensity: 7,
      maxSide: 99999,
      pageModeSites: ['https://Example.com/a/b', 'ftp://x', 'https://example.com', 42, 'http://127.0.0.1:8080/'],
    });
    expect(s.intensity).toBe(1);
    expect(s.maxSide).toBe(4096);
    expect(s.pageModeSites).toEqual(['http://127.0.0.1:8080', 'https://example.com']);
  });

  it('migrates version 1 (intensity in percent, one global page switch) to version 2', () => {
    expect(SETTINGS_VERSION).toBe(2);
    const v2 = migrateSettings({ styleId: 'udnie', strength: 40, pageMode: true }, 1);
    expect(v2.intensity).toBeCloseTo(0.4);
    expect(v2.pageModeSites).toEqual([]);
    expect(v2).not.toHaveProperty('strength');
    expect(v2).not.toHaveProperty('pageMode');
  });

  it('knows what a site is', () => {
    expect(siteOf('https://a.example/x?y')).toBe('https://a.example');
    expect(siteOf('chrome://extensions')).toBeNull();
    expect(siteOf('::')).toBeNull();
  });
});

describe('settings in chrome.storage (via @wxt-dev/storage)', () => {
  let store: typeof import('../../src/settings/store');

  beforeAll(async () => {
    Object.assign(globalThis, { chrome: fakeBrowser, browser: fakeBrowser });
    store = await import('../../src/settings/store');
  });

  beforeEach(() => fakeBrowser.reset());

  it('returns defaults on a fresh install', async () => {
    expect(await store.getSettings()).toEqual(DEFAULT_SETTINGS);
  });

  it('runs the v1 → v2 migration on stored data', async () => {
    await fakeBrowser.storage.local.set({ settings: { styleId: 'the-scream', strength: 25 }, settings$: { v: 1 } });
    await store.settingsItem.migrate();
    const s = await store.getSettings();
    expect(s.styleId).toBe('the-scream');
    expect(s.intensity).toBeCloseTo(0.25);
    expect((await fakeBrowser.storage.local.get('settings$')).settings$).toEqual({ v: 2 });
  });

  it('never stores an invalid value', async () => {
    await store.updateSettings({ intensity: -3, styleId: 'bogus' } as never);
    const raw = (await fakeBrowser.storage.local.get('settings')).settings as { intensity: number; styleId: string };
    expect(raw.intensity).toBe(0);
    expect(raw.styleId).toBe('starry-night');
  });

  it('remembers sites where page mode is always on', async () => {
    await store.setSiteAlwaysOn('https://example.org/gallery', true);
    expect((await store.getSettings()).pageModeSites).toEqual(['https://example.org']);
    await store.setSiteAlwaysOn('https://example.org/other', false);
    expect((await store.getSettings()).pageModeSites).toEqual([]);
    await expect(store.setSiteAlwaysOn('chrome://settings', true)).rejects.toThrow(/http\(s\) pages/);
  });
});
