/**
 * Restore in Debian's firefox-esr (#29), as restore.e2e.ts proves it in
 * Chromium: Restore all in page mode answers how many it restored. The
 * page's writes during and after painting are proven in firefox-edges.e2e.ts
 * (a rewritten background, an <img> changed while pending) and
 * firefox-ui.e2e.ts (a picture replaced after Stylize image from the real
 * context menu); the page's load handlers in firefox.e2e.ts. Driven over
 * WebDriver BiDi (fixtures/firefox.ts).
 */
import { expect, test } from '@playwright/test';
import type { Page } from 'puppeteer-core';
import { type FirefoxHarness, launchFirefox } from './fixtures/firefox';
import { state } from './fixtures/firefox-page';
import { restorePages } from './fixtures/restore-pages';
import { type Fixture, startFixture } from './fixtures/server';

let ff: FirefoxHarness;
let fx: Fixture;

test.beforeAll(async () => {
  fx = await startFixture(await restorePages(), {});
  ff = await launchFirefox();
});

test.afterAll(async () => {
  await ff?.close();
  await fx?.close();
});

const marked = (page: Page) => page.evaluate(() => document.querySelectorAll('[data-brushwork]').length);

test('Firefox: Restore all in page mode answers how many pictures it restored (#30: it answered 0)', async () => {
  const { page, tabId } = await ff.openTab(`${fx.site}/menu.html?count`);
  await ff.send({ type: 'setPageMode', tabId, enabled: true });
  await expect.poll(() => state(page, 'm'), { timeout: 30_000 }).toBe('done');
  expect(await ff.send({ type: 'restoreAll', tabId })).toMatchObject({ ok: true, restored: 1 });
  await expect.poll(() => marked(page)).toBe(0);
  await page.close();
});
