/**
 * The cross-origin rules in Debian's firefox-esr (#29), as cross-origin.e2e.ts
 * proves them in Chromium: the add-on installed with no host access (as a user
 * has it), driven through Firefox's own UI over Marionette
 * (fixtures/firefox-ui.ts). A picture another server serves with CORS is
 * repainted with the toolbar click's access alone (activeTab). The popup's "Allow reading images on all sites"
 * is answered in Firefox's permission panel; then a public picture without
 * CORS is read and repainted, while a loopback address, a redirect into one
 * and a public-looking name that resolves to one (DNS rebinding) are refused
 * and stay unreadable to the page; and results are never shared between
 * sites, as cross-origin.e2e.ts proves in Chromium. Names map to loopback inside this Firefox
 * only (mapHosts), as --host-resolver-rules does for Chromium. The tests run
 * in order: the first grants the access the others rely on.
 */
import { expect, test } from '@playwright/test';
import { brushworkFetches, COOKIE, type CredentialProbe, credentialProbe, identityOf, PICTURE } from './fixtures/credentials';
import { EXTENSION_ORIGIN } from './fixtures/firefox';
import {
  answerPermissionPanel,
  clickInPage,
  clickToolbarButton,
  closePanels,
  type FirefoxUi,
  launchFirefoxUi,
  mapHosts,
  selectedTabId,
  visit,
} from './fixtures/firefox-ui';
import type { Marionette } from './fixtures/marionette';
import { redirectIntoPrivate } from './fixtures/private-redirect';
import { bytes, type Fixture, html, NAMED_HOSTS, NO_ACCESS_TO_OTHER, scenePng, startFixture } from './fixtures/server';

let ui: FirefoxUi;
let m: Marionette;
let fx: Fixture;
let probe: CredentialProbe;
/** The "other" server by its loopback address: what an intranet or localhost service looks like to the page. */
const PRIVATE = `http://${NAMED_HOSTS.other.ip}`;
const OTHER = `http://${NAMED_HOSTS.other.name}`;
const REBOUND = `http://${NAMED_HOSTS.rebind.name}/secret.png?rebound`;
/** One picture, the same URL on both sites that show it: a data: URL, which each page reads itself (why: cross-origin.e2e.ts). */
let SHARED = '';
/** Window handles: the page's tab, and a tab showing the popup's page for it (Marionette cannot enter the panel). */
let pageTab: string;
let popupTab: string;
let tabId: number;

test.beforeAll(async () => {
  const png = await scenePng(160, 120, 5);
  probe = credentialProbe(await scenePng(160, 120, 8));
  SHARED = `<img id="s" src="data:image/png;base64,${(await scenePng(160, 120, 6)).toString('base64')}" width="160" height="120">`;
  const img = (id: string, src: string) => `<img id="${id}" src="${src}" width="160" height="120">`;
  fx = await startFixture(
    {
      '/shared.html': html(SHARED),
      '/page.html': html(
        img('public', `${OTHER}/secret.png`) +
          img('private', `${PRIVATE}/secret.png`) +
          img('redirected', `${OTHER}/to-private.png`) +
          img('rebound', REBOUND) +
          img('cors', `${OTHER}/cors.png`) +
          img('p', `${OTHER}${PICTURE}`),
      ),
    },
    {
      ...probe.otherRoutes,
      '/shared.html': html(SHARED),
      '/secret.png': bytes(png, 'image/png'), // no CORS header: the page cannot read it
      // The same picture served with CORS: what Brushwork may read for the page without any host access.
      '/cors.png': bytes(png, 'image/png', { 'access-control-allow-origin': '*' }),
      // Each request to the redirect target is logged, so the test can see that none was made.
      '/to-private.png': redirectIntoPrivate(png, PRIVATE),
    },
    { named: true },
  );
  ui = await launchFirefoxUi();
  m = ui.marionette;
  await mapHosts(m, Object.values(NAMED_HOSTS));
  await visit(m, `${fx.site}/page.html`);
  pageTab = (await m.command<{ value: string }>('WebDriver:GetWindowHandle')).value;
  tabId = await selectedTabId(m);
  // The toolbar button, clicked on the page: Brushwork may act there (activeTab), and nothing more.
  await clickToolbarButton(m);
  await closePanels(m);
  await m.setContext('content');
  popupTab = (await m.command<{ handle: string }>('WebDriver:NewWindow', { type: 'tab' })).handle;
  await m.command('WebDriver:SwitchToWindow', { handle: popupTab });
  await m.command('WebDriver:Navigate', { url: `${EXTENSION_ORIGIN}/popup.html?tab=${tabId}` });
});

test.afterAll(async () => {
  await ui?.close();
  await fx?.close();
});

