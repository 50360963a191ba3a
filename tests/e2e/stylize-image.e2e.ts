/** Right-click "Stylize image" (driven through its message, as the native menu cannot be clicked headless). */
import { expect, type Page, test } from '@playwright/test';
import sharp from 'sharp';
import { stylizeSize } from '../../src/page/surfaces/sizing';
import { type Harness, launch, shot } from './fixtures/extension';
import { comparePictures } from './fixtures/pixels';
import { expectLargePictureKeepsItsBox, largePicturePage } from './fixtures/restore-pages';
import { cappedSaveSize, SAVE_CAP } from './fixtures/save-cap';
import { bytes, type Fixture, html, scenePng, startFixture } from './fixtures/server';

let h: Harness;
let fx: Fixture;

test.beforeAll(async () => {
  const a = await scenePng(320, 240);
  const a2 = await scenePng(640, 480);
  const b = await scenePng(320, 240, 3);
  const big = await scenePng(480, 320, 5);
  const jpeg = await sharp(await scenePng(240, 160, 6))
    .jpeg()
    .toBuffer();
  fx = await startFixture(
    {
      '/same.html': html('<p>text</p><img id="a" src="/a.png" width="320" height="240" alt="scene">'),
      '/natural.html': html('<img id="a" src="/a.png" alt="no size given">'),
      ...(await largePicturePage()),
      '/cors.html': html(
        '<img id="c" src="OTHER/cors.png" width="320" height="240"><img id="n" src="OTHER/nocors.png" width="320" height="240">',
      ),
      '/srcset.html': html('<img id="s" src="/a.png" srcset="/a.png 1x, /a2.png 2x" width="320" height="240" loading="lazy">'),
      '/picture.html': html(
        '<picture><source id="src1" srcset="/b.png" type="image/png" media="(min-width: 10px)"><img id="p" src="/a.png" width="320" height="240"></picture>',
      ),
      '/csp.html': html('<img id="a" src="/a.png" width="320" height="240">', {
        'content-security-policy': "default-src 'self'; img-src 'self'; style-src 'self'; script-src 'none'",
      }),
      '/broken.html': html(
        '<img id="x" src="/missing.png" width="120" height="90" alt="broken"><img id="a" src="/a.png" width="320" height="240">',
      ),
      // Save (#30): a 480×320 picture shown at 300×200, and a data: JPEG on a page with a title.
      '/save.html': html(
        `<img id="big" src="/big.png" width="300" height="200"><img id="d" src="data:image/jpeg;base64,${jpeg.toString('base64')}" width="240" height="160"><script>document.title = 'My trip';</script>`,
      ),
      '/big.png': bytes(big, 'image/png'),
      '/a.png': bytes(a, 'image/png'),
      '/a2.png': bytes(a2, 'image/png'),
      '/b.png': bytes(b, 'image/png'),
    },
    {
      '/cors.png': bytes(b, 'image/png', { 'access-control-allow-origin': '*' }),
      '/nocors.png': bytes(b, 'image/png'),
    },
    { named: true }, // the extension's own fetcher is tested here: an address its policy allows
  );
  h = await launch();
});

test.afterAll(async () => {
  await h?.close();
  await fx?.close();
});

async function open(path: string): Promise<{ page: Page; tabId: number }> {
  const page = await h.context.newPage();
  await page.route('**/*', (route) => route.continue()); // keeps Playwright from caching between tests
  await page.goto(`${fx.site}${path}`);
  await page.evaluate((other) => {
    for (const img of document.querySelectorAll('img')) {
      const raw = img.getAttribute('src');
      if (raw?.startsWith('OTHER')) img.setAttribute('src', raw.replace('OTHER', other));
    }
  }, fx.other);
  await page.waitForFunction(() => [...document.images].every((i) => i.complete));
  await h.clickToolbar(page);
  return { page, tabId: await h.tabIdOf(page) };
}

const dom = (page: Page) => page.evaluate(() => document.documentElement.outerHTML);
const stylize = (tabId: number, srcUrl: string) => h.send({ type: 'stylizeImage', tabId, srcUrl });

