import { rmSync } from 'node:fs';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { brushwork, trainTinyModel } from '../helpers/cli';
import { tempDir } from '../helpers/models';
import { writeBadStyleFiles } from './fixtures/bad-styles';
import { EXTENSION_ORIGIN } from './fixtures/firefox';
import {
  chooseContextMenuItem,
  clickInPage,
  type FirefoxUi,
  findInPage,
  inPage as inPageOf,
  launchFirefoxUi,
  openContextMenu,
  visit,
  WIDGET_ID,
} from './fixtures/firefox-ui';
import type { Marionette } from './fixtures/marionette';
import { bytes, type Fixture, html, scenePng, startFixture } from './fixtures/server';

let ui: FirefoxUi;
let m: Marionette;
let fx: Fixture;
let work: string;
let modelDir: string;
let trainedPack: string;

test.beforeAll(async () => {
  test.setTimeout(180_000);
  work = tempDir('bw-ff-own-style-');
  modelDir = path.join(work, 'my-sketch');
  const trained = trainTinyModel('the-scream', modelDir, path.join(work, 'run'), ['--id', 'my-sketch']);
  if (trained.code !== 0) throw new Error(`training failed: ${trained.stderr}`);
  trainedPack = path.join(work, 'my-sketch.brushwork');
  const packed = brushwork(['pack', modelDir, '--out', trainedPack]);
  if (packed.code !== 0) throw new Error(`pack failed: ${packed.stderr}`);
  fx = await startFixture(
    {
      '/page.html': html('<img id="a" src="/a.png" width="240" height="160"><img id="b" src="/b.png" width="240" height="160">'),
      '/a.png': bytes(await scenePng(240, 160, 1), 'image/png'),
      '/b.png': bytes(await scenePng(240, 160, 2), 'image/png'),
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

const inPage = <T>(script: string, args: unknown[] = []) => inPageOf<T>(m, script, args);
const ELEMENT = 'element-6066-11e4-a52e-4f735466cecf';

/** The settings page in the current tab, its file input given `file` as a person picks one. */
async function addStyleFile(file: string, on = m): Promise<void> {
  const input = await findInPage(on, 'input[name=add-style]');
  await on.command('WebDriver:ElementSendKeys', { id: input[ELEMENT], text: file });
}

async function openSettings(on = m): Promise<void> {
  await on.setContext('content');
  await on.command('WebDriver:Navigate', { url: `${EXTENSION_ORIGIN}/options.html` });
  await expect.poll(() => inPageOf<boolean>(on, 'return document.querySelector("input[name=add-style]") !== null;')).toBe(true);
}

test('Firefox UI: corrupt, huge-architecture and wrong-checksum style files are refused in one sentence, and nothing is kept', async () => {
  const badFiles = await writeBadStyleFiles(work, modelDir, trainedPack);

  await openSettings();
  const alert = () => inPage<string>('return document.querySelector("[role=alert]")?.textContent ?? "";');
  for (const [file, reason] of badFiles) {
    await addStyleFile(file);
    await expect.poll(alert).toMatch(reason);
    expect(await alert()).toContain('Brushwork cannot use');
    expect((await alert()).split(/(?<=[.!?])\s+(?=[A-Z])/).length).toBe(1);
  }
  expect(await inPage<number>('return document.querySelectorAll(".user-style-list li").length;')).toBe(0);
  expect(await inPage<unknown[]>('return chrome.storage.local.get("userStyles").then((r) => r.userStyles ?? []);')).toEqual([]);
});

test('Firefox UI: an imported style is in the context menu’s Stylize image ▸, marked once it is the page’s style, and paints the picture', async () => {
  await openSettings();
  await addStyleFile(trainedPack);
  await expect
    .poll(() => inPage<number>('return document.querySelector(".user-style-list li img")?.naturalWidth ?? 0;'), { timeout: 60_000 })
    .toBe(192);
  const id = await inPage<string>('return document.querySelector(".user-style-list li").getAttribute("data-style");');
  expect(id).toMatch(/^mine-/);

  // The popup's card for it, clicked: it becomes the page's style.
  await m.command('WebDriver:Navigate', { url: `${EXTENSION_ORIGIN}/popup.html?tab=0` });
  await expect
    .poll(() => inPage<boolean>('return document.querySelector(arguments[0]) !== null;', [`label.style[data-style="${id}"]`]))
    .toBe(true);
  // Pointer actions do not scroll: the card is brought into view first, as a person scrolls to it.
  await inPage('document.querySelector(arguments[0]).scrollIntoView({ block: "center" });', [`label.style[data-style="${id}"]`]);
  await clickInPage(m, `label.style[data-style="${id}"]`);
  await expect.poll(() => inPage<string>('return chrome.storage.local.get("settings").then((r) => r.settings?.styleId);')).toBe(id);

  await visit(m, `${fx.site}/page.html`);
  const items = await openContextMenu(m, '#a');
  expect(items).toEqual(expect.arrayContaining([`brushwork-style:${id}`, 'brushwork-style:starry-night']));
  // The marked item of the submenu is the page's style: the imported one, and no other.
  await m.setContext('chrome');
  const marked = await m.execute<string[]>(
    `return [...document.querySelectorAll('[id^="' + arguments[0] + '-menuitem-_brushwork-style:"]')]
       .filter((e) => e.getAttribute('checked') === 'true').map((e) => e.id.slice(arguments[0].length + 11));`,
    [WIDGET_ID],
  );
  expect(marked).toEqual([`brushwork-style:${id}`]);
  await chooseContextMenuItem(m, `brushwork-style:${id}`);
  await expect
    .poll(() => inPage<string | null>('return document.getElementById("a").getAttribute("data-brushwork");'), { timeout: 30_000 })
    .toBe('done');
  expect(await inPage<string>('return document.getElementById("a").currentSrc;')).toMatch(/^data:image\//);
  expect(await inPage<string | null>('return document.getElementById("b").getAttribute("data-brushwork");')).toBeNull();
});

/** The label of the add-on's context menu item `menuItemId` on picture `selector`, or null when the menu has none; the menu is closed again. */
async function contextMenuLabel(selector: string, menuItemId: string): Promise<string | null> {
  await openContextMenu(m, selector);
  await m.setContext('chrome');
  return m.executeAsync<string | null>(
    `const [id, done] = arguments;
     const menu = document.getElementById('contentAreaContextMenu');
     const label = document.getElementById(id)?.getAttribute('label') ?? null;
     menu.addEventListener('popuphidden', (e) => e.target === menu && done(label));
     menu.hidePopup();`,
    [`${WIDGET_ID}-menuitem-_${menuItemId}`],
  );
}

test('Firefox UI: an imported style renamed on the settings page is renamed in the popup and the context menu; removed, it is gone everywhere', async () => {
  // The style the test before imported and chose; imported and chosen here when this test runs alone.
  await openSettings();
  const listed = () => inPage<number>('return document.querySelectorAll(".user-style-list li").length;');
  if ((await listed()) === 0) await addStyleFile(trainedPack);
  await expect.poll(listed, { timeout: 60_000 }).toBe(1);
  const id = await inPage<string>('return document.querySelector(".user-style-list li").getAttribute("data-style");');
  const settings = () => inPage<{ styleId: string }>('return chrome.storage.local.get("settings").then((r) => r.settings);');
  await inPage(
    `return chrome.storage.local.get('settings').then((r) => chrome.storage.local.set({ settings: { ...r.settings, styleId: arguments[0] } }));`,
    [id],
  );
  expect((await settings()).styleId).toBe(id);

  // Renamed as a person does: the name field cleared, the new name typed, Enter.
  const field = await findInPage(m, '.user-style-list li input[type=text]');
  await m.command('WebDriver:ElementClear', { id: field[ELEMENT] });
  await m.command('WebDriver:ElementSendKeys', { id: field[ELEMENT], text: 'Sketch of mine\uE007' });
  await expect
    .poll(() => inPage<{ id: string; title: string }[]>('return chrome.storage.local.get("userStyles").then((r) => r.userStyles ?? []);'))
    .toEqual([expect.objectContaining({ id, title: 'Sketch of mine' })]);
  const popupCard = `label.style[data-style="${id}"]`;
  const popupCardText = async () => {
    await m.command('WebDriver:Navigate', { url: `${EXTENSION_ORIGIN}/popup.html?tab=0` });
    await expect.poll(() => inPage<boolean>('return document.querySelector("label.style") !== null;')).toBe(true);
    return inPage<string | null>('return document.querySelector(arguments[0])?.textContent ?? null;', [popupCard]);
  };
  expect(await popupCardText()).toContain('Sketch of mine');
  await visit(m, `${fx.site}/page.html?renamed`);
  await expect.poll(() => contextMenuLabel('#b', `brushwork-style:${id}`)).toBe('Sketch of mine');

  // Removed with the settings page's own button, clicked.
  await openSettings();
  await clickInPage(m, '.user-style-list li button');
  await expect.poll(() => inPage<number>('return document.querySelectorAll(".user-style-list li").length;')).toBe(0);
  await expect.poll(async () => (await settings()).styleId).toBe('starry-night');
  expect(await inPage<unknown[]>('return chrome.storage.local.get("userStyles").then((r) => r.userStyles ?? []);')).toEqual([]);
  expect(await popupCardText()).toBeNull();
  await m.command('WebDriver:Navigate', { url: `${EXTENSION_ORIGIN}/privacy.html` });
  await expect
    .poll(() => inPage<string | null>('return document.querySelector(".stored-styles")?.getAttribute("data-count") ?? null;'))
    .toBe('0');
  await visit(m, `${fx.site}/page.html?removed`);
  await expect.poll(() => contextMenuLabel('#b', `brushwork-style:${id}`)).toBeNull();
  expect(await contextMenuLabel('#b', 'brushwork-style:starry-night')).not.toBeNull();
});

test('Firefox UI: an imported style survives a browser restart: Firefox quit and started again on the same profile', async () => {
  test.setTimeout(180_000);
  // The add-on installed for good from its .xpi, as a user's signed one is, on a profile folder kept between runs.
  const profile = tempDir('bw-ff-restart-');
  let browser = await launchFirefoxUi(undefined, { profile, install: 'permanent' });
  try {
    await openSettings(browser.marionette);
    await addStyleFile(trainedPack, browser.marionette);
    const preview = (on: Marionette) =>
      inPageOf<number>(on, 'return document.querySelector(".user-style-list li img")?.naturalWidth ?? 0;');
    await expect.poll(() => preview(browser.marionette), { timeout: 60_000 }).toBe(192);
    const id = await inPageOf<string>(
      browser.marionette,
      'return document.querySelector(".user-style-list li").getAttribute("data-style");',
    );
    expect(id).toMatch(/^mine-/);

    // Quit (Firefox's own shutdown, to its end), and started again on that profile: Firefox loads the add-on by
    // itself, nothing is installed now.
    await browser.close();
    browser = await launchFirefoxUi(undefined, { profile, install: 'none' });
    const again = browser.marionette;
    // The settings page is asked for until the add-on, starting with the browser, serves it.
    await again.setContext('content');
    await expect
      .poll(async () => {
        await again.command('WebDriver:Navigate', { url: `${EXTENSION_ORIGIN}/options.html` }).catch(() => undefined);
        return inPageOf<boolean>(again, 'return document.querySelector("input[name=add-style]") !== null;').catch(() => false);
      })
      .toBe(true);
    await expect
      .poll(() =>
        inPageOf<string | null>(again, 'return document.querySelector(".user-style-list li")?.getAttribute("data-style") ?? null;'),
      )
      .toBe(id);
    await expect.poll(() => preview(again), { timeout: 60_000 }).toBe(192);
    // The popup lists it, with its preview.
    await again.command('WebDriver:Navigate', { url: `${EXTENSION_ORIGIN}/popup.html?tab=0` });
    await expect
      .poll(() =>
        inPageOf<number>(again, 'return document.querySelector(arguments[0])?.naturalWidth ?? 0;', [`label.style[data-style="${id}"] img`]),
      )
      .toBeGreaterThan(0);
  } finally {
    await browser.close();
    rmSync(profile, { recursive: true, force: true });
  }
});
