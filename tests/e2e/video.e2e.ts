/**
 * Videos in page mode (#27), on clips generated at test time (ffmpeg, the project's own scene): painted
 * live on an overlay, following pause, seek and resize, clicks reaching the page's own handler, cross-origin
 * videos without CORS left as they are with their reason, and the DOM restored exactly.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect, type Page, test } from '@playwright/test';
import { packModel } from '../../src/model/pack';
import { type Harness, launch } from './fixtures/extension';
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
  overlayVisibility,
  scrollAway,
  scrollBack,
  setVideoCaps,
  showBox,
  showVideo,
  stillWhilePlaying,
  videoPathPages,
} from './fixtures/video-paths';

/** Page CSPs that forbid Brushwork's engine frame, each its own way. */
const FRAME_BLOCKING_CSPS = {
  frame: "frame-src 'none'",
  child: "child-src 'none'",
  default: "default-src 'self'",
};

let h: Harness;
let fx: Fixture;

test.beforeAll(async () => {
  const clip = await sceneClip({ width: 320, height: 180, frames: 60, fps: 30 });
  const paths = videoPathPages(clip, await sceneClip(BIG_CLIP));
  fx = await startFixture(
    {
      ...paths.site,
      // Two paused videos, for the context menu's Stylize video ▸ and Restore video, one at a time.
      '/two.html': html(
        `<video id="a" src="/clip.webm?a#t=0.5" width="320" height="180" muted playsinline></video>
         <video id="b" src="/clip.webm?b#t=0.5" width="320" height="180" muted playsinline></video>`,
      ),
      '/video.html': (req, res, origins) =>
        html(
          `<div id="box" style="position:relative;width:640px">
             <video id="v" src="/clip.webm" width="320" height="240" muted loop playsinline style="background:#000"></video>
             <button id="fs">fullscreen</button>
           </div>
           <video id="ref" src="/clip.webm#t=0.25" width="320" height="240" muted playsinline controls></video>
           <video id="x" src="${origins.other}/clip.webm" width="320" height="180" muted loop playsinline></video>
           <script>window.clicks = 0; const v = document.getElementById('v'); v.addEventListener('click', () => { window.clicks++; });
             document.getElementById('fs').addEventListener('click', () => v.requestFullscreen());</script>`,
        )(req, res, origins),
      '/clip.webm': rangedVideo(clip),
      // Shown at half its size: its frames go to the engine as YUV planes, converted and resized there (src/shared/yuv.ts).
      '/small.html': html(`<video id="small" src="/clip.webm#t=0.25" width="160" height="90" muted playsinline></video>`),
      // A video from the page's own site, and one playing the page's own canvas (a MediaStream).
      '/menu.html': html(
        `<video id="m" src="/clip.webm?m" width="320" height="180" muted loop playsinline></video>
         <canvas id="c" width="160" height="120"></canvas><video id="s" width="320" height="240" muted playsinline></video>
         <script>const c = document.getElementById('c'); const g = c.getContext('2d'); let f = 0;
           (function draw() { f++; g.fillStyle = 'hsl(' + (f % 360) + ',70%,50%)'; g.fillRect(0, 0, 160, 120);
             g.fillStyle = '#fff'; g.fillRect((f * 2) % 160, 30, 30, 60); requestAnimationFrame(draw); })();
           const s = document.getElementById('s'); s.srcObject = c.captureStream(30); s.play();</script>`,
      ),
      // A playing video, painted through the requestVideoFrameCallback fallback.
      '/fallback.html': html('<video id="f" src="/clip.webm?fallback" width="320" height="240" muted autoplay loop playsinline></video>'),
      // A paused video, painted in a style of one's own.
      '/own.html': html('<video id="o" src="/clip.webm?own#t=0.5" width="320" height="240" muted playsinline></video>'),
      // A page sandboxed by its CSP: no origin of its own, so its own video is unreadable to it.
      '/csp-sandbox.html': html(
        '<video id="p" src="/clip.webm?sandbox" width="320" height="180" muted autoplay loop playsinline></video>',
        {
          'content-security-policy': 'sandbox allow-scripts',
        },
      ),
      // A page whose CSP forbids frames: Brushwork's engine frame cannot load there.
      ...Object.fromEntries(
        Object.entries(FRAME_BLOCKING_CSPS).map(([name, csp]) => [
          `/csp-${name}.html`,
          html(
            `<video id="p" src="/clip.webm?${name}" width="320" height="180" muted autoplay loop playsinline></video>
             <video id="q" src="/clip.webm?${name}-paused#t=0.5" width="320" height="180" muted playsinline></video>`,
            { 'content-security-policy': csp },
          ),
        ]),
      ),
    },
    paths.other,
  );
  h = await launch();
});

