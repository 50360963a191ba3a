/**
 * Animated pictures keep moving (#27): an animated GIF of the project's own
 * scene (400×300, 10 fps, made at test time) is painted frame by frame in
 * page mode, shown looping with the original's timing, and restored exactly;
 * so are an animated WebP and an APNG, in Chromium and in Firefox ESR.
 */
import { expect, type Page, test } from '@playwright/test';
import sharp from 'sharp';
import { readAnimationTiming } from '../../src/shared/animation';
import { makeSceneFrames } from '../../src/shared/scene-frames';
import { sceneAnimation, sceneApng } from './fixtures/animated';
import { extensionWithAllSites, type Harness, launch } from './fixtures/extension';
import { type FirefoxHarness, launchFirefox } from './fixtures/firefox';
import { bytes, type Fixture, html, startFixture } from './fixtures/server';

const W = 400;
const H = 300;
const FRAMES = 6;

/** An animated GIF as a CSS background, with the page's own size, position and repeat rules. */
const bgStyle = (query: string) => `width:${W}px;height:${H}px;background:url(/scene.gif?${query}) 0 0 / ${W}px ${H}px no-repeat`;
const BG = `<div id="a" style="${bgStyle('bg')}"></div>`;

let h: Harness;
let fx: Fixture;
let gif: Buffer;
let webp: Buffer;
let apng: Buffer;
/** One frame over the cap (src/runtime/animation-limits.ts), small and quick (25 fps), so that it is seen moving soon. */
const LONG_FRAMES = 501;

test.beforeAll(async () => {
  gif = await sceneAnimation({ width: W, height: H, frames: FRAMES, delayMs: 100, loop: 0 });
  // Three plays and another pace, so that the play count and durations are seen to follow each file.
  webp = await sceneAnimation({ width: W, height: H, frames: 4, delayMs: 150, loop: 3 }, 'webp');
  apng = sceneApng({ width: W, height: H, frames: 4, delayMs: 120, plays: 0 });
  fx = await startFixture(
    {
      '/anim.html': html(`<p>An animation</p><img id="a" src="/scene.gif" width="${W}" height="${H}" alt="scene">`),
      '/scene.gif': bytes(gif, 'image/gif'),
      '/formats.html': html(
        `<img id="w" src="/scene.webp" width="${W}" height="${H}" alt="webp"><img id="p" src="/scene.png" width="${W}" height="${H}" alt="apng">`,
      ),
      '/scene.webp': bytes(webp, 'image/webp'),
      '/scene.png': bytes(apng, 'image/png'),
      // README: an animation Brushwork cannot paint (over 500 frames) is left as it is, still moving, with the reason.
      '/long.html': html('<img id="a" src="/long.gif" width="160" height="120" alt="a long animation">'),
      '/long.gif': bytes(await sceneAnimation({ width: 160, height: 120, frames: LONG_FRAMES, delayMs: 40, loop: 0 }), 'image/gif'),
      '/menu.html': html(`<img id="a" src="/scene.gif?menu" width="${W}" height="${H}" alt="scene">`),
      '/save.html': html(`<img id="a" src="/scene.gif?save" width="200" height="150" alt="scene">`),
      '/bg.html': html(BG),
      '/bg-csp.html': html(`<div id="a" style="${bgStyle('bg-csp')}"></div>`, {
        'content-security-policy': "default-src 'self'; img-src 'self'; style-src 'self' 'unsafe-inline'",
      }),
    },
    {},
  );
  h = await launch();
});

test.afterAll(async () => {
  await h?.close();
  await hAll?.close();
  await ff?.close();
  await fx?.close();
});

/** Debian's firefox-esr with the Firefox build, started by the first Firefox test and shared by the others. */
let ff: FirefoxHarness | undefined;
const firefox = async () => {
  ff ??= await launchFirefox();
  return ff;
};

/**
 * A Firefox tab on `path` with page mode on and each of `ids` settled (done, skipped or error: the background
 * page's engines may lack WebCodecs' ImageDecoder, `hasImageDecoder`). `attr` reads an element's attribute,
 * `shoot` screenshots one; `end` turns page mode off and checks that the page is back exactly, once the marks
 * are gone (`markupPolled`: until its markup is), with no page error.
 */
