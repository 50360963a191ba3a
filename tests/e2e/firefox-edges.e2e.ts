/**
 * More of the README's user paths in Debian's firefox-esr (#29), driven over
 * WebDriver BiDi (fixtures/firefox.ts) as Chrome's tests drive them in
 * never-twice, page-mode, restore and reliability.e2e.ts: forgetting
 * repainted pictures, an always-on site's own look, a reload, a page that
 * swaps, re-renders every second or fights over its picture, a page writing
 * to its picture while it is painted or pending (restore keeps the page's
 * writes), client-side route changes, CSS backgrounds under a strict CSP,
 * and bad pictures. Forgetting comes first: it counts model runs, and the
 * runtime keeps only the latest 64.
 */
import { expect, test } from '@playwright/test';
import type { Page } from 'puppeteer-core';
import { SETTINGS_VERSION } from '../../src/settings/schema';
import { GARBAGE, HTML_AS_PNG, hugePng, SVG, truncatedJpeg } from './fixtures/bad-images';
import { distinctColours } from './fixtures/colours';
import { type FirefoxHarness, launchFirefox, openExtensionPage } from './fixtures/firefox';
import { dom, state, tabControls } from './fixtures/firefox-page';
import { compare, elementShot } from './fixtures/firefox-pixels';
import { BACKGROUNDS, fightingPage, heldLoad, STRICT_IMG_SRC, singlePageApp } from './fixtures/page-mode-pages';
import { parallaxExpected, parallaxMove, parallaxRepainted, restorePages, swapped, swappedPicture } from './fixtures/restore-pages';
import { bytes, type Fixture, html, scenePng, startFixture } from './fixtures/server';
import { pageScriptIn, tabSummary } from './fixtures/tab-status';

let ff: FirefoxHarness;
let fx: Fixture;
const held = heldLoad();

const SIZE = { width: 240, height: 160 };
const img = (id: string, src: string) => `<img id="${id}" src="${src}" width="${SIZE.width}" height="${SIZE.height}">`;
const BAD = [
  ['corrupt', '/corrupt.png', 'error'],
  ['truncated', '/truncated.jpg', /^(done|error)$/], // repainting the part that decodes is fine too
  ['html', '/html.png', 'error'],
  ['e500', '/500.png', 'error'],
  ['huge', '/huge.png', 'error'],
  ['svg', '/drawing.svg', 'skipped'],
] as const;

test.beforeAll(async () => {
  const pictures: Record<string, ReturnType<typeof bytes>> = {};
  for (let i = 0; i < 8; i++) pictures[`/img/${i}.png`] = bytes(await scenePng(SIZE.width, SIZE.height, i + 1), 'image/png');
  const good = await scenePng(SIZE.width, SIZE.height, 2);
  const HUGE = hugePng(30_000, 30_000);
  fx = await startFixture(
    {
      '/one.html': html(img('a', '/img/0.png')),
      '/seven.html': html(img('s', '/img/7.png')),
      '/grid.html': html(['g0', 'g1', 'g2'].map((id, i) => img(id, `/img/${i}.png`)).join('')),
      // The page swaps its picture whenever its script is told to (a carousel, an A/B test, a framework re-render).
      '/swap.html': html(
        `${img('r', '/img/1.png')}<script>window.show = (k) => { document.getElementById('r').src = '/img/' + k + '.png'; };</script>`,
      ),
      // The pages page-mode.e2e.ts proves the same in Chromium (fixtures/page-mode-pages.ts): a page that puts its
      // picture back each time anyone else changes it, and a single-page app.
      ...fightingPage(SIZE),
      ...singlePageApp(SIZE),
      '/backgrounds-csp.html': html(BACKGROUNDS, { 'content-security-policy': STRICT_IMG_SRC }),
      // A page that re-renders its picture every second (a slideshow, a live feed): 3, then 4, 5, 6 and 7, then it stops.
      '/rerender.html': html(`${img('r', '/img/3.png')}<script src="/rerender.js"></script>`),
      '/rerender.js': bytes(
        Buffer.from(`window.writes = []; let k = 3;
          const timer = setInterval(() => { k++; const src = '/img/' + k + '.png'; document.getElementById('r').src = src;
            writes.push(src); if (k === 7) clearInterval(timer); }, 1000);`),
        'text/javascript',
      ),
      '/bad.html': html(`${BAD.map(([id, src]) => img(id, src)).join('')}${img('good', '/good.png')}`),
      // A broken picture the page meant as one (its width and height), and one with no size of its own.
      '/broken-page.html': html(
        `${img('ok', '/img/0.png')}<img id="broken" src="/missing.png" width="120" height="90" alt="broken">` +
          '<img id="unsized" src="/missing.png?unsized" alt="a photo that failed">',
      ),
      '/good.png': bytes(good, 'image/png'),
      '/corrupt.png': bytes(GARBAGE, 'image/png'),
      '/truncated.jpg': async (req, res) => bytes(await truncatedJpeg(), 'image/jpeg')(req, res, { site: '', other: '' }),
      '/html.png': bytes(HTML_AS_PNG, 'image/png'),
      '/500.png': (_req, res) => {
        res.writeHead(500);
        res.end('server error');
      },
      // The page's <img> (Accept: image/…) gets a picture Firefox decodes; the bytes Brushwork's page script reads
      // (fetch, Accept: */*) claim 30,000×30,000 in a small file: Brushwork's header check must refuse them.
      '/huge.png': (req, res) => {
        const body = (req.headers.accept ?? '').includes('image/') ? good : HUGE;
        res.writeHead(200, {
          'content-type': 'image/png',
          'content-length': String(body.length),
          'cache-control': 'no-store',
          vary: 'accept',
        });
        res.end(body);
      },
      '/drawing.svg': bytes(SVG, 'image/svg+xml'),
      // Pages that write to their picture while Brushwork paints it, as restore.e2e.ts has them.
      ...(await restorePages('/restore')),
      ...held.routes,
      ...pictures,
    },
    // Another site showing the same picture (per-site look: its pictures follow the global look).
    { '/one.html': html(img('a', '/img/0.png')), '/img/0.png': pictures['/img/0.png'] as ReturnType<typeof bytes> },
  );
  ff = await launchFirefox();
});

