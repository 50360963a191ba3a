/**
 * Privacy in Debian's firefox-esr (#29), as privacy.e2e.ts proves it in
 * Chromium: during a page-mode run every request Firefox makes, the add-on's
 * background page (where the model runs) included, goes through a logging
 * proxy (Firefox's own network.proxy.* preferences, loopback included), and
 * every one of them is for the page itself or for one of its images. The
 * proxy sees what BiDi's network events would not: requests of the add-on's
 * background page, which is no browsing context of the session.
 */
import { expect, test } from '@playwright/test';
import type { Page } from 'puppeteer-core';
import { type FirefoxHarness, launchFirefox } from './fixtures/firefox';
import { type LoggingProxy, startLoggingProxy } from './fixtures/logging-proxy';
import { bytes, type Fixture, html, scenePng, startFixture } from './fixtures/server';

/**
 * Firefox's own background traffic, which appears with or without Brushwork: HTTPS tunnels to Mozilla's
 * service hosts (measured: Remote Settings, firefox.settings.services.mozilla.com, for the add-on blocklist
 * and the like). Brushwork has no reason to contact any of them (its manifest and code name none);
 * everything else must be the page or its images.
 */
const FIREFOX_OWN = /^CONNECT ([a-z0-9-]+\.)*(mozilla\.(com|net|org)|mozaws\.net|firefox\.com):443$/;

let ff: FirefoxHarness;
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
  ff = await launchFirefox(undefined, {
    prefs: {
      'network.proxy.type': 1, // manual
      'network.proxy.http': '127.0.0.1',
      'network.proxy.http_port': proxy.port,
      'network.proxy.ssl': '127.0.0.1',
      'network.proxy.ssl_port': proxy.port,
      'network.proxy.no_proxies_on': '',
      // Firefox never proxies loopback unless told to; the fixture site is on 127.0.0.1.
      'network.proxy.allow_hijacking_localhost': true,
    },
  });
});

test.afterAll(async () => {
  await ff?.close();
  await fx?.close();
  await proxy?.close();
});

const state = (page: Page, id: string) => page.evaluate((i) => document.getElementById(i)?.getAttribute('data-brushwork') ?? null, id);

test('Firefox: a page-mode run requests only the page and its own images', async () => {
  const { page, tabId } = await ff.openTab(`${fx.site}/gallery.html`);
  const painted = async () => {
    for (const id of ['a', 'b', 'c']) await expect.poll(() => state(page, id), { timeout: 30_000, message: id }).toBe('done');
  };
  expect(await ff.send({ type: 'setPageMode', tabId, enabled: true })).toMatchObject({ ok: true, enabled: true });
  await painted();
  await ff.send({ type: 'setPageMode', tabId, enabled: false });
  await ff.send({ type: 'setPageMode', tabId, enabled: true }); // again: served from the caches
  await painted();
  await ff.send({ type: 'setPageMode', tabId, enabled: false });
  const allowed = new Set(['/gallery.html', '/a.png', '/b.png', '/c.png', '/favicon.ico'].map((p) => `${fx.site}${p}`));
  const ours = proxy.seen.filter((u) => !FIREFOX_OWN.test(u));
  expect(ours.length).toBeGreaterThan(0);
  for (const url of ours) expect(allowed.has(url), url).toBe(true);
  // Each image was fetched at most once by the page and at most once more by the add-on (none here: same-origin bytes come from the page).
  for (const img of ['/a.png', '/b.png']) expect(ours.filter((u) => u === `${fx.site}${img}`).length, img).toBeLessThanOrEqual(2);
  await page.close();
});