test.afterAll(async () => {
  await h?.close();
  await fx?.close();
});

const pageMode = (tabId: number, enabled: boolean) => h.send({ type: 'setPageMode', tabId, enabled });
const patchSettings = (patch: Record<string, unknown>) =>
  h.control.evaluate(async (p) => {
    const got = await chrome.storage.local.get('settings');
    await chrome.storage.local.set({ settings: { ...(got.settings ?? {}), ...p } });
  }, patch);

/** A video's overlay (or, with `own`, the video's own frame as it shows in its 320×240 box), at 80×60. */
async function pixels(page: Page, id: string, own = false): Promise<number[]> {
  return page.evaluate(
    ([id, own]) => {
      const v = document.getElementById(id as string) as HTMLVideoElement;
      const c = document.createElement('canvas');
      c.width = 80;
      c.height = 60;
      const ctx = c.getContext('2d') as CanvasRenderingContext2D;
      if (own)
        ctx.drawImage(v, 0, 7.5, 80, 45); // contain: letterboxed
      else ctx.drawImage(v.nextElementSibling as HTMLCanvasElement, 0, 0, 80, 60);
      return [...ctx.getImageData(0, 0, 80, 60).data];
    },
    [id, own] as const,
  );
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

test('paints a playing video on an overlay that follows the intensity, pause, seek and resize, lets clicks through, counts it, leaves it fullscreen, and restores the DOM exactly', async () => {
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

  // Painted: what shows over a paused video (#ref, at 0.25 s from the start) differs from the video's own frame.
  await expect(page.locator('#ref')).toHaveAttribute('data-brushwork', 'done');
  const ref = await pixels(page, 'ref');
  // Its own controls (paused: the browser shows them) stay uncovered; a video without controls is covered whole.
  expect(await page.$eval('#ref + canvas', (c) => getComputedStyle(c).clipPath)).toBe('inset(0px 0px 48px)');
  expect(await page.$eval('#v + canvas', (c) => getComputedStyle(c).clipPath)).toBe('none');
  const refOwn = await pixels(page, 'ref', true);
  const paintedDiff = meanDiff(ref, refOwn);
  expect(paintedDiff).toBeGreaterThan(8);

  // The popup's intensity applies live: at 0 the paused frame is shown as it is, at 1 painted again.
  const intensity = (value: number) =>
    h.control.evaluate(async (i) => {
      const got = await chrome.storage.local.get('settings');
      await chrome.storage.local.set({ settings: { ...(got.settings ?? {}), intensity: i } });
    }, value);
  await intensity(0);
  await expect.poll(async () => meanDiff(await pixels(page, 'ref'), refOwn)).toBeLessThan(paintedDiff / 3);
  await intensity(1);
  await expect.poll(async () => meanDiff(await pixels(page, 'ref'), ref)).toBeLessThan(1);

  // Pause and seek: the playing video's overlay comes to show the same painted frame as #ref at 0.25 s,
  // another one at 1.55 s, and the first one again when it seeks back.
  const seek = (t: number) =>
    page.evaluate(async (to) => {
      const v = document.getElementById('v') as HTMLVideoElement;
      v.pause();
      const done = new Promise((r) => v.addEventListener('seeked', r, { once: true }));
      v.currentTime = to;
      await done;
    }, t);
  await seek(0.25);
  await expect.poll(async () => meanDiff(await pixels(page, 'v'), ref)).toBeLessThan(1);
  await seek(1.55);
  await expect.poll(async () => meanDiff(await pixels(page, 'v'), ref)).toBeGreaterThan(4);
  await seek(0.25);
  await expect.poll(async () => meanDiff(await pixels(page, 'v'), ref)).toBeLessThan(1);

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

  // The status line and badge count it.
  await expect
    .poll(async () => (await h.send<{ counts: { done: number; videos?: number } }>({ type: 'getStatus', tabId })).counts)
    .toMatchObject({ done: 2, videos: 2 });

  // The <video> itself fullscreen: left as it is there, with its reason; painted again when it leaves.
  await page.click('#fs');
  await expect(page.locator('#v')).toHaveAttribute('data-brushwork', 'skipped');
  await expect(page.locator('#v')).toHaveAttribute('data-brushwork-reason', /fullscreen/);
  await expect(page.locator('#v + canvas')).toHaveCount(0);
  await page.evaluate(() => document.exitFullscreen());
  await expect(page.locator('#v')).toHaveAttribute('data-brushwork', 'done');
  await expect(page.locator('#v + canvas')).toHaveCount(1);

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

test('a video stylized from its menu is painted without page mode, a MediaStream video is painted in page mode, and both restore exactly', async () => {
  const { page, tabId } = await h.openTab(`${fx.site}/menu.html`, { viewport: { width: 1000, height: 800 } });
  await page.evaluate(() => (document.getElementById('m') as HTMLVideoElement).play());
  await page.waitForFunction(() => (document.getElementById('s') as HTMLVideoElement).readyState >= 2);
  const domBefore = await page.evaluate(() => document.documentElement.outerHTML);
  // What "Stylize video ▸" sends (the background's stylizeImage relays the same page.stylizeBySrc).
  expect(await h.send({ type: 'stylizeImage', tabId, srcUrl: `${fx.site}/clip.webm?m` })).toMatchObject({ ok: true, matched: 1 });
  await expect(page.locator('#m')).toHaveAttribute('data-brushwork', 'done');
  await expect(page.locator('#m + canvas')).toHaveCount(1);
  await expect(page.locator('#s')).not.toHaveAttribute('data-brushwork', /.*/);
  expect(await h.send({ type: 'restoreAll', tabId })).toMatchObject({ ok: true, restored: 1 });
  expect(await page.evaluate(() => document.documentElement.outerHTML)).toBe(domBefore);

  await pageMode(tabId, true);
  await expect(page.locator('#s')).toHaveAttribute('data-brushwork', 'done');
  await expect(page.locator('#s + canvas')).toHaveCount(1);
  await pageMode(tabId, false);
  expect(await page.evaluate(() => document.documentElement.outerHTML)).toBe(domBefore);
  await page.close();
});

test("a page cannot load Brushwork's engine frame by the extension's fixed ID (Chrome's use_dynamic_url), while page mode's video still paints through it", async () => {
  const { page, tabId } = await h.openTab(`${fx.site}/menu.html`, { viewport: { width: 1000, height: 800 } });
  await page.evaluate(() => (document.getElementById('m') as HTMLVideoElement).play());
  await pageMode(tabId, true);
  await expect(page.locator('#m')).toHaveAttribute('data-brushwork', 'done'); // painted through the dynamic URL
  // How a page detects an installed extension: fetch a web-accessible file by the store ID (browserleaks.com does).
  const probe = await page.evaluate(
    (id) =>
      fetch(`chrome-extension://${id}/video-frame.html`).then(
        (r) => `loaded (${r.status})`,
        () => 'refused',
      ),
    h.extensionId,
  );
  expect(probe).toBe('refused');
  await pageMode(tabId, false);
  await page.close();
});

test('a video shown smaller than its frames is painted from its YUV planes, and at intensity 0 shows its own picture in its own colours', async () => {
  const { page, tabId } = await h.openTab(`${fx.site}/small.html`, { viewport: { width: 1000, height: 800 } });
  await page.waitForFunction(() => (document.getElementById('small') as HTMLVideoElement).readyState >= 2);
  const diff = () => overlayDifference(page, 'small');
  const intensity = (value: number) =>
    h.control.evaluate(async (i) => {
      const got = await chrome.storage.local.get('settings');
      await chrome.storage.local.set({ settings: { ...(got.settings ?? {}), intensity: i } });
    }, value);
  try {
    await pageMode(tabId, true);
    await expect(page.locator('#small')).toHaveAttribute('data-brushwork', 'done');
    await expect(page.locator('#small + canvas')).toHaveCount(1);
    // The frame's own planes went to the engine (not a bitmap resized on the page's main thread).
    await expect(page.locator('#small + canvas')).toHaveAttribute('data-brushwork-frames', 'yuv');
    await expect.poll(diff).toBeGreaterThan(8); // painted
    // Unpainted (intensity 0), the engine's conversion of the planes is what shows: the video's own colours
    // (a wrong matrix, range or swapped chroma is tens of levels off).
    await intensity(0);
    await expect.poll(diff).toBeLessThan(4);
  } finally {
    await intensity(1);
  }
  await pageMode(tabId, false);
  await page.close();
});

test("a page CSP that forbids frames (frame-src, child-src, default-src) does not stop Brushwork's engine frame: its videos, playing or paused, are painted", async () => {
  // Measured (Chromium 156, Firefox ESR 153): a frame a content script adds with the extension's own URL is
  // exempt from the page's frame-src/child-src/default-src; the engine frame loads and paints there.
  for (const name of Object.keys(FRAME_BLOCKING_CSPS)) {
    const { page, tabId } = await h.openTab(`${fx.site}/csp-${name}.html`, { viewport: { width: 1000, height: 800 } });
    await page.waitForFunction(() => [...document.querySelectorAll('video')].every((v) => v.readyState >= 2));
    await pageMode(tabId, true);
    for (const id of ['p', 'q']) {
      await expect(page.locator(`#${id}`), name).toHaveAttribute('data-brushwork', 'done');
      await expect(page.locator(`#${id} + canvas`)).toHaveCount(1);
    }
    await pageMode(tabId, false);
    await page.close();
  }
});

/** A copy of a shipped style, packed as a file a person imports (`brushwork pack`): its own `mine-…` id once imported. */
async function importOwnStyle(): Promise<string> {
  const dir = path.resolve('public/models/the-scream');
  const manifest = JSON.parse(readFileSync(path.join(dir, 'model.json'), 'utf8'));
  manifest.style = { ...manifest.style, id: 'my-scream', title: 'My scream' };
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'bw-video-own-')), 'my-scream.brushwork');
  writeFileSync(
    file,
    await packModel(JSON.stringify(manifest), 'weights.bin', new Uint8Array(readFileSync(path.join(dir, 'weights.bin')))),
  );
  const options = await h.context.newPage();
  await options.goto(`chrome-extension://${h.extensionId}/options.html`);
  await options.locator('input[name=add-style]').setInputFiles(file);
  const item = options.locator('.user-style-list li');
  await expect(item).toHaveCount(1);
  const id = (await item.getAttribute('data-style')) as string;
  await options.close();
  return id;
}