test('same-origin image: repainted in place, restored to identical pixels and DOM', async () => {
  const { page, tabId } = await open('/same.html');
  const box = await page.locator('#a').boundingBox();
  const before = await shot(page, '#a');
  const domBefore = await dom(page);
  expect(await stylize(tabId, `${fx.site}/a.png`)).toMatchObject({ ok: true, matched: 1 });
  await expect(page.locator('#a')).toHaveAttribute('data-brushwork', 'done');
  expect(await page.locator('#a').boundingBox()).toEqual(box);
  expect(Buffer.compare(await shot(page, '#a'), before)).not.toBe(0);
  expect(await h.send({ type: 'restoreAll', tabId })).toMatchObject({ ok: true, restored: 1 });
  expect(await dom(page)).toBe(domBefore);
  await page.waitForFunction(() => (document.querySelector('#a') as HTMLImageElement).complete);
  expect(Buffer.compare(await shot(page, '#a'), before)).toBe(0);
  await page.close();
});

test('the engines run the SIMD kernel in its relaxed-SIMD (FMA) build: Chromium validates relaxed SIMD (#27)', async () => {
  const { page, tabId } = await open('/same.html');
  await stylize(tabId, `${fx.site}/a.png`);
  await expect(page.locator('#a')).toHaveAttribute('data-brushwork', 'done');
  const status = await h.send<{ runtime: { kernel: boolean; kernelRelaxed?: boolean } | null }>({ type: 'getStatus', tabId });
  expect(status.runtime).toMatchObject({ kernel: true, kernelRelaxed: true });
  await page.close();
});

test('an image without width/height keeps its layout box', async () => {
  const { page, tabId } = await open('/natural.html');
  const box = await page.locator('#a').boundingBox();
  await stylize(tabId, `${fx.site}/a.png`);
  await expect(page.locator('#a')).toHaveAttribute('data-brushwork', 'done');
  expect(await page.locator('#a').boundingBox()).toEqual(box);
  await page.close();
});

test('a 1600×1200 image without width/height, painted at 1024×768, keeps its 1600×1200 box in every frame; the page reads src as before; restore is exact (#29)', async () => {
  const { page, tabId } = await open('/large.html');
  await expectLargePictureKeepsItsBox(
    {
      evaluate: (fn) => page.evaluate(fn),
      state: () => page.locator('#l').getAttribute('data-brushwork'),
      stylize: (srcUrl) => stylize(tabId, srcUrl),
      restoreAll: () => h.send({ type: 'restoreAll', tabId }),
    },
    fx.site,
    true,
  );
  await page.close();
});

test('cross-origin: CORS-enabled works without host permission; without CORS fails cleanly', async () => {
  const { page, tabId } = await open('/cors.html');
  const nBefore = await shot(page, '#n');
  const srcN = await page.locator('#n').getAttribute('src');
  expect(await stylize(tabId, `${fx.other}/cors.png`)).toMatchObject({ ok: true, matched: 1 });
  expect(await stylize(tabId, `${fx.other}/nocors.png`)).toMatchObject({ ok: true, matched: 1 });
  await expect(page.locator('#c')).toHaveAttribute('data-brushwork', 'done');
  await expect(page.locator('#n')).toHaveAttribute('data-brushwork', 'error');
  // Said as what it is (no access to that site), with what to do.
  expect(await page.locator('#n').getAttribute('data-brushwork-reason')).toMatch(
    /^Brushwork needs access to .+ to read this picture: choose “Allow reading images on all sites…” in its popup$/,
  );
  expect(await page.locator('#n').getAttribute('src')).toBe(srcN);
  // The error badge goes away by itself (after 4 s): wait for the picture to look exactly as before, not for a timer.
  await expect.poll(async () => Buffer.compare(await shot(page, '#n'), nBefore), { timeout: 15_000 }).toBe(0);
  await page.close();
});

