/**
 * Refusals are told in the page (#30 point 4), in Chromium: a picture
 * Brushwork leaves as it is (an SVG drawing, a picture from a private address)
 * gets the same short in-page message with its reason as a broken one. The
 * message lives in the indicator's closed shadow root, which the page's
 * scripts cannot reach: the test reads it through the DevTools protocol
 * (DOM.getDocument with pierce: true crosses closed roots). With "hide
 * originals" on, the README's promise holds: only pictures waiting for their
 * turn are transparent; a refused one shows again, with its message.
 */
import { expect, type Page, test } from '@playwright/test';
import { SVG } from './fixtures/bad-images';
import { type Harness, launch } from './fixtures/extension';
import { chromiumMessages, chromiumSpinners, messagesUntil } from './fixtures/indicator';
import { bytes, type Fixture, html, NAMED_HOSTS, NO_ACCESS_TO_OTHER, scenePng, startFixture } from './fixtures/server';
import { heldPicture } from './fixtures/spinner';

let h: Harness;
let fx: Fixture;
const held = heldPicture();
const PRIVATE = `http://${NAMED_HOSTS.other.ip}/img/3.png`;

test.beforeAll(async () => {
  const pictures: Record<string, ReturnType<typeof bytes>> = {};
  for (let i = 0; i < 3; i++) pictures[`/img/${i}.png`] = bytes(await scenePng(240, 160, i + 1), 'image/png');
  const pictureRow =
    `<img id="ok" src="/img/0.png" width="240" height="160">` +
    `<img id="private" src="${PRIVATE}" width="240" height="160">` +
    `<img id="broken" src="/missing.png" width="120" height="90" alt="broken">`;
  fx = await startFixture(
    {
      '/menu.html': html(`${pictureRow}<img id="svg" src="/drawing.svg" width="200" height="150">`),
      // Another site's picture without CORS, which activeTab gives no access to, fails to be read (an error).
      '/page.html': html(
        `<img id="ok" src="/img/0.png" width="240" height="160"><img id="private" src="${PRIVATE}" width="240" height="160">` +
          `<img id="nocors" src="http://${NAMED_HOSTS.other.name}/img/4.png" width="240" height="160">`,
      ),
      // A broken picture among good ones, and one with no size of its own (shown as its alt text's box).
      '/broken-page.html': html(
        `<img id="ok" src="/img/0.png" width="240" height="160"><img id="broken" src="/missing.png" width="120" height="90" alt="broken">` +
          `<img id="unsized" src="/missing.png?unsized" alt="a photo that failed">`,
      ),
      '/drawing.svg': bytes(SVG, 'image/svg+xml'),
      '/favicon.ico': bytes(Buffer.from('R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7', 'base64'), 'image/gif'),
      ...pictures,
      ...held.routes,
    },
    { '/img/3.png': bytes(await scenePng(240, 160, 8), 'image/png'), '/img/4.png': bytes(await scenePng(240, 160, 9), 'image/png') },
    { named: true },
  );
  h = await launch();
});

test.afterAll(async () => {
  held.release();
  await h?.close();
  await fx?.close();
});

const messagesIn = (page: Page, wanted: RegExp[]) => messagesUntil(() => chromiumMessages(page), wanted);

const state = (page: Page, id: string) => page.locator(`#${id}`).getAttribute('data-brushwork');
const reason = (page: Page, id: string) => page.locator(`#${id}`).getAttribute('data-brushwork-reason');

test('Stylize image on a refused picture (an SVG, one from a private address) tells why in the page, as on a broken one', async () => {
  const { page, tabId } = await h.openTab(`${fx.site}/menu.html`);
  for (const [id, src, told] of [
    ['svg', `${fx.site}/drawing.svg`, /leaves this image as it is.*SVG/i],
    ['private', PRIVATE, /leaves this image as it is.*(your own|network|private|address)/i],
    ['broken', `${fx.site}/missing.png`, /could not be read/i],
  ] as const) {
    await h.send({ type: 'stylizeImage', tabId, srcUrl: src });
    await expect.poll(() => state(page, id), { timeout: 30_000 }).toMatch(/^(error|skipped)$/);
    const messages = await messagesIn(page, [told]);
    expect(messages.filter((m) => told.test(m))).toHaveLength(1);
    if (id !== 'broken') expect(messages.find((m) => told.test(m))).toContain((await reason(page, id)) ?? '\u0000');
  }
  await page.close();
});