test('a video is painted in a style of your own (mine-…): the engine frame’s workers load it', async () => {
  const id = await importOwnStyle();
  expect(id).toMatch(/^mine-/);
  const { page, tabId } = await h.openTab(`${fx.site}/own.html`, { viewport: { width: 1000, height: 800 } });
  await page.waitForFunction(() => (document.getElementById('o') as HTMLVideoElement).readyState >= 2);
  const paintedIn = async (styleId: string) => {
    await patchSettings({ styleId });
    expect(await h.send({ type: 'stylizeImage', tabId, srcUrl: `${fx.site}/clip.webm?own#t=0.5` })).toMatchObject({ ok: true, matched: 1 });
    await expect(page.locator('#o'), styleId).toHaveAttribute('data-brushwork', 'done');
    const px = await pixels(page, 'o');
    await h.send({ type: 'restoreAll', tabId });
    await expect(page.locator('#o + canvas')).toHaveCount(0);
    return px;
  };
  const mine = await paintedIn(id);
  // Its weights are The Scream's: painted as the shipped The Scream paints it, unlike another style.
  expect(meanDiff(mine, await paintedIn('the-scream'))).toBeLessThan(1);
  expect(meanDiff(mine, await paintedIn('starry-night'))).toBeGreaterThan(4);
  await patchSettings({ styleId: 'starry-night' });
  await page.close();
});