async function inTab<T>(handle: string, script: string, args: unknown[] = []): Promise<T> {
  await m.command('WebDriver:SwitchToWindow', { handle });
  await m.setContext('content');
  return m.execute<T>(script, args);
}
/** A message to the add-on, sent from its own popup page as the popup sends them. */
async function send(message: Record<string, unknown>): Promise<Record<string, unknown>> {
  await m.command('WebDriver:SwitchToWindow', { handle: popupTab });
  await m.setContext('content');
  return m.executeAsync(
    `const [message, done] = arguments;
     chrome.runtime.sendMessage(message).then(done, (e) => done({ ok: false, error: String(e) }));`,
    [message],
  );
}
const attr = (id: string, name = 'data-brushwork') =>
  inTab<string | null>(pageTab, 'return document.getElementById(arguments[0])?.getAttribute(arguments[1]) ?? null;', [id, name]);
/** What the page's own script can read of an image's pixels: a pixel sum, or the error the browser raised. */
const readFromPage = (id: string) =>
  inTab<string>(
    pageTab,
    `const img = document.getElementById(arguments[0]);
     const canvas = document.createElement('canvas');
     canvas.width = img.naturalWidth;
     canvas.height = img.naturalHeight;
     const ctx = canvas.getContext('2d');
     ctx.drawImage(img, 0, 0);
     try {
       let sum = 0;
       for (const v of ctx.getImageData(0, 0, canvas.width, canvas.height).data) sum += v;
       return 'read ' + sum;
     } catch (e) {
       return 'refused ' + e.name;
     }`,
    [id],
  );

/** A picture's pixels at 40×30 as the page's own script reads them (a CORS request for another server's). */
async function pixelsInPage(src: string): Promise<number[]> {
  await m.command('WebDriver:SwitchToWindow', { handle: pageTab });
  await m.setContext('content');
  return m.executeAsync<number[]>(
    `const [src, done] = arguments;
     const img = new Image();
     img.crossOrigin = 'anonymous';
     img.src = src;
     img.decode().then(() => {
       const c = document.createElement('canvas');
       c.width = 40;
       c.height = 30;
       const g = c.getContext('2d');
       g.drawImage(img, 0, 0, 40, 30);
       done([...g.getImageData(0, 0, 40, 30).data]);
     });`,
    [src],
  );
}
const meanDifference = (a: number[], b: number[]) => a.reduce((sum, v, i) => sum + Math.abs(v - (b[i] as number)), 0) / a.length;