async function inFirefoxPageMode(path: string, ids: string[]) {
  test.setTimeout(180_000);
  const ff = await firefox();
  const hasImageDecoder = await ff.control.evaluate(() => typeof (globalThis as { ImageDecoder?: unknown }).ImageDecoder === 'function');
  const { page, tabId } = await ff.openTab(`${fx.site}${path}`);
  const before = await page.evaluate(() => document.body.innerHTML);
  const attr = (id: string, name: string) => page.evaluate((i, n) => document.getElementById(i)?.getAttribute(n) ?? null, id, name);
  await ff.send({ type: 'setPageMode', tabId, enabled: true });
  for (const id of ids) await expect.poll(() => attr(id, 'data-brushwork'), { timeout: 120_000 }).toMatch(/^(done|skipped|error)$/);
  const shoot = async (id: string): Promise<Shoot> => {
    const el = await page.$(`#${id}`);
    return async () => (await el?.screenshot({ type: 'png' })) as Uint8Array;
  };
  const end = async ({ markupPolled = false } = {}) => {
    await ff.send({ type: 'setPageMode', tabId, enabled: false });
    const markup = () => page.evaluate(() => document.body.innerHTML);
    if (markupPolled) await expect.poll(markup).toBe(before);
    else {
      await expect.poll(() => page.evaluate(() => document.querySelectorAll('[data-brushwork]').length)).toBe(0);
      expect(await markup()).toBe(before);
    }
    expect(ff.pageErrors).toEqual([]);
    await page.close();
  };
  return { page, hasImageDecoder, attr, shoot, end };
}

/**
 * The <img> as it is on screen, as RGBA (canvas drawImage would give an animation's first frame only,
 * per the HTML spec). `shoot` takes a PNG screenshot of it (Playwright in Chromium, puppeteer in Firefox).
 */
type Shoot = () => Promise<Uint8Array>;
const chromiumShot =
  (page: Page, selector = '#a'): Shoot =>
  () =>
    page.locator(selector).screenshot({ animations: 'allow' });
const rgba = async (png: Uint8Array) => sharp(png).resize(W, H, { fit: 'fill' }).ensureAlpha().raw().toBuffer();

/**
 * Takes screenshots of the <img> until it has shown a frame, another one, and the first again: the
 * painted picture moves and loops. No timer: each screenshot is the next sample, and the loop ends
 * when the condition is met (at most `max` samples, ~100 ms each here, for a 0.6 s cycle).
 */
async function watchMovingAndLooping(shoot: Shoot, max = 300): Promise<{ first: Buffer; other: Buffer; distinct: number }> {
  const first = await rgba(await shoot());
  const seen: Buffer[] = [first];
  let other: Buffer | null = null;
  for (let i = 0; i < max; i++) {
    const shot = await rgba(await shoot());
    if (!seen.some((s) => meanDiff(s, shot) < 0.5)) seen.push(shot);
    if (!other && meanDiff(first, shot) >= 0.5) other = shot;
    else if (other && meanDiff(first, shot) < 0.5) return { first, other, distinct: seen.length };
  }
  throw new Error(`the picture did not move and come back to its first frame in ${max} screenshots (${seen.length} distinct)`);
}

/** Takes screenshots until one differs from the first: the picture on screen moves (no timer: each shot is the next sample). */
async function watchMoving(shoot: Shoot, max = 300): Promise<void> {
  const first = await rgba(await shoot());
  for (let i = 0; i < max; i++) if (meanDiff(first, await rgba(await shoot())) >= 0.5) return;
  throw new Error(`the picture did not move in ${max} screenshots`);
}

/** What an animation over the frame cap must show after page mode: skipped, the reason naming the cap, the page's own file. */
const LONG_REASON = new RegExp(`at most 500 frames to paint, found ${LONG_FRAMES}`);