/**
 * The content script's own world in the page's main frame (Chromium isolated worlds have their own
 * prototypes), found over the DevTools protocol as bench/video.ts does, to run `expression` there.
 */
async function inContentWorld(page: Page, expression: string): Promise<unknown> {
  const cdp = await page.context().newCDPSession(page);
  const contexts: { id: number; origin: string; auxData?: { type?: string } }[] = [];
  cdp.on('Runtime.executionContextCreated', (e) => contexts.push(e.context));
  await cdp.send('Runtime.enable');
  try {
    for (const c of contexts.filter((c) => c.auxData?.type === 'isolated')) {
      const ours = await cdp.send('Runtime.evaluate', {
        contextId: c.id,
        expression: "typeof globalThis[Symbol.for('brushwork.videoStats')] === 'function'",
        returnByValue: true,
      });
      if (ours.result.value !== true) continue;
      return (await cdp.send('Runtime.evaluate', { contextId: c.id, expression, returnByValue: true })).result.value;
    }
    throw new Error('expected Brushwork’s content script world in the page, found none');
  } finally {
    await cdp.detach();
  }
}

const videoStats = async (page: Page) =>
  ((await inContentWorld(page, "globalThis[Symbol.for('brushwork.videoStats')]()")) as { captured: number; painted: number }[])[0];

