/**
 * Restore in Debian's firefox-esr (#29), as restore.e2e.ts proves it in
 * Chromium: it brings back exactly what the page last wrote, even when the
 * page wrote after (or while) Brushwork painted — an inline style rewritten
 * over a repainted background, an <img> whose src changed while its job was
 * pending, an image stylized from the context menu that the page then
 * replaced — and Restore all in page mode answers how many it restored. (The
 * page's load handlers: firefox.e2e.ts.) Driven over WebDriver BiDi
 * (fixtures/firefox.ts), with access to all sites, so that a page without a
 * CSP gets its backgrounds inline, as in restore.e2e.ts.
 */
import { expect, test } from '@playwright/test';
import type { Page } from 'puppeteer-core';
import { type FirefoxHarness, launchFirefox } from './fixtures/firefox';
import { restoreRoutes } from './fixtures/restore-pages';
import { type Fixture, startFixture } from './fixtures/server';

let ff: FirefoxHarness;
let fx: Fixture;

test.beforeAll(async () => {
  fx = await startFixture(await restoreRoutes(), {});
  ff = await launchFirefox();
});

test.afterAll(async () => {
  await ff?.close();
  await fx?.close();
});

const state = (page: Page, id: string) => page.evaluate((i) => document.getElementById(i)?.getAttribute('data-brushwork') ?? null, id);
const attr = (page: Page, id: string, name: string) =>
  page.evaluate((i, n) => document.getElementById(i)?.getAttribute(n) ?? null, id, name);
const marked = (page: Page) => page.evaluate(() => document.querySelectorAll('[data-brushwork]').length);
const outer = (page: Page, id: string) => page.evaluate((i) => document.getElementById(i)?.outerHTML, id);

test('Firefox: a page that rewrites a repainted background’s inline style keeps its own write, never the stylized picture', async () => {
  const { page, tabId } = await ff.openTab(`${fx.site}/parallax.html`);
  const original = await attr(page, 'bg', 'style');
  await ff.send({ type: 'setPageMode', tabId, enabled: true });
  await expect.poll(() => state(page, 'bg'), { timeout: 30_000 }).toBe('done');
  expect(await attr(page, 'bg', 'style')).toContain('data:image');
  // Parallax: the page moves the element through its inline style.
  await page.evaluate(() => {
    (document.getElementById('bg') as HTMLElement).style.transform = 'translateY(7px)';
  });
  const expected = await page.evaluate((o) => {
    const ref = document.createElement('div');
    ref.setAttribute('style', o as string);
    ref.style.transform = 'translateY(7px)';
    return ref.getAttribute('style');
  }, original);
  // Repainted over the page's new style: both the page's write and Brushwork's picture are there.
  await expect
    .poll(async () => /translateY\(7px\).*data:image|data:image.*translateY\(7px\)/.test((await attr(page, 'bg', 'style')) ?? ''))
    .toBe(true);
  await expect.poll(() => state(page, 'bg')).toBe('done');
  await ff.send({ type: 'setPageMode', tabId, enabled: false });
  await expect.poll(() => marked(page)).toBe(0);
  expect(await attr(page, 'bg', 'style')).toBe(expected);
  expect(await page.evaluate(() => getComputedStyle(document.getElementById('bg') as Element).backgroundImage)).not.toContain('data:');
  await page.close();
});

test('Firefox: an <img> the page changes while its job is pending shows the page’s new picture, and restore keeps it', async () => {
  const { page, tabId } = await ff.openTab(`${fx.site}/swap.html`);
  await ff.send({ type: 'stylizeImage', tabId, srcUrl: `${fx.site}/0.png` });
  await expect.poll(() => page.evaluate(() => (window as unknown as { swapped?: boolean }).swapped)).toBe(true);
  await expect.poll(() => state(page, 's'), { timeout: 30_000 }).toBe('done');
  const pageWrote = await page.evaluate(() => {
    const ref = document.createElement('div');
    ref.innerHTML = '<img id="s" src="/0.png" width="200" height="150">';
    (ref.firstChild as HTMLImageElement).src = '/1.png';
    return ref.innerHTML;
  });
  await ff.send({ type: 'restoreAll', tabId });
  await expect.poll(() => marked(page)).toBe(0);
  expect(await outer(page, 's')).toBe(pageWrote);
  await page.close();
});

test('Firefox: an image stylized from its menu is watched: the page’s later replacement wins over restore', async () => {
  const { page, tabId } = await ff.openTab(`${fx.site}/menu.html`);
  await ff.send({ type: 'stylizeImage', tabId, srcUrl: `${fx.site}/0.png` });
  await expect.poll(() => state(page, 'm'), { timeout: 30_000 }).toBe('done');
  await page.evaluate(() => {
    (document.getElementById('m') as HTMLImageElement).src = '/2.png'; // the page replaces the picture after Brushwork painted it
  });
  // Brushwork notices and repaints the page's new picture (page wins, then the style applies to it).
  await expect.poll(async () => (await attr(page, 'm', 'src'))?.startsWith('data:'), { timeout: 30_000 }).toBe(true);
  await expect.poll(() => state(page, 'm')).toBe('done');
  await ff.send({ type: 'restoreAll', tabId });
  await expect.poll(() => marked(page)).toBe(0);
  expect(await outer(page, 'm')).toBe('<img id="m" src="/2.png" width="200" height="150">');
  await page.close();
});

test('Firefox: Restore all in page mode answers how many pictures it restored (#30: it answered 0)', async () => {
  const { page, tabId } = await ff.openTab(`${fx.site}/menu.html?count`);
  await ff.send({ type: 'setPageMode', tabId, enabled: true });
  await expect.poll(() => state(page, 'm'), { timeout: 30_000 }).toBe('done');
  expect(await ff.send({ type: 'restoreAll', tabId })).toMatchObject({ ok: true, restored: 1 });
  await expect.poll(() => marked(page)).toBe(0);
  await page.close();
});
