/**
 * The page-mode shortcut is one the browsers actually assign (#30): Chrome kept Alt+Shift+B for itself
 * and dropped it silently. commands.getAll() says what is assigned, in Chromium and in Firefox, and the
 * settings page shows it with a way to the browser's shortcut page.
 */
import { expect, test } from '@playwright/test';
import { launch } from './fixtures/extension';
import { launchFirefox, openExtensionPage } from './fixtures/firefox';

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