test('without requestVideoFrameCallback (the rAF fallback) a playing video is still painted frame after frame, and pausing stops the work', async () => {
  const { page, tabId } = await h.openTab(`${fx.site}/fallback.html`, { viewport: { width: 1000, height: 800 } });
  await page.waitForFunction(() => (document.getElementById('f') as HTMLVideoElement).currentTime > 0);
  // The content script goes in (a request that matches nothing), then loses requestVideoFrameCallback in its own world.
  expect(await h.send({ type: 'stylizeImage', tabId, srcUrl: `${fx.site}/nothing.png` })).toMatchObject({ ok: true, matched: 0 });
  expect(
    await inContentWorld(
      page,
      "delete HTMLVideoElement.prototype.requestVideoFrameCallback; typeof document.createElement('video').requestVideoFrameCallback",
    ),
  ).toBe('undefined');
  expect(await page.evaluate(() => typeof document.createElement('video').requestVideoFrameCallback)).toBe('function'); // the page's own is untouched

  expect(await h.send({ type: 'stylizeImage', tabId, srcUrl: `${fx.site}/clip.webm?fallback` })).toMatchObject({ ok: true, matched: 1 });
  await expect(page.locator('#f')).toHaveAttribute('data-brushwork', 'done');
  // Frame after frame while it plays: beyond the frames a seek paints anyway (its loop seeks back to the start each time).
  await page.evaluate(() => {
    const w = window as unknown as { seeks: number };
    w.seeks = 0;
    document.getElementById('f')?.addEventListener('seeked', () => w.seeks++);
  });
  const beyondSeeks = async () => {
    const seeks = await page.evaluate(() => (window as unknown as { seeks: number }).seeks);
    return ((await videoStats(page))?.painted ?? 0) - seeks;
  };
  await expect.poll(beyondSeeks, { timeout: 30_000 }).toBeGreaterThanOrEqual(12);
  // …and those paintings are different pictures, not one frame painted again and again.
  const paintings = distinctSamples(() => overlayFingerprint(page, 'f'));
  await expect.poll(paintings, { timeout: 30_000 }).toBeGreaterThanOrEqual(6);
  // Paused: its paused frame is painted, then nothing more is captured or painted, however many animation frames pass.
  await page.evaluate(() => (document.getElementById('f') as HTMLVideoElement).pause());
  const counts = async () => {
    const s = await videoStats(page);
    return { captured: s?.captured ?? 0, painted: s?.painted ?? 0 };
  };
  const { settled, after } = await holdStill(page, counts);
  expect(after).toEqual(settled);
  // Playing again: painted again.
  await page.evaluate(() => (document.getElementById('f') as HTMLVideoElement).play());
  await expect.poll(async () => (await videoStats(page))?.painted ?? 0).toBeGreaterThan(settled.painted + 5);
  await h.send({ type: 'restoreAll', tabId });
  await page.close();
});

