/**
 * Privacy: during a page-mode run, every request the browser makes goes
 * through a logging proxy, and every one of them is for the page itself or
 * for one of its images. Brushwork sends nothing anywhere else.
 */
import { expect, test } from '@playwright/test';
import { type Harness, launch } from './fixtures/extension';
import { type LoggingProxy, startLoggingProxy } from './fixtures/logging-proxy';
import { bytes, type Fixture, html, scenePng, startFixture } from './fixtures/server';

/**
 * Chromium's own background traffic (updaters, account checks), which appears with or without
 * Brushwork: HTTPS CONNECTs to Google's service hosts. Brushwork has no reason to contact any of
 * them (its manifest and code name none); everything else must be the page or its images.
 */
const CHROMIUM_OWN = /^(CONNECT |https?:\/\/)([a-z0-9-]+\.)*(google|googleapis|gvt1|gstatic)\.com(:443$|\/)/;

let h: Harness;
let fx: Fixture;
let proxy: LoggingProxy;

test.beforeAll(async () => {
  const pngs = await Promise.all([0, 1, 2].map((i) => scenePng(200, 150, i)));
  fx = await startFixture(
    {
      '/gallery.html': html(
        '<img id="a" src="/a.png" width="200" height="150"><img id="b" src="/b.png" width="200" height="150"><div id="c" style="width:200px;height:150px;background:url(/c.png) center/cover"></div>',
      ),
      '/a.png': bytes(pngs[0] as Buffer, 'image/png'),
      '/b.png': bytes(pngs[1] as Buffer, 'image/png'),
      '/c.png': bytes(pngs[2] as Buffer, 'image/png'),
    },
    {},
  );
  proxy = await startLoggingProxy(() => fx.site);
  // "<-loopback>" makes even 127.0.0.1 go through the proxy.
  h = await launch([
    `--proxy-server=http://127.0.0.1:${proxy.port}`,
    '--proxy-bypass-list=<-loopback>',
    '--safebrowsing-disable-auto-update',
    '--disable-domain-reliability',
  ]);
});

test.afterAll(async () => {
  await h?.close();
  await fx?.close();
  await proxy?.close();
});

test('a page-mode run requests only the page and its own images', async () => {
  const page = await h.context.newPage();
  await page.goto(`${fx.site}/gallery.html`);
  await h.clickToolbar(page);
  const tabId = await h.tabIdOf(page);
  await h.send({ type: 'setPageMode', tabId, enabled: true });
  for (const id of ['#a', '#b', '#c']) await expect(page.locator(id)).toHaveAttribute('data-brushwork', 'done');
  await h.send({ type: 'setPageMode', tabId, enabled: false });
  await h.send({ type: 'setPageMode', tabId, enabled: true }); // again: served from the caches
  for (const id of ['#a', '#b', '#c']) await expect(page.locator(id)).toHaveAttribute('data-brushwork', 'done');
  const allowed = new Set(['/gallery.html', '/a.png', '/b.png', '/c.png', '/favicon.ico'].map((p) => `${fx.site}${p}`));
  const ours = proxy.seen.filter((u) => !CHROMIUM_OWN.test(u));
  expect(ours.length).toBeGreaterThan(0);
  for (const url of ours) expect(allowed.has(url), url).toBe(true);
  // Each image was fetched at most once by the page and at most once more by the extension (none here: same-origin bytes come from the page).
  for (const img of ['/a.png', '/b.png']) expect(ours.filter((u) => u === `${fx.site}${img}`).length, img).toBeLessThanOrEqual(2);
  await page.close();
});