/** The original GIF's frames, as sharp decodes them. */
async function originalFrames(): Promise<Buffer[]> {
  const raw = await sharp(gif, { animated: true }).ensureAlpha().raw().toBuffer();
  return Array.from({ length: FRAMES }, (_, i) => raw.subarray(i * W * H * 4, (i + 1) * W * H * 4));
}

/** Every sample differs from every frame of the original (the GIF's by default): what moves on screen is the painted animation. */
async function expectPaintedFrames(samples: Buffer[], originals: ArrayLike<number>[] = []): Promise<void> {
  const frames = originals.length ? originals : await originalFrames();
  for (const s of samples) for (const o of frames) expect(meanDiff(s, o)).toBeGreaterThan(8);
}

const meanDiff = (a: ArrayLike<number>, b: ArrayLike<number>) => {
  let sum = 0;
  for (let i = 0; i < a.length; i++) if (i % 4 !== 3) sum += Math.abs((a[i] as number) - (b[i] as number));
  return sum / ((a.length * 3) / 4);
};

test('page mode paints an animated GIF frame by frame: it keeps moving, loops with the original’s timing, and restores exactly', async () => {
  const { page, tabId } = await h.openTab(`${fx.site}/anim.html`, { viewport: { width: 1000, height: 700 } });
  await page.waitForFunction(() => (document.getElementById('a') as HTMLImageElement).complete);
  const before = await page.evaluate(() => document.body.innerHTML);
  await h.send({ type: 'setPageMode', tabId, enabled: true });
  await expect(page.locator('#a')).toHaveAttribute('data-brushwork', 'done', { timeout: 60_000 });

  // One animated WebP with the original's frame count, durations and endless loop.
  const src = (await page.$eval('#a', (i) => i.getAttribute('src'))) as string;
  expect(src.startsWith('data:image/webp;base64,')).toBe(true);
  const painted = new Uint8Array(Buffer.from(src.slice(src.indexOf(',') + 1), 'base64'));
  expect(readAnimationTiming(painted)).toEqual(readAnimationTiming(new Uint8Array(gif)));
  expect(readAnimationTiming(painted)).toEqual({ delaysMs: Array(FRAMES).fill(100), plays: 0 });

  // On screen it moves (two samples differ), and comes back to the frame it started on (it loops).
  const runs = async () => (await h.send<{ runtime: { recentRunMs: number[] } | null }>({ type: 'getStatus', tabId })).runtime?.recentRunMs;
  const runsWhenShown = await runs();
  const { first, other, distinct } = await watchMovingAndLooping(chromiumShot(page));
  // The browser plays it: no engine ran while it looped.
  expect(await runs()).toEqual(runsWhenShown);
  expect(distinct).toBeGreaterThanOrEqual(2);
  expect(meanDiff(first, other)).toBeGreaterThan(1);
  await expectPaintedFrames([first, other]);

  await h.send({ type: 'setPageMode', tabId, enabled: false });
  await expect(page.locator('[data-brushwork]')).toHaveCount(0);
  expect(await page.evaluate(() => document.body.innerHTML)).toBe(before);
  await page.close();
});

test('page mode leaves an animation over 500 frames as it is: skipped with the reason, the page’s own file, still moving', async () => {
  const { page, tabId } = await h.openTab(`${fx.site}/long.html`, { viewport: { width: 1000, height: 700 } });
  await page.waitForFunction(() => (document.getElementById('a') as HTMLImageElement).complete);
  const before = await page.evaluate(() => document.body.innerHTML);
  await h.send({ type: 'setPageMode', tabId, enabled: true });
  await expect(page.locator('#a')).toHaveAttribute('data-brushwork', 'skipped', { timeout: 60_000 });
  expect(await page.$eval('#a', (e) => e.getAttribute('data-brushwork-reason'))).toMatch(LONG_REASON);
  expect(await page.$eval('#a', (i: HTMLImageElement) => i.currentSrc)).toBe(`${fx.site}/long.gif`);
  await watchMoving(chromiumShot(page)); // never frozen on one frame
  await h.send({ type: 'setPageMode', tabId, enabled: false });
  await expect(page.locator('[data-brushwork]')).toHaveCount(0);
  expect(await page.evaluate(() => document.body.innerHTML)).toBe(before);
  await page.close();
});