test('a page sandboxed by its CSP (no origin of its own) has its video left as it is, with that reason', async () => {
  const { page, tabId } = await h.openTab(`${fx.site}/csp-sandbox.html`, { viewport: { width: 1000, height: 800 } });
  await page.waitForFunction(() => (document.getElementById('p') as HTMLVideoElement).readyState >= 2);
  await pageMode(tabId, true);
  await expect(page.locator('#p')).toHaveAttribute('data-brushwork', 'skipped');
  await expect(page.locator('#p')).toHaveAttribute('data-brushwork-reason', /sandboxed by its Content Security Policy/);
  await expect(page.locator('#p + canvas')).toHaveCount(0);
  await pageMode(tabId, false);
  await page.close();
});

/** A background tab as the content script sees it (in its own world only: the page's is untouched). */
const BACKGROUND_TAB = `globalThis.bwVisibility = Object.getOwnPropertyDescriptor(Document.prototype, 'visibilityState');
  Object.defineProperty(Document.prototype, 'visibilityState', { configurable: true, get: () => 'hidden' });
  document.dispatchEvent(new Event('visibilitychange'));`;
const FOREGROUND_TAB = `Object.defineProperty(Document.prototype, 'visibilityState', globalThis.bwVisibility);
  document.dispatchEvent(new Event('visibilitychange'));`;

/** What the painter did so far (captured and painted frames) and what its overlay shows. */
const work = (page: Page, id: string) => async () => {
  const s = await videoStats(page);
  return { captured: s?.captured ?? 0, painted: s?.painted ?? 0, shown: await overlayFingerprint(page, id) };
};

test('nothing runs for a playing video scrolled away, hidden (display:none) or in a background tab, and it is painted again when back', async () => {
  const { page, tabId } = await h.openTab(`${fx.site}/away.html`, { viewport: { width: 1000, height: 800 } });
  await page.evaluate(() => (document.getElementById('v') as HTMLVideoElement).play());
  expect(await pageMode(tabId, true)).toMatchObject({ ok: true, enabled: true });
  await expect(page.locator('#v')).toHaveAttribute('data-brushwork', 'done');
  const shown = () => overlayFingerprint(page, 'v');
  const paintingLive = (seen: string[]) =>
    expect.poll(distinctSamples(shown, seen), { timeout: 30_000 }).toBeGreaterThanOrEqual(seen.length + 3);
  await paintingLive([]);

  // Scrolled away: it plays on (its own timeupdate events count a second), nothing is captured or painted.
  await scrollAway(page);
  const away = await stillWhilePlaying(page, 'v', work(page, 'v'));
  expect(away.after).toEqual(away.settled);
  await scrollBack(page);
  await paintingLive([away.settled.shown]);

  // Hidden by the page (display:none): the same, and its overlay shows nothing meanwhile.
  await hideVideo(page, 'v');
  const hidden = await stillWhilePlaying(page, 'v', work(page, 'v'));
  expect(hidden.after).toEqual(hidden.settled);
  expect(await overlayArea(page, 'v')).toBe(0);
  await showVideo(page, 'v');
  await paintingLive([hidden.settled.shown]);

  // Its box hidden by the page (visibility:hidden, which IntersectionObserver does not see): the overlay hides with
  // it, and nothing is captured or painted.
  await hideBox(page);
  expect(await overlayVisibility(page, 'v')).toBe('hidden');
  const boxed = await stillWhilePlaying(page, 'v', work(page, 'v'));
  expect(boxed.after).toEqual(boxed.settled);
  await showBox(page);
  expect(await overlayVisibility(page, 'v')).toBe('visible');
  await paintingLive([boxed.settled.shown]);

  // Its tab in the background. Headless Chromium never hides a tab (measured: Playwright's bringToFront, and
  // chrome.tabs.create({ active: true }) in the video's own window, both leave visibilityState 'visible'; the
  // Chromium team's headless mode keeps every target visible), so the content script's own world is told what a
  // background tab says: visibilityState 'hidden' and a visibilitychange event.
  await inContentWorld(page, BACKGROUND_TAB);
  const behind = await stillWhilePlaying(page, 'v', work(page, 'v'));
  expect(behind.after).toEqual(behind.settled);
  await inContentWorld(page, FOREGROUND_TAB);
  await paintingLive([behind.settled.shown]);
  await pageMode(tabId, false);
  await page.close();
});

