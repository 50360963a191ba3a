/**
 * Recovery in Debian's firefox-esr (#29), as recovery.e2e.ts and
 * never-twice.e2e.ts prove it in Chromium: Firefox stops an idle event page
 * (the background page, where the model runs) and a person can stop it from
 * about:debugging. Here it is stopped that same way, from Marionette's chrome
 * context (fixtures/firefox-ui.ts, terminateBackground): jobs in flight are
 * sent again, not lost, and a picture painted before the stop is answered
 * from the persistent store afterwards, not painted twice. The add-on holds
 * access to all sites, so the page and its messages need no toolbar click.
 */
import { expect, test } from '@playwright/test';
import { EXTENSION_ORIGIN, extensionWithAllSites } from './fixtures/firefox';
import { type FirefoxUi, launchFirefoxUi, selectedTabId, terminateBackground, visit } from './fixtures/firefox-ui';
import type { Marionette } from './fixtures/marionette';
import { bytes, type Fixture, html, scenePng, startFixture } from './fixtures/server';

let ui: FirefoxUi;
let m: Marionette;
let fx: Fixture;
/** Enough that stopping the background page, which takes a moment, still finds jobs in flight. */
const PICTURES = 24;
/** Window handles: the page's, and a window of its own showing the popup's page (both stay in front). */
let pageWindow: string;
let popupWindow: string;
let tabId: number;

test.beforeAll(async () => {
  const grid = (n: number) =>
    Array.from({ length: n }, (_, i) => `<img class="p" src="/big.png?n=${i}" width="320" height="240">`).join('');
  fx = await startFixture(
    {
      '/grid.html': html(grid(PICTURES)),
      '/one.html': html('<img id="a" class="p" src="/a.png" width="320" height="240">'),
      '/big.png': bytes(await scenePng(640, 480, 3), 'image/png'),
      '/a.png': bytes(await scenePng(320, 240, 5), 'image/png'),
    },
    {},
  );
  ui = await launchFirefoxUi(extensionWithAllSites());
  m = ui.marionette;
  await m.setContext('content');
  pageWindow = (await m.command<{ value: string }>('WebDriver:GetWindowHandle')).value;
  tabId = await selectedTabId(m);
  await m.setContext('content');
  popupWindow = (await m.command<{ handle: string }>('WebDriver:NewWindow', { type: 'window' })).handle;
  await m.command('WebDriver:SwitchToWindow', { handle: popupWindow });
  await m.command('WebDriver:Navigate', { url: `${EXTENSION_ORIGIN}/popup.html?tab=${tabId}` });
});

test.afterAll(async () => {
  await ui?.close();
  await fx?.close();
});

async function inPage<T>(script: string, args: unknown[] = []): Promise<T> {
  await m.command('WebDriver:SwitchToWindow', { handle: pageWindow });
  await m.setContext('content');
  return m.execute<T>(script, args);
}
/** A message to the add-on, sent from its own popup page as the popup sends them. */
async function send<T = Record<string, unknown>>(message: Record<string, unknown>): Promise<T & { ok: boolean }> {
  await m.command('WebDriver:SwitchToWindow', { handle: popupWindow });
  await m.setContext('content');
  return m.executeAsync(
    `const [message, done] = arguments;
     chrome.runtime.sendMessage(message).then(done, (e) => done({ ok: false, error: String(e) }));`,
    [message],
  );
}
async function open(path: string): Promise<void> {
  await m.command('WebDriver:SwitchToWindow', { handle: pageWindow });
  await visit(m, `${fx.site}${path}`);
}
const states = () =>
  inPage<(string | null)[]>(`return [...document.querySelectorAll('img.p')].map((i) => i.getAttribute('data-brushwork'));`);
const count = async (state: string) => (await states()).filter((s) => s === state).length;
const runs = async () =>
  (await send<{ runtime: { recentRunMs: number[] } | null }>({ type: 'getStatus', tabId })).runtime?.recentRunMs.length ?? 0;

test('Firefox: jobs in flight when Firefox stops the background page are sent again, not lost', async () => {
  test.setTimeout(120_000);
  await open('/grid.html');
  expect(await send({ type: 'setPageMode', tabId, enabled: true })).toMatchObject({ ok: true, enabled: true });
  await expect.poll(() => count('pending')).toBeGreaterThan(0);
  expect(await terminateBackground(m)).toBe('stopped');
  // Stopped mid-queue: pictures were still waiting for the runtime that just went away.
  expect(await count('pending')).toBeGreaterThan(0);
  await expect.poll(() => count('done'), { timeout: 90_000 }).toBe(PICTURES);
  expect(await states()).toEqual(Array(PICTURES).fill('done'));
  await send({ type: 'setPageMode', tabId, enabled: false });
});

test('Firefox: a picture is not stylized twice after the background page stopped and started again', async () => {
  test.setTimeout(90_000);
  await open('/one.html');
  const srcUrl = `${fx.site}/a.png`;
  const src = () => inPage<string | null>(`return document.getElementById('a').getAttribute('src');`);
  expect(await send({ type: 'stylizeImage', tabId, srcUrl })).toMatchObject({ ok: true, matched: 1 });
  await expect.poll(() => count('done'), { timeout: 30_000 }).toBe(1);
  const first = await src();
  expect(await runs()).toBeGreaterThanOrEqual(1);
  // The result goes to the page first and to the persistent store just after: wait for that write.
  await expect
    .poll(async () => (await send<{ runtime: { persisting: number } | null }>({ type: 'getStatus', tabId })).runtime?.persisting)
    .toBe(0);
  expect(await send({ type: 'restoreAll', tabId })).toMatchObject({ ok: true, restored: 1 });
  await expect.poll(() => count('done')).toBe(0);

  expect(await terminateBackground(m)).toBe('stopped');
  expect(await send({ type: 'stylizeImage', tabId, srcUrl })).toMatchObject({ ok: true, matched: 1 });
  await expect.poll(() => count('done'), { timeout: 30_000 }).toBe(1);
  expect(await runs()).toBe(0); // a fresh background page, and no model run: the persistent store answered
  expect(await src()).toBe(first);
});