test('srcset and lazy loading do not override the result', async () => {
  const { page, tabId } = await open('/srcset.html');
  const before = await shot(page, '#s');
  const domBefore = await dom(page);
  const current = await page.$eval('#s', (i: HTMLImageElement) => i.currentSrc);
  expect(await stylize(tabId, current)).toMatchObject({ ok: true, matched: 1 });
  await expect(page.locator('#s')).toHaveAttribute('data-brushwork', 'done');
  expect(await page.$eval('#s', (i: HTMLImageElement) => i.currentSrc.startsWith('data:'))).toBe(true);
  expect(Buffer.compare(await shot(page, '#s'), before)).not.toBe(0);
  await h.send({ type: 'restoreAll', tabId });
  expect(await dom(page)).toBe(domBefore);
  await page.close();
});

test('<picture> sources do not override the result', async () => {
  const { page, tabId } = await open('/picture.html');
  const before = await shot(page, '#p');
  const domBefore = await dom(page);
  expect(await stylize(tabId, `${fx.site}/b.png`)).toMatchObject({ ok: true, matched: 1 });
  await expect(page.locator('#p')).toHaveAttribute('data-brushwork', 'done');
  expect(await page.$eval('#p', (i: HTMLImageElement) => i.currentSrc.startsWith('data:'))).toBe(true);
  expect(Buffer.compare(await shot(page, '#p'), before)).not.toBe(0);
  await h.send({ type: 'restoreAll', tabId });
  expect(await dom(page)).toBe(domBefore);
  await page.close();
});

test("a strict page CSP (img-src 'self') still shows the result", async () => {
  const { page, tabId } = await open('/csp.html');
  const before = await shot(page, '#a');
  await stylize(tabId, `${fx.site}/a.png`);
  await expect(page.locator('#a')).toHaveAttribute('data-brushwork', 'done');
  await page.waitForFunction(() => {
    const i = document.querySelector('#a') as HTMLImageElement;
    return i.complete && i.naturalWidth > 0 && i.currentSrc.startsWith('data:');
  });
  expect(Buffer.compare(await shot(page, '#a'), before)).not.toBe(0);
  await page.close();
});

test('a broken image is marked as an error and the page stays intact', async () => {
  const { page, tabId } = await open('/broken.html');
  const domBefore = await dom(page);
  expect(await stylize(tabId, `${fx.site}/missing.png`)).toMatchObject({ ok: true, matched: 1 });
  await expect(page.locator('#x')).toHaveAttribute('data-brushwork', 'error');
  // The runtime keeps serving: the next image still works.
  await stylize(tabId, `${fx.site}/a.png`);
  await expect(page.locator('#a')).toHaveAttribute('data-brushwork', 'done');
  await h.send({ type: 'restoreAll', tabId });
  expect(await dom(page)).toBe(domBefore);
  await page.close();
});

test('intensity re-blends live; 0 looks exactly like the original', async () => {
  const { page, tabId } = await open('/same.html');
  const original = await shot(page, '#a');
  const setIntensity = (intensity: number) =>
    h.control.evaluate(async (value) => {
      const got = await chrome.storage.local.get('settings');
      await chrome.storage.local.set({ settings: { ...(got.settings ?? {}), intensity: value } });
    }, intensity);
  await setIntensity(1);
  await stylize(tabId, `${fx.site}/a.png`);
  await expect(page.locator('#a')).toHaveAttribute('data-brushwork', 'done');
  const full = await shot(page, '#a');
  await setIntensity(0.5);
  await expect.poll(async () => Buffer.compare(await shot(page, '#a'), full) !== 0).toBe(true);
  const half = await shot(page, '#a');
  expect(Buffer.compare(half, original)).not.toBe(0);
  await setIntensity(0);
  await expect.poll(async () => Buffer.compare(await shot(page, '#a'), original)).toBe(0);
  await setIntensity(1);
  await page.close();
});

