/**
 * Brushwork in Firefox (#23): the same extension built for Firefox from the
 * same source, driven in Debian's firefox-esr. The model runs in the
 * background page (Firefox has no offscreen documents) behind the same
 * runtime interface; page, UI and protocol are the ones Chrome runs.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import type { Page } from 'puppeteer-core';
import { brushwork, trainTinyModel } from '../helpers/cli';
import { tempDir } from '../helpers/models';
import { type FirefoxHarness, launchFirefox, openExtensionPage } from './fixtures/firefox';
import { FOLDER_STYLE, listedUserStyles, popupCard, retitledModelFolder } from './fixtures/model-folder';
import { bytes, type Fixture, html, scenePng, startFixture } from './fixtures/server';

let ff: FirefoxHarness;
let fx: Fixture;

test.beforeAll(async () => {
  const pictures: Record<string, ReturnType<typeof bytes>> = {};
  for (let i = 0; i < 4; i++) pictures[`/img/${i}.png`] = bytes(await scenePng(240, 160, i + 1), 'image/png');
  fx = await startFixture(
    {
      '/one.html': html('<p>A picture:</p><img id="a" src="/img/0.png" width="240" height="160">'),
      '/grid.html': html(
        `${[0, 1, 2].map((i) => `<img id="g${i}" src="/img/${i}.png" width="240" height="160">`).join('')}<div id="more"></div>`,
      ),
      '/private.html': html('<img id="p" width="240" height="160">'),
      '/shadow.html': html('<div id="open-host"></div><div id="closed-host"></div><script src="/shadow.js"></script>'),
      '/shadow.js': bytes(
        Buffer.from(`const o = document.getElementById('open-host').attachShadow({ mode: 'open' });
          o.innerHTML = '<img id="in-open" src="/img/1.png" width="240" height="160">';
          const c = document.getElementById('closed-host').attachShadow({ mode: 'closed' });
          c.innerHTML = '<img id="in-closed" src="/img/2.png" width="240" height="160">';
          window.closedRoot = c;`),
        'text/javascript',
      ),
      // A news page's reveal-on-load, and a load listener added by an inline script right after the <img>
      // (before its load can fire): each counts the loads it sees (#30).
      '/onload.html': html(
        `<img id="ob" src="/img/0.png" width="240" height="160" onload="this.className+=' ob-show'">` +
          `<script>window.loads = 0; document.getElementById('ob').addEventListener('load', () => { window.loads++; });</script>`,
      ),
      ...pictures,
    },
    { '/secret.png': bytes(await scenePng(240, 160, 9), 'image/png') },
  );
  ff = await launchFirefox();
});

test.afterAll(async () => {
  await ff?.close();
  await fx?.close();
});

const state = (page: Page, id: string) => page.evaluate((i) => document.getElementById(i)?.getAttribute('data-brushwork') ?? null, id);
const dom = (page: Page) => page.evaluate(() => document.documentElement.outerHTML);

test('Firefox: a picture is repainted in place from a message, and restored to the identical DOM', async () => {
  const { page, tabId } = await ff.openTab(`${fx.site}/one.html`);
  const before = await dom(page);
  expect(await ff.send({ type: 'stylizeImage', tabId, srcUrl: `${fx.site}/img/0.png` })).toMatchObject({ ok: true, matched: 1 });
  await expect.poll(() => state(page, 'a'), { timeout: 30_000 }).toBe('done');
  expect(await page.evaluate(() => (document.getElementById('a') as HTMLImageElement).currentSrc)).toMatch(/^data:image\//);
  expect(await page.evaluate(() => (document.getElementById('a') as HTMLImageElement).naturalWidth)).toBeGreaterThan(0);
  expect(await ff.send({ type: 'restoreAll', tabId })).toMatchObject({ ok: true, restored: 1 });
  expect(await dom(page)).toBe(before);
  expect(ff.pageErrors).toEqual([]);
  await page.close();
});

test('Firefox: the model runs in the background page on WASM engine workers, not in an offscreen document', async () => {
  const { page, tabId } = await ff.openTab(`${fx.site}/one.html?status`);
  await ff.send({ type: 'stylizeImage', tabId, srcUrl: `${fx.site}/img/0.png` });
  await expect.poll(() => state(page, 'a'), { timeout: 30_000 }).toBe('done');
  const status = await ff.send<{
    runtime: { backend: string; threads: number; recentRunMs: number[]; kernel: boolean; kernelRelaxed?: boolean } | null;
  }>({
    type: 'getStatus',
    tabId,
  });
  expect(status.runtime?.backend).toBe('wasm');
  // Firefox ESR validates relaxed SIMD too (#27): the kernel's FMA build runs.
  expect(status.runtime).toMatchObject({ kernel: true, kernelRelaxed: true });
  expect(status.runtime?.threads).toBeGreaterThanOrEqual(1);
  expect(status.runtime?.recentRunMs.length).toBeGreaterThanOrEqual(1);
  await page.close();
});

test('Firefox: page mode repaints every visible picture and the ones added later; off restores the page exactly', async () => {
  const { page, tabId } = await ff.openTab(`${fx.site}/grid.html`);
  const before = await dom(page);
  expect(await ff.send({ type: 'setPageMode', tabId, enabled: true })).toMatchObject({ ok: true, enabled: true });
  for (const id of ['g0', 'g1', 'g2']) await expect.poll(() => state(page, id), { timeout: 30_000 }).toBe('done');
  await page.evaluate(() => {
    const img = document.createElement('img');
    img.id = 'late';
    img.src = '/img/3.png';
    img.width = 240;
    img.height = 160;
    document.getElementById('more')?.append(img);
  });
  await expect.poll(() => state(page, 'late'), { timeout: 30_000 }).toBe('done');
  await expect
    .poll(async () => (await ff.send<{ pageMode: boolean; counts: { done: number } }>({ type: 'getStatus', tabId })).counts.done)
    .toBe(4);
  // The toolbar badge counts the pictures done while page mode is on, in Firefox too.
  await expect.poll(() => ff.control.evaluate((id) => chrome.action.getBadgeText({ tabId: id }), tabId)).toBe('4');
  expect(await ff.send({ type: 'setPageMode', tabId, enabled: false })).toMatchObject({ ok: true, enabled: false });
  await expect.poll(() => ff.control.evaluate((id) => chrome.action.getBadgeText({ tabId: id }), tabId)).toBe('');
  await page.evaluate(() => document.getElementById('late')?.remove());
  expect(await dom(page)).toBe(before);
  await page.close();
});

test('Firefox: page mode repaints a picture inside a closed shadow root (element.openOrClosedShadowRoot), and restores it', async () => {
  const { page, tabId } = await ff.openTab(`${fx.site}/shadow.html`);
  // The page keeps its closed root to itself; the test reads it through the page's own variable.
  const inClosed = (what: 'state' | 'src') =>
    page.evaluate((w) => {
      const img = (window as unknown as { closedRoot: ShadowRoot }).closedRoot.querySelector('img') as HTMLImageElement;
      return w === 'state' ? img.getAttribute('data-brushwork') : img.currentSrc;
    }, what);
  await page.waitForFunction(() => (window as unknown as { closedRoot: ShadowRoot }).closedRoot.querySelector('img')?.complete);
  expect(await ff.send({ type: 'setPageMode', tabId, enabled: true })).toMatchObject({ ok: true, enabled: true });
  const openState = () =>
    page.evaluate(() => document.getElementById('open-host')?.shadowRoot?.querySelector('img')?.getAttribute('data-brushwork') ?? null);
  await expect.poll(openState, { timeout: 30_000 }).toBe('done');
  await expect.poll(() => inClosed('state'), { timeout: 30_000 }).toBe('done');
  expect(await inClosed('src')).toMatch(/^data:image\//);
  expect(await ff.send({ type: 'setPageMode', tabId, enabled: false })).toMatchObject({ ok: true, enabled: false });
  await expect.poll(() => inClosed('state')).toBeNull();
  expect(await inClosed('src')).toBe(`${fx.site}/img/2.png`);
  await page.close();
});

test('Firefox: painting and restoring do not run the page’s load handlers again (#30)', async () => {
  const { page, tabId } = await ff.openTab(`${fx.site}/onload.html`);
  const loadState = () =>
    page.evaluate(() => ({
      className: document.getElementById('ob')?.className,
      loads: (window as unknown as { loads: number }).loads,
    }));
  await expect.poll(loadState).toEqual({ className: ' ob-show', loads: 1 });
  const before = await dom(page);
  await ff.send({ type: 'setPageMode', tabId, enabled: true });
  await expect.poll(() => state(page, 'ob'), { timeout: 30_000 }).toBe('done');
  const shows = (src: string) =>
    page.evaluate((s) => {
      const i = document.getElementById('ob') as HTMLImageElement;
      return i.complete && (s === 'data:' ? i.currentSrc.startsWith(s) : i.currentSrc.endsWith(s));
    }, src);
  await expect.poll(() => shows('data:')).toBe(true);
  await ff.send({ type: 'setPageMode', tabId, enabled: false });
  await expect.poll(() => state(page, 'ob')).toBe(null);
  await expect.poll(() => shows('/img/0.png')).toBe(true);
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
  expect(await loadState()).toEqual({ className: ' ob-show', loads: 1 });
  await expect.poll(() => dom(page)).toBe(before);
  await page.close();
});

test('Firefox: a picture on another loopback port, which the page cannot read, is refused and stays unreadable', async () => {
  const { page, tabId } = await ff.openTab(`${fx.site}/private.html`);
  const src = `${fx.other}/secret.png`;
  await page.evaluate((s) => {
    (document.getElementById('p') as HTMLImageElement).src = s;
  }, src);
  await page.waitForFunction(() => (document.getElementById('p') as HTMLImageElement).complete);
  await ff.send({ type: 'stylizeImage', tabId, srcUrl: src });
  await expect.poll(() => state(page, 'p'), { timeout: 30_000 }).toBe('skipped');
  expect(await page.evaluate(() => document.getElementById('p')?.getAttribute('data-brushwork-reason'))).toMatch(
    /does not read pictures from (local network|non-standard)/,
  );
  expect(await page.evaluate(() => (document.getElementById('p') as HTMLImageElement).src)).toBe(src);
  await page.close();
});

test('Firefox: in German, the popup and the manifest speak German', async () => {
  const de = await launchFirefox(undefined, { language: 'de' });
  try {
    const lang = await de.control.evaluate(() => chrome.i18n.getUILanguage());
    expect(lang).toMatch(/^de/);
    expect(await de.control.evaluate(() => chrome.i18n.getMessage('extDescription'))).toBe(
      JSON.parse(readFileSync('public/_locales/de/messages.json', 'utf8')).extDescription.message,
    );
    await expect.poll(() => de.control.evaluate(() => document.documentElement.getAttribute('lang'))).toMatch(/^de/);
  } finally {
    await de.close();
  }
});

test('Firefox: the popup and the settings page render their controls, in the extension’s language', async () => {
  const { page, tabId } = await ff.openTab(`${fx.site}/one.html?popup`);
  const popup = await openExtensionPage(ff.browser, `popup.html?tab=${tabId}`);
  await expect.poll(() => popup.evaluate(() => document.querySelectorAll('input[type=radio]').length)).toBeGreaterThanOrEqual(6);
  expect(await popup.evaluate(() => document.documentElement.getAttribute('lang'))).toMatch(/^en/);
  const settings = await openExtensionPage(ff.browser, 'options.html');
  await expect.poll(() => settings.evaluate(() => document.querySelector('h1')?.textContent ?? '')).toMatch(/\S/);
  await settings.close();
  await popup.close();
  await page.close();
});

/** A tiny style trained by the CLI and packed, made once for the own-style tests below. */
let sketch: { work: string; modelDir: string; pack: string } | undefined;
function trainedSketch(): { work: string; modelDir: string; pack: string } {
  if (sketch) return sketch;
  const work = tempDir('bw-ff-own-');
  const modelDir = path.join(work, 'my-sketch');
  const trained = trainTinyModel('the-scream', modelDir, path.join(work, 'run'), ['--id', 'my-sketch']);
  if (trained.code !== 0) throw new Error(`training failed: ${trained.stderr}`);
  const pack = path.join(work, 'my-sketch.brushwork');
  if (brushwork(['pack', modelDir, '--out', pack]).code !== 0) throw new Error('pack failed');
  sketch = { work, modelDir, pack };
  return sketch;
}

