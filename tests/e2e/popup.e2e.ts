import { expect, test } from '@playwright/test';
import { type Harness, launch } from './fixtures/extension';
import { bytes, type Fixture, html, scenePng, startFixture } from './fixtures/server';

let h: Harness;
let fx: Fixture;

test.beforeAll(async () => {
  const png = await scenePng(320, 240);
  fx = await startFixture(
    {
      '/page.html': html('<img id="a" src="/a.png" width="320" height="240"><img id="b" src="/a.png?2" width="320" height="240">'),
      '/a.png': bytes(png, 'image/png'),
    },
    {},
  );
  h = await launch();
});

test.afterAll(async () => {
  await h?.close();
  await fx?.close();
});

test('renders the styles with previews, changes settings, and drives page mode', async () => {
  const site = await h.context.newPage();
  await site.goto(`${fx.site}/page.html`);
  await h.clickToolbar(site);
  const tabId = await h.tabIdOf(site);
  const popup = await h.context.newPage();
  await popup.goto(`chrome-extension://${h.extensionId}/popup.html?tab=${tabId}`);

  const first = popup.locator('label.style').first();
  await expect(first).toContainText('The Starry Night');
  await expect(first).toContainText('Vincent van Gogh, 1889');
  await expect(first.locator('img')).toHaveJSProperty('complete', true);
  expect(await first.locator('img').evaluate((i: HTMLImageElement) => i.naturalWidth)).toBeGreaterThan(0);
  await expect(first.locator('input[type=radio]')).toBeChecked();

  // Keyboard: the slider takes arrow keys and the setting is stored.
  const slider = popup.locator('input[type=range]');
  await slider.focus();
  await popup.keyboard.press('ArrowLeft');
  await expect(popup.locator('output')).toHaveText('95%');
  await expect
    .poll(() => h.control.evaluate(async () => ((await chrome.storage.local.get('settings')).settings as { intensity: number }).intensity))
    .toBe(0.95);

  // Page mode from the popup repaints the page's images.
  await popup.locator('input[name=page-mode]').check();
  await expect(site.locator('#a')).toHaveAttribute('data-brushwork', 'done');
  await expect(site.locator('#b')).toHaveAttribute('data-brushwork', 'done');
  await expect(popup.locator('[data-count=done]')).toHaveText('2 done');

  await popup.locator('button.restore').click();
  await expect(site.locator('#a')).not.toHaveAttribute('data-brushwork', /.*/);
  await expect(popup.locator('[data-count=done]')).toHaveText('0 done');
});

test('follows the system colour scheme', async () => {
  const popup = await h.context.newPage();
  await popup.goto(`chrome-extension://${h.extensionId}/popup.html?tab=0`);
  await popup.locator('main').waitFor();
  // Playwright's emulateMedia does not reach extension pages; the protocol call does.
  const cdp = await h.context.newCDPSession(popup);
  const scheme = (value: string) => cdp.send('Emulation.setEmulatedMedia', { features: [{ name: 'prefers-color-scheme', value }] });
  await scheme('dark');
  const dark = await popup.evaluate(
    () => `${matchMedia('(prefers-color-scheme: dark)').matches} ${getComputedStyle(document.body).backgroundColor}`,
  );
  await scheme('light');
  const light = await popup.evaluate(() => getComputedStyle(document.body).backgroundColor);
  expect(dark).toBe('true rgb(30, 31, 34)');
  expect(light).toBe('rgb(255, 255, 255)');
});

test('the settings page edits the always-on sites, hide-originals and the max side', async () => {
  const page = await h.context.newPage();
  await page.goto(`chrome-extension://${h.extensionId}/options.html`);
  await expect(page.getByText('No site yet')).toBeVisible();
  const stored = () => h.control.evaluate(async () => (await chrome.storage.local.get('settings')).settings as Record<string, unknown>);
  await h.control.evaluate(async () => {
    const got = await chrome.storage.local.get('settings');
    await chrome.storage.local.set({ settings: { ...(got.settings ?? {}), pageModeSites: ['https://a.example', 'https://b.example'] } });
  });
  await expect(page.locator('.sites li')).toHaveCount(2);
  await page.getByRole('button', { name: 'Remove https://a.example' }).click();
  await expect(page.locator('.sites li')).toHaveCount(1);
  await expect.poll(async () => (await stored()).pageModeSites).toEqual(['https://b.example']);
  await page.locator('input[name=hide-originals]').check();
  await expect.poll(async () => (await stored()).hideOriginals).toBe(true);
  await page.locator('select[name=max-side]').selectOption('512');
  await expect.poll(async () => (await stored()).maxSide).toBe(512);
  await h.control.evaluate(async () => {
    const got = await chrome.storage.local.get('settings');
    await chrome.storage.local.set({ settings: { ...(got.settings ?? {}), hideOriginals: false, maxSide: 1024, pageModeSites: [] } });
  });
  await page.close();
});
