// @vitest-environment happy-dom
// @vitest-environment-options {"url": "https://extension.test/popup.html"}
import { render } from 'preact';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { DEFAULT_SETTINGS } from '../../src/settings/schema';

// The popup's state and the user's styles come from the browser; here only the links are under test.
vi.mock('../../src/ui/usePopupState', () => ({
  usePopupState: () => ({
    look: { styleId: 'starry-night', intensity: 1 },
    settings: { ...DEFAULT_SETTINGS },
    site: 'https://site.test',
    status: null,
    error: null,
    allSites: false,
    siteHasOwnLook: false,
    setStyle: () => {},
    setIntensity: () => {},
    setKeepColours: () => {},
    setPageMode: () => {},
    setAlwaysOn: () => {},
    restoreAll: () => {},
    requestAllSites: () => {},
    releaseAllSites: () => {},
  }),
}));
vi.mock('../../src/ui/useUserStyles', () => ({ useUserStyles: () => ({ styles: [], previews: {} }) }));

const { Popup } = await import('../../src/ui/Popup');

describe('the popup’s Settings and Privacy', () => {
  let close: ReturnType<typeof vi.fn>;
  let openOptionsPage: ReturnType<typeof vi.fn>;
  let create: ReturnType<typeof vi.fn>;
  beforeEach(() => {
    close = vi.fn();
    openOptionsPage = vi.fn(() => Promise.resolve());
    create = vi.fn(() => Promise.resolve({ id: 2 }));
    vi.spyOn(window, 'close').mockImplementation(close);
    const chrome = globalThis.chrome as unknown as Record<string, Record<string, unknown>>;
    vi.stubGlobal('chrome', {
      ...chrome,
      runtime: { ...chrome.runtime, openOptionsPage, getURL: (p: string) => `moz-extension://id${p}` },
      tabs: { create },
    });
  });
  afterEach(() => {
    vi.unstubAllGlobals();
    vi.restoreAllMocks();
  });

  const popup = () => {
    const root = document.createElement('div');
    render(<Popup />, root);
    return root;
  };
  const settled = () => new Promise((r) => queueMicrotask(() => queueMicrotask(() => r(undefined))));

  it('Settings opens the settings page, then closes the popup (Firefox leaves it open over the new tab)', async () => {
    const root = popup();
    (root.querySelector('header button') as HTMLButtonElement).click();
    await settled();
    expect(openOptionsPage).toHaveBeenCalledTimes(1);
    expect(close).toHaveBeenCalledTimes(1);
  });

  it('Privacy opens the privacy page in a tab, then closes the popup', async () => {
    const root = popup();
    (root.querySelector('footer a') as HTMLAnchorElement).click();
    await settled();
    expect(create).toHaveBeenCalledWith({ url: 'moz-extension://id/privacy.html' });
    expect(close).toHaveBeenCalledTimes(1);
  });
});
