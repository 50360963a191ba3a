/**
 * Videos in page mode in Firefox (#27), from the same source: the extension frame, its MessagePort
 * handover and the engine worker work there too (requestVideoFrameCallback is in Firefox ESR 140).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import type { Page } from 'puppeteer-core';
import { type FirefoxHarness, launchFirefox, openExtensionPage } from './fixtures/firefox';
import { type Fixture, html, startFixture } from './fixtures/server';
import { overlayDifference, rangedVideo, sceneClip } from './fixtures/video';
import { distinctSamples, holdStill, overlayFingerprint } from './fixtures/video-frames';
import {
  BIG_CLIP,
  chromaDistance,
  DEFAULT_CAPS,
  detailFinerThan,
  expectOverlayFollowsScrollAndKeys,
  hideBox,
  hideVideo,
  LOW_CAPS,
  mostFramesUnder,
  overlayArea,
  overlayChanges,
  overlayDigest,
  overlayVisibility,
  scrollAway,
  scrollBack,
  setVideoCaps,
  showBox,
  showVideo,
  stillWhilePlaying,
  videoPathPages,
} from './fixtures/video-paths';

let ff: FirefoxHarness;
let fx: Fixture;

test.beforeAll(async () => {
  const clip = await sceneClip({ width: 320, height: 180, frames: 60, fps: 30 });
  const paths = videoPathPages(clip, await sceneClip(BIG_CLIP));
  fx = await startFixture(
    {
      ...paths.site,
      '/video.html': (req, res, origins) =>
        html(
          `<video id="v" src="/clip.webm" width="320" height="240" muted loop playsinline></video>
           <video id="x" src="${origins.other}/clip.webm" width="320" height="180" muted loop playsinline></video>`,
        )(req, res, origins),
      '/clip.webm': rangedVideo(clip),
      // Shown at half its size: resized on capture. Firefox ESR 153 makes BGRA VideoFrames from a <video>, so its
      // frames go as bitmaps (video-planes.ts says why not packed pixels); the colours must hold.
      '/small.html': html(`<video id="small" src="/clip.webm#t=0.25" width="160" height="90" muted playsinline></video>`),
      // A page whose CSP forbids frames: Brushwork's engine frame is exempt (measured), its video painted.
      '/csp-frame.html': html('<video id="p" src="/clip.webm?csp" width="320" height="180" muted autoplay loop playsinline></video>', {
        'content-security-policy': "frame-src 'none'; child-src 'none'",
      }),
      // A page sandboxed by its CSP: no origin of its own, so its own video is unreadable to it (#27).
      '/csp-sandbox.html': html(
        '<video id="p" src="/clip.webm?sandbox" width="320" height="180" muted autoplay loop playsinline></video>',
        {
          'content-security-policy': 'sandbox allow-scripts',
        },
      ),
      '/own.html': html('<video id="o" src="/clip.webm?own#t=0.5" width="320" height="240" muted playsinline></video>'),
      // A playing video with a click handler of the page's own, and a paused one showing its controls.
      '/follow.html': html(
        `<video id="v" src="/clip.webm?follow" width="320" height="240" muted loop playsinline style="background:#000"></video>
         <video id="ref" src="/clip.webm?controls#t=0.25" width="320" height="240" muted playsinline controls></video>
         <script>window.clicks = 0; document.getElementById('v').addEventListener('click', () => { window.clicks++; });</script>`,
      ),
      // A playing video the page can make fullscreen (itself, or its box), by a click of the person's.
      '/fullscreen.html': html(
        `<style>#box:fullscreen video { width: 100%; height: 100%; }</style>
         <div id="box" style="position:relative;width:640px">
           <video id="v" src="/clip.webm?fullscreen" width="320" height="240" muted loop playsinline style="background:#000"></video>
           <button id="fs">fullscreen</button> <button id="fs-box">box fullscreen</button>
         </div>
         <script>const v = document.getElementById('v');
           const full = (el) => el.requestFullscreen().catch((e) => { window.fullscreenError = String(e); });
           document.getElementById('fs').addEventListener('click', () => full(v));
           document.getElementById('fs-box').addEventListener('click', () => full(document.getElementById('box')));</script>`,
      ),
      // A video playing the page's own canvas (a MediaStream from canvas.captureStream): no src, a srcObject.
      '/stream.html': html(
        `<canvas id="c" width="160" height="120"></canvas><video id="s" width="320" height="240" muted playsinline></video>
         <script>const c = document.getElementById('c'); const g = c.getContext('2d'); let f = 0;
           (function draw() { f++; g.fillStyle = 'hsl(' + (f % 360) + ',70%,50%)'; g.fillRect(0, 0, 160, 120);
             g.fillStyle = '#fff'; g.fillRect((f * 2) % 160, 30, 30, 60); requestAnimationFrame(draw); })();
           const s = document.getElementById('s'); s.srcObject = c.captureStream(30); s.play();</script>`,
      ),
      // A playing video, painted through the requestAnimationFrame fallback (a Firefox without requestVideoFrameCallback).
      '/fallback.html': html('<video id="f" src="/clip.webm?fallback" width="320" height="240" muted autoplay loop playsinline></video>'),
    },
    paths.other,
  );
  ff = await launchFirefox();
});

test.afterAll(async () => {
  await ff?.close();
  await fx?.close();
});

const attr = (page: Page, id: string, name: string) =>
  page.evaluate(([i, n]) => document.getElementById(i as string)?.getAttribute(n as string) ?? null, [id, name]);

/** How far the video's content box is from its overlay's box: [left, top, width, height], rounded; null without an overlay. */
const overlayOffFromContentBox = (page: Page) =>
  page.evaluate(() => {
    const a = (document.getElementById('v') as HTMLVideoElement).getBoundingClientRect();
    const b = document.querySelector('#v + canvas')?.getBoundingClientRect();
    if (!b) return null;
    return [a.left - b.left, a.top - b.top, a.width - b.width, a.height - b.height].map(Math.round);
  });

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