test('page mode with "hide originals": a refused or unreadable picture shows again with its message; only waiting ones were hidden', async () => {
  await h.control.evaluate(async () => {
    const got = await chrome.storage.local.get('settings');
    await chrome.storage.local.set({ settings: { ...(got.settings ?? {}), hideOriginals: true } });
  });
  try {
    const { page, tabId } = await h.openTab(`${fx.site}/page.html`);
    await h.send({ type: 'setPageMode', tabId, enabled: true });
    const messages = messagesIn(page, [/leaves this image as it is/i, NO_ACCESS_TO_OTHER]);
    const states = async () => ({
      ok: await state(page, 'ok'),
      private: await state(page, 'private'),
      nocors: await state(page, 'nocors'),
    });
    await expect.poll(states, { timeout: 30_000 }).toEqual({ ok: 'done', private: 'skipped', nocors: 'error' });
    expect((await messages).length).toBeGreaterThanOrEqual(2);
    // README: "pictures waiting for their turn are transparent" — a refused one is not waiting: it shows.
    for (const id of ['ok', 'private', 'nocors']) expect(await page.$eval(`#${id}`, (el) => getComputedStyle(el).opacity)).toBe('1');
    await h.send({ type: 'setPageMode', tabId, enabled: false });
    await page.close();
  } finally {
    await h.control.evaluate(async () => {
      const got = await chrome.storage.local.get('settings');
      await chrome.storage.local.set({ settings: { ...(got.settings ?? {}), hideOriginals: false } });
    });
  }
});

test('page mode: a broken picture is marked with the same short message as Stylize image gives it; with "hide originals" it shows', async () => {
  await h.control.evaluate(async () => {
    const got = await chrome.storage.local.get('settings');
    await chrome.storage.local.set({ settings: { ...(got.settings ?? {}), hideOriginals: true } });
  });
  try {
    const { page, tabId } = await h.openTab(`${fx.site}/broken-page.html`);
    await page.waitForFunction(() => [...document.images].every((i) => i.complete));
    await h.send({ type: 'setPageMode', tabId, enabled: true });
    const messages = messagesIn(page, [/could not be read/i]);
    await expect.poll(() => state(page, 'ok'), { timeout: 30_000 }).toBe('done');
    await expect.poll(() => state(page, 'broken'), { timeout: 30_000 }).toBe('error');
    expect(await reason(page, 'broken')).toMatch(/did not load/);
    expect((await messages).filter((m) => /could not be read/i.test(m))).toHaveLength(1);
    expect(await page.$eval('#broken', (el) => getComputedStyle(el).opacity)).toBe('1');
    // Shown as a small broken-image icon or its alt text: not a picture a person sees, left unmarked.
    expect(await state(page, 'unsized')).toBeNull();
    await h.send({ type: 'setPageMode', tabId, enabled: false });
    await page.close();
  } finally {
    await h.control.evaluate(async () => {
      const got = await chrome.storage.local.get('settings');
      await chrome.storage.local.set({ settings: { ...(got.settings ?? {}), hideOriginals: false } });
    });
  }
});

test('a spinner sits on a picture while its job runs, and is gone when it is done', async () => {
  const { page, tabId } = await h.openTab(`${fx.site}/spinner.html`, { viewport: { width: 1000, height: 700 } });
  await page.waitForFunction(() => (document.getElementById('spin') as HTMLImageElement).complete);
  expect(await chromiumSpinners(page)).toBe(0);
  expect(await h.send({ type: 'stylizeImage', tabId, srcUrl: `${fx.site}/spinner.png` })).toMatchObject({ ok: true, matched: 1 });
  // Brushwork's read of the picture is held by the server: the job is running while the spinner is looked for.
  await expect.poll(() => held.waiting()).toBeGreaterThan(0);
  await expect.poll(() => chromiumSpinners(page)).toBe(1);
  expect(await state(page, 'spin')).toBe('pending');
  held.release();
  await expect(page.locator('#spin')).toHaveAttribute('data-brushwork', 'done');
  await expect.poll(() => chromiumSpinners(page)).toBe(0);
  await h.send({ type: 'restoreAll', tabId });
  await page.close();
});
