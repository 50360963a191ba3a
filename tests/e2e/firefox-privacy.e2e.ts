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
import { GALLERY_IDS, type ProxiedGallery, proxiedGallery } from './fixtures/logging-proxy';

/**
 * Firefox's own background traffic, which appears with or without Brushwork: HTTPS tunnels to Mozilla's
 * service hosts (measured: Remote Settings, firefox.settings.services.mozilla.com, for the add-on blocklist
 * and the like). Brushwork has no reason to contact any of them (its manifest and code name none);
 * everything else must be the page or its images.
 */
const FIREFOX_OWN = /^CONNECT ([a-z0-9-]+\.)*(mozilla\.(com|net|org)|mozaws\.net|firefox\.com):443$/;

let ff: FirefoxHarness;
let gallery: ProxiedGallery;

test.beforeAll(async () => {
  gallery = await proxiedGallery();
  ff = await launchFirefox(undefined, {
    prefs: {
      'network.proxy.type': 1, // manual
      'network.proxy.http': '127.0.0.1',
      'network.proxy.http_port': gallery.proxy.port,
      'network.proxy.ssl': '127.0.0.1',
      'network.proxy.ssl_port': gallery.proxy.port,
      'network.proxy.no_proxies_on': '',
      // Firefox never proxies loopback unless told to; the fixture site is on 127.0.0.1.
      'network.proxy.allow_hijacking_localhost': true,
    },
  });
});

test.afterAll(async () => {
  await ff?.close();
  await gallery?.close();
});

const state = (page: Page, id: string) => page.evaluate((i) => document.getElementById(i)?.getAttribute('data-brushwork') ?? null, id);

test('Firefox: a page-mode run requests only the page and its own images', async () => {
  const { page, tabId } = await ff.openTab(gallery.url);
  const painted = async () => {
    for (const id of GALLERY_IDS) await expect.poll(() => state(page, id), { timeout: 30_000, message: id }).toBe('done');
  };
  expect(await ff.send({ type: 'setPageMode', tabId, enabled: true })).toMatchObject({ ok: true, enabled: true });
  await painted();
  await ff.send({ type: 'setPageMode', tabId, enabled: false });
  await ff.send({ type: 'setPageMode', tabId, enabled: true }); // again: served from the caches
  await painted();
  await ff.send({ type: 'setPageMode', tabId, enabled: false });
  gallery.expectOnlyThePageAndItsImages(FIREFOX_OWN);
  await page.close();
});
