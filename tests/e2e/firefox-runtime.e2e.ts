/**
 * The one runtime in Debian's firefox-esr (#29), as recovery.e2e.ts and
 * stylize-image.e2e.ts prove it in Chromium: five tabs in page mode share the
 * background page's runtime (Firefox's stand-in for the offscreen document)
 * and its bounded queue, bad messages are answered with `{ok: false}` and a
 * typed kind, never with silence, and the engines run the kernel build this
 * Firefox validates (relaxed SIMD or plain) and paint with it. Driven over WebDriver BiDi
 * (fixtures/firefox.ts); this file's Firefox is its own, so the runtime's
 * record of the most jobs waiting at once is the five tabs' alone.
 */
import { expect, test } from '@playwright/test';
import type { Page } from 'puppeteer-core';
import { PAGE_JOBS_IN_FLIGHT } from '../../src/page/controller/job-window';
import { RELAXED_PROBE } from '../../src/runtime/kernel/load';
import { type FirefoxHarness, launchFirefox } from './fixtures/firefox';
import { compare } from './fixtures/firefox-pixels';
import { bytes, type Fixture, html, scenePng, startFixture } from './fixtures/server';

let ff: FirefoxHarness;
let fx: Fixture;
const TABS = 5;
const PER_TAB = 10;

test.beforeAll(async () => {
  const routes: Parameters<typeof startFixture>[0] = {
    '/tab.html': (req, res, origins) => {
      const t = new URL(req.url ?? '/', 'http://x').searchParams.get('t');
      const grid = Array.from({ length: PER_TAB }, (_, i) => `<img class="p" src="/img/${t}-${i}.png" width="320" height="240">`);
      return html(grid.join(''))(req, res, origins);
    },
    '/kernel.html': html('<img id="k" src="/kernel.png" width="320" height="240">'),
    '/kernel.png': bytes(await scenePng(320, 240, 99), 'image/png'),
  };
  // A picture of its own for every place: results and jobs are keyed by the bytes' SHA-256, and equal
  // pictures would share one job, leaving the queue nothing to hold.
  for (let t = 0; t < TABS; t++)
    for (let i = 0; i < PER_TAB; i++) routes[`/img/${t}-${i}.png`] = bytes(await scenePng(320, 240, 1 + t * PER_TAB + i), 'image/png');
  fx = await startFixture(routes, {});
  ff = await launchFirefox();
});

test.afterAll(async () => {
  await ff?.close();
  await fx?.close();
});

const states = (page: Page) => page.evaluate(() => [...document.querySelectorAll('img.p')].map((i) => i.getAttribute('data-brushwork')));

test('Firefox: five tabs in page mode all finish on the one runtime (the background page), and the queue stays bounded', async () => {
  test.setTimeout(180_000);
  const tabs: { page: Page; tabId: number }[] = [];
  for (let t = 0; t < TABS; t++) tabs.push(await ff.openTab(`${fx.site}/tab.html?t=${t}`));
  const answers = await Promise.all(tabs.map(({ tabId }) => ff.send({ type: 'setPageMode', tabId, enabled: true })));
  for (const a of answers) expect(a).toMatchObject({ ok: true, enabled: true });
  for (const [t, { page }] of tabs.entries())
    await expect
      .poll(async () => (await states(page)).filter((s) => s === 'done').length, { timeout: 120_000, message: `tab ${t}` })
      .toBe(PER_TAB);
  // The runtime's own record of the most jobs waiting at once, not a timer's samples: each page has at most
  // PAGE_JOBS_IN_FLIGHT jobs out, so five pages can never have more waiting than five windows' worth.
  const status = await ff.send<{ runtime: { queued: number; running: number; peakQueued: number } | null }>({
    type: 'getStatus',
    tabId: 0,
  });
  expect(status.runtime?.peakQueued).toBeLessThanOrEqual(TABS * PAGE_JOBS_IN_FLIGHT);
  expect(status.runtime).toMatchObject({ queued: 0, running: 0 });
  // Each tab's count, which its content script reports after painting (so it may trail the page by a message).
  for (const { tabId } of tabs)
    await expect.poll(async () => (await ff.send<{ counts: { done: number } }>({ type: 'getStatus', tabId })).counts.done).toBe(PER_TAB);
  for (const { tabId } of tabs) await ff.send({ type: 'setPageMode', tabId, enabled: false });
  for (const { page } of tabs) await page.close();
});