test('Firefox: page mode leaves an animation over 500 frames as it is: skipped with the reason, the page’s own file, still moving', async () => {
  const ff = await firefox();
  const { page, tabId } = await ff.openTab(`${fx.site}/long.html`);
  const before = await page.evaluate(() => document.body.innerHTML);
  const attr = (name: string) => page.evaluate((n) => document.getElementById('a')?.getAttribute(n) ?? null, name);
  await ff.send({ type: 'setPageMode', tabId, enabled: true });
  await expect.poll(() => attr('data-brushwork'), { timeout: 60_000 }).toBe('skipped');
  expect(await attr('data-brushwork-reason')).toMatch(LONG_REASON);
  expect(await page.evaluate(() => (document.getElementById('a') as HTMLImageElement).currentSrc)).toBe(`${fx.site}/long.gif`);
  const img = await page.$('#a');
  await watchMoving(async () => (await img?.screenshot({ type: 'png' })) as Uint8Array); // never frozen on one frame
  await ff.send({ type: 'setPageMode', tabId, enabled: false });
  await expect.poll(() => page.evaluate(() => document.querySelectorAll('[data-brushwork]').length)).toBe(0);
  expect(await page.evaluate(() => document.body.innerHTML)).toBe(before);
  await page.close();
});

test('an animated WebP and an APNG are painted too, each with its own durations and play count', async () => {
  const { page, tabId } = await h.openTab(`${fx.site}/formats.html`, { viewport: { width: 1000, height: 700 } });
  await page.waitForFunction(() => [...document.images].every((i) => i.complete));
  const before = await page.evaluate(() => document.body.innerHTML);
  await h.send({ type: 'setPageMode', tabId, enabled: true });
  for (const [id, file] of [
    ['w', webp],
    ['p', apng],
  ] as const) {
    await expect(page.locator(`#${id}`)).toHaveAttribute('data-brushwork', 'done', { timeout: 60_000 });
    const src = (await page.$eval(`#${id}`, (i) => i.getAttribute('src'))) as string;
    expect(readAnimationTiming(new Uint8Array(Buffer.from(src.slice(src.indexOf(',') + 1), 'base64')))).toEqual(
      readAnimationTiming(new Uint8Array(file)),
    );
  }
  // The APNG loops for ever: it is seen moving and coming back (the WebP's three plays could end before a slow machine looks).
  const { distinct } = await watchMovingAndLooping(chromiumShot(page, '#p'));
  expect(distinct).toBeGreaterThanOrEqual(2);
  expect(readAnimationTiming(new Uint8Array(webp))).toEqual({ delaysMs: [150, 150, 150, 150], plays: 3 });
  await h.send({ type: 'setPageMode', tabId, enabled: false });
  await expect(page.locator('[data-brushwork]')).toHaveCount(0);
  expect(await page.evaluate(() => document.body.innerHTML)).toBe(before);
  await page.close();
});

test('right-click "Stylize image" paints an animated GIF too, and Restore brings the page’s own back', async () => {
  const { page, tabId } = await h.openTab(`${fx.site}/menu.html`, { viewport: { width: 1000, height: 700 } });
  await page.waitForFunction(() => (document.getElementById('a') as HTMLImageElement).complete);
  const before = await page.evaluate(() => document.body.innerHTML);
  const srcUrl = `${fx.site}/scene.gif?menu`;
  expect(await h.send({ type: 'stylizeImage', tabId, srcUrl })).toMatchObject({ ok: true, matched: 1 });
  await expect(page.locator('#a')).toHaveAttribute('data-brushwork', 'done', { timeout: 60_000 });
  const src = (await page.$eval('#a', (i) => i.getAttribute('src'))) as string;
  expect(readAnimationTiming(new Uint8Array(Buffer.from(src.slice(src.indexOf(',') + 1), 'base64')))).toEqual(
    readAnimationTiming(new Uint8Array(gif)),
  );
  await h.send({ type: 'restoreAll', tabId });
  await expect(page.locator('[data-brushwork]')).toHaveCount(0);
  expect(await page.evaluate(() => document.body.innerHTML)).toBe(before);
  await page.close();
});

