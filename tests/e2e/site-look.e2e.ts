/**
 * An always-on site's own look (README: "Always on for this site" remembers
 * the site with its own style and intensity): the site paints in it by
 * itself, the popup shows it there, and what is chosen there stays with that
 * site. The extension holds access to all sites (as after the popup's prompt
 * was answered) so that always-on may start by itself; firefox-edges.e2e.ts
 * proves the same in Firefox.
 */
import { expect, type Page, test } from '@playwright/test';
import sharp from 'sharp';
import { SETTINGS_VERSION } from '../../src/settings/schema';
import { extensionWithAllSites, type Harness, launch } from './fixtures/extension';
import { bytes, type Fixture, html, scenePng, startFixture } from './fixtures/server';

let h: Harness;
let fx: Fixture;

test.beforeAll(async () => {
  const page = html('<img id="a" src="/a.png" width="240" height="160">');
  const picture = bytes(await scenePng(240, 160, 1), 'image/png');
  // The same picture on two sites: the second paints with the global look, as the reference.
  fx = await startFixture({ '/one.html': page, '/a.png': picture }, { '/one.html': page, '/a.png': picture });
  h = await launch([], extensionWithAllSites());
});

test.afterAll(async () => {
  await h?.close();
  await fx?.close();
});

const stored = () => h.control.evaluate(async () => (await chrome.storage.local.get('settings')).settings as Record<string, unknown>);
/** Settings as the settings store writes them, with their version (`settings$`), so no context migrates them again. */
const patchSettings = (patch: Record<string, unknown>) =>
  h.control.evaluate(
    async ([p, v]) => {
      const got = await chrome.storage.local.get('settings');
      await chrome.storage.local.set({ settings: { ...(got.settings ?? {}), ...p }, settings$: { v } });
    },
    [patch, SETTINGS_VERSION] as const,
  );

/** The picture shown once painted at full size (a data: URL, the first look gone), else null. */
const paintedSrc = (page: Page) =>
  page.$eval('#a', (el: HTMLImageElement) =>
    el.getAttribute('data-brushwork') === 'done' &&
    !el.hasAttribute('data-brushwork-first-look') &&
    el.complete &&
    el.currentSrc.startsWith('data:')
      ? el.currentSrc
      : null,
  );

async function meanDifference(a: string, b: string): Promise<number> {
  const pixels = (url: string) =>
    sharp(Buffer.from(url.slice(url.indexOf(',') + 1), 'base64'))
      .removeAlpha()
      .raw()
      .toBuffer();
  const [pa, pb] = [await pixels(a), await pixels(b)];
  if (pa.length !== pb.length) return Number.POSITIVE_INFINITY;
  let total = 0;
  for (let i = 0; i < pa.length; i++) total += Math.abs((pa[i] as number) - (pb[i] as number));
  return total / pa.length;
}

test('an always-on site paints in its own style and intensity, and the popup changes that site’s look alone', async () => {
  // The global look is The Starry Night at 100 %; this site remembers The Scream at 50 %.
  await patchSettings({
    styleId: 'starry-night',
    intensity: 1,
    pageModeSites: [fx.site],
    siteLooks: { [fx.site]: { styleId: 'the-scream', intensity: 0.5 } },
  });
  const page = await h.context.newPage();
  await page.goto(`${fx.site}/one.html`);
  // Nothing is sent to the tab and the toolbar is not clicked: always-on starts page mode by itself.
  await expect.poll(() => paintedSrc(page), { timeout: 30_000 }).not.toBeNull();
  const ownLook = (await paintedSrc(page)) as string;
  const tabId = await h.tabIdOf(page);

  const popup = await h.context.newPage();
  await popup.goto(`chrome-extension://${h.extensionId}/popup.html?tab=${tabId}`);
  await expect(popup.locator('output')).toHaveText('50%');
  await expect(popup.locator('input[name=style]:checked')).toHaveAttribute('value', 'the-scream');
  await expect(popup.locator('.own-look')).toHaveCount(1);
  await popup.locator('input[type=range]').focus();
  await popup.keyboard.press('ArrowLeft');
  await expect.poll(async () => ((await stored()).siteLooks as Record<string, { intensity: number }>)[fx.site]?.intensity).toBe(0.45);
  expect(await stored()).toMatchObject({ styleId: 'starry-night', intensity: 1 });
  await popup.close();

  // The reference: the same picture on another site, painted with The Scream at 50 % as the global look.
  await patchSettings({ styleId: 'the-scream', intensity: 0.5 });
  const other = await h.openTab(`${fx.other}/one.html`);
  expect(await h.send({ type: 'setPageMode', tabId: other.tabId, enabled: true })).toMatchObject({ ok: true, enabled: true });
  await expect.poll(() => paintedSrc(other.page), { timeout: 30_000 }).not.toBeNull();
  expect(await meanDifference(ownLook, (await paintedSrc(other.page)) as string)).toBeLessThan(1);
  await Promise.all([other.page.close(), page.close()]);
});

test('“Always on for this site” ticked in the popup (access to the site already granted) remembers the site, and the next visit paints by itself; unticked, it does not', async () => {
  await patchSettings({ pageModeSites: [], siteLooks: {} });
  const first = await h.openTab(`${fx.other}/one.html?first`);
  const popup = await h.context.newPage();
  await popup.goto(`chrome-extension://${h.extensionId}/popup.html?tab=${first.tabId}`);
  const alwaysOn = popup.locator('input[name=always-on]');
  await expect(alwaysOn).not.toBeChecked();
  await alwaysOn.check();
  await expect.poll(async () => (await stored()).pageModeSites).toEqual([fx.other]);
  await expect(alwaysOn).toBeChecked();
  // A new visit: no message to the tab, no toolbar click.
  const next = await h.context.newPage();
  await next.goto(`${fx.other}/one.html?next`);
  await expect.poll(() => paintedSrc(next), { timeout: 30_000 }).not.toBeNull();
  const registered = () =>
    h.control.evaluate(async () => (await chrome.scripting.getRegisteredContentScripts()).flatMap((s) => s.matches ?? []));
  expect(await registered()).toHaveLength(1);
  await alwaysOn.uncheck();
  await expect.poll(async () => (await stored()).pageModeSites).toEqual([]);
  await expect.poll(registered).toEqual([]);
  const after = await h.context.newPage();
  await after.goto(`${fx.other}/one.html?after`);
  // The page script would have marked the picture at once; the page's own picture stays, untouched.
  await after.locator('#a').evaluate((img: HTMLImageElement) => img.decode());
  expect(await after.evaluate(() => document.querySelectorAll('[data-brushwork]').length)).toBe(0);
  await Promise.all([popup.close(), first.page.close(), next.close(), after.close()]);
});
