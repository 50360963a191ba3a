/** The keyboard commands the manifest declares (wxt.config.ts), shared by the background and the settings page. */
export const TOGGLE_PAGE_MODE = 'toggle-page-mode';

/**
 * The suggested shortcut. Alt+Shift+B was dropped silently by Chrome, which keeps it for its bookmarks
 * bar (#30); Alt+Shift+P was dropped the same way in Chromium 150 (Linux); Alt+Shift+Y is assigned by Chromium and Firefox (checked by tests/e2e/shortcut.e2e.ts).
 */
export const TOGGLE_PAGE_MODE_KEY = 'Alt+Shift+Y';
