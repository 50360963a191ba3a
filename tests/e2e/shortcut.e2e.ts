/**
 * The page-mode shortcut is one the browsers actually assign (#30): Chrome kept Alt+Shift+B for itself
 * and dropped it silently. commands.getAll() says what is assigned, in Chromium and in Firefox, and the
 * settings page shows it with a way to the browser's shortcut page; its link is clicked for real and must
 * land there (#29): Chromium's chrome://extensions/shortcuts, Firefox's add-ons manager at its shortcuts view
 * with Brushwork's card in focus (read in Firefox's own window over Marionette's chrome context).
 */
import { expect, test } from '@playwright/test';
import { EXTENSION_DIR, extensionWithoutShortcut, launch } from './fixtures/extension';
import { EXTENSION_ORIGIN, FIREFOX_EXTENSION_DIR, GECKO_ID, launchFirefox, openExtensionPage } from './fixtures/firefox';
import { clickInPage, inPage, launchFirefoxUi } from './fixtures/firefox-ui';

const assigned = () => chrome.commands.getAll().then((all) => all.find((c) => c.name === 'toggle-page-mode')?.shortcut ?? '');

test('Chromium assigns the page-mode shortcut, and the settings page shows it', async () => {
  const h = await launch();
  try {
    expect(await h.control.evaluate(assigned)).toMatch(/^Alt\+Shift\+Y$/);
    const options = await h.context.newPage();
    await options.goto(`chrome-extension://${h.extensionId}/options.html`);
    await expect(options.locator('.shortcut')).toHaveAttribute('data-shortcut', 'Alt+Shift+Y');
    await expect(options.locator('.shortcut')).toContainText('Alt+Shift+Y');
    await expect(options.locator('.shortcut a')).toHaveCount(1);
  } finally {
    await h.close();
  }
});

test('Chromium: the settings page’s link to the browser’s shortcut page opens chrome://extensions/shortcuts, showing Brushwork’s shortcut', async () => {
  const h = await launch();
  try {
    const options = await h.context.newPage();
    await options.goto(`chrome-extension://${h.extensionId}/options.html`);
    const opened = h.context.waitForEvent('page');
    await options.locator('.shortcut a').click();
    const shortcuts = await opened;
    await expect.poll(() => shortcuts.url()).toBe('chrome://extensions/shortcuts');
    // Chrome's own page (its shadow DOM, which locators pierce) lists Brushwork's command with its keys.
    await expect(shortcuts.locator('extensions-keyboard-shortcuts')).toBeVisible();
    await expect(shortcuts.locator('extensions-keyboard-shortcuts')).toContainText('Brushwork');
  } finally {
    await h.close();
  }
});

test('Firefox assigns the page-mode shortcut, and the settings page shows it', async () => {
  const ff = await launchFirefox();
  try {
    expect(await ff.control.evaluate(assigned)).toMatch(/^Alt\+Shift\+Y$/);
    const options = await openExtensionPage(ff.browser, 'options.html');
    await expect
      .poll(() => options.evaluate(() => document.querySelector('.shortcut')?.getAttribute('data-shortcut') ?? null))
      .toBe('Alt+Shift+Y');
  } finally {
    await ff.close();
  }
});

test('Firefox: the settings page’s link to the browser’s shortcut page opens the add-ons manager’s shortcuts, Brushwork’s card in focus', async () => {
  const ui = await launchFirefoxUi();
  const m = ui.marionette;
  try {
    await m.setContext('content');
    await m.command('WebDriver:Navigate', { url: `${EXTENSION_ORIGIN}/options.html` });
    await expect.poll(() => inPage<number>(m, 'return document.querySelectorAll(".shortcut a").length;')).toBe(1);
    await clickInPage(m, '.shortcut a');
    // Firefox's window: the selected tab is about:addons, showing the shortcuts view opened for this add-on.
    const shown = () =>
      m.setContext('chrome').then(() =>
        m.execute<{ url: string; view: string | null; card: string | null } | null>(
          `const browser = gBrowser.selectedBrowser;
           const doc = browser.currentURI.spec === 'about:addons' ? browser.contentDocument : null;
           const card = doc?.querySelector('.shortcut.card.focused-extension');
           return {
             url: browser.currentURI.spec,
             view: browser.contentWindow?.gViewController?.currentViewId ?? null,
             card: card ? card.getAttribute('addon-id') + ' ' + card.querySelector('.shortcut-input')?.getAttribute('shortcut') : null,
           };`,
        ),
      );
    await expect
      .poll(shown)
      .toEqual({ url: 'about:addons', view: `addons://shortcuts/${encodeURIComponent(GECKO_ID)}`, card: `${GECKO_ID} Alt+Shift+Y` });
  } finally {
    await ui.close();
  }
});

/** What the settings page says of the shortcut: its data-shortcut, its words, and its link's words. */
const shortcutLine = () => {
  const line = document.querySelector('.shortcut');
  return line
    ? { keys: line.getAttribute('data-shortcut'), text: line.textContent ?? '', link: line.querySelector('a')?.textContent ?? null }
    : null;
};
const NONE = { keys: '', text: expect.stringMatching(/^No keyboard shortcut is assigned to page mode/), link: 'Change keyboard shortcuts' };

test('Chromium: with no key assigned (as when the browser keeps the suggested one), the settings page says so, with the link', async () => {
  const h = await launch([], extensionWithoutShortcut(EXTENSION_DIR));
  try {
    expect(await h.control.evaluate(assigned)).toBe('');
    const options = await h.context.newPage();
    await options.goto(`chrome-extension://${h.extensionId}/options.html`);
    await expect.poll(() => options.evaluate(shortcutLine)).toEqual(NONE);
  } finally {
    await h.close();
  }
});

test('Firefox: with no key assigned (as when the browser keeps the suggested one), the settings page says so, with the link', async () => {
  const ff = await launchFirefox(extensionWithoutShortcut(FIREFOX_EXTENSION_DIR));
  try {
    expect(await ff.control.evaluate(assigned)).toBe('');
    const options = await openExtensionPage(ff.browser, 'options.html');
    await expect.poll(() => options.evaluate(shortcutLine)).toEqual(NONE);
  } finally {
    await ff.close();
  }
});
