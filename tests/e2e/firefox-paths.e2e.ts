/**
 * The README's user paths that firefox.e2e.ts and firefox-ui.e2e.ts leave out
 * (#29): Alt-to-compare, the popup's live intensity slider, "Keep the
 * picture's colours", and the settings page's largest side and "hide
 * originals", each driven through the extension's own page in Debian's
 * firefox-esr over WebDriver BiDi (fixtures/firefox.ts), as Chrome's tests do
 * in own-style, stylize-image, popup and page-mode.e2e.ts.
 */
import { expect, test } from '@playwright/test';
import type { Page } from 'puppeteer-core';
import { stylizeSize } from '../../src/page/surfaces/sizing';
import { type FirefoxHarness, launchFirefox, openExtensionPage } from './fixtures/firefox';
import { state } from './fixtures/firefox-page';
import { compare, elementShot } from './fixtures/firefox-pixels';
import { bytes, type Fixture, html, scenePng, startFixture } from './fixtures/server';

let ff: FirefoxHarness;
let fx: Fixture;

/** Shown at its natural size, so the size painted is the picture's own unless the largest side caps it. */
const NATURAL = { width: 480, height: 320 };

test.beforeAll(async () => {
  const pictures: Record<string, ReturnType<typeof bytes>> = {};
  for (let i = 0; i < 3; i++) pictures[`/img/${i}.png`] = bytes(await scenePng(NATURAL.width, NATURAL.height, i + 1), 'image/png');
  const img = (i: number) => `<img id="g${i}" src="/img/${i}.png" width="${NATURAL.width}" height="${NATURAL.height}">`;
  fx = await startFixture(
    {
      '/one.html': html(img(0)),
      '/grid.html': html([0, 1, 2].map(img).join('')),
      '/background-and-frame.html': html(
        '<div id="cover" style="width:300px;height:200px;background:url(/img/1.png) center/cover no-repeat"><p id="text">Text</p></div>' +
          '<iframe id="f" src="/inner.html" width="520" height="360"></iframe>',
      ),
      '/inner.html': html(img(2)),
      ...pictures,
    },
    {},
  );
  ff = await launchFirefox();
});

test.afterAll(async () => {
  await ff?.close();
  await fx?.close();
});

type Settings = Record<string, unknown>;
const stored = () => ff.control.evaluate(async () => (await chrome.storage.local.get('settings')).settings as Record<string, unknown>);
const patchSettings = (patch: Settings) =>
  ff.control.evaluate(async (p) => {
    const got = await chrome.storage.local.get('settings');
    await chrome.storage.local.set({ settings: { ...(got.settings ?? {}), ...p } });
  }, patch);
const DEFAULTS: Settings = { intensity: 1, keepColours: false, hideOriginals: false, maxSide: 1024, styleId: 'starry-night' };

test.afterEach(async () => {
  await patchSettings(DEFAULTS);
});

const shownSrc = (page: Page, id: string) => page.evaluate((i) => (document.getElementById(i) as HTMLImageElement).currentSrc, id);

async function paintedOne(url = `${fx.site}/one.html`): Promise<{ page: Page; tabId: number }> {
  const opened = await ff.openTab(url);
  expect(await ff.send({ type: 'setPageMode', tabId: opened.tabId, enabled: true })).toMatchObject({ ok: true, enabled: true });
  await expect.poll(() => state(opened.page, 'g0'), { timeout: 30_000 }).toBe('done');
  return opened;
}

