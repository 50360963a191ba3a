/**
 * The video sources the README promises besides a plain file, in both browsers (#27, #29): a MediaSource
 * video (`blob:`) and a camera are painted live in page mode; a DRM-protected video (EME) is left as it is
 * with its reason; switching page mode off gives the page back exactly.
 */
import { expect, test } from '@playwright/test';
import { launch } from './fixtures/extension';
import { launchFirefox } from './fixtures/firefox';
import { type Fixture, startFixture } from './fixtures/server';
import { sceneClip } from './fixtures/video';
import { type AnyPage, distinctSamples, overlayFingerprint } from './fixtures/video-frames';
import { FAKE_CAMERA_ARGS, FAKE_CAMERA_PREFS, videoSources } from './fixtures/video-sources';

let fx: Fixture;

test.beforeAll(async () => {
  const clip = await sceneClip({ width: 320, height: 180, frames: 60, fps: 30 });
  fx = await startFixture(videoSources(clip), {});
});

test.afterAll(async () => {
  await fx?.close();
});

type Send = (message: Record<string, unknown>) => Promise<Record<string, unknown>>;
type Status = { counts: { done: number; skipped: number; videos?: number } };

const attribute = (page: AnyPage, id: string, name: string) =>
  (page as import('@playwright/test').Page).evaluate(
    ([i, n]) => document.getElementById(i as string)?.getAttribute(n as string) ?? null,
    [id, name],
  );
const outerHtml = (page: AnyPage) => (page as import('@playwright/test').Page).evaluate(() => document.documentElement.outerHTML);
const overlays = (page: AnyPage, id: string) =>
  (page as import('@playwright/test').Page).evaluate((i) => document.querySelectorAll(`#${i} + canvas`).length, id);

/** The same steps in both browsers: every source plays first, then page mode on, checked, and off. */
async function paintsEverySource(page: AnyPage, tabId: number, send: Send): Promise<void> {
  const ready = () => (page as import('@playwright/test').Page).evaluate(() => (window as unknown as { ready: unknown }).ready);
  // A source the browser refused shows its own error here (e.g. "NotAllowedError"), not a timeout.
  await expect.poll(ready, { timeout: 30_000 }).toEqual({ mse: true, cam: true, drm: true });
  const before = await outerHtml(page);
  expect(await send({ type: 'setPageMode', tabId, enabled: true })).toMatchObject({ ok: true, enabled: true });
  for (const id of ['mse', 'cam']) await expect.poll(() => attribute(page, id, 'data-brushwork'), { timeout: 30_000 }).toBe('done');
  await expect.poll(() => attribute(page, 'drm', 'data-brushwork')).toBe('skipped');
  expect(await attribute(page, 'drm', 'data-brushwork-reason')).toMatch(/DRM-protected \(Encrypted Media Extensions\)/);
  expect(await overlays(page, 'drm')).toBe(0);
  // Live, not one frame: each overlay shows frame after frame of its source.
  for (const id of ['mse', 'cam'])
    await expect
      .poll(
        distinctSamples(() => overlayFingerprint(page, id)),
        { timeout: 60_000 },
      )
      .toBeGreaterThanOrEqual(6);
  await expect.poll(async () => ((await send({ type: 'getStatus', tabId })) as unknown as Status).counts.videos).toBe(2);
  expect(await send({ type: 'setPageMode', tabId, enabled: false })).toMatchObject({ ok: true, enabled: false });
  await expect.poll(() => outerHtml(page)).toBe(before);
}

test('Chromium: a MediaSource video and a camera are painted live in page mode, a DRM-protected video is left with its reason, restore is exact', async () => {
  const h = await launch(FAKE_CAMERA_ARGS);
  try {
    const { page, tabId } = await h.openTab(`${fx.site}/sources.html`, { viewport: { width: 1000, height: 800 } });
    await paintsEverySource(page, tabId, (m) => h.send(m));
  } finally {
    await h.close();
  }
});

test('Firefox: a MediaSource video and a camera are painted live in page mode, a DRM-protected video is left with its reason, restore is exact', async () => {
  const ff = await launchFirefox(undefined, { prefs: FAKE_CAMERA_PREFS });
  try {
    const { page, tabId } = await ff.openTab(`${fx.site}/sources.html`);
    await paintsEverySource(page, tabId, (m) => ff.send(m));
  } finally {
    await ff.close();
  }
});