test('bad messages get {ok:false, error} values, not silence', async () => {
  expect(await h.send({ type: 'stylizeImage', tabId: 'x', srcUrl: 'http://a/' })).toMatchObject({
    ok: false,
    error: expect.stringMatching(/tabId/),
  });
  expect(await h.send({ type: 'stylizeImage', tabId: 1, srcUrl: 'file:///etc/passwd' })).toMatchObject({
    ok: false,
    error: expect.stringMatching(/http/),
  });
  expect(await h.send({ type: 'noSuchThing' })).toMatchObject({ ok: false, error: expect.stringMatching(/unknown message/) });
  expect(await h.send({ type: 'stylizeJob', jobId: 'j', url: 'http://a/', styleId: 'x', width: 1, height: 1, priority: 0 })).toMatchObject({
    ok: false,
    error: expect.stringMatching(/sender/),
  });
});

test('Save stylized image: a picture already painted at its shown size saves at its natural size; a data: JPEG is named after the page, as .jpg (#30)', async () => {
  const { page, tabId } = await open('/save.html');
  await h.send({ type: 'stylizeImage', tabId, srcUrl: `${fx.site}/big.png` });
  await expect(page.locator('#big')).toHaveAttribute('data-brushwork', 'done');
  const toPage = async (message: Record<string, unknown>) => {
    const worker = await h.currentWorker();
    return worker.evaluate(([id, m]) => chrome.tabs.sendMessage(id as number, m), [tabId, message] as const);
  };
  const saved = async (srcUrl: string) => {
    const download = page.waitForEvent('download');
    expect(await toPage({ type: 'page.saveBySrc', srcUrl })).toEqual({ ok: true, saved: 1 });
    const d = await download;
    const body = await page.evaluate(async (url) => [...new Uint8Array(await (await fetch(url)).arrayBuffer())], d.url());
    const meta = await sharp(Buffer.from(body)).metadata();
    return { name: d.suggestedFilename(), format: meta.format, width: meta.width, height: meta.height };
  };
  expect(await saved(`${fx.site}/big.png`)).toEqual({ name: 'big-starry-night.png', format: 'png', width: 480, height: 320 });
  const dataUrl = await page.$eval('#d', (i: HTMLImageElement) => i.src);
  expect(await saved(dataUrl)).toEqual({ name: 'My trip-starry-night.jpg', format: 'jpeg', width: 240, height: 160 });
  await h.send({ type: 'restoreAll', tabId });
  await page.close();
});

test('Save stylized image is capped at the settings’ largest side: a 480×320 picture saved with the largest side at 256', async () => {
  const setMaxSide = (maxSide: number) =>
    h.control.evaluate(async (m) => {
      const got = await chrome.storage.local.get('settings');
      await chrome.storage.local.set({ settings: { ...(got.settings ?? {}), maxSide: m } });
    }, maxSide);
  await setMaxSide(SAVE_CAP);
  try {
    const { page, tabId } = await open('/save.html?cap');
    // The page script comes with a first request, as the menu's ensureContentScript brings it: the other picture painted.
    await stylize(tabId, await page.$eval('#d', (i: HTMLImageElement) => i.src));
    await expect(page.locator('#d')).toHaveAttribute('data-brushwork', 'done');
    const worker = await h.currentWorker();
    const download = page.waitForEvent('download');
    const answer = await worker.evaluate(([id, src]) => chrome.tabs.sendMessage(id as number, { type: 'page.saveBySrc', srcUrl: src }), [
      tabId,
      `${fx.site}/big.png`,
    ] as const);
    expect(answer).toEqual({ ok: true, saved: 1 });
    const d = await download;
    const body = await page.evaluate(async (url) => [...new Uint8Array(await (await fetch(url)).arrayBuffer())], d.url());
    const meta = await sharp(Buffer.from(body)).metadata();
    expect({ name: d.suggestedFilename(), width: meta.width, height: meta.height }).toEqual({
      name: 'big-starry-night.png',
      ...cappedSaveSize({ width: 480, height: 320 }),
    });
    await page.close();
  } finally {
    await setMaxSide(1024);
  }
});

