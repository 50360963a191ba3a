/** Bad images and hostile servers: every one ends marked error or skipped, the page intact, the runtime still serving. */
import type http from 'node:http';
import { expect, test } from '@playwright/test';
import { animatedGif, GARBAGE, HTML_AS_PNG, hugePng, SVG, truncatedJpeg } from './fixtures/bad-images';
import { type Harness, launch } from './fixtures/extension';
import { bytes, type Fixture, html, scenePng, startFixture } from './fixtures/server';

let h: Harness;
let fx: Fixture;
const hanging: http.ServerResponse[] = [];
const HUGE = hugePng(30_000, 30_000);

const CASES = [
  ['corrupt', '/corrupt.png', 'error'],
  ['truncated', '/truncated.jpg', /^(done|error)$/], // repainting the part that decodes is fine too
  ['html', '/html.png', 'error'],
  ['e500', '/500.png', 'error'],
  ['loop', '/loop.png', 'error'],
  ['huge', '/huge.png', 'error'],
  ['svg', '/drawing.svg', 'skipped'],
  ['gif', '/anim.gif', 'done'], // an animated GIF is painted frame by frame (#27), read by the extension's own fetcher here
  ['one', '/one.png', 'done'],
] as const;

test.beforeAll(async () => {
  const good = await scenePng(200, 150);
  const one = await scenePng(1, 1);
  const images = CASES.map(([id, path]) => `<img id="${id}" src="${path}" width="200" height="150">`).join('');
  fx = await startFixture(
    {
      '/bad.html': html(`${images}<img id="good" src="/good.png" width="200" height="150">`),
      '/slow.html': html(
        '<img id="slow" src="/never.png" width="200" height="150"><img id="good" src="/good.png" width="200" height="150">',
      ),
      '/removed.html': html('<img id="gone" src="/good.png?gone" width="200" height="150">'),
      '/huge-bg.html': html(
        '<div id="hugebg" style="width:200px;height:150px;background-image:url(/huge-bg.png)"></div>' +
          '<div id="goodbg" style="width:200px;height:150px;background-image:url(/good.png?bg)"></div>',
      ),
      // 8,000² (64 MP): over Brushwork's 50 MP cap, under the size at which Chromium itself calls the file broken.
      '/huge-bg.png': bytes(hugePng(8000, 8000), 'image/png'),
      '/good.png': bytes(good, 'image/png'),
      '/corrupt.png': bytes(GARBAGE, 'image/png'),
      '/truncated.jpg': async (req, res) => bytes(await truncatedJpeg(), 'image/jpeg')(req, res, { site: '', other: '' }),
      '/html.png': bytes(HTML_AS_PNG, 'image/png'),
      '/500.png': (_req, res) => {
        res.writeHead(500);
        res.end('server error');
      },
      '/loop.png': (_req, res) => {
        res.writeHead(302, { location: '/loop.png' });
        res.end();
      },
      // The page's <img> gets a picture Chromium decodes; the bytes Brushwork reads claim 30,000×30,000 in a
      // 250 KB file, so Brushwork's own header check must refuse them before decoding (Chromium never sees them).
      '/huge.png': (req, res) => {
        // An <img> load asks for images (Accept: image/…); fetch() asks for */* (no Sec-Fetch-* headers on plain http).
        const forImg = (req.headers.accept ?? '').includes('image/');
        const body = forImg ? good : HUGE;
        res.writeHead(200, {
          'content-type': 'image/png',
          'content-length': String(body.length),
          'cache-control': 'no-store',
          vary: 'accept',
        });
        res.end(body);
      },
      '/drawing.svg': bytes(SVG, 'image/svg+xml'),
      '/anim.gif': async (req, res) => bytes(await animatedGif(), 'image/gif')(req, res, { site: '', other: '' }),
      '/one.png': bytes(one, 'image/png'),
      '/never.png': (_req, res) => {
        hanging.push(res); // never answers
      },
    },
    {},
    { named: true }, // the extension reads these itself: an address its policy allows
  );
  h = await launch();
});

test.afterAll(async () => {
  for (const r of hanging) r.destroy();
  await h?.close();
  await fx?.close();
});

const open = (path: string) => h.openTab(`${fx.site}${path}`, { waitUntil: 'domcontentloaded' });

