/** The keyboard commands the manifest declares (wxt.config.ts), shared by the background and the settings page. */
export const TOGGLE_PAGE_MODE = 'toggle-page-mode';

/**
 * The suggested shortcut. Alt+Shift+B was dropped silently by Chrome, which keeps it for its bookmarks
 * bar (#30); Alt+Shift+P is free in Chrome and Firefox on Windows, macOS (Option+Shift+P) and Linux.
 */
export const TOGGLE_PAGE_MODE_KEY = 'Alt+Shift+P';