test('one picture: holding Alt shows the original’s exact pixels; keep colours and intensity re-blend it with no model run; the largest side caps the painted size', async () => {
  const patch = (p: Record<string, unknown>) =>
    h.control.evaluate(async (value) => {
      const got = await chrome.storage.local.get('settings');
      await chrome.storage.local.set({ settings: { ...(got.settings ?? {}), ...value } });
    }, p);
  const defaults = { intensity: 1, keepColours: false, maxSide: 1024 };
  await patch(defaults);
  try {
    const { page, tabId } = await open('/same.html?stronger');
    const originalUrl = `${fx.site}/a.png`;
    const shownSrc = () => page.$eval('#a', (i: HTMLImageElement) => i.currentSrc);
    const runs = async () =>
      (await h.send<{ runtime: { recentRunMs: number[] } | null }>({ type: 'getStatus', tabId })).runtime?.recentRunMs.length ?? 0;
    const original = await shot(page, '#a');
    await stylize(tabId, originalUrl);
    await expect(page.locator('#a')).toHaveAttribute('data-brushwork', 'done');
    await expect.poll(async () => Buffer.compare(await shot(page, '#a'), original) !== 0).toBe(true);
    const painted = await shot(page, '#a');

    // Alt held with the pointer on it: the original's very pixels on screen; released: the painting again.
    await page.locator('#a').hover();
    await page.keyboard.down('Alt');
    await expect.poll(async () => Buffer.compare(await shot(page, '#a'), original)).toBe(0);
    await page.keyboard.up('Alt');
    await expect.poll(async () => Buffer.compare(await shot(page, '#a'), painted)).toBe(0);

    // Keep the colours: re-blended from the kept result, the photo's own colours closer; no new model run.
    const runsBefore = await runs();
    expect(runsBefore).toBeLessThan(64); // the runtime keeps the latest 64 run times: the count must be able to grow
    const styled = await shownSrc();
    await patch({ keepColours: true });
    await expect.poll(shownSrc).not.toBe(styled);
    await expect(page.locator('#a')).toHaveAttribute('data-brushwork', 'done');
    const kept = await page.evaluate(comparePictures, [await shownSrc(), originalUrl] as const);
    const plain = await page.evaluate(comparePictures, [styled, originalUrl] as const);
    expect(kept.chromaDistance).toBeLessThan(plain.chromaDistance);
    // Intensity: half-way between the painting and the photo, again from the kept result.
    const coloured = await shownSrc();
    await patch({ keepColours: false, intensity: 0.5 });
    await expect.poll(shownSrc).not.toBe(coloured);
    const half = await page.evaluate(comparePictures, [await shownSrc(), originalUrl] as const);
    expect(half.meanDifference).toBeGreaterThan(0);
    expect(half.meanDifference).toBeLessThan(plain.meanDifference);
    expect(await runs()).toBe(runsBefore);
    await h.send({ type: 'restoreAll', tabId });
    await page.close();

    // The largest side: a picture shown at 320×240 is painted at most 256 wide, at its own aspect ratio.
    await patch({ intensity: 1, maxSide: 256 });
    const again = await open('/same.html?max-side');
    await stylize(again.tabId, originalUrl);
    await expect(again.page.locator('#a')).toHaveAttribute('data-brushwork', 'done');
    const capped = await again.page.evaluate(comparePictures, [
      await again.page.$eval('#a', (i: HTMLImageElement) => i.currentSrc),
      originalUrl,
    ] as const);
    const want = stylizeSize({ width: 320, height: 240 }, { width: 320, height: 240 }, 1, 256);
    expect([capped.width, capped.height]).toEqual([want?.width, want?.height]);
    expect(Math.max(capped.width, capped.height)).toBeLessThanOrEqual(256);
    expect(await again.page.$eval('#a', (i) => i.getBoundingClientRect().width)).toBe(320); // the page's layout kept
    await h.send({ type: 'restoreAll', tabId: again.tabId });
    await again.page.close();
  } finally {
    await patch(defaults);
  }
});
