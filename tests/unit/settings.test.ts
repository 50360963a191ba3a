import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import {
  DEFAULT_SETTINGS,
  lookFor,
  migrateSettings,
  SETTINGS_VERSION,
  sanitizeSettings,
  siteOf,
  sitePattern,
} from '../../src/settings/schema';

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

  it('migrates version 1 (intensity in percent, one global page switch) to the current version', () => {
    expect(SETTINGS_VERSION).toBe(4);
    const v2 = migrateSettings({ styleId: 'udnie', strength: 40, pageMode: true }, 1);
    expect(v2.intensity).toBeCloseTo(0.4);
    expect(v2.pageModeSites).toEqual([]);
    expect(v2).not.toHaveProperty('strength');
    expect(v2).not.toHaveProperty('pageMode');
  });

  it('migrates version 2: every always-on site keeps the look it had', () => {
    const v3 = migrateSettings({ styleId: 'udnie', intensity: 0.6, pageModeSites: ['https://a.example'] }, 2);
    expect(v3.siteLooks).toEqual({ 'https://a.example': { styleId: 'udnie', intensity: 0.6 } });
  });

  it('migrates version 3: videos get the default size and frame-rate caps (#27), which stay within bounds', () => {
    const v4 = migrateSettings({ styleId: 'udnie', intensity: 0.6 }, 3);
    expect([v4.videoMaxSide, v4.videoMaxFps]).toEqual([640, 30]);
    expect(sanitizeSettings({ videoMaxSide: 1e9, videoMaxFps: -5 })).toMatchObject({ videoMaxSide: 1920, videoMaxFps: 1 });
    expect(sanitizeSettings({ videoMaxSide: 'big', videoMaxFps: Number.NaN })).toMatchObject({ videoMaxSide: 640, videoMaxFps: 30 });
  });

  it('accepts imported style ids, drops looks of sites that are not always on, and picks the site look', () => {
    const s = sanitizeSettings({
      styleId: 'mine-my-sketch-abc123',
      pageModeSites: ['https://a.example'],
      siteLooks: { 'https://a.example': { styleId: 'udnie', intensity: 3 }, 'https://gone.example': { styleId: 'udnie', intensity: 1 } },
      keepColours: true,
    });
    expect(s.styleId).toBe('mine-my-sketch-abc123');
    expect(s.siteLooks).toEqual({ 'https://a.example': { styleId: 'udnie', intensity: 1 } });
    expect(s.keepColours).toBe(true);
    expect(lookFor(s, 'https://a.example')).toEqual({ styleId: 'udnie', intensity: 1 });
    expect(lookFor(s, 'https://b.example')).toEqual({ styleId: 'mine-my-sketch-abc123', intensity: 1 });
    expect(sanitizeSettings({ styleId: 'mine-' }).styleId).toBe(DEFAULT_SETTINGS.styleId);
  });

  it('knows what a site is', () => {
    expect(siteOf('https://a.example/x?y')).toBe('https://a.example');
    expect(siteOf('chrome://extensions')).toBeNull();
    expect(siteOf('::')).toBeNull();
  });

  it("asks for a site's host on any port: Firefox's match patterns have none (one with a port matches nothing)", () => {
    expect(sitePattern('http://localhost:8080')).toBe('http://localhost/*');
    expect(sitePattern('https://a.example')).toBe('https://a.example/*');
    expect(sitePattern('http://[::1]:3000')).toBe('http://[::1]/*');
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
    expect((await fakeBrowser.storage.local.get('settings$')).settings$).toEqual({ v: 4 });
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

  it('an always-on site remembers its own style and intensity; elsewhere the choice is global', async () => {
    await store.updateSettings({ styleId: 'udnie', intensity: 0.5 });
    await store.setSiteAlwaysOn('https://a.example/x', true);
    await store.updateLook('https://a.example', { styleId: 'the-scream' });
    await store.updateLook('https://b.example', { intensity: 0.8 });
    const s = await store.getSettings();
    expect(s.siteLooks['https://a.example']).toEqual({ styleId: 'the-scream', intensity: 0.5 });
    expect([s.styleId, s.intensity]).toEqual(['udnie', 0.8]);
    await store.setSiteAlwaysOn('https://a.example/x', false);
    expect((await store.getSettings()).siteLooks).toEqual({});
  });
});