test('Firefox: holding Alt on a repainted picture shows the original over it until the key is released', async () => {
  const opened = await ff.openTab(`${fx.site}/one.html?compare`);
  const original = await elementShot(opened.page, '#g0');
  expect(await ff.send({ type: 'setPageMode', tabId: opened.tabId, enabled: true })).toMatchObject({ ok: true, enabled: true });
  await expect.poll(() => state(opened.page, 'g0'), { timeout: 30_000 }).toBe('done');
  const { page, tabId } = opened;
  const compareLayers = () => page.evaluate(() => document.querySelectorAll('brushwork-compare').length);
  await page.bringToFront();
  await page.hover('#g0');
  await page.keyboard.down('Alt');
  await expect.poll(compareLayers).toBe(1);
  // A picture the page adds after the layer goes through page mode's walk behind it: once it is painted, page
  // mode has seen the layer too, and must have left it (and the original in it) alone (#29: it painted it).
  await page.evaluate(() => {
    const later = document.createElement('img');
    later.id = 'later';
    later.src = '/img/1.png';
    document.body.append(later);
  });
  await expect.poll(() => state(page, 'later'), { timeout: 30_000 }).toBe('done');
  expect(Buffer.compare(await elementShot(page, '#g0'), original)).toBe(0);
  await page.keyboard.up('Alt');
  await expect.poll(compareLayers).toBe(0);
  // The picture under the layer was never touched: it still shows the painting.
  expect(await state(page, 'g0')).toBe('done');
  await ff.send({ type: 'setPageMode', tabId, enabled: false });
  await page.close();
});

test('Firefox: the popup’s intensity slider re-blends the painted picture live, and 0 shows the original’s pixels', async () => {
  const { page, tabId } = await paintedOne(`${fx.site}/one.html?intensity`);
  const full = await shownSrc(page, 'g0');
  const runs = async () =>
    (await ff.send<{ runtime: { recentRunMs: number[] } | null }>({ type: 'getStatus', tabId })).runtime?.recentRunMs.length ?? 0;
  const runsBefore = await runs();

  const popup = await openExtensionPage(ff.browser, `popup.html?tab=${tabId}`);
  await popup.bringToFront();
  await popup.focus('input[type=range]');
  await popup.keyboard.press('ArrowLeft');
  await expect.poll(() => popup.evaluate(() => document.querySelector('output')?.textContent)).toBe('95%');
  await expect.poll(async () => (await stored()).intensity).toBe(0.95);
  await expect.poll(() => shownSrc(page, 'g0')).not.toBe(full);
  expect(await state(page, 'g0')).toBe('done');

  // Home takes the slider to 0 %: the picture shown is the original's pixels, re-blended from the kept result.
  await popup.keyboard.press('Home');
  await expect.poll(async () => (await stored()).intensity).toBe(0);
  await expect
    .poll(async () => (await compare(page, await shownSrc(page, 'g0'), `${fx.site}/img/0.png`)).maxDifference)
    .toBeLessThanOrEqual(1);
  // Re-blended, not re-painted: the model ran no more.
  expect(await runs()).toBe(runsBefore);
  await popup.close();
  await ff.send({ type: 'setPageMode', tabId, enabled: false });
  await page.close();
});

test('Firefox: “Keep the picture’s colours” in the popup re-blends the painted picture with the photo’s own colours', async () => {
  const { page, tabId } = await paintedOne(`${fx.site}/one.html?colours`);
  const styled = await shownSrc(page, 'g0');
  const popup = await openExtensionPage(ff.browser, `popup.html?tab=${tabId}`);
  await popup.bringToFront();
  await popup.click('input[name=keep-colours]');
  await expect.poll(async () => (await stored()).keepColours).toBe(true);
  await expect.poll(() => shownSrc(page, 'g0')).not.toBe(styled);
  expect(await state(page, 'g0')).toBe('done');
  // The photo's colours: the kept picture's chroma sits nearer the original's than the painting's does.
  const original = `${fx.site}/img/0.png`;
  const kept = await compare(page, await shownSrc(page, 'g0'), original);
  expect(kept.chromaDistance).toBeLessThan((await compare(page, styled, original)).chromaDistance);
  await popup.close();
  await ff.send({ type: 'setPageMode', tabId, enabled: false });
  await page.close();
});

