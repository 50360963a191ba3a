/**
 * Brushwork in Firefox's own UI (#29): the context menu, the keyboard shortcut
 * and the host-access prompt, driven the way a person uses them, through
 * Marionette (fixtures/marionette.ts) in Debian's firefox-esr. WebDriver BiDi
 * (firefox.e2e.ts) cannot open a browser menu, press a browser shortcut or
 * answer a permission panel; Marionette's "chrome" context can, as Mozilla's
 * own browser tests do. The add-on is installed as a temporary add-on with no
 * host access, exactly as a user has it after installing.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import sharp from 'sharp';
import { EXTENSION_ORIGIN, FIREFOX_EXTENSION_DIR } from './fixtures/firefox';
import {
  answerPermissionPanel,
  chooseContextMenuItem,
  clickInPage,
  clickToolbarButton,
  closePanels,
  type FirefoxUi,
  launchFirefoxUi,
  openContextMenu,
  pressShortcut,
  selectedTabId,
  visit as visitIn,
} from './fixtures/firefox-ui';
import type { Marionette } from './fixtures/marionette';
import { bytes, type Fixture, html, scenePng, startFixture } from './fixtures/server';

let ui: FirefoxUi;
let m: Marionette;
let fx: Fixture;

/** The pictures are twice their displayed size, so that "natural size" and "displayed size" differ. */
const NATURAL = { width: 480, height: 320 };

test.beforeAll(async () => {
  const pictures: Record<string, ReturnType<typeof bytes>> = {};
  for (const [i, name] of ['a', 'b', 'c'].entries())
    pictures[`/img/${name}.png`] = bytes(await scenePng(NATURAL.width, NATURAL.height, i + 1), 'image/png');
  const img = (id: string) => `<img id="${id}" src="/img/${id}.png" width="240" height="160">`;
  fx = await startFixture(
    {
      '/two.html': html(`<p>Two pictures</p>${img('a')}${img('b')}`),
      '/grid.html': html(`${img('a')}${img('b')}${img('c')}`),
      '/always.html': html(`${img('a')}${img('b')}`),
      ...pictures,
    },
    {},
  );
  ui = await launchFirefoxUi();
  m = ui.marionette;
});

test.afterAll(async () => {
  await ui?.close();
  await fx?.close();
});

const inPage = async <T>(script: string, args: unknown[] = []): Promise<T> => {
  await m.setContext('content');
  return m.execute<T>(script, args);
};
const state = (id: string) =>
  inPage<string | null>('return document.getElementById(arguments[0])?.getAttribute("data-brushwork") ?? null;', [id]);
const dom = () => inPage<string>('return document.documentElement.outerHTML;');

const visit = (url: string) => visitIn(m, url);

async function stylizeInOwnStyle(id: string, styleId: string): Promise<void> {
  const items = await openContextMenu(m, `#${id}`);
  expect(items).toEqual(expect.arrayContaining([`brushwork-style:${styleId}`, 'brushwork-save', 'brushwork-restore']));
  await chooseContextMenuItem(m, `brushwork-style:${styleId}`);
  await expect.poll(() => state(id), { timeout: 30_000 }).toBe('done');
}