test('Firefox: bad messages are answered with {ok: false}, a typed kind and a reason, never with silence', async () => {
  const invalid = (error: RegExp) => ({ ok: false, kind: 'invalid', error: expect.stringMatching(error) });
  // Malformed: a field of the wrong type, a URL that is not http(s), a message that is no object, an unknown type,
  // and a name only Object.prototype knows.
  expect(await ff.send({ type: 'stylizeImage', tabId: 'x', srcUrl: 'http://a/' })).toMatchObject(invalid(/tabId/));
  expect(await ff.send({ type: 'stylizeImage', tabId: 1, srcUrl: 'file:///etc/passwd' })).toMatchObject(invalid(/http/));
  expect(await ff.send({ type: 'setPageMode', tabId: 1, enabled: 'yes' })).toMatchObject(invalid(/enabled/));
  expect(await ff.control.evaluate(() => chrome.runtime.sendMessage('stylize everything'))).toMatchObject(invalid(/string "type"/));
  expect(await ff.send({ type: 'noSuchThing' })).toMatchObject(invalid(/unknown message/));
  expect(await ff.send({ type: 'toString' })).toMatchObject(invalid(/unknown message/));
  // The wrong sender: what only the content script may send, and what only the runtime's host may, sent from a page of the add-on.
  const job = { jobId: 'j', url: 'http://a/', styleId: 'starry-night', width: 1, height: 1, priority: 0 };
  expect(await ff.send({ type: 'stylizeJob', ...job })).toMatchObject(invalid(/sender/));
  expect(await ff.send({ type: 'offscreenIdle' })).toMatchObject(invalid(/sender/));
  // And the add-on still serves a good one after them.
  expect(await ff.send({ type: 'getStatus', tabId: 0 })).toMatchObject({ ok: true });
});

test('Firefox: the engines run the SIMD kernel in the build this Firefox validates, relaxed SIMD (FMA) where it does, and it paints (#27)', async () => {
  // Firefox's own answer, from an add-on page (the same engine as the background page): ESR 153 validates
  // f32x4.relaxed_madd, so its relaxed build must run; a Firefox that did not must get the plain SIMD build.
  const validates = await ff.control.evaluate((probe) => WebAssembly.validate(new Uint8Array(probe)), [...RELAXED_PROBE]);
  const { page, tabId } = await ff.openTab(`${fx.site}/kernel.html`);
  type Runtime = { kernel: boolean; kernelRelaxed?: boolean } | null;
  expect(await ff.send({ type: 'stylizeImage', tabId, srcUrl: `${fx.site}/kernel.png` })).toMatchObject({ ok: true, matched: 1 });
  await expect
    .poll(() => page.evaluate(() => document.getElementById('k')?.getAttribute('data-brushwork') ?? null), { timeout: 30_000 })
    .toBe('done');
  const { runtime } = await ff.send<{ runtime: Runtime }>({ type: 'getStatus', tabId });
  expect(runtime).toMatchObject({ kernel: true, kernelRelaxed: validates });
  // firefox-esr 153 validates it (firefox.e2e.ts pins that); which build ran is in the report either way.
  test.info().annotations.push({ type: 'kernel', description: validates ? 'relaxed SIMD (FMA) build' : 'plain SIMD build' });
  // It painted: a picture this Firefox never saw before (no kept result to answer from) shows repainted, at its natural size.
  const shown = await page.evaluate(() => (document.getElementById('k') as HTMLImageElement).currentSrc);
  expect(shown).toMatch(/^data:image\//);
  const painted = await compare(page, shown, `${fx.site}/kernel.png`);
  expect(painted).toMatchObject({ width: 320, height: 240 });
  expect(painted.meanDifference).toBeGreaterThan(10);
  await page.close();
});