test("the settings page's video caps hold: a video is painted at most the long-side cap (upscaled for display), at most the frames-per-second cap per second of the video's own time", async () => {
  const options = await h.context.newPage();
  await options.goto(`chrome-extension://${h.extensionId}/options.html`);
  const { page, tabId } = await h.openTab(`${fx.site}/caps.html`, { viewport: { width: 1000, height: 800 } });
  await page.evaluate(() => (document.getElementById('v') as HTMLVideoElement).play());
  await page.waitForFunction(() => (document.getElementById('big') as HTMLVideoElement).readyState >= 2);
  try {
    await setVideoCaps(options, LOW_CAPS);
    expect(await pageMode(tabId, true)).toMatchObject({ ok: true, enabled: true });
    await expect(page.locator('#big')).toHaveAttribute('data-brushwork', 'done');
    await expect(page.locator('#v')).toHaveAttribute('data-brushwork', 'done');
    // 256 px on the long side, shown at 768: the overlay holds no detail finer than 256 px across (measured 0).
    await expect.poll(() => detailFinerThan(page, 'big', LOW_CAPS.side)).toBeLessThan(1);
    // 5 frames a second: over 3 s of the video's own time, at most 15 painted frames (and the few mostFramesUnder allows).
    const capped = await overlayChanges(page, 'v', 3);
    expect(capped.changes).toBeGreaterThanOrEqual(2); // still painted live
    expect(capped.changes).toBeLessThanOrEqual(mostFramesUnder(LOW_CAPS.fps, capped));
    // Above the caps the same measures see more (measured 3.4 levels of finer detail at 640 px; 81 frames in 3 s at
    // 60 fps): they can tell.
    await setVideoCaps(options, { side: DEFAULT_CAPS.side, fps: 60 });
    await expect.poll(() => detailFinerThan(page, 'big', LOW_CAPS.side)).toBeGreaterThan(2);
    const free = await overlayChanges(page, 'v', 3);
    expect(free.changes).toBeGreaterThan(mostFramesUnder(LOW_CAPS.fps, free));
  } finally {
    await setVideoCaps(options, DEFAULT_CAPS);
    await options.close();
  }
  await pageMode(tabId, false);
  await page.close();
});

test('another site’s video served with CORS (crossorigin) is painted, beside one without CORS left as it is with its reason', async () => {
  const { page, tabId } = await h.openTab(`${fx.site}/cors.html`, { viewport: { width: 1000, height: 800 } });
  await page.evaluate(() => Promise.all(['c', 'x'].map((id) => (document.getElementById(id) as HTMLVideoElement).play())));
  const before = await page.evaluate(() => document.documentElement.outerHTML);
  expect(await pageMode(tabId, true)).toMatchObject({ ok: true, enabled: true });
  await expect(page.locator('#c')).toHaveAttribute('data-brushwork', 'done');
  await expect(page.locator('#c + canvas')).toHaveCount(1);
  await expect.poll(() => overlayDifference(page, 'c')).toBeGreaterThan(8); // painted
  await expect(page.locator('#x')).toHaveAttribute('data-brushwork', 'skipped');
  await expect(page.locator('#x')).toHaveAttribute('data-brushwork-reason', /another site without CORS/);
  await expect(page.locator('#x + canvas')).toHaveCount(0);
  expect(await pageMode(tabId, false)).toMatchObject({ ok: true, enabled: false });
  expect(await page.evaluate(() => document.documentElement.outerHTML)).toBe(before);
  await page.close();
});