test('Firefox UI: right-click a picture → Stylize image ▸ another style repaints that picture alone', async () => {
  await visit(`${fx.site}/two.html?stylize`);
  const bBefore = await inPage<string>('return document.getElementById("b").outerHTML;');
  await stylizeInOwnStyle('a', 'the-scream');
  expect(await inPage<string>('return document.getElementById("a").currentSrc;')).toMatch(/^data:image\//);
  expect(await state('b')).toBeNull();
  expect(await inPage<string>('return document.getElementById("b").outerHTML;')).toBe(bBefore);
});

test('Firefox UI: right-click → Save stylized image saves the picture at its natural size, named after it and the style', async () => {
  // A picture shown at half its natural size, not repainted yet: the file is the page's style at full size.
  // (Saving a picture already repainted at its displayed size is #30's, src/page/save.ts.)
  await visit(`${fx.site}/two.html?save`);
  const items = await openContextMenu(m, '#b');
  expect(items).toContain('brushwork-save');
  await chooseContextMenuItem(m, 'brushwork-save');
  // Firefox writes into "<name>.part" and renames it when the download is complete.
  await expect.poll(() => readdirSync(ui.downloads), { timeout: 30_000 }).toEqual(['b-starry-night.png']);
  const meta = await sharp(readFileSync(path.join(ui.downloads, 'b-starry-night.png'))).metadata();
  expect([meta.format, meta.width, meta.height]).toEqual(['png', NATURAL.width, NATURAL.height]);
  // The saved picture is the stylized one, not the page's own file.
  expect(
    Buffer.compare(
      await sharp(readFileSync(path.join(ui.downloads, 'b-starry-night.png')))
        .raw()
        .toBuffer(),
      await sharp(await scenePng(NATURAL.width, NATURAL.height, 2))
        .raw()
        .toBuffer(),
    ),
  ).not.toBe(0);
  expect(await state('b')).toBeNull(); // saving leaves the page as it was
});

test('Firefox UI: right-click → Restore original gives the page back exactly', async () => {
  await visit(`${fx.site}/two.html?restore`);
  const before = await dom();
  await stylizeInOwnStyle('a', 'great-wave');
  await openContextMenu(m, '#a');
  await chooseContextMenuItem(m, 'brushwork-restore');
  await expect.poll(() => state('a')).toBeNull();
  expect(await dom()).toBe(before);
});

test("Firefox UI: the add-on's keyboard shortcut toggles page mode on the page", async () => {
  const manifest = JSON.parse(readFileSync(path.join(FIREFOX_EXTENSION_DIR, 'manifest.json'), 'utf8')) as {
    commands: Record<string, { suggested_key: { default: string } }>;
  };
  const shortcut = manifest.commands['toggle-page-mode']?.suggested_key.default as string;
  await visit(`${fx.site}/grid.html?shortcut`);
  const before = await dom();
  await pressShortcut(m, shortcut);
  for (const id of ['a', 'b', 'c']) await expect.poll(() => state(id), { timeout: 30_000 }).toBe('done');
  await pressShortcut(m, shortcut);
  for (const id of ['a', 'b', 'c']) await expect.poll(() => state(id)).toBeNull();
  expect(await dom()).toBe(before);
});

test('Firefox UI: "Always on for this site" asks for the site, the prompt is answered, and the next visit starts by itself', async () => {
  await visit(`${fx.site}/always.html?first`);
  const tabId = await selectedTabId(m);
  // The toolbar button, clicked: the popup opens and Brushwork may act on this page (activeTab).
  await clickToolbarButton(m);
  await closePanels(m);
  // The same popup page in a tab of its own for that page (popup.html?tab=), so that Marionette can reach its
  // checkbox (it cannot enter the popup panel's browser); the click on it is a real one.
  await m.setContext('content');
  const tab = await m.command<{ handle: string }>('WebDriver:NewWindow', { type: 'tab' });
  await m.command('WebDriver:SwitchToWindow', { handle: tab.handle });
  await m.command('WebDriver:Navigate', { url: `${EXTENSION_ORIGIN}/popup.html?tab=${tabId}` });
  await clickInPage(m, 'input[name=always-on]');
  // Firefox's own permission panel asks for the site; its "Allow" button is pressed.
  expect(await answerPermissionPanel(m, 'allow')).toContain('Brushwork');
  await expect.poll(() => inPage<boolean>('return document.querySelector("input[name=always-on]").checked;')).toBe(true);
  // The next visit, in a new tab, with nothing sent to it: page mode starts by itself.
  await m.setContext('content');
  const next = await m.command<{ handle: string }>('WebDriver:NewWindow', { type: 'tab' });
  await m.command('WebDriver:SwitchToWindow', { handle: next.handle });
  await visit(`${fx.site}/always.html?next`);
  for (const id of ['a', 'b']) await expect.poll(() => state(id), { timeout: 30_000 }).toBe('done');
});