test('Firefox: a style of your own is imported on the settings page, previewed by the model, and paints in page mode', async () => {
  test.setTimeout(120_000);
  const { pack } = trainedSketch();

  const options = await openExtensionPage(ff.browser, 'options.html');
  const input = await options.$('input[name=add-style]');
  if (!input) throw new Error('no file input on the settings page');
  await (input as unknown as { uploadFile(...files: string[]): Promise<void> }).uploadFile(pack);
  await expect.poll(() => options.evaluate(() => document.querySelectorAll('.user-style-list li').length), { timeout: 60_000 }).toBe(1);
  const id = (await options.evaluate(() => document.querySelector('.user-style-list li')?.getAttribute('data-style'))) as string;
  expect(id).toMatch(/^mine-/);
  // The preview was painted by the model itself, in Firefox's background-page runtime.
  await expect
    .poll(() => options.evaluate(() => (document.querySelector('.user-style-list li img') as HTMLImageElement | null)?.naturalWidth ?? 0))
    .toBe(192);

  await ff.control.evaluate(async (styleId) => {
    const got = await chrome.storage.local.get('settings');
    await chrome.storage.local.set({ settings: { ...(got.settings ?? {}), styleId } });
  }, id);
  const { page, tabId } = await ff.openTab(`${fx.site}/one.html?own`);
  await ff.send({ type: 'setPageMode', tabId, enabled: true });
  await expect.poll(() => state(page, 'a'), { timeout: 30_000 }).toBe('done');
  const status = await ff.send<{ runtime: { loadedStyles: string[] } | null }>({ type: 'getStatus', tabId });
  expect(status.runtime?.loadedStyles).toContain(id);
  await ff.send({ type: 'setPageMode', tabId, enabled: false });
  await ff.control.evaluate(async () => {
    const got = await chrome.storage.local.get('settings');
    await chrome.storage.local.set({ settings: { ...(got.settings ?? {}), styleId: 'starry-night' } });
  });
  await options.close();
  await page.close();
});