test.afterAll(async () => {
  held.held.release();
  await ff?.close();
  await fx?.close();
});

const stored = () => ff.control.evaluate(async () => (await chrome.storage.local.get('settings')).settings as Record<string, unknown>);
/**
 * Writes settings as the settings store does, with its version beside them (`settings$`, @wxt-dev/storage):
 * without it each newly loaded context would take them for version 1 and migrate them (dropping the sites).
 */
const patchSettings = (patch: Record<string, unknown>) =>
  ff.control.evaluate(
    async (p, v) => {
      const got = await chrome.storage.local.get('settings');
      await chrome.storage.local.set({ settings: { ...(got.settings ?? {}), ...p }, settings$: { v } });
    },
    patch,
    SETTINGS_VERSION,
  );
const DEFAULTS = { styleId: 'starry-night', intensity: 1, pageModeSites: [], siteLooks: {} };

test.afterEach(async () => {
  await patchSettings(DEFAULTS);
});

const { pageMode } = tabControls(() => ff);
/** The picture shown once painted at full size: a data: URL, with the first look (#21) gone. */
const paintedSrc = (page: Page, id: string) =>
  page.evaluate((i) => {
    const el = document.getElementById(i) as HTMLImageElement;
    const painted = el.getAttribute('data-brushwork') === 'done' && !el.hasAttribute('data-brushwork-first-look');
    return painted && el.complete && el.currentSrc.startsWith('data:') ? el.currentSrc : null;
  }, id);
const runs = async (tabId: number) =>
  (await ff.send<{ runtime: { recentRunMs: number[] } | null }>({ type: 'getStatus', tabId })).runtime?.recentRunMs.length ?? 0;

test('Firefox: “Forget repainted pictures” on the settings page empties the kept results, so the model runs again', async () => {
  const { page, tabId } = await ff.openTab(`${fx.site}/one.html?forget`);
  const srcUrl = `${fx.site}/img/0.png`;
  const stylizeAgain = async () => {
    expect(await ff.send({ type: 'restoreAll', tabId })).toMatchObject({ ok: true, restored: 1 });
    await expect.poll(() => state(page, 'a')).toBeNull();
    expect(await ff.send({ type: 'stylizeImage', tabId, srcUrl })).toMatchObject({ ok: true, matched: 1 });
    await expect.poll(() => state(page, 'a'), { timeout: 30_000 }).toBe('done');
  };
  expect(await ff.send({ type: 'stylizeImage', tabId, srcUrl })).toMatchObject({ ok: true, matched: 1 });
  await expect.poll(() => state(page, 'a'), { timeout: 30_000 }).toBe('done');
  const first = await runs(tabId);
  expect(first).toBeGreaterThanOrEqual(1);
  await expect
    .poll(async () => (await ff.send<{ runtime: { persisting: number } | null }>({ type: 'getStatus', tabId })).runtime?.persisting)
    .toBe(0);
  await stylizeAgain();
  expect(await runs(tabId)).toBe(first); // kept: no model run

  const options = await openExtensionPage(ff.browser, 'options.html');
  await options.click('button[name=forget-pictures]');
  await expect.poll(() => options.evaluate(() => document.querySelector('[role=status]')?.textContent ?? '')).toMatch(/forgotten/);
  await options.close();
  await stylizeAgain();
  expect(await runs(tabId)).toBe(first + 1); // forgotten: the model ran again
  await page.close();
});