/**
 * Firefox ESR: its engines (the background page's workers) paint the frames where Firefox has WebCodecs'
 * ImageDecoder; where it has not, the animation is left as it is, still moving, with that reason.
 */
test('Firefox: an animated GIF in page mode is painted and keeps moving, or, without ImageDecoder, is left moving with the reason', async () => {
  const { page, hasImageDecoder, attr, shoot, end } = await inFirefoxPageMode('/anim.html', ['a']);
  const state = () => attr('a', 'data-brushwork');
  const reason = (await attr('a', 'data-brushwork-reason')) ?? '';
  if (hasImageDecoder) {
    expect(await state(), reason).toBe('done');
    const src = (await page.evaluate(() => document.getElementById('a')?.getAttribute('src'))) as string;
    const painted = new Uint8Array(Buffer.from(src.slice(src.indexOf(',') + 1), 'base64'));
    expect(readAnimationTiming(painted)).toEqual(readAnimationTiming(new Uint8Array(gif)));
    const { first, other } = await watchMovingAndLooping(await shoot('a'));
    await expectPaintedFrames([first, other]);
  } else {
    expect(await state()).toBe('skipped');
    expect(reason).toMatch(/ImageDecoder/);
    expect(await attr('a', 'src')).toBe('/scene.gif');
    await watchMovingAndLooping(await shoot('a')); // the original, still moving: never frozen on one frame
  }
  await end();
});

test('Firefox: an animated WebP and an APNG in page mode are painted, each with its own durations and play count, and keep moving', async () => {
  const { hasImageDecoder, attr, shoot, end } = await inFirefoxPageMode('/formats.html?firefox', ['w', 'p']);
  if (hasImageDecoder) {
    for (const [id, file] of [
      ['w', webp],
      ['p', apng],
    ] as const) {
      expect(await attr(id, 'data-brushwork'), (await attr(id, 'data-brushwork-reason')) ?? id).toBe('done');
      const src = (await attr(id, 'src')) as string;
      expect(src.startsWith('data:image/webp;base64,')).toBe(true);
      expect(readAnimationTiming(new Uint8Array(Buffer.from(src.slice(src.indexOf(',') + 1), 'base64')))).toEqual(
        readAnimationTiming(new Uint8Array(file)),
      );
    }
    // The APNG loops for ever: seen moving and coming back, and every frame shown is a painted one.
    const { first, other } = await watchMovingAndLooping(await shoot('p'));
    await expectPaintedFrames(
      [first, other],
      makeSceneFrames(W, H, 4).map((f) => f.data),
    );
  } else {
    for (const id of ['w', 'p']) {
      expect(await attr(id, 'data-brushwork')).toBe('skipped');
      expect(await attr(id, 'data-brushwork-reason')).toMatch(/ImageDecoder/);
    }
    await watchMovingAndLooping(await shoot('p')); // the original, still moving: never frozen on one frame
  }
  await end();
});

/** The painted animation Brushwork wrote into an element's inline background-image, as bytes. */
const backgroundBytes = async (page: Page) => {
  const style = (await page.$eval('#a', (e) => e.getAttribute('style'))) as string;
  const b64 = /url\("?data:image\/webp;base64,([^")]+)/.exec(style)?.[1];
  expect(b64, style.slice(0, 200)).toBeTruthy();
  return new Uint8Array(Buffer.from(b64 as string, 'base64'));
};

/**
 * With access to all sites, as a user who allowed it: the background sees the page's CSP headers (#30), so a
 * page known to allow data: pictures gets its animated background painted; with activeTab only the policy is
 * unknown and the background is left moving (src/page/css-image-policy.ts).
 */
let hAll: Harness | undefined;
const withAccess = async () => {
  hAll ??= await launch([], extensionWithAllSites());
  return hAll;
};