test('Firefox: one picture repainted by Stylize image: holding Alt shows its original’s pixels, and “Keep the picture’s colours” re-blends it alone', async () => {
  const { page, tabId } = await ff.openTab(`${fx.site}/grid.html?one-picture`);
  const shot = () => elementShot(page, '#g0');
  const same = async (png: Uint8Array) => Buffer.compare(await shot(), png) === 0;
  const original = await shot();
  expect(await ff.send({ type: 'stylizeImage', tabId, srcUrl: `${fx.site}/img/0.png` })).toMatchObject({ ok: true, matched: 1 });
  await expect.poll(() => state(page, 'g0'), { timeout: 30_000 }).toBe('done');
  await expect.poll(async () => (await shownSrc(page, 'g0')).startsWith('data:')).toBe(true);
  await expect.poll(async () => !(await same(original))).toBe(true);
  const painted = await shot();

  // Alt held with the pointer on it: the original's very pixels on screen; released: the painting again.
  await page.bringToFront();
  await page.hover('#g0');
  await page.keyboard.down('Alt');
  await expect.poll(() => same(original)).toBe(true);
  await page.keyboard.up('Alt');
  await expect.poll(() => same(painted)).toBe(true);

  // Keep the colours: this picture re-blended from its kept result (no model run), the photo's colours back.
  const runs = async () =>
    (await ff.send<{ runtime: { recentRunMs: number[] } | null }>({ type: 'getStatus', tabId })).runtime?.recentRunMs.length ?? 0;
  const runsBefore = await runs();
  const styled = await shownSrc(page, 'g0');
  await patchSettings({ keepColours: true });
  await expect.poll(() => shownSrc(page, 'g0')).not.toBe(styled);
  expect(await state(page, 'g0')).toBe('done');
  const originalUrl = `${fx.site}/img/0.png`;
  expect((await compare(page, await shownSrc(page, 'g0'), originalUrl)).chromaDistance).toBeLessThan(
    (await compare(page, styled, originalUrl)).chromaDistance,
  );
  expect(await runs()).toBe(runsBefore);
  // The page's other pictures were never part of it.
  for (const id of ['g1', 'g2']) expect(await state(page, id), id).toBeNull();
  expect(await ff.send({ type: 'restoreAll', tabId })).toMatchObject({ ok: true, restored: 1 });
  await page.close();
});

test('Firefox: the settings page’s largest side caps the size pictures are repainted at', async () => {
  const options = await openExtensionPage(ff.browser, 'options.html');
  await options.select('select[name=max-side]', '256');
  await expect.poll(async () => (await stored()).maxSide).toBe(256);
  await options.close();
  const { page, tabId } = await paintedOne(`${fx.site}/one.html?max-side`);
  const painted = await compare(page, await shownSrc(page, 'g0'), `${fx.site}/img/0.png`);
  // At most 256 on the long side, at the picture's own aspect ratio (sizing.ts: 480×320 → 255×170, not 256×171).
  const capped = stylizeSize(NATURAL, NATURAL, 1, 256);
  expect([painted.width, painted.height]).toEqual([capped?.width, capped?.height]);
  expect(Math.max(painted.width, painted.height)).toBeLessThanOrEqual(256);
  // The layout is the page's own: the picture keeps its box.
  expect(await page.evaluate(() => (document.getElementById('g0') as HTMLImageElement).getBoundingClientRect().width)).toBe(NATURAL.width);
  await ff.send({ type: 'setPageMode', tabId, enabled: false });
  await page.close();
});

test('Firefox: the settings page’s “hide originals” keeps waiting pictures transparent until painted', async () => {
  const options = await openExtensionPage(ff.browser, 'options.html');
  await options.click('input[name=hide-originals]');
  await expect.poll(async () => (await stored()).hideOriginals).toBe(true);
  await options.close();
  const { page, tabId } = await ff.openTab(`${fx.site}/grid.html?hide`);
  await page.evaluate(() => {
    const w = window as unknown as { seen: string[] };
    w.seen = [];
    new MutationObserver((records) => {
      for (const r of records) {
        const el = r.target as HTMLElement;
        const pending = el.getAttribute('data-brushwork') === 'pending' && !el.hasAttribute('data-brushwork-first-look');
        if (pending) w.seen.push(getComputedStyle(el).opacity);
      }
    }).observe(document.body, { subtree: true, attributes: true, attributeFilter: ['data-brushwork', 'data-brushwork-first-look'] });
  });
  expect(await ff.send({ type: 'setPageMode', tabId, enabled: true })).toMatchObject({ ok: true, enabled: true });
  for (const id of ['g0', 'g1', 'g2']) await expect.poll(() => state(page, id), { timeout: 30_000 }).toBe('done');
  const seen = await page.evaluate(() => (window as unknown as { seen: string[] }).seen);
  expect(seen.length).toBeGreaterThan(0);
  expect(new Set(seen)).toEqual(new Set(['0']));
  expect(await page.evaluate(() => getComputedStyle(document.getElementById('g0') as HTMLElement).opacity)).toBe('1');
  await ff.send({ type: 'setPageMode', tabId, enabled: false });
  await page.close();
});