test('Firefox: an always-on site paints in its own style and intensity, and the popup changes that site’s look alone', async () => {
  // The global look is The Starry Night at 100 %; this site remembers The Scream at 50 %.
  await patchSettings({ ...DEFAULTS, pageModeSites: [fx.site], siteLooks: { [fx.site]: { styleId: 'the-scream', intensity: 0.5 } } });
  const { page, tabId } = await ff.openTab(`${fx.site}/one.html?own-look`);
  // Nothing is sent to the tab: always-on starts page mode by itself.
  await expect.poll(() => paintedSrc(page, 'a'), { timeout: 30_000 }).not.toBeNull();
  const ownLook = (await paintedSrc(page, 'a')) as string;

  // The popup on that site shows the site's look, and what is chosen there stays with the site.
  const popup = await openExtensionPage(ff.browser, `popup.html?tab=${tabId}`);
  await expect.poll(() => popup.evaluate(() => document.querySelector('output')?.textContent)).toBe('50%');
  expect(await popup.evaluate(() => (document.querySelector('input[name=style]:checked') as HTMLInputElement | null)?.value)).toBe(
    'the-scream',
  );
  expect(await popup.evaluate(() => document.querySelectorAll('.own-look').length)).toBe(1);
  await popup.bringToFront();
  await popup.focus('input[type=range]');
  await popup.keyboard.press('ArrowLeft');
  await expect.poll(async () => ((await stored()).siteLooks as Record<string, { intensity: number }>)[fx.site]?.intensity).toBe(0.45);
  expect(await stored()).toMatchObject({ styleId: 'starry-night', intensity: 1 });
  await popup.close();

  // The reference: the same picture on another site, painted with The Scream at 50 % as the global look.
  await patchSettings({ styleId: 'the-scream', intensity: 0.5 });
  const other = await ff.openTab(`${fx.other}/one.html?reference`);
  expect(await pageMode(other.tabId, true)).toMatchObject({ ok: true, enabled: true });
  await expect.poll(() => paintedSrc(other.page, 'a'), { timeout: 30_000 }).not.toBeNull();
  const reference = (await paintedSrc(other.page, 'a')) as string;
  const difference = await compare(other.page, ownLook, reference);
  expect(difference.meanDifference).toBeLessThan(1);
  await pageMode(other.tabId, false);
  await pageMode(tabId, false);
  await Promise.all([other.page.close(), page.close()]);
});

test('Firefox: a reload resets page mode and the counts, cancels the tab’s jobs, and leaves nothing in the new document', async () => {
  const { page, tabId } = await ff.openTab(`${fx.site}/grid.html?reload`);
  expect(await pageMode(tabId, true)).toMatchObject({ ok: true, enabled: true });
  await expect.poll(() => state(page, 'g0'), { timeout: 30_000 }).toBe('done');
  await expect.poll(async () => (await ff.send<{ pageMode: boolean }>({ type: 'getStatus', tabId })).pageMode).toBe(true);
  await page.reload({ waitUntil: 'load' });
  await expect.poll(() => tabSummary((m) => ff.send(m), tabId)).toEqual({ pageMode: false, counted: 0, queued: 0 });
  expect(await page.evaluate(() => document.querySelectorAll('[data-brushwork]').length)).toBe(0);
  await page.close();
});