/** The id of the page's fullscreen element, or the page's own error when its request was refused, or null. */
const fullscreenNow = (page: Page) =>
  page.evaluate(() => document.fullscreenElement?.id ?? (window as { fullscreenError?: string }).fullscreenError ?? null);

test('Firefox: a video made fullscreen by a click is left as it is there, with its reason, and painted again when it leaves; its box made fullscreen keeps the overlay on it; restore is exact', async () => {
  const { page, tabId } = await ff.openTab(`${fx.site}/fullscreen.html`);
  await page.evaluate(() => (document.getElementById('v') as HTMLVideoElement).play());
  const before = await page.evaluate(() => document.documentElement.outerHTML);
  expect(await ff.send({ type: 'setPageMode', tabId, enabled: true })).toMatchObject({ ok: true, enabled: true });
  await expect.poll(() => attr(page, 'v', 'data-brushwork'), { timeout: 60_000 }).toBe('done');
  expect(await page.evaluate(() => document.querySelectorAll('#v + canvas').length)).toBe(1);

  // A real click (BiDi input actions: a trusted event, so a user activation), as a person's on the page's own button.
  await page.click('#fs');
  await expect.poll(() => fullscreenNow(page)).toBe('v');
  await expect.poll(() => attr(page, 'v', 'data-brushwork'), { timeout: 30_000 }).toBe('skipped');
  expect(await attr(page, 'v', 'data-brushwork-reason')).toMatch(/fullscreen/);
  await expect.poll(() => page.evaluate(() => document.querySelectorAll('#v + canvas').length)).toBe(0);
  await page.evaluate(() => document.exitFullscreen());
  await expect.poll(() => fullscreenNow(page)).toBe(null);
  await expect.poll(() => attr(page, 'v', 'data-brushwork'), { timeout: 60_000 }).toBe('done');
  await expect.poll(() => page.evaluate(() => document.querySelectorAll('#v + canvas').length)).toBe(1);

  // Its box fullscreen (a player's container, as most sites do it): the video fills the screen and stays painted,
  // its overlay following it there.
  await page.click('#fs-box');
  await expect.poll(() => fullscreenNow(page)).toBe('box');
  await expect.poll(() => overlayOffFromContentBox(page)).toEqual([0, 0, 0, 0]);
  expect(await page.evaluate(() => (document.getElementById('v') as HTMLVideoElement).getBoundingClientRect().width)).toBeGreaterThan(320);
  expect(await attr(page, 'v', 'data-brushwork')).toBe('done');
  await page.evaluate(() => document.exitFullscreen());
  await expect.poll(() => fullscreenNow(page)).toBe(null);

  expect(await ff.send({ type: 'setPageMode', tabId, enabled: false })).toMatchObject({ ok: true, enabled: false });
  await expect.poll(() => page.evaluate(() => document.documentElement.outerHTML)).toBe(before);
  await page.close();
});