test('“Keep the picture’s colours” applies to the next frame of a video: its overlay takes on the video’s own colours', async () => {
  const { page, tabId } = await h.openTab(`${fx.site}/colours.html`, { viewport: { width: 1000, height: 800 } });
  await page.waitForFunction(() => (document.getElementById('p') as HTMLVideoElement).readyState >= 2);
  try {
    expect(await pageMode(tabId, true)).toMatchObject({ ok: true, enabled: true });
    await expect(page.locator('#p')).toHaveAttribute('data-brushwork', 'done');
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
  await pageMode(tabId, false);
  await page.close();
});

test('the overlay stays on the video’s content box when its scroller and the page scroll, and the keyboard still reaches the video', async () => {
  const { page, tabId } = await h.openTab(`${fx.site}/scroller.html`, { viewport: { width: 1000, height: 800 } });
  await page.waitForFunction(() => (document.getElementById('v') as HTMLVideoElement).readyState >= 2);
  expect(await pageMode(tabId, true)).toMatchObject({ ok: true, enabled: true });
  await expect(page.locator('#v')).toHaveAttribute('data-brushwork', 'done');
  await expectOverlayFollowsScrollAndKeys(page);
  await pageMode(tabId, false);
  await page.close();
});

test('“Stylize video ▸” another style paints that video alone in it, whatever the page’s style, and “Restore video” restores that one alone', async () => {
  const { page, tabId } = await h.openTab(`${fx.site}/two.html`, { viewport: { width: 1000, height: 800 } });
  await page.waitForFunction(() => [...document.querySelectorAll('video')].every((v) => v.readyState >= 2));
  const before = await page.evaluate(() => document.documentElement.outerHTML);
  // The messages the context menu's items send the page (src/background/context-menu.ts), from the background.
  const toPage = async (message: Record<string, unknown>) => {
    const worker = await h.currentWorker();
    return worker.evaluate(([id, m]) => chrome.tabs.sendMessage(id as number, m), [tabId, message] as const);
  };
  // The content script goes in as the menu's ensureContentScript puts it (a request that matches nothing).
  expect(await h.send({ type: 'stylizeImage', tabId, srcUrl: `${fx.site}/nothing.png` })).toMatchObject({ ok: true, matched: 0 });
  try {
    await patchSettings({ styleId: 'starry-night' });
    // The page's style on #b, for comparison; "Stylize video ▸ The Scream" on #a.
    await toPage({ type: 'page.stylizeBySrc', srcUrl: `${fx.site}/clip.webm?b#t=0.5` });
    await expect(page.locator('#b')).toHaveAttribute('data-brushwork', 'done');
    await toPage({ type: 'page.stylizeBySrc', srcUrl: `${fx.site}/clip.webm?a#t=0.5`, styleId: 'the-scream' });
    await expect(page.locator('#a')).toHaveAttribute('data-brushwork', 'done');
    // Same frame, two styles: #a is The Scream's, not the page's.
    await expect.poll(async () => meanDiff(await pixels(page, 'a'), await pixels(page, 'b'))).toBeGreaterThan(4);
    const scream = await pixels(page, 'a');
    // The page's style changes to The Scream: #b follows it and now matches #a; #a keeps its own style.
    await patchSettings({ styleId: 'the-scream' });
    await expect.poll(async () => meanDiff(await pixels(page, 'b'), scream)).toBeLessThan(1);
    await patchSettings({ styleId: 'udnie' });
    await expect.poll(async () => meanDiff(await pixels(page, 'b'), scream)).toBeGreaterThan(4);
    expect(meanDiff(await pixels(page, 'a'), scream)).toBeLessThan(1);

    // "Restore video" on #a: that video alone, every trace gone; #b stays painted.
    await toPage({ type: 'page.restoreBySrc', srcUrl: `${fx.site}/clip.webm?a#t=0.5` });
    await expect(page.locator('#a + canvas')).toHaveCount(0);
    await expect(page.locator('#a')).not.toHaveAttribute('data-brushwork', /.*/);
    await expect(page.locator('#b')).toHaveAttribute('data-brushwork', 'done');
    await expect(page.locator('#b + canvas')).toHaveCount(1);
    await toPage({ type: 'page.restoreBySrc', srcUrl: `${fx.site}/clip.webm?b#t=0.5` });
    await expect(page.locator('#b + canvas')).toHaveCount(0);
    expect(await page.evaluate(() => document.documentElement.outerHTML)).toBe(before);
  } finally {
    await patchSettings({ styleId: 'starry-night' });
  }
  await page.close();
});