test('Firefox: a reload resets page mode even when the new document gets an idle page script before its load completes (the popup’s warm-up)', async () => {
  const { page, tabId } = await ff.openTab(`${fx.site}/held-load.html`);
  const status = () => tabSummary((m) => ff.send(m), tabId);
  expect(await pageMode(tabId, true)).toMatchObject({ ok: true, enabled: true });
  for (const id of ['h0', 'h1', 'h2']) await expect.poll(() => state(page, id), { timeout: 30_000 }).toBe('done');
  await expect.poll(async () => (await status()).pageMode).toBe(true);
  held.held.on = true;
  try {
    await page.evaluate(() => {
      (window as unknown as { old: boolean }).old = true;
      location.reload();
    });
    // The new document is there (no `old` mark) and its load waits on /late.png, which the server holds.
    const reloaded = () =>
      page.evaluate(() => !(window as unknown as { old?: boolean }).old && document.getElementById('late') !== null).catch(() => false);
    await expect.poll(reloaded).toBe(true);
    await ff.send({ type: 'warmUp', styleId: 'starry-night', tabId });
    await expect.poll(() => pageScriptIn(ff.control, tabId)).toBe(true);
  } finally {
    held.held.release();
  }
  await expect.poll(status).toEqual({ pageMode: false, counted: 0, queued: 0 });
  expect(await page.evaluate(() => document.querySelectorAll('[data-brushwork]').length)).toBe(0);
  await page.close();
});

test('Firefox: a page swapping its picture quickly ends showing its last picture painted, and off gives back its last write', async () => {
  // What the page's last picture looks like painted, on its own (the same site: the kept result).
  const reference = await ff.openTab(`${fx.site}/seven.html`);
  expect(await pageMode(reference.tabId, true)).toMatchObject({ ok: true, enabled: true });
  await expect.poll(() => paintedSrc(reference.page, 's'), { timeout: 30_000 }).not.toBeNull();
  const seven = (await paintedSrc(reference.page, 's')) as string;
  await pageMode(reference.tabId, false);
  await reference.page.close();
  const { page, tabId } = await ff.openTab(`${fx.site}/swap.html?storm`);
  expect(await pageMode(tabId, true)).toMatchObject({ ok: true, enabled: true });
  await expect.poll(() => paintedSrc(page, 'r'), { timeout: 30_000 }).not.toBeNull();
  const first = await paintedSrc(page, 'r');
  // The storm: five replacements, each one frame after the last, over a painted picture.
  await page.evaluate(async () => {
    const frame = () => new Promise((r) => requestAnimationFrame(r));
    for (const k of [3, 4, 5, 6, 7]) {
      (window as unknown as { show(k: number): void }).show(k);
      await frame();
    }
  });
  await expect
    .poll(
      async () => {
        const src = await paintedSrc(page, 'r');
        return src !== null && src !== first && (await compare(page, src, seven)).meanDifference < 1;
      },
      { timeout: 30_000 },
    )
    .toBe(true);
  expect(await pageMode(tabId, false)).toMatchObject({ ok: true, enabled: false });
  await expect.poll(() => state(page, 'r')).toBeNull();
  expect(await page.evaluate(() => document.getElementById('r')?.getAttribute('src'))).toBe('/img/7.png');
  await page.close();
});

test('Firefox: a page that rewrites a repainted background’s inline style keeps its own write, never the stylized picture', async () => {
  const { page, tabId } = await ff.openTab(`${fx.site}/restore/parallax.html`);
  const style = () => page.evaluate(() => document.getElementById('bg')?.getAttribute('style') ?? '');
  const original = await style();
  expect(await pageMode(tabId, true)).toMatchObject({ ok: true, enabled: true });
  await expect.poll(() => state(page, 'bg'), { timeout: 30_000 }).toBe('done');
  expect(await style()).toContain('data:image');
  // Parallax: the page moves the element through its inline style.
  await page.evaluate(parallaxMove);
  const expected = await page.evaluate(parallaxExpected, original);
  // Repainted over the page's new style: both the page's write and Brushwork's picture are there.
  await expect.poll(() => page.evaluate(parallaxRepainted), { timeout: 30_000 }).toBe(true);
  await expect.poll(() => state(page, 'bg'), { timeout: 30_000 }).toBe('done');
  expect(await pageMode(tabId, false)).toMatchObject({ ok: true, enabled: false });
  await expect.poll(() => page.evaluate(() => document.querySelectorAll('[data-brushwork]').length)).toBe(0);
  expect(await style()).toBe(expected);
  expect(await page.evaluate(() => getComputedStyle(document.getElementById('bg') as Element).backgroundImage)).not.toContain('data:');
  await page.close();
});