test('every bad image ends as error or skipped with a reason, and the good one still works', async () => {
  const { page, tabId } = await open('/bad.html');
  await page.waitForFunction(() => [...document.images].every((i) => i.complete));
  const domBefore = await page.evaluate(() => document.documentElement.outerHTML);
  for (const [id, path] of CASES) {
    const srcUrl = await page.$eval(`#${id}`, (i: HTMLImageElement) => i.currentSrc || i.src);
    expect(srcUrl).toContain(path.split('?')[0]);
    await h.send({ type: 'stylizeImage', tabId, srcUrl });
  }
  for (const [id, , state] of CASES) {
    await expect(page.locator(`#${id}`), id).toHaveAttribute('data-brushwork', state);
    if ((await page.locator(`#${id}`).getAttribute('data-brushwork')) !== 'done')
      expect(await page.locator(`#${id}`).getAttribute('data-brushwork-reason'), id).toMatch(/\w/);
  }
  // Refused by Brushwork's header check, not by Chromium: the page's own <img> decoded fine.
  expect(await page.$eval('#huge', (i: HTMLImageElement) => i.naturalWidth)).toBe(200);
  expect(await page.locator('#huge').getAttribute('data-brushwork-reason')).toMatch(/too large to stylize \(30000×30000/);
  await h.send({ type: 'stylizeImage', tabId, srcUrl: `${fx.site}/good.png` });
  await expect(page.locator('#good')).toHaveAttribute('data-brushwork', 'done');
  await h.send({ type: 'restoreAll', tabId });
  expect(await page.evaluate(() => document.documentElement.outerHTML)).toBe(domBefore);
  await page.close();
});

test('a CSS background whose header claims 8,000² is measured from its header and refused, never decoded (#22)', async () => {
  const { page, tabId } = await open('/huge-bg.html');
  await h.send({ type: 'setPageMode', tabId, enabled: true });
  await expect(page.locator('#goodbg')).toHaveAttribute('data-brushwork', 'done');
  await expect(page.locator('#hugebg')).toHaveAttribute('data-brushwork', 'error');
  expect(await page.locator('#hugebg').getAttribute('data-brushwork-reason')).toMatch(/too large to stylize \(8000×8000\)/);
  await page.close();
});

test('a server that never answers times out instead of hanging', async () => {
  test.setTimeout(60_000);
  const { page, tabId } = await open('/slow.html');
  await h.send({ type: 'stylizeImage', tabId, srcUrl: `${fx.site}/never.png` });
  await h.send({ type: 'stylizeImage', tabId, srcUrl: `${fx.site}/good.png` });
  await expect(page.locator('#good')).toHaveAttribute('data-brushwork', 'done');
  await expect(page.locator('#slow')).toHaveAttribute('data-brushwork', 'error', { timeout: 30_000 });
  expect(await page.locator('#slow').getAttribute('data-brushwork-reason')).toMatch(/did not load within/);
  await page.close();
});

test('an image removed, or its tab closed, while its job runs leaves nothing behind', async () => {
  const { page, tabId } = await open('/removed.html');
  await h.send({ type: 'setPageMode', tabId, enabled: true });
  await page.evaluate(() => document.getElementById('gone')?.remove());
  await page.close();
  // The closed tab's record is forgotten: no page mode and no counts survive it (the badge and popup read these).
  await expect
    .poll(async () => {
      const s = await h.send<{ pageMode: boolean; counts: Record<string, number> }>({ type: 'getStatus', tabId });
      return { pageMode: s.pageMode, counted: Object.values(s.counts).reduce((a, b) => a + b, 0) };
    })
    .toEqual({ pageMode: false, counted: 0 });
  // The runtime keeps serving after the tab went away.
  const { page: again, tabId: tab2 } = await open('/removed.html');
  await h.send({ type: 'stylizeImage', tabId: tab2, srcUrl: `${fx.site}/good.png?gone` });
  await expect(again.locator('#gone')).toHaveAttribute('data-brushwork', 'done');
  const status = await h.send<{ runtime: { queued: number; running: number } | null }>({ type: 'getStatus', tabId: tab2 });
  expect(status.ok).toBe(true);
  await expect
    .poll(async () => (await h.send<{ runtime: { queued: number } | null }>({ type: 'getStatus', tabId: tab2 })).runtime?.queued ?? 0)
    .toBe(0);
  await again.close();
});