test('page mode paints an animated CSS background: one animated WebP in its place, the page’s size/position/repeat kept, moving, restored exactly', async () => {
  const h = await withAccess();
  const { page, tabId } = await h.openTab(`${fx.site}/bg.html`, { viewport: { width: 1000, height: 700 } });
  const layout = () =>
    page.$eval('#a', (e) => {
      const cs = getComputedStyle(e);
      return [cs.backgroundSize, cs.backgroundPosition, cs.backgroundRepeat, cs.width, cs.height];
    });
  const layoutBefore = await layout();
  const before = await page.evaluate(() => document.body.innerHTML);
  await h.send({ type: 'setPageMode', tabId, enabled: true });
  await expect(page.locator('#a')).toHaveAttribute('data-brushwork', 'done', { timeout: 60_000 });
  expect(readAnimationTiming(await backgroundBytes(page))).toEqual(readAnimationTiming(new Uint8Array(gif)));
  expect(await layout()).toEqual(layoutBefore);
  const { first, other } = await watchMovingAndLooping(chromiumShot(page));
  await expectPaintedFrames([first, other]);
  await h.send({ type: 'setPageMode', tabId, enabled: false });
  await expect(page.locator('[data-brushwork]')).toHaveCount(0);
  expect(await page.evaluate(() => document.body.innerHTML)).toBe(before);
  await page.close();
});

test('an animated CSS background under a CSP that forbids data: pictures is left moving, with the reason (never frozen on a canvas frame)', async () => {
  const h = await withAccess();
  const { page, tabId } = await h.openTab(`${fx.site}/bg-csp.html`, { viewport: { width: 1000, height: 700 } });
  const before = await page.evaluate(() => document.body.innerHTML);
  const styleBefore = await page.$eval('#a', (e) => e.getAttribute('style'));
  await h.send({ type: 'setPageMode', tabId, enabled: true });
  await expect(page.locator('#a')).toHaveAttribute('data-brushwork', 'skipped', { timeout: 60_000 });
  expect(await page.$eval('#a', (e) => e.getAttribute('data-brushwork-reason'))).toMatch(/Content Security Policy/);
  expect(await page.$eval('#a', (e) => e.querySelector('canvas'))).toBeNull();
  expect(await page.$eval('#a', (e) => e.getAttribute('style'))).toBe(styleBefore); // nothing of ours in it
  await watchMovingAndLooping(chromiumShot(page)); // the page's own GIF, still moving
  await h.send({ type: 'setPageMode', tabId, enabled: false });
  await expect(page.locator('[data-brushwork]')).toHaveCount(0);
  expect(await page.evaluate(() => document.body.innerHTML)).toBe(before);
  await page.close();
});

test('with activeTab only (the page’s CSP headers unseen), an animated CSS background is left moving with that reason, and nothing of ours is tried', async () => {
  const { page, tabId } = await h.openTab(`${fx.site}/bg.html?unseen`, { viewport: { width: 1000, height: 700 } });
  const styleBefore = await page.$eval('#a', (e) => e.getAttribute('style'));
  await h.send({ type: 'setPageMode', tabId, enabled: true });
  await expect(page.locator('#a')).toHaveAttribute('data-brushwork', 'skipped', { timeout: 60_000 });
  expect(await page.$eval('#a', (e) => e.getAttribute('data-brushwork-reason'))).toMatch(
    /cannot see whether this site’s security policy allows/,
  );
  expect(await page.$eval('#a', (e) => e.getAttribute('style'))).toBe(styleBefore);
  await watchMovingAndLooping(chromiumShot(page)); // the page's own GIF, still moving
  await h.send({ type: 'setPageMode', tabId, enabled: false });
  await expect(page.locator('[data-brushwork]')).toHaveCount(0);
  await page.close();
});