test('Firefox: a video playing a MediaStream (the page’s canvas.captureStream) is painted in page mode, frame after frame, and restore is exact', async () => {
  const { page, tabId } = await ff.openTab(`${fx.site}/stream.html`);
  await expect.poll(() => page.evaluate(() => (document.getElementById('s') as HTMLVideoElement).readyState)).toBeGreaterThanOrEqual(2);
  const before = await page.evaluate(() => document.documentElement.outerHTML);
  expect(await ff.send({ type: 'setPageMode', tabId, enabled: true })).toMatchObject({ ok: true, enabled: true });
  await expect.poll(() => attr(page, 's', 'data-brushwork'), { timeout: 60_000 }).toBe('done');
  expect(await page.evaluate(() => document.querySelectorAll('#s + canvas').length)).toBe(1);
  // Live: the stream's frames keep coming (its hue turns), and each is painted.
  const paintings = distinctSamples(() => overlayFingerprint(page, 's'));
  await expect.poll(paintings, { timeout: 60_000 }).toBeGreaterThanOrEqual(6);
  expect(await ff.send({ type: 'setPageMode', tabId, enabled: false })).toMatchObject({ ok: true, enabled: false });
  await expect.poll(() => page.evaluate(() => document.documentElement.outerHTML)).toBe(before);
  await page.close();
});

