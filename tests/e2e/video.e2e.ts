/**
 * Videos in page mode (#27), on clips generated at test time (ffmpeg, the project's own scene): painted
 * live on an overlay, following pause, seek and resize, clicks reaching the page's own handler, cross-origin
 * videos without CORS left as they are with their reason, and the DOM restored exactly.
 */
import { expect, type Page, test } from '@playwright/test';
import { type Harness, launch } from './fixtures/extension';
import { type Fixture, html, startFixture } from './fixtures/server';
import { rangedVideo, sceneClip } from './fixtures/video';

let h: Harness;
let fx: Fixture;

test.beforeAll(async () => {
  const clip = await sceneClip({ width: 320, height: 180, frames: 60, fps: 30 });
  fx = await startFixture(
    {
      '/video.html': (req, res, origins) =>
        html(
          `<div id="box" style="position:relative;width:640px">
             <video id="v" src="/clip.webm" width="320" height="240" muted loop playsinline style="background:#000"></video>
             <button id="play">play</button>
           </div>
           <video id="x" src="${origins.other}/clip.webm" width="320" height="180" muted loop playsinline></video>
           <script>window.clicks = 0; document.getElementById('v').addEventListener('click', () => { window.clicks++; });</script>`,
        )(req, res, origins),
      '/clip.webm': rangedVideo(clip),
    },
    { '/clip.webm': rangedVideo(clip) },
  );
  h = await launch();
});

test.afterAll(async () => {
  await h?.close();
  await fx?.close();
});

const pageMode = (tabId: number, enabled: boolean) => h.send({ type: 'setPageMode', tabId, enabled });

/** Mean absolute difference per channel between the overlay and the video's own frame (or another overlay snapshot). */
async function overlayPixels(page: Page): Promise<number[]> {
  return page.evaluate(() => {
    const overlay = document.querySelector('#v + canvas') as HTMLCanvasElement;
    const c = document.createElement('canvas');
    c.width = 80;
    c.height = 60;
    const ctx = c.getContext('2d') as CanvasRenderingContext2D;
    ctx.drawImage(overlay, 0, 0, 80, 60);
    return [...ctx.getImageData(0, 0, 80, 60).data];
  });
}

/** The video's own frame, drawn as it shows in its box (contain: letterboxed in 320×240). */
async function videoPixels(page: Page): Promise<number[]> {
  return page.evaluate(() => {
    const v = document.getElementById('v') as HTMLVideoElement;
    const c = document.createElement('canvas');
    c.width = 80;
    c.height = 60;
    const ctx = c.getContext('2d') as CanvasRenderingContext2D;
    ctx.drawImage(v, 0, 7.5, 80, 45);
    return [...ctx.getImageData(0, 0, 80, 60).data];
  });
}

const meanDiff = (a: number[], b: number[]) => a.reduce((s, x, i) => s + Math.abs(x - (b[i] as number)), 0) / a.length;

const overlayMatchesContentBox = (page: Page) =>
  page.evaluate(() => {
    const v = document.getElementById('v') as HTMLVideoElement;
    const o = document.querySelector('#v + canvas') as HTMLCanvasElement;
    const a = v.getBoundingClientRect();
    const b = o.getBoundingClientRect();
    const other = [b.left, b.top, b.width, b.height];
    return [a.left, a.top, a.width, a.height].map((x, i) => Math.round(x - (other[i] as number)));
  });

test('paints a playing video on an overlay that follows pause, seek and resize, lets clicks through, and restores the DOM exactly', async () => {
  const { page, tabId } = await h.openTab(`${fx.site}/video.html`, { viewport: { width: 1000, height: 800 } });
  await page.evaluate(async () => {
    const v = document.getElementById('v') as HTMLVideoElement;
    await v.play();
  });
  const domBefore = await page.evaluate(() => document.documentElement.outerHTML);
  expect(await pageMode(tabId, true)).toMatchObject({ ok: true, enabled: true });
  await expect(page.locator('#v')).toHaveAttribute('data-brushwork', 'done');
  await expect(page.locator('#v + canvas')).toHaveCount(1);
  expect(await overlayMatchesContentBox(page)).toEqual([0, 0, 0, 0]);

  // Painted: what shows over the video differs from the video's own frame (paused, so both show the same moment).
  await page.evaluate(() => (document.getElementById('v') as HTMLVideoElement).pause());
  let settled = await overlayPixels(page);
  await expect
    .poll(async () => {
      const now = await overlayPixels(page);
      const moved = meanDiff(now, settled);
      settled = now;
      return moved;
    })
    .toBe(0);
  expect(meanDiff(settled, await videoPixels(page))).toBeGreaterThan(8);

  // Seek while paused: the overlay shows the new frame painted, and going back shows the first one again.
  const seek = (t: number) =>
    page.evaluate(async (to) => {
      const v = document.getElementById('v') as HTMLVideoElement;
      const done = new Promise((r) => v.addEventListener('seeked', r, { once: true }));
      v.currentTime = to;
      await done;
    }, t);
  const atStart = settled;
  await seek(1.5);
  await expect.poll(async () => meanDiff(await overlayPixels(page), atStart)).toBeGreaterThan(4);
  await seek(0.2);
  const shownAt02 = await (async () => {
    let last = await overlayPixels(page);
    await expect
      .poll(async () => {
        const now = await overlayPixels(page);
        const moved = meanDiff(now, last);
        last = now;
        return moved;
      })
      .toBe(0);
    return last;
  })();
  await seek(1.5);
  await expect.poll(async () => meanDiff(await overlayPixels(page), shownAt02)).toBeGreaterThan(4);
  await seek(0.2);
  await expect.poll(async () => meanDiff(await overlayPixels(page), shownAt02)).toBeLessThan(1);

  // Resize: the overlay follows the video's content box.
  await page.evaluate(() => {
    const v = document.getElementById('v') as HTMLVideoElement;
    v.width = 480;
    v.height = 200;
    v.style.padding = '10px';
  });
  await expect.poll(() => overlayMatchesContentBox(page)).toEqual([-10, -10, 20, 20]);

  // The page's own handler gets the click (the overlay takes no pointer events).
  await page.click('#v');
  expect(await page.evaluate(() => (window as unknown as { clicks: number }).clicks)).toBe(1);

  // The cross-origin video without CORS is left as it is, with its reason.
  await expect(page.locator('#x')).toHaveAttribute('data-brushwork', 'skipped');
  await expect(page.locator('#x')).toHaveAttribute('data-brushwork-reason', /another site without CORS/);
  await expect(page.locator('#x + canvas')).toHaveCount(0);

  await page.evaluate(() => {
    const v = document.getElementById('v') as HTMLVideoElement;
    v.width = 320;
    v.height = 240;
    v.removeAttribute('style');
    v.setAttribute('style', 'background:#000');
  });
  expect(await pageMode(tabId, false)).toMatchObject({ ok: true, enabled: false });
  expect(await page.evaluate(() => document.documentElement.outerHTML)).toBe(domBefore);
  await page.close();
});