test('Firefox: the popup picks a style, repaints the whole page, counts the pictures and restores them all', async () => {
  const { page, tabId } = await ff.openTab(`${fx.site}/grid.html?popup`);
  const before = await page.evaluate(() => document.documentElement.outerHTML);
  const popup = await openExtensionPage(ff.browser, `popup.html?tab=${tabId}`);
  await popup.bringToFront();
  await popup.click('label.style[data-style="the-scream"]');
  await expect.poll(async () => (await stored()).styleId).toBe('the-scream');
  await popup.click('input[name=page-mode]');
  for (const id of ['g0', 'g1', 'g2']) await expect.poll(() => state(page, id), { timeout: 30_000 }).toBe('done');
  await expect.poll(() => popup.evaluate(() => document.querySelector('[data-count=done]')?.textContent)).toBe('3 done');
  const status = await ff.send<{ runtime: { loadedStyles: string[] } | null }>({ type: 'getStatus', tabId });
  expect(status.runtime?.loadedStyles).toContain('the-scream');
  await popup.click('button.restore');
  await expect.poll(() => page.evaluate(() => document.documentElement.outerHTML)).toBe(before);
  await expect.poll(() => popup.evaluate(() => document.querySelector('[data-count=done]')?.textContent)).toBe('0 done');
  await popup.close();
  await page.close();
});

test('Firefox: page mode repaints a CSS background and a picture in a same-origin iframe, and off restores both exactly', async () => {
  const { page, tabId } = await ff.openTab(`${fx.site}/background-and-frame.html`);
  const inFrame = () =>
    page.evaluate(
      () =>
        (document.getElementById('f') as HTMLIFrameElement).contentDocument?.getElementById('g2')?.getAttribute('data-brushwork') ?? null,
    );
  const frameDom = () =>
    page.evaluate(() => (document.getElementById('f') as HTMLIFrameElement).contentDocument?.documentElement.outerHTML ?? '');
  const background = () => page.evaluate(() => getComputedStyle(document.getElementById('cover') as HTMLElement).backgroundImage);
  const before = await page.evaluate(() => document.documentElement.outerHTML);
  const frameBefore = await frameDom();
  const backgroundBefore = await background();
  expect(backgroundBefore).toContain('/img/1.png');
  expect(await ff.send({ type: 'setPageMode', tabId, enabled: true })).toMatchObject({ ok: true, enabled: true });
  await expect.poll(() => state(page, 'cover'), { timeout: 30_000 }).toBe('done');
  await expect.poll(inFrame, { timeout: 30_000 }).toBe('done');
  expect(await background()).not.toBe(backgroundBefore);
  expect(await ff.send({ type: 'setPageMode', tabId, enabled: false })).toMatchObject({ ok: true, enabled: false });
  await expect.poll(inFrame).toBeNull();
  await expect.poll(() => page.evaluate(() => document.documentElement.outerHTML)).toBe(before);
  expect(await frameDom()).toBe(frameBefore);
  expect(await background()).toBe(backgroundBefore);
  await page.close();
});

test('Firefox: the settings page lists the always-on sites and removes one', async () => {
  const options = await openExtensionPage(ff.browser, 'options.html');
  const listed = () => options.evaluate(() => [...document.querySelectorAll('.sites li span')].map((s) => s.textContent));
  await expect.poll(() => options.evaluate(() => document.querySelectorAll('.sites li').length)).toBe(0);
  await patchSettings({ pageModeSites: ['https://a.example', 'https://b.example'] });
  await expect.poll(listed).toEqual(['https://a.example', 'https://b.example']);
  await options.click('.sites li:first-child button');
  await expect.poll(listed).toEqual(['https://b.example']);
  await expect.poll(async () => (await stored()).pageModeSites).toEqual(['https://b.example']);
  await patchSettings({ pageModeSites: [] });
  await options.close();
});