test('Firefox: a model folder’s two files (model.json and weights) are imported too, with the title, artist and year from the file in the settings page and the popup', async () => {
  test.setTimeout(120_000);
  const { work, modelDir } = trainedSketch();
  const files = retitledModelFolder(modelDir, path.join(work, 'folder-import'));
  const options = await openExtensionPage(ff.browser, 'options.html');
  const input = await options.$('input[name=add-style]');
  if (!input) throw new Error('no file input on the settings page');
  const before = (await listedUserStyles(options)).map((s) => s.id);
  await (input as unknown as { uploadFile(...files: string[]): Promise<void> }).uploadFile(...files);
  const added = async () => (await listedUserStyles(options)).filter((s) => !before.includes(s.id));
  const expected = { title: FOLDER_STYLE.title, artist: `${FOLDER_STYLE.artist}, ${FOLDER_STYLE.year}` };
  await expect.poll(added, { timeout: 60_000 }).toEqual([expect.objectContaining({ ...expected, preview: 192 })]);
  const id = (await added())[0]?.id ?? '';
  expect(id).toMatch(/^mine-/);
  const popup = await openExtensionPage(ff.browser, 'popup.html?tab=0');
  await expect.poll(() => popupCard(popup, id)).toEqual(expected);
  await popup.close();
  await options.close();
});
