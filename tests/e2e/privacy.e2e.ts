/**
 * Privacy: during a page-mode run, every request the browser makes goes
 * through a logging proxy, and every one of them is for the page itself or
 * for one of its images. Brushwork sends nothing anywhere else.
 */
import { expect, test } from '@playwright/test';
import { type Harness, launch } from './fixtures/extension';
import { GALLERY_IDS, type ProxiedGallery, proxiedGallery } from './fixtures/logging-proxy';

/**
 * Chromium's own background traffic (updaters, account checks), which appears with or without
 * Brushwork: HTTPS CONNECTs to Google's service hosts. Brushwork has no reason to contact any of
 * them (its manifest and code name none); everything else must be the page or its images.
 */
const CHROMIUM_OWN = /^(CONNECT |https?:\/\/)([a-z0-9-]+\.)*(google|googleapis|gvt1|gstatic)\.com(:443$|\/)/;

let h: Harness;
let gallery: ProxiedGallery;

test.beforeAll(async () => {
  gallery = await proxiedGallery();
  // "<-loopback>" makes even 127.0.0.1 go through the proxy.
  h = await launch([
    `--proxy-server=http://127.0.0.1:${gallery.proxy.port}`,
    '--proxy-bypass-list=<-loopback>',
    '--safebrowsing-disable-auto-update',
    '--disable-domain-reliability',
  ]);
});

test.afterAll(async () => {
  await h?.close();
  await gallery?.close();
});

test('a page-mode run requests only the page and its own images', async () => {
  const page = await h.context.newPage();
  await page.goto(gallery.url);
  await h.clickToolbar(page);
  const tabId = await h.tabIdOf(page);
  const painted = async () => {
    for (const id of GALLERY_IDS) await expect(page.locator(`#${id}`)).toHaveAttribute('data-brushwork', 'done');
  };
  await h.send({ type: 'setPageMode', tabId, enabled: true });
  await painted();
  await h.send({ type: 'setPageMode', tabId, enabled: false });
  await h.send({ type: 'setPageMode', tabId, enabled: true }); // again: served from the caches
  await painted();
  gallery.expectOnlyThePageAndItsImages(CHROMIUM_OWN);
  await page.close();
});
