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
      // Shown at half its size: resized on capture. Firefox ESR 153 makes BGRA VideoFrames from a <video>, so its
      // frames go as bitmaps (video-planes.ts says why not packed pixels); the colours must hold.
      '/small.html': html(`<video id="small" src="/clip.webm#t=0.25" width="160" height="90" muted playsinline></video>`),
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
  // The CSP watcher's 1-px probe (csp-probe.ts) removes itself within 200 ms of page mode starting: wait for it.
  await expect.poll(() => page.evaluate(() => document.documentElement.outerHTML)).toBe(before);
  await page.close();
});

test('Firefox: a video shown smaller than its frames is painted from bitmaps, and at intensity 0 shows its own picture in its own colours', async () => {
  const { page, tabId } = await ff.openTab(`${fx.site}/small.html`);
  await page.waitForFunction(() => (document.getElementById('small') as HTMLVideoElement).readyState >= 2);
  /** Mean difference between the overlay and the video's own picture, each drawn at 80×45. */
  const diff = () =>
    page.evaluate(() => {
      const v = document.getElementById('small') as HTMLVideoElement;
      const draw = (src: CanvasImageSource) => {
        const c = document.createElement('canvas');
        c.width = 80;
        c.height = 45;
        const ctx = c.getContext('2d') as CanvasRenderingContext2D;
        ctx.drawImage(src, 0, 0, 80, 45);
        return ctx.getImageData(0, 0, 80, 45).data;
      };
      const a = draw(v.nextElementSibling as HTMLCanvasElement);
      const b = draw(v);
      let sum = 0;
      for (let i = 0; i < a.length; i++) sum += Math.abs((a[i] as number) - (b[i] as number));
      return sum / a.length;
    });
  const intensity = (value: number) =>
    ff.control.evaluate(async (i: number) => {
      const got = await chrome.storage.local.get('settings');
      await chrome.storage.local.set({ settings: { ...(got.settings ?? {}), intensity: i } });
    }, value);
  try {
    await ff.send({ type: 'setPageMode', tabId, enabled: true });
    await expect.poll(() => attr(page, 'small', 'data-brushwork'), { timeout: 60_000 }).toBe('done');
    // Firefox's frames are BGRA, which the planes path leaves to createImageBitmap (video-planes.ts): the overlay says so.
    const frames = () => page.evaluate(() => document.querySelector('#small + canvas')?.getAttribute('data-brushwork-frames') ?? null);
    await expect.poll(frames).toBe('bitmap');
    await expect.poll(diff).toBeGreaterThan(8); // painted
    await intensity(0);
    await expect.poll(diff).toBeLessThan(4); // the engine's own conversion of the frame: the video's colours
  } finally {
    await intensity(1);
  }
  await ff.send({ type: 'setPageMode', tabId, enabled: false });
  await page.close();
});