test('Firefox: a video shown smaller than its frames is painted from bitmaps, and at intensity 0 shows its own picture in its own colours', async () => {
  const { page, tabId } = await ff.openTab(`${fx.site}/small.html`);
  await page.waitForFunction(() => (document.getElementById('small') as HTMLVideoElement).readyState >= 2);
  const diff = () => overlayDifference(page, 'small');
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

test('Firefox: a video is painted in a style of your own (mine-…): the engine frame’s workers get its files from the background', async () => {
  // An imported style as the settings page stores it (IndexedDB `brushwork`/`styles`): a copy of The Scream's files.
  const dir = path.resolve('public/models/the-scream');
  const manifestText = readFileSync(path.join(dir, 'model.json'), 'utf8');
  const weights = [...readFileSync(path.join(dir, 'weights.bin'))];
  await ff.control.evaluate(
    (manifestText, weights) =>
      new Promise<void>((resolve, reject) => {
        const open = indexedDB.open('brushwork', 1);
        open.onupgradeneeded = () => open.result.createObjectStore('styles', { keyPath: 'id' });
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const tx = open.result.transaction('styles', 'readwrite');
          tx.objectStore('styles').put({
            id: 'mine-scream-copy',
            manifestText,
            weightsFile: 'weights.bin',
            weights: new Uint8Array(weights),
          });
          tx.oncomplete = () => resolve();
          tx.onerror = () => reject(tx.error);
        };
      }),
    manifestText,
    weights,
  );
  const { page, tabId } = await ff.openTab(`${fx.site}/own.html`);
  await expect.poll(() => page.evaluate(() => (document.getElementById('o') as HTMLVideoElement).readyState)).toBeGreaterThanOrEqual(2);
  const overlay = () =>
    page.evaluate(() => {
      const c = document.createElement('canvas');
      c.width = 80;
      c.height = 60;
      const g = c.getContext('2d') as CanvasRenderingContext2D;
      g.drawImage(document.querySelector('#o + canvas') as HTMLCanvasElement, 0, 0, 80, 60);
      return [...g.getImageData(0, 0, 80, 60).data];
    });
  const paintedIn = async (styleId: string) => {
    await ff.control.evaluate(async (id) => {
      const got = await chrome.storage.local.get('settings');
      await chrome.storage.local.set({ settings: { ...(got.settings ?? {}), styleId: id } });
    }, styleId);
    expect(await ff.send({ type: 'stylizeImage', tabId, srcUrl: `${fx.site}/clip.webm?own#t=0.5` })).toMatchObject({
      ok: true,
      matched: 1,
    });
    await expect.poll(() => attr(page, 'o', 'data-brushwork'), { timeout: 60_000, message: styleId }).toBe('done');
    const px = await overlay();
    await ff.send({ type: 'restoreAll', tabId });
    await expect.poll(() => page.evaluate(() => document.querySelectorAll('#o + canvas').length)).toBe(0);
    return px;
  };
  const meanDiff = (a: number[], b: number[]) => a.reduce((sum, x, i) => sum + Math.abs(x - (b[i] as number)), 0) / a.length;
  const mine = await paintedIn('mine-scream-copy');
  expect(meanDiff(mine, await paintedIn('the-scream'))).toBeLessThan(1);
  expect(meanDiff(mine, await paintedIn('starry-night'))).toBeGreaterThan(4);
  await page.close();
});

test("Firefox: a page CSP that forbids frames (frame-src, child-src 'none') does not stop Brushwork's engine frame: its video is painted", async () => {
  const { page, tabId } = await ff.openTab(`${fx.site}/csp-frame.html`);
  await expect.poll(() => page.evaluate(() => (document.getElementById('p') as HTMLVideoElement).readyState)).toBeGreaterThanOrEqual(2);
  expect(await ff.send({ type: 'setPageMode', tabId, enabled: true })).toMatchObject({ ok: true, enabled: true });
  await expect.poll(() => attr(page, 'p', 'data-brushwork'), { timeout: 60_000 }).toBe('done');
  expect(await page.evaluate(() => document.querySelectorAll('#p + canvas').length)).toBe(1);
  expect(await ff.send({ type: 'setPageMode', tabId, enabled: false })).toMatchObject({ ok: true, enabled: false });
  await page.close();
});

test('Firefox: a page sandboxed by its CSP (no origin of its own) has its video left as it is, with that reason, before any frame is tried', async () => {
  const { page, tabId } = await ff.openTab(`${fx.site}/csp-sandbox.html`);
  await expect.poll(() => page.evaluate(() => (document.getElementById('p') as HTMLVideoElement).readyState)).toBeGreaterThanOrEqual(2);
  expect(await ff.send({ type: 'setPageMode', tabId, enabled: true })).toMatchObject({ ok: true, enabled: true });
  await expect.poll(() => attr(page, 'p', 'data-brushwork'), { timeout: 30_000 }).toBe('skipped');
  expect(await attr(page, 'p', 'data-brushwork-reason')).toMatch(/sandboxed by its Content Security Policy/);
  expect(await page.evaluate(() => document.querySelectorAll('#p + canvas').length)).toBe(0);
  expect(await ff.send({ type: 'setPageMode', tabId, enabled: false })).toMatchObject({ ok: true, enabled: false });
  await page.close();
});

test('Firefox: page mode counts the videos it paints in its status, the overlay follows a resize of the video, lets clicks through to it, and leaves shown controls uncovered', async () => {
  const { page, tabId } = await ff.openTab(`${fx.site}/follow.html`);
  await page.evaluate(() => (document.getElementById('v') as HTMLVideoElement).play());
  expect(await ff.send({ type: 'setPageMode', tabId, enabled: true })).toMatchObject({ ok: true, enabled: true });
  await expect.poll(() => attr(page, 'v', 'data-brushwork'), { timeout: 60_000 }).toBe('done');
  await expect.poll(() => attr(page, 'ref', 'data-brushwork'), { timeout: 60_000 }).toBe('done');

  // The status line and badge count both as videos.
  await expect
    .poll(async () => (await ff.send<{ counts: { done: number; videos?: number } }>({ type: 'getStatus', tabId })).counts)
    .toMatchObject({ done: 2, videos: 2 });

  // The overlay covers the content box, and follows it when the page resizes the video and pads it.
  expect(await overlayOffFromContentBox(page)).toEqual([0, 0, 0, 0]);
  await page.evaluate(() => {
    const v = document.getElementById('v') as HTMLVideoElement;
    v.width = 480;
    v.height = 200;
    v.style.padding = '10px';
  });
  await expect.poll(() => overlayOffFromContentBox(page)).toEqual([-10, -10, 20, 20]);

  // The page's own handler gets a real click at the video's centre (the overlay takes no pointer events).
  await page.click('#v');
  await expect.poll(() => page.evaluate(() => (window as unknown as { clicks: number }).clicks)).toBe(1);

  // Shown controls (a paused video with `controls`) stay uncovered; a video without controls is covered whole.
  const clip = (id: string) => page.evaluate((i) => getComputedStyle(document.querySelector(`#${i} + canvas`) as Element).clipPath, id);
  expect(await clip('ref')).toBe('inset(0px 0px 48px)');
  expect(await clip('v')).toBe('none');

  expect(await ff.send({ type: 'setPageMode', tabId, enabled: false })).toMatchObject({ ok: true, enabled: false });
  await page.close();
});

test('Firefox: without requestVideoFrameCallback (media.rvfc.enabled off: the rAF fallback) a playing video is painted frame after frame, holds still when paused, and goes on when played again', async () => {
  test.setTimeout(180_000); // a second Firefox starts, on a loaded machine
  // Firefox content scripts see the page's DOM through Xray wrappers, which show the native interface whatever the
  // page deletes; a WebIDL member behind a preference is absent from every world alike, so a Firefox without it is the route.
  const bare = await launchFirefox(undefined, { prefs: { 'media.rvfc.enabled': false } });
  try {
    const { page, tabId } = await bare.openTab(`${fx.site}/fallback.html`);
    expect(await page.evaluate(() => typeof document.createElement('video').requestVideoFrameCallback)).toBe('undefined');
    await page.waitForFunction(() => (document.getElementById('f') as HTMLVideoElement).currentTime > 0);
    expect(await bare.send({ type: 'setPageMode', tabId, enabled: true })).toMatchObject({ ok: true, enabled: true });
    await expect.poll(() => attr(page, 'f', 'data-brushwork'), { timeout: 60_000 }).toBe('done');

    // Frame after frame while it plays: many different painted frames, not one per loop (the seek back to the start
    // paints anyway, and always the same frame).
    const shown = () => overlayFingerprint(page, 'f');
    await expect.poll(distinctSamples(shown), { timeout: 60_000 }).toBeGreaterThanOrEqual(6);

    // Paused: once the paused frame is painted, the overlay holds still however many animation frames pass.
    await page.evaluate(() => (document.getElementById('f') as HTMLVideoElement).pause());
    const { settled, after } = await holdStill(page, shown);
    expect(after).toBe(settled);

    // Playing again: new frames painted again.
    await page.evaluate(() => (document.getElementById('f') as HTMLVideoElement).play());
    await expect.poll(distinctSamples(shown, [settled]), { timeout: 60_000 }).toBeGreaterThanOrEqual(4);
    await bare.send({ type: 'restoreAll', tabId });
    await page.close();
  } finally {
    await bare.close();
  }
});

const patchSettings = (patch: Record<string, unknown>) =>
  ff.control.evaluate(async (p: Record<string, unknown>) => {
    const got = await chrome.storage.local.get('settings');
    await chrome.storage.local.set({ settings: { ...(got.settings ?? {}), ...p } });
  }, patch);

test('Firefox: nothing runs for a playing video scrolled away, hidden (display:none) or in a background tab, and it is painted again when back', async () => {
  const { page, tabId } = await ff.openTab(`${fx.site}/away.html`);
  await page.evaluate(() => (document.getElementById('v') as HTMLVideoElement).play());
  expect(await ff.send({ type: 'setPageMode', tabId, enabled: true })).toMatchObject({ ok: true, enabled: true });
  await expect.poll(() => attr(page, 'v', 'data-brushwork'), { timeout: 60_000 }).toBe('done');
  // Firefox's content script world is out of the tests' reach: what the overlay shows is the measure.
  const shown = () => overlayDigest(page, 'v');
  const paintingLive = (seen: string[]) =>
    expect.poll(distinctSamples(shown, seen), { timeout: 60_000 }).toBeGreaterThanOrEqual(seen.length + 3);
  await paintingLive([]);

  await scrollAway(page);
  const away = await stillWhilePlaying(page, 'v', shown);
  expect(away.after).toBe(away.settled);
  await scrollBack(page);
  await paintingLive([away.settled]);

  await hideVideo(page, 'v');
  const hidden = await stillWhilePlaying(page, 'v', shown);
  expect(hidden.after).toBe(hidden.settled);
  expect(await overlayArea(page, 'v')).toBe(0);
  await showVideo(page, 'v');
  await paintingLive([hidden.settled]);

  // Its box hidden by the page (visibility:hidden, which IntersectionObserver does not see): the overlay hides with
  // it, and nothing is captured or painted.
  await hideBox(page);
  expect(await overlayVisibility(page, 'v')).toBe('hidden');
  const boxed = await stillWhilePlaying(page, 'v', shown);
  expect(boxed.after).toBe(boxed.settled);
  await showBox(page);
  expect(await overlayVisibility(page, 'v')).toBe('visible');
  await paintingLive([boxed.settled]);

  // Another tab brought to the front (BiDi browsingContext.activate): headless Firefox hides the video's tab.
  const front = await ff.browser.newPage();
  await front.bringToFront();
  await expect.poll(() => page.evaluate(() => document.visibilityState)).toBe('hidden');
  const behind = await stillWhilePlaying(page, 'v', shown);
  expect(behind.after).toBe(behind.settled);
  await page.bringToFront();
  await expect.poll(() => page.evaluate(() => document.visibilityState)).toBe('visible');
  await paintingLive([behind.settled]);
  await front.close();
  await ff.send({ type: 'setPageMode', tabId, enabled: false });
  await page.close();
});

test("Firefox: the settings page's video caps hold: a video is painted at most the long-side cap (upscaled for display), at most the frames-per-second cap per second of the video's own time", async () => {
  const options = await openExtensionPage(ff.browser, 'options.html');
  const { page, tabId } = await ff.openTab(`${fx.site}/caps.html`);
  await page.evaluate(() => (document.getElementById('v') as HTMLVideoElement).play());
  await expect.poll(() => page.evaluate(() => (document.getElementById('big') as HTMLVideoElement).readyState)).toBeGreaterThanOrEqual(2);
  try {
    await setVideoCaps(options, LOW_CAPS);
    expect(await ff.send({ type: 'setPageMode', tabId, enabled: true })).toMatchObject({ ok: true, enabled: true });
    await expect.poll(() => attr(page, 'big', 'data-brushwork'), { timeout: 60_000 }).toBe('done');
    await expect.poll(() => attr(page, 'v', 'data-brushwork'), { timeout: 60_000 }).toBe('done');
    await expect.poll(() => detailFinerThan(page, 'big', LOW_CAPS.side)).toBeLessThan(1);
    const capped = await overlayChanges(page, 'v', 3);
    expect(capped.changes).toBeGreaterThanOrEqual(2);
    expect(capped.changes).toBeLessThanOrEqual(mostFramesUnder(LOW_CAPS.fps, capped));
    await setVideoCaps(options, { side: DEFAULT_CAPS.side, fps: 60 });
    await expect.poll(() => detailFinerThan(page, 'big', LOW_CAPS.side), { timeout: 30_000 }).toBeGreaterThan(2);
    const free = await overlayChanges(page, 'v', 3);
    expect(free.changes).toBeGreaterThan(mostFramesUnder(LOW_CAPS.fps, free));
  } finally {
    await setVideoCaps(options, DEFAULT_CAPS);
    await options.close();
  }
  await ff.send({ type: 'setPageMode', tabId, enabled: false });
  await page.close();
});

test('Firefox: another site’s video served with CORS (crossorigin) is painted, beside one without CORS left as it is with its reason', async () => {
  const { page, tabId } = await ff.openTab(`${fx.site}/cors.html`);
  await page.evaluate(() => Promise.all(['c', 'x'].map((id) => (document.getElementById(id) as HTMLVideoElement).play())));
  const before = await page.evaluate(() => document.documentElement.outerHTML);
  expect(await ff.send({ type: 'setPageMode', tabId, enabled: true })).toMatchObject({ ok: true, enabled: true });
  await expect.poll(() => attr(page, 'c', 'data-brushwork'), { timeout: 60_000 }).toBe('done');
  await expect.poll(() => overlayDifference(page, 'c')).toBeGreaterThan(8); // painted
  await expect.poll(() => attr(page, 'x', 'data-brushwork'), { timeout: 30_000 }).toBe('skipped');
  expect(await attr(page, 'x', 'data-brushwork-reason')).toMatch(/another site without CORS/);
  expect(await page.evaluate(() => document.querySelectorAll('#x + canvas').length)).toBe(0);
  expect(await ff.send({ type: 'setPageMode', tabId, enabled: false })).toMatchObject({ ok: true, enabled: false });
  await expect.poll(() => page.evaluate(() => document.documentElement.outerHTML)).toBe(before);
  await page.close();
});

test('Firefox: “Keep the picture’s colours” applies to the next frame of a video: its overlay takes on the video’s own colours', async () => {
  const { page, tabId } = await ff.openTab(`${fx.site}/colours.html`);
  await expect.poll(() => page.evaluate(() => (document.getElementById('p') as HTMLVideoElement).readyState)).toBeGreaterThanOrEqual(2);
  try {
    expect(await ff.send({ type: 'setPageMode', tabId, enabled: true })).toMatchObject({ ok: true, enabled: true });
    await expect.poll(() => attr(page, 'p', 'data-brushwork'), { timeout: 60_000 }).toBe('done');
    await expect.poll(() => overlayDifference(page, 'p')).toBeGreaterThan(8);
    const painted = await chromaDistance(page, 'p');
    await patchSettings({ keepColours: true });
    await expect.poll(() => chromaDistance(page, 'p')).toBeLessThan(painted / 2);
    expect(await overlayDifference(page, 'p')).toBeGreaterThan(4); // still painted: its light and shade are the painting's
    await patchSettings({ keepColours: false });
    await expect.poll(() => chromaDistance(page, 'p')).toBeGreaterThan(painted * 0.8);
  } finally {
    await patchSettings({ keepColours: false });
  }
  await ff.send({ type: 'setPageMode', tabId, enabled: false });
  await page.close();
});

test('Firefox: the overlay stays on the video’s content box when its scroller and the page scroll, and the keyboard still reaches the video', async () => {
  const { page, tabId } = await ff.openTab(`${fx.site}/scroller.html`);
  await expect.poll(() => page.evaluate(() => (document.getElementById('v') as HTMLVideoElement).readyState)).toBeGreaterThanOrEqual(2);
  expect(await ff.send({ type: 'setPageMode', tabId, enabled: true })).toMatchObject({ ok: true, enabled: true });
  await expect.poll(() => attr(page, 'v', 'data-brushwork'), { timeout: 60_000 }).toBe('done');
  await expectOverlayFollowsScrollAndKeys(page);
  await ff.send({ type: 'setPageMode', tabId, enabled: false });
  await page.close();
});