test('Firefox UI: a picture from another server served with CORS is repainted with no host access, the toolbar click (activeTab) alone', async () => {
  expect(await inTab<boolean>(popupTab, 'return chrome.permissions.contains({ origins: [arguments[0]] });', [`${OTHER}/*`])).toBe(false);
  expect(await send({ type: 'stylizeImage', tabId, srcUrl: `${OTHER}/cors.png` })).toMatchObject({ ok: true, matched: 1 });
  await expect.poll(() => attr('cors'), { timeout: 30_000 }).toBe('done');
  expect(await inTab<string>(pageTab, 'return document.getElementById("cors").currentSrc;')).toMatch(/^data:image\//);
  // Painted, not the server's picture shown again: its pixels differ from the original's.
  const painted = await inTab<string>(pageTab, 'return document.getElementById("cors").currentSrc;');
  expect(meanDifference(await pixelsInPage(painted), await pixelsInPage(`${OTHER}/cors.png`))).toBeGreaterThan(8);
  expect(await send({ type: 'restoreAll', tabId })).toMatchObject({ ok: true, restored: 1 });
  await expect.poll(() => attr('cors')).toBeNull();
  expect(await attr('cors', 'src')).toBe(`${OTHER}/cors.png`);
});

test('Firefox UI: a picture from another server without CORS is left as it is until “Allow reading images on all sites” is answered; then it is repainted', async () => {
  expect(await readFromPage('public')).toBe('refused SecurityError'); // the page itself may not read it
  expect(await send({ type: 'stylizeImage', tabId, srcUrl: `${OTHER}/secret.png` })).toMatchObject({ ok: true, matched: 1 });
  await expect.poll(() => attr('public'), { timeout: 30_000 }).toBe('error');
  expect(await attr('public', 'data-brushwork-reason')).toMatch(NO_ACCESS_TO_OTHER);
  expect(await send({ type: 'restoreAll', tabId })).toMatchObject({ ok: true });
  await expect.poll(() => attr('public')).toBeNull();

  // The popup's button, clicked for real; Firefox's own panel asks, and its Allow button is pressed.
  await m.command('WebDriver:SwitchToWindow', { handle: popupTab });
  await clickInPage(m, '.hint button.link');
  expect(await answerPermissionPanel(m, 'allow')).toContain('Brushwork');
  await expect.poll(() => inTab<boolean>(popupTab, 'return chrome.permissions.contains({ origins: ["<all_urls>"] });')).toBe(true);

  expect(await send({ type: 'stylizeImage', tabId, srcUrl: `${OTHER}/secret.png` })).toMatchObject({ ok: true, matched: 1 });
  await expect.poll(() => attr('public'), { timeout: 30_000 }).toBe('done');
  expect(await inTab<string>(pageTab, 'return document.getElementById("public").currentSrc;')).toMatch(/^data:image\//);
});

test('Firefox UI: with access to all sites, a picture Brushwork fetches itself is fetched without the user’s cookies or the page’s referrer', async () => {
  // The user has visited the other site, which set a cookie; Firefox sends it there (the control).
  await m.setContext('content');
  const { handle } = await m.command<{ handle: string }>('WebDriver:NewWindow', { type: 'tab' });
  await m.command('WebDriver:SwitchToWindow', { handle });
  await visit(m, `${OTHER}/set-cookie.html`);
  await visit(m, `${OTHER}/cookie-check.html`);
  expect(probe.checkRequests.at(-1)?.cookie).toBe(COOKIE);
  await m.command('WebDriver:CloseWindow');

  expect(await readFromPage('p')).toBe('refused SecurityError'); // no CORS: only Brushwork's own fetch can read it
  expect(await send({ type: 'stylizeImage', tabId, srcUrl: `${OTHER}${PICTURE}` })).toMatchObject({ ok: true, matched: 1 });
  await expect.poll(() => attr('p'), { timeout: 30_000 }).toBe('done');
  const fetches = brushworkFetches(probe);
  expect(fetches.length).toBeGreaterThan(0);
  for (const headers of fetches) expect(identityOf(headers)).toEqual({ cookie: '', referer: '' });
});

test('Firefox UI: with access to all sites, a loopback address and a redirect into one are refused, and stay unreadable to the page', async () => {
  for (const src of [`${PRIVATE}/secret.png`, `${OTHER}/to-private.png`])
    expect(await send({ type: 'stylizeImage', tabId, srcUrl: src })).toMatchObject({ ok: true, matched: 1 });
  // The redirect's hop into the private network is never made (#22): the rules block it before it leaves.
  await expect.poll(() => attr('redirected'), { timeout: 30_000 }).toBe('error');
  expect(await attr('redirected', 'data-brushwork-reason')).toMatch(/a redirect into your own network/);
  expect(fx.requests.filter((r) => r.includes('via-redirect'))).toEqual([]);
  // The page's load and Brushwork's (Firefox's content script tries with the add-on's access first, then the background).
  expect(fx.requests.filter((r) => r.endsWith('/to-private.png')).length).toBeGreaterThanOrEqual(2);
  expect(await readFromPage('redirected')).toBe('refused SecurityError');
  await expect.poll(() => attr('private'), { timeout: 30_000 }).toBe('skipped');
  expect(await attr('private', 'data-brushwork-reason')).toMatch(/does not read pictures from (local network|non-standard)/);
  expect(await readFromPage('private')).toBe('refused SecurityError');
  expect(await attr('private', 'src')).toBe(`${PRIVATE}/secret.png`);
});

test('Firefox UI: a public-looking name that resolves to a private address (DNS rebinding) is refused by the address the answer came from', async () => {
  expect(await send({ type: 'stylizeImage', tabId, srcUrl: REBOUND })).toMatchObject({ ok: true, matched: 1 });
  // Firefox's webRequest reports the server address; it follows BRUSHWORK_E2E_LOOPBACK_NET (fixtures/server.ts).
  // State and reason together, so that a failure says why.
  await expect
    .poll(async () => `${await attr('rebound')}: ${await attr('rebound', 'data-brushwork-reason')}`, { timeout: 30_000 })
    .toContain(`skipped: Brushwork does not read pictures from local network addresses (rebind.test is ${NAMED_HOSTS.rebind.ip})`);
  expect(await readFromPage('rebound')).toBe('refused SecurityError');
  // The control on the same server: the name the test build lists as public was read (the first test).
  expect(await attr('public')).toBe('done');
});

test('Firefox: results are never shared between sites; the same site still hits the cache', async () => {
  const runs = async () =>
    ((await send({ type: 'getStatus', tabId })) as { runtime: { recentRunMs: number[] } | null }).runtime?.recentRunMs.length ?? 0;
  const stylizeIn = async (origin: string, tab: string) => {
    await m.setContext('content');
    const { handle } = await m.command<{ handle: string }>('WebDriver:NewWindow', { type: 'tab' });
    await m.command('WebDriver:SwitchToWindow', { handle });
    await visit(m, `${origin}/shared.html?tab=${tab}`);
    const id = await selectedTabId(m);
    const srcUrl = await inTab<string>(handle, 'return document.getElementById("s").currentSrc;');
    expect(await send({ type: 'stylizeImage', tabId: id, srcUrl })).toMatchObject({ ok: true, matched: 1 });
    await expect
      .poll(() => inTab<string | null>(handle, 'return document.getElementById("s").getAttribute("data-brushwork");'), { timeout: 30_000 })
      .toBe('done');
    return handle;
  };
  const a = await stylizeIn(fx.site, 'a');
  const before = await runs();
  expect(before).toBeLessThan(64); // the runtime keeps the latest 64 run times: the count below must be able to grow
  const b = await stylizeIn(fx.other, 'b'); // another site showing the same URL: computed again, from its own read
  expect(await runs()).toBe(before + 1);
  const c = await stylizeIn(fx.site, 'c'); // the first site again: served from the cache
  expect(await runs()).toBe(before + 1);
  for (const handle of [a, b, c]) {
    await m.command('WebDriver:SwitchToWindow', { handle });
    await m.command('WebDriver:CloseWindow');
  }
});