test('Save stylized image on an animated GIF saves the painted animation: an animated WebP at natural size, named after the file', async () => {
  const { page, tabId } = await h.openTab(`${fx.site}/save.html`, { viewport: { width: 1000, height: 700 } });
  await page.waitForFunction(() => (document.getElementById('a') as HTMLImageElement).complete);
  // Painted first, at its shown 200×150: the save is still at the natural 400×300 (the content script is in the tab now).
  await h.send({ type: 'stylizeImage', tabId, srcUrl: `${fx.site}/scene.gif?save` });
  await expect(page.locator('#a')).toHaveAttribute('data-brushwork', 'done', { timeout: 60_000 });
  const download = page.waitForEvent('download');
  const worker = await h.currentWorker();
  const answer = await worker.evaluate(([id, m]) => chrome.tabs.sendMessage(id as number, m), [
    tabId,
    { type: 'page.saveBySrc', srcUrl: `${fx.site}/scene.gif?save` },
  ] as const);
  expect(answer).toEqual({ ok: true, saved: 1 });
  const d = await download;
  expect(d.suggestedFilename()).toBe('scene-starry-night.webp');
  const body = new Uint8Array(await page.evaluate(async (url) => [...new Uint8Array(await (await fetch(url)).arrayBuffer())], d.url()));
  expect(readAnimationTiming(body)).toEqual(readAnimationTiming(new Uint8Array(gif)));
  const meta = await sharp(Buffer.from(body)).metadata();
  expect({ format: meta.format, width: meta.width, height: meta.height, pages: meta.pages }).toEqual({
    format: 'webp',
    width: W,
    height: H,
    pages: FRAMES,
  });
  // Its frames are painted ones, not the original's.
  const raw = await sharp(Buffer.from(body), { animated: true }).ensureAlpha().raw().toBuffer();
  await expectPaintedFrames([raw.subarray(0, W * H * 4), raw.subarray(W * H * 4, 2 * W * H * 4)]);
  await page.close();
});

test('Firefox: an animated CSS background is painted as one animated WebP and keeps moving (or, without ImageDecoder, is left moving with the reason)', async () => {
  const { hasImageDecoder, attr, shoot, end } = await inFirefoxPageMode('/bg.html', ['a']);
  const state = () => attr('a', 'data-brushwork');
  const reason = (await attr('a', 'data-brushwork-reason')) ?? '';
  if (hasImageDecoder) {
    expect(await state(), reason).toBe('done');
    const style = (await attr('a', 'style')) as string;
    const b64 = /url\("?data:image\/webp;base64,([^")]+)/.exec(style)?.[1] as string;
    expect(readAnimationTiming(new Uint8Array(Buffer.from(b64, 'base64')))).toEqual(readAnimationTiming(new Uint8Array(gif)));
    const { first, other } = await watchMovingAndLooping(await shoot('a'));
    await expectPaintedFrames([first, other]);
  } else {
    expect(await state()).toBe('skipped');
    await watchMovingAndLooping(await shoot('a'));
  }
  await end({ markupPolled: true });
});

test('Firefox: an animated CSS background under a CSP that forbids data: pictures is left moving, with the reason (never frozen on a canvas frame)', async () => {
  // With access to all sites (the harness's build), the background sees this page's CSP header, as in Chromium.
  const { page, attr, shoot, end } = await inFirefoxPageMode('/bg-csp.html?firefox', ['a']);
  expect(await attr('a', 'data-brushwork'), (await attr('a', 'data-brushwork-reason')) ?? '').toBe('skipped');
  expect(await attr('a', 'data-brushwork-reason')).toMatch(/Content Security Policy/);
  expect(await page.evaluate(() => document.getElementById('a')?.querySelector('canvas') ?? null)).toBeNull();
  expect(await attr('a', 'style')).toBe(bgStyle('bg-csp')); // nothing of ours in it
  await watchMovingAndLooping(await shoot('a')); // the page's own GIF, still moving
  await end();
});

/*
 * Firefox's right-click "Stylize image" on an animated GIF and its activeTab-only animated background (no host
 * access, the page's CSP headers unseen) are in firefox-ui.e2e.ts: they need Firefox's own menu and shortcut,
 * which grant activeTab there as for a person, on a build installed without host access.
 */