test('Firefox: an <img> the page changes while its job is pending shows the page’s new picture, and restore keeps it', async () => {
  const { page, tabId } = await ff.openTab(`${fx.site}/restore/swap.html`);
  await ff.send({ type: 'stylizeImage', tabId, srcUrl: `${fx.site}/restore/0.png` });
  await expect.poll(() => page.evaluate(swapped)).toBe(true);
  await expect.poll(() => state(page, 's'), { timeout: 30_000 }).toBe('done');
  // The page's new picture is the one painted (the page wins, then the style applies to it).
  await expect.poll(() => page.evaluate(() => (document.getElementById('s') as HTMLImageElement).currentSrc)).toMatch(/^data:image\//);
  expect(await ff.send({ type: 'restoreAll', tabId })).toMatchObject({ ok: true, restored: 1 });
  await expect.poll(() => state(page, 's')).toBeNull();
  expect(await page.evaluate(() => document.getElementById('s')?.outerHTML)).toBe(swappedPicture('/restore'));
  await page.close();
});

test('Firefox: page mode follows a page that re-renders its picture every second: each new picture painted, the page’s own last write kept', async () => {
  // What the page's last picture looks like painted, on its own (the same site: the kept result).
  const reference = await ff.openTab(`${fx.site}/seven.html?rerender`);
  expect(await pageMode(reference.tabId, true)).toMatchObject({ ok: true, enabled: true });
  await expect.poll(() => paintedSrc(reference.page, 's'), { timeout: 30_000 }).not.toBeNull();
  const seven = (await paintedSrc(reference.page, 's')) as string;
  await pageMode(reference.tabId, false);
  await reference.page.close();
  const { page, tabId } = await ff.openTab(`${fx.site}/rerender.html`);
  // The page as it will be after its own last write: Brushwork must give back exactly that, whatever it painted meanwhile.
  const expected = (await dom(page)).replace('src="/img/3.png"', 'src="/img/7.png"');
  expect(await pageMode(tabId, true)).toMatchObject({ ok: true, enabled: true });
  const writes = () => page.evaluate(() => (window as unknown as { writes: string[] }).writes.length);
  // The page's rewrites win: each one is taken as the page's new picture and painted, until the last one shows painted.
  await expect
    .poll(
      async () => {
        const src = (await writes()) === 4 ? await paintedSrc(page, 'r') : null;
        return src !== null && (await compare(page, src, seven)).meanDifference < 1;
      },
      { timeout: 45_000 },
    )
    .toBe(true);
  // Nothing lost: off gives back the page's own last write, not its first picture nor one painted in between.
  expect(await pageMode(tabId, false)).toMatchObject({ ok: true, enabled: false });
  await expect.poll(() => state(page, 'r')).toBeNull();
  await expect.poll(() => dom(page)).toBe(expected);
  await page.close();
});

test('Firefox: a page that puts its picture back each time is given up on, not fought (at most 10 repaints)', async () => {
  const { page, tabId } = await ff.openTab(`${fx.site}/fight.html?fight`);
  expect(await pageMode(tabId, true)).toMatchObject({ ok: true, enabled: true });
  await expect.poll(() => state(page, 'f'), { timeout: 30_000 }).toBe('skipped');
  const fights = () => page.evaluate(() => (window as unknown as { fights: number }).fights);
  const fought = await fights();
  expect(fought).toBeGreaterThanOrEqual(1);
  expect(fought).toBeLessThanOrEqual(12);
  expect(await page.evaluate(() => document.getElementById('f')?.getAttribute('src'))).toBe('/img/2.png');
  // Given up for good: a full round trip to the runtime later, nothing has been written to the picture again.
  await runs(tabId);
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
  expect(await fights()).toBe(fought);
  await pageMode(tabId, false);
  await page.close();
});

test('Firefox: client-side route changes (pushState, back) bring new pictures, and page mode paints each route', async () => {
  const { page, tabId } = await ff.openTab(`${fx.site}/app.html`);
  expect(await pageMode(tabId, true)).toMatchObject({ ok: true, enabled: true });
  for (const id of ['home0', 'home1']) await expect.poll(() => state(page, id), { timeout: 30_000 }).toBe('done');
  await page.evaluate(() => (window as unknown as { go(name: string): void }).go('gallery'));
  expect(page.url()).toContain('route=gallery');
  for (const id of ['gallery4', 'gallery5', 'gallery6']) await expect.poll(() => state(page, id), { timeout: 30_000 }).toBe('done');
  // Back: the app renders its first route again, as new elements, and they are painted too.
  await page.evaluate(() => history.back());
  await expect.poll(() => page.evaluate(() => document.getElementById('home0') !== null)).toBe(true);
  for (const id of ['home0', 'home1']) await expect.poll(() => state(page, id), { timeout: 30_000 }).toBe('done');
  await expect.poll(async () => (await ff.send<{ pageMode: boolean }>({ type: 'getStatus', tabId })).pageMode).toBe(true);
  expect(await pageMode(tabId, false)).toMatchObject({ ok: true, enabled: false });
  await expect.poll(() => page.evaluate(() => document.querySelectorAll('[data-brushwork]').length)).toBe(0);
  expect(await page.evaluate(() => [...document.images].map((i) => i.getAttribute('src')))).toEqual(['/img/0.png', '/img/1.png']);
  await page.close();
});

test("Firefox: CSS backgrounds under a strict CSP (img-src 'self') are painted, never left blank, and restored exactly", async () => {
  const { page, tabId } = await ff.openTab(`${fx.site}/backgrounds-csp.html`);
  const shot = (id: string) => elementShot(page, `#${id}`);
  const before = await dom(page);
  const cover = await shot('cover');
  expect(await pageMode(tabId, true)).toMatchObject({ ok: true, enabled: true });
  for (const id of ['cover', 'tile']) await expect.poll(() => state(page, id), { timeout: 30_000 }).toBe('done');
  await expect.poll(async () => Buffer.compare(await shot('cover'), cover) !== 0).toBe(true);
  // Never blank: the repainted background keeps a picture's variety of colours.
  expect(await distinctColours(await shot('cover'))).toBeGreaterThan(200);
  expect(await page.evaluate(() => getComputedStyle(document.getElementById('text') as HTMLElement).visibility)).toBe('visible');
  expect(await page.evaluate(() => (document.getElementById('cover') as HTMLElement).getBoundingClientRect().width)).toBe(300);
  expect(await pageMode(tabId, false)).toMatchObject({ ok: true, enabled: false });
  // The CSP watcher's 1-px probe (csp-probe.ts) leaves the page within 200 ms of page mode starting.
  await expect.poll(() => dom(page)).toBe(before);
  await expect.poll(async () => Buffer.compare(await shot('cover'), cover)).toBe(0);
  await page.close();
});

test('Firefox: every bad picture ends as error or skipped with a reason, the page stays intact, and a good one still paints', async () => {
  const { page, tabId } = await ff.openTab(`${fx.site}/bad.html`);
  const before = await dom(page);
  for (const [, src] of BAD) expect(await ff.send({ type: 'stylizeImage', tabId, srcUrl: `${fx.site}${src}` })).toMatchObject({ ok: true });
  for (const [id, , want] of BAD) {
    await expect.poll(() => state(page, id), { timeout: 30_000, message: id }).toMatch(want);
    if ((await state(page, id)) !== 'done')
      expect(await page.evaluate((i) => document.getElementById(i)?.getAttribute('data-brushwork-reason'), id), id).toMatch(/\w/);
  }
  // Refused by Brushwork's header check, not by Firefox: the page's own <img> decoded fine.
  expect(await page.evaluate(() => (document.getElementById('huge') as HTMLImageElement).naturalWidth)).toBe(SIZE.width);
  expect(await page.evaluate(() => document.getElementById('huge')?.getAttribute('data-brushwork-reason'))).toMatch(
    /too large to stylize \(30000×30000/,
  );
  // The runtime still serves.
  await ff.send({ type: 'stylizeImage', tabId, srcUrl: `${fx.site}/good.png` });
  await expect.poll(() => state(page, 'good'), { timeout: 30_000 }).toBe('done');
  expect(await ff.send({ type: 'restoreAll', tabId })).toMatchObject({ ok: true });
  await expect.poll(() => dom(page)).toBe(before);
  await page.close();
});

test('Firefox: page mode marks a broken picture the page meant as one with the reason, and leaves an unsized one to the page', async () => {
  const { page, tabId } = await ff.openTab(`${fx.site}/broken-page.html`);
  await page.waitForFunction(() => [...document.images].every((i) => i.complete));
  expect(await ff.send({ type: 'setPageMode', tabId, enabled: true })).toMatchObject({ ok: true, enabled: true });
  await expect.poll(() => state(page, 'ok'), { timeout: 30_000 }).toBe('done');
  await expect.poll(() => state(page, 'broken'), { timeout: 30_000 }).toBe('error');
  expect(await page.evaluate(() => document.getElementById('broken')?.getAttribute('data-brushwork-reason'))).toMatch(/did not load/);
  expect(await state(page, 'unsized')).toBeNull();
  expect(await ff.send({ type: 'setPageMode', tabId, enabled: false })).toMatchObject({ ok: true, enabled: false });
  await page.close();
});
