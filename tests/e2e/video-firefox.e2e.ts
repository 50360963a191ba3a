/**
 * Videos in page mode in Firefox (#27), from the same source: the extension frame, its MessagePort
 * handover and the engine worker work there too (requestVideoFrameCallback is in Firefox ESR 140).
 */
import { expect, test } from '@playwright/test';
import type { Page } from 'puppeteer-core';
import { type FirefoxHarness, launchFirefox } from './fixtures/firefox';
import { type Fixture, html, startFixture } from './fixtures/server';
import { rangedVideo, sceneClip } from './fixtures/video';

let ff: FirefoxHarness;
let fx: Fixture;

test.beforeAll(async () => {
  const clip = await sceneClip({ width: 320, height: 180, frames: 60, fps: 30 });
  fx = await startFixture(
    {
      '/video.html': (req, res, origins) =>
        html(
          `<video id="v" src="/clip.webm" width="320" height="240" muted loop playsinline></video>
           <video id="x" src="${origins.other}/clip.webm" width="320" height="180" muted loop playsinline></video>`,
        )(req, res, origins),
      '/clip.webm': rangedVideo(clip),
    },
    { '/clip.webm': rangedVideo(clip) },
  );
  ff = await launchFirefox();
});

test.afterAll(async () => {
  await ff?.close();
  await fx?.close();
});

const attr = (page: Page, id: string, name: string) =>
  page.evaluate(([i, n]) => document.getElementById(i as string)?.getAttribute(n as string) ?? null, [id, name]);

test('Firefox: a playing video is painted on its overlay, a cross-origin one without CORS is left with its reason, and restore is exact', async () => {
  const { page, tabId } = await ff.openTab(`${fx.site}/video.html`);
  await page.evaluate(() => (document.getElementById('v') as HTMLVideoElement).play());
  const before = await page.evaluate(() => document.documentElement.outerHTML);
  expect(await ff.send({ type: 'setPageMode', tabId, enabled: true })).toMatchObject({ ok: true, enabled: true });
  await expect.poll(() => attr(page, 'v', 'data-brushwork'), { timeout: 60_000 }).toBe('done');
  expect(await page.evaluate(() => document.querySelector('#v + canvas')?.getAttribute('aria-hidden') ?? null)).toBe('true');
  await expect.poll(() => attr(page, 'x', 'data-brushwork'), { timeout: 30_000 }).toBe('skipped');
  expect(await attr(page, 'x', 'data-brushwork-reason')).toMatch(/another site without CORS/);
  expect(await ff.send({ type: 'setPageMode', tabId, enabled: false })).toMatchObject({ ok: true, enabled: false });
  await expect.poll(() => page.evaluate(() => document.documentElement.outerHTML)).toBe(before);
  await page.close();
});
