/**
 * Brushwork in Firefox's own UI (#29): the context menu, the keyboard shortcut
 * and the host-access prompt, driven the way a person uses them, through
 * Marionette (fixtures/marionette.ts) in Debian's firefox-esr. WebDriver BiDi
 * (firefox.e2e.ts) cannot open a browser menu, press a browser shortcut or
 * answer a permission panel; Marionette's "chrome" context can, as Mozilla's
 * own browser tests do. The add-on is installed as a temporary add-on with no
 * host access, exactly as a user has it after installing.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import sharp from 'sharp';
import { readAnimationTiming } from '../../src/shared/animation';
import { sceneAnimation } from './fixtures/animated';
import { SVG } from './fixtures/bad-images';
import { distinctColours } from './fixtures/colours';
import { EXTENSION_ORIGIN, FIREFOX_EXTENSION_DIR } from './fixtures/firefox';
import {
  answerPermissionPanel,
  chooseContextMenuItem,
  clickInPage,
  clickToolbarButton,
  closePanels,
  type FirefoxUi,
  findInPage,
  inPage as inPageOf,
  launchFirefoxUi,
  openContextMenu,
  pressShortcut,
  selectedTabId,
  visit as visitIn,
} from './fixtures/firefox-ui';
import { marionetteMessages, marionetteSpinners, messagesUntil } from './fixtures/indicator';
import type { Marionette } from './fixtures/marionette';
import { replacedMenuPicture, replaceMenuPicture, restorePages } from './fixtures/restore-pages';
import { cappedSaveSize, SAVE_CAP } from './fixtures/save-cap';
import { bytes, type Fixture, html, scenePng, startFixture } from './fixtures/server';
import { heldPicture } from './fixtures/spinner';
import { rangedVideo, sceneClip } from './fixtures/video';

let ui: FirefoxUi;
let m: Marionette;
let fx: Fixture;
const held = heldPicture();

/** The pictures are twice their displayed size, so that "natural size" and "displayed size" differ. */
const NATURAL = { width: 480, height: 320 };

let loop: Buffer;

test.beforeAll(async () => {
  loop = await sceneAnimation({ width: 400, height: 300, frames: 4, delayMs: 120, loop: 0 });
  const pictures: Record<string, ReturnType<typeof bytes>> = {};
  for (const [i, name] of ['a', 'b', 'c'].entries())
    pictures[`/img/${name}.png`] = bytes(await scenePng(NATURAL.width, NATURAL.height, i + 1), 'image/png');
  const jpeg = await sharp(await scenePng(240, 160, 6))
    .jpeg()
    .toBuffer();
  const img = (id: string) => `<img id="${id}" src="/img/${id}.png" width="240" height="160">`;
  fx = await startFixture(
    {
      '/two.html': html(`<p>Two pictures</p>${img('a')}${img('b')}`),
      // A photo that is a JPEG file: saved as one, named after its file.
      '/cap.html': html(`${img('a')}<img id="j" src="/img/photo.jpg" width="240" height="160">`),
      '/img/photo.jpg': bytes(jpeg, 'image/jpeg'),
      '/grid.html': html(`${img('a')}${img('b')}${img('c')}`),
      '/always.html': html(`${img('a')}${img('b')}`),
      // A page whose CSP lets it show its own pictures only: neither data: nor blob: pictures (nor any script).
      '/csp.html': html(img('a'), {
        'content-security-policy': "default-src 'self'; img-src 'self'; style-src 'self'; script-src 'none'",
      }),
      // A video (no controls: the whole box is the picture) for "Stylize video ▸" and "Restore video" (#27).
      '/video.html': html('<video id="v" src="/clip.webm" width="320" height="240" muted loop playsinline></video>'),
      '/clip.webm': rangedVideo(await sceneClip({ width: 320, height: 180, frames: 60, fps: 30 })),
      // An animated GIF shown at half its size, for "Save stylized image" on an animation (#27).
      '/anim.html': html('<img id="g" src="/img/loop.gif" width="200" height="150">'),
      '/img/loop.gif': bytes(loop, 'image/gif'),
      // The same GIF as a CSS background, with the page's own size, position and repeat (#27, #29).
      '/anim-bg.html': html(
        '<div id="bg" style="width:400px;height:300px;background:url(/img/loop.gif?bg) 0 0 / 400px 300px no-repeat"></div>',
      ),
      // Save (#30): a picture painted first, then saved; a data: JPEG on a page with a title.
      '/save.html': html(
        `${img('a')}<img id="d" src="data:image/jpeg;base64,${jpeg.toString('base64')}" width="120" height="80"><script>document.title = 'My trip';</script>`,
      ),
      // Refusals told (#30): an SVG drawing, and a picture on another loopback port (a private address the
      // extension never reads for a page), beside one it paints.
      '/refused.html': (req, res, origins) =>
        html(
          `${img('a')}<img id="svg" src="/drawing.svg" width="200" height="150"><img id="x" src="${origins.other}/p.png" width="240" height="160">`,
        )(req, res, origins),
      '/drawing.svg': bytes(SVG, 'image/svg+xml'),
      // A broken picture the page meant as one (its own size, 240×160 ≥ 48 px), beside one Brushwork paints.
      '/broken.html': html(`${img('a')}<img id="broken" src="/missing.png" width="240" height="160" alt="broken">`),
      // A page that replaces its picture after Brushwork painted it, as restore.e2e.ts has it.
      ...(await restorePages('/restore')),
      ...pictures,
      ...held.routes,
    },
    { '/p.png': bytes(await scenePng(NATURAL.width, NATURAL.height, 7), 'image/png') },
  );
  ui = await launchFirefoxUi();
  m = ui.marionette;
});

test.afterAll(async () => {
  held.release();
  await ui?.close();
  await fx?.close();
});

const inPage = <T>(script: string, args: unknown[] = []) => inPageOf<T>(m, script, args);
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

/** A screenshot of a page element (Marionette's element screenshot: what is on screen there), as PNG bytes. */
async function elementShot(selector: string): Promise<Buffer> {
  const element = await findInPage(m, selector);
  const shot = await m.command<unknown>('WebDriver:TakeScreenshot', { id: Object.values(element)[0], full: false, hash: false });
  return Buffer.from(unwrap<string>(shot), 'base64');
}

test("Firefox UI: right-click → Stylize image on a page whose CSP allows its own pictures only (img-src 'self') still shows the result", async () => {
  await visit(`${fx.site}/csp.html`);
  const before = await elementShot('#a');
  // The page's own style (the marked item): what "Stylize image" paints.
  await stylizeInOwnStyle('a', 'starry-night');
  // Loaded, not refused by the policy (a refused picture is complete with no size), and a data: URL, the kind
  // data-url.ts writes because Chromium refuses a content script's blob: under img-src 'self' (Firefox 153 shows
  // one: measured with a blob: build, where this test fails only at the data: check).
  await expect.poll(() => inPage<boolean>('const i = document.getElementById("a"); return i.complete && i.naturalWidth > 0;')).toBe(true);
  expect(await inPage<string>('return document.getElementById("a").currentSrc;')).toMatch(/^data:image\//);
  // Shown: what is on screen there is neither the original nor a blocked (broken) picture, but a painting.
  const after = await elementShot('#a');
  expect(Buffer.compare(after, before)).not.toBe(0);
  expect(await distinctColours(after)).toBeGreaterThan(200);
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

/** Chooses "Save stylized image" on `selector` and answers the new file's name, format and size once it is complete. */
async function saveFromMenu(selector: string): Promise<{ name: string; format?: string; width?: number; height?: number }> {
  const before = new Set(readdirSync(ui.downloads));
  await openContextMenu(m, selector);
  await chooseContextMenuItem(m, 'brushwork-save');
  // Firefox writes "<name>.part" (beside an empty "<name>") and renames it when the download is complete.
  const added = () => readdirSync(ui.downloads).filter((f) => !before.has(f));
  await expect
    .poll(() => added().length === 1 && statSync(path.join(ui.downloads, added()[0] as string)).size > 0, { timeout: 30_000 })
    .toBe(true);
  const [name] = added() as [string];
  const meta = await sharp(readFileSync(path.join(ui.downloads, name))).metadata();
  return { name, format: meta.format, width: meta.width, height: meta.height };
}

/** Writes settings as the settings page does (chrome.storage.local), from the add-on's own page in a tab of its own. */
async function patchSettings(patch: Record<string, unknown>): Promise<void> {
  await m.setContext('content');
  const back = (await m.command<{ value: string }>('WebDriver:GetWindowHandle')).value;
  const { handle } = await m.command<{ handle: string }>('WebDriver:NewWindow', { type: 'tab' });
  await m.command('WebDriver:SwitchToWindow', { handle });
  await m.command('WebDriver:Navigate', { url: `${EXTENSION_ORIGIN}/options.html` });
  await m.executeAsync(
    `const [patch, done] = arguments;
     chrome.storage.local.get('settings').then((got) => chrome.storage.local.set({ settings: { ...(got.settings ?? {}), ...patch } })).then(done);`,
    [patch],
  );
  await m.command('WebDriver:CloseWindow');
  await m.command('WebDriver:SwitchToWindow', { handle: back });
}

test('Firefox UI: Save stylized image is capped at the settings’ largest side; a JPEG file is saved as <name>-<style>.jpg', async () => {
  await patchSettings({ maxSide: SAVE_CAP });
  try {
    await visit(`${fx.site}/cap.html`);
    expect(await saveFromMenu('#a')).toEqual({ name: 'a-starry-night.png', format: 'png', ...cappedSaveSize(NATURAL) });
    // A JPEG is named after its file and written as a JPEG (under the cap: its own 240×160).
    expect(await saveFromMenu('#j')).toEqual({ name: 'photo-starry-night.jpg', format: 'jpeg', width: 240, height: 160 });
  } finally {
    await patchSettings({ maxSide: 1024 });
  }
});

/** Marionette answers some commands with the value itself, others wrapped as `{ value }`. */
const unwrap = <T>(r: unknown): T => (r !== null && typeof r === 'object' && 'value' in r ? (r as { value: T }).value : (r as T));

test('Firefox UI: right-click an animated GIF → Save stylized image saves the painted animation, an animated WebP at natural size', async () => {
  await visit(`${fx.site}/anim.html`);
  await m.setContext('content');
  const ownTab = unwrap<string>(await m.command('WebDriver:GetWindowHandle'));
  const tabsBefore = unwrap<string[]>(await m.command('WebDriver:GetWindowHandles'));
  const items = await openContextMenu(m, '#g');
  expect(items).toContain('brushwork-save');
  await chooseContextMenuItem(m, 'brushwork-save');
  await expect
    .poll(() => readdirSync(ui.downloads).filter((f) => f.startsWith('loop')), { timeout: 60_000 })
    .toEqual(['loop-starry-night.webp']);
  const file = readFileSync(path.join(ui.downloads, 'loop-starry-night.webp'));
  expect(readAnimationTiming(new Uint8Array(file))).toEqual(readAnimationTiming(new Uint8Array(loop)));
  const meta = await sharp(file).metadata();
  expect([meta.format, meta.width, meta.height, meta.pages]).toEqual(['webp', 400, 300, 4]);
  // Firefox opens a downloaded picture it can show in a tab of its own: closed, so the next tests find theirs selected.
  await m.setContext('content');
  const tabsAfter = unwrap<string[]>(await m.command('WebDriver:GetWindowHandles'));
  for (const handle of tabsAfter)
    if (!tabsBefore.includes(handle)) {
      await m.command('WebDriver:SwitchToWindow', { handle });
      await m.command('WebDriver:CloseWindow');
    }
  await m.command('WebDriver:SwitchToWindow', { handle: ownTab });
});

/** Mean absolute difference of two same-size PNG screenshots' RGB. */
async function shotDiff(a: Buffer, b: Buffer): Promise<number> {
  const [x, y] = await Promise.all([a, b].map((png) => sharp(png).removeAlpha().raw().toBuffer()));
  if (!x || !y || x.length !== y.length) return Number.POSITIVE_INFINITY;
  let sum = 0;
  for (let i = 0; i < x.length; i++) sum += Math.abs((x[i] as number) - (y[i] as number));
  return sum / x.length;
}

/**
 * Screenshots of the element until one differs from the first: what is shown there moves (never frozen on one
 * frame). No timer: each screenshot is the next sample (at most `max`, for a 0.48 s cycle).
 */
async function expectMoving(selector: string, max = 200): Promise<void> {
  const first = await elementShot(selector);
  for (let i = 0; i < max; i++) if ((await shotDiff(first, await elementShot(selector))) >= 0.5) return;
  throw new Error(`${selector} showed one still picture in ${max} screenshots`);
}

test('Firefox UI: right-click an animated GIF → Stylize image paints it as an animation with the original’s timing, moving, and Restore original gives it back', async () => {
  await visit(`${fx.site}/anim.html?stylize`);
  await m.setContext('content');
  const before = await dom();
  const original = await elementShot('#g');
  await stylizeInOwnStyle('g', 'starry-night');
  const src = (await inPage<string>('return document.getElementById("g").getAttribute("src");')) as string;
  expect(src.startsWith('data:image/webp;base64,'), src.slice(0, 40)).toBe(true);
  expect(readAnimationTiming(new Uint8Array(Buffer.from(src.slice(src.indexOf(',') + 1), 'base64')))).toEqual(
    readAnimationTiming(new Uint8Array(loop)),
  );
  expect(await shotDiff(original, await elementShot('#g'))).toBeGreaterThan(8); // a painting on screen, not the GIF
  await expectMoving('#g');
  await openContextMenu(m, '#g');
  await chooseContextMenuItem(m, 'brushwork-restore');
  await expect.poll(() => state('g')).toBeNull();
  expect(await dom()).toBe(before);
});

test('Firefox UI: with the shortcut’s access only (the page’s CSP headers unseen), an animated CSS background is left moving with that reason, and nothing of ours is tried', async () => {
  const manifest = JSON.parse(readFileSync(path.join(FIREFOX_EXTENSION_DIR, 'manifest.json'), 'utf8')) as {
    commands: Record<string, { suggested_key: { default: string } }>;
  };
  const shortcut = manifest.commands['toggle-page-mode']?.suggested_key.default as string;
  // No host access (the add-on as installed): the shortcut grants activeTab after the page and its headers loaded.
  await visit(`${fx.site}/anim-bg.html`);
  await m.setContext('content');
  const style = () => inPage<string | null>('return document.getElementById("bg").getAttribute("style");');
  const styleBefore = await style();
  await pressShortcut(m, shortcut);
  await expect.poll(() => state('bg'), { timeout: 30_000 }).toBe('skipped');
  expect(await inPage<string>('return document.getElementById("bg").getAttribute("data-brushwork-reason");')).toMatch(
    /cannot see whether this site’s security policy allows/,
  );
  expect(await style()).toBe(styleBefore);
  await expectMoving('#bg'); // the page's own GIF, still moving
  await pressShortcut(m, shortcut);
  await expect.poll(() => state('bg')).toBeNull();
});

test('Firefox UI: Save stylized image on a picture already painted at its shown size saves its natural size; a data: JPEG is named after the page, as .jpg (#30)', async () => {
  await visit(`${fx.site}/save.html`);
  await stylizeInOwnStyle('a', 'the-scream'); // painted at its shown 240×160
  const saved = async (selector: string) => {
    const before = new Set(readdirSync(ui.downloads));
    await openContextMenu(m, selector);
    await chooseContextMenuItem(m, 'brushwork-save');
    // Firefox writes "<name>.part" (beside an empty "<name>") and renames it when the download is complete.
    const added = () => readdirSync(ui.downloads).filter((f) => !before.has(f));
    await expect
      .poll(() => added().length === 1 && statSync(path.join(ui.downloads, added()[0] as string)).size > 0, { timeout: 30_000 })
      .toBe(true);
    const [name] = added() as [string];
    const meta = await sharp(readFileSync(path.join(ui.downloads, name))).metadata();
    return { name, format: meta.format, width: meta.width, height: meta.height };
  };
  // The picture the page loads, at its natural size (the style it was painted in names it), not the painted 240×160.
  expect(await saved('#a')).toEqual({ name: 'a-the-scream.png', format: 'png', width: NATURAL.width, height: NATURAL.height });
  // A data: URL has no file name: the page's title names it, and a JPEG is written as one.
  expect(await saved('#d')).toEqual({ name: 'My trip-starry-night.jpg', format: 'jpeg', width: 240, height: 160 });
  expect(await state('a')).toBe('done'); // saving leaves the painted picture as it was
});

const messagesShown = (wanted: RegExp[]) => messagesUntil(() => marionetteMessages(m), wanted);

test('Firefox UI: Stylize image on a refused picture (an SVG, another port’s picture) tells why in the page, read from its closed shadow root (#30)', async () => {
  await visit(`${fx.site}/refused.html?menu`);
  for (const [id, told] of [
    ['svg', /^Brushwork leaves this image as it is: .*SVG/],
    ['x', /^Brushwork leaves this image as it is: .*port/],
  ] as const) {
    await openContextMenu(m, `#${id}`);
    await chooseContextMenuItem(m, 'brushwork-style:starry-night');
    await messagesShown([told]);
    await expect.poll(() => state(id)).toBe('skipped');
    // The message names the reason the picture carries.
    const reason = await inPage<string>('return document.getElementById(arguments[0]).getAttribute("data-brushwork-reason");', [id]);
    expect(told.test(`Brushwork leaves this image as it is: ${reason}`)).toBe(true);
  }
});

test('Firefox UI: Stylize image on a broken picture shows “This image could not be read” in the page, and marks it', async () => {
  await visit(`${fx.site}/broken.html?menu`);
  await openContextMenu(m, '#broken');
  await chooseContextMenuItem(m, 'brushwork-style:starry-night');
  // Collected only now: Marionette has one context at a time, and the menu is driven in the chrome one.
  expect((await messagesShown([/could not be read/i])).filter((note) => /could not be read/i.test(note))).toHaveLength(1);
  await expect.poll(() => state('broken')).toBe('error');
});

test('Firefox UI: page mode marks a broken picture (≥ 48 px) with “This image could not be read” in the page, beside the painted one', async () => {
  await visit(`${fx.site}/broken.html?page`);
  const manifest = JSON.parse(readFileSync(path.join(FIREFOX_EXTENSION_DIR, 'manifest.json'), 'utf8')) as {
    commands: Record<string, { suggested_key: { default: string } }>;
  };
  const shortcut = manifest.commands['toggle-page-mode']?.suggested_key.default as string;
  await pressShortcut(m, shortcut);
  const messages = messagesShown([/could not be read/i]); // shown 4 s: collected while the states are awaited
  await expect.poll(() => state('a'), { timeout: 30_000 }).toBe('done');
  await expect.poll(() => state('broken'), { timeout: 30_000 }).toBe('error');
  expect((await messages).filter((note) => /could not be read/i.test(note))).toHaveLength(1);
  await pressShortcut(m, shortcut);
  await expect.poll(() => state('a')).toBeNull();
});

// Before the always-on test below: once the site is always on, a visit starts page mode, which would read the held picture.
test('Firefox UI: a spinner sits on a picture while its job runs, and is gone when it is done', async () => {
  await visit(`${fx.site}/spinner.html`);
  expect(await marionetteSpinners(m)).toBe(0);
  await openContextMenu(m, '#spin');
  await chooseContextMenuItem(m, 'brushwork-style:starry-night');
  // Brushwork's read of the picture is held by the server: the job is running while the spinner is looked for.
  await expect.poll(() => held.waiting(), { timeout: 30_000 }).toBeGreaterThan(0);
  await expect.poll(() => marionetteSpinners(m)).toBe(1);
  expect(await state('spin')).toBe('pending');
  held.release();
  await expect.poll(() => state('spin'), { timeout: 30_000 }).toBe('done');
  await expect.poll(() => marionetteSpinners(m)).toBe(0);
});

test('Firefox UI: page mode with “hide originals”: a refused picture shows again with its message, beside the painted one (#30)', async () => {
  // The setting, switched on in the settings page with a real click.
  await m.setContext('content');
  const pageTab = await m.command<{ value: string }>('WebDriver:GetWindowHandle');
  const settings = await m.command<{ handle: string }>('WebDriver:NewWindow', { type: 'tab' });
  await m.command('WebDriver:SwitchToWindow', { handle: settings.handle });
  await m.command('WebDriver:Navigate', { url: `${EXTENSION_ORIGIN}/options.html` });
  await clickInPage(m, 'input[name=hide-originals]');
  await expect.poll(() => inPage<boolean>('return document.querySelector("input[name=hide-originals]").checked;')).toBe(true);
  try {
    await m.command('WebDriver:SwitchToWindow', { handle: pageTab.value });
    await visit(`${fx.site}/refused.html?page`);
    const manifest = JSON.parse(readFileSync(path.join(FIREFOX_EXTENSION_DIR, 'manifest.json'), 'utf8')) as {
      commands: Record<string, { suggested_key: { default: string } }>;
    };
    await pressShortcut(m, manifest.commands['toggle-page-mode']?.suggested_key.default as string);
    const messages = messagesShown([/leaves this image as it is/i]);
    await expect.poll(() => state('a'), { timeout: 30_000 }).toBe('done');
    await expect.poll(() => state('x'), { timeout: 30_000 }).toBe('skipped');
    await messages;
    // README: only pictures waiting for their turn are transparent; the refused one is not waiting.
    for (const id of ['a', 'x'])
      expect(await inPage<string>('return getComputedStyle(document.getElementById(arguments[0])).opacity;', [id])).toBe('1');
  } finally {
    await m.command('WebDriver:SwitchToWindow', { handle: settings.handle });
    await clickInPage(m, 'input[name=hide-originals]');
    await expect.poll(() => inPage<boolean>('return document.querySelector("input[name=hide-originals]").checked;')).toBe(false);
    await m.command('WebDriver:CloseWindow');
    await m.command('WebDriver:SwitchToWindow', { handle: pageTab.value });
  }
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

test('Firefox UI: a picture stylized from the context menu is watched: the page’s later replacement wins over Restore original', async () => {
  await visit(`${fx.site}/restore/menu.html`);
  await stylizeInOwnStyle('m', 'the-scream');
  const src = () => inPage<string | null>('return document.getElementById("m").getAttribute("src");');
  expect(await src()).toMatch(/^data:image\//);
  await inPage(`(${replaceMenuPicture})(arguments[0]);`, ['/restore/2.png']); // the page replaces the picture
  // Brushwork notices and repaints the page's new picture (page wins, then the style applies to it).
  await expect.poll(src, { timeout: 30_000 }).toMatch(/^data:image\//);
  await expect.poll(() => state('m'), { timeout: 30_000 }).toBe('done');
  await openContextMenu(m, '#m');
  await chooseContextMenuItem(m, 'brushwork-restore');
  await expect.poll(() => state('m')).toBeNull();
  expect(await inPage<string>('return document.getElementById("m").outerHTML;')).toBe(replacedMenuPicture('/restore'));
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

test('Firefox UI: Restore original on one picture in page mode keeps it original while page mode stays on; off and on paints it again', async () => {
  const manifest = JSON.parse(readFileSync(path.join(FIREFOX_EXTENSION_DIR, 'manifest.json'), 'utf8')) as {
    commands: Record<string, { suggested_key: { default: string } }>;
  };
  const shortcut = manifest.commands['toggle-page-mode']?.suggested_key.default as string;
  await visit(`${fx.site}/grid.html?kept`);
  const original = await inPage<string>('return document.getElementById("a").outerHTML;');
  await pressShortcut(m, shortcut);
  for (const id of ['a', 'b', 'c']) await expect.poll(() => state(id), { timeout: 30_000 }).toBe('done');
  // Every later mark on #a is recorded: page mode painting it again would mark it pending first.
  await inPage(
    `window.marksOnA = [];
     new MutationObserver((rs) => { for (const r of rs) window.marksOnA.push(r.target.getAttribute('data-brushwork')); })
       .observe(document.getElementById('a'), { attributeFilter: ['data-brushwork'] });`,
  );
  await openContextMenu(m, '#a');
  await chooseContextMenuItem(m, 'brushwork-restore');
  await expect.poll(() => state('a')).toBeNull();
  // A person's next request, on another picture, runs to the end: page mode had every chance to take #a again.
  const srcOfB = () => inPage<string>('return document.getElementById("b").getAttribute("src");');
  const paintedB = await srcOfB();
  await openContextMenu(m, '#b');
  await chooseContextMenuItem(m, 'brushwork-style:the-scream');
  await expect.poll(async () => (await state('b')) === 'done' && (await srcOfB()) !== paintedB, { timeout: 30_000 }).toBe(true);
  expect((await inPage<(string | null)[]>('return window.marksOnA;')).filter((mark) => mark !== null)).toEqual([]);
  expect(await inPage<string>('return document.getElementById("a").outerHTML;')).toBe(original);
  // Page mode off and on again: a fresh start paints every picture, the restored one too.
  await pressShortcut(m, shortcut);
  for (const id of ['a', 'b', 'c']) await expect.poll(() => state(id)).toBeNull();
  await pressShortcut(m, shortcut);
  for (const id of ['a', 'b', 'c']) await expect.poll(() => state(id), { timeout: 30_000 }).toBe('done');
  await pressShortcut(m, shortcut);
  for (const id of ['a', 'b', 'c']) await expect.poll(() => state(id)).toBeNull();
});

/** The video's overlay (what Brushwork shows over it), at 80×60, read in the page. */
const overlayPixels = () =>
  inPage<number[]>(
    `const o = document.querySelector('#v + canvas');
     const c = document.createElement('canvas'); c.width = 80; c.height = 60;
     const g = c.getContext('2d'); g.drawImage(o, 0, 0, 80, 60);
     return [...g.getImageData(0, 0, 80, 60).data];`,
  );
const meanDiff = (a: number[], b: number[]) => a.reduce((s, x, i) => s + Math.abs(x - (b[i] as number)), 0) / a.length;

/** Pauses the video at `t` seconds and waits for its `seeked`. */
async function seekTo(t: number): Promise<void> {
  await m.setContext('content');
  await m.executeAsync(
    `const [to, done] = arguments; const v = document.getElementById('v'); v.pause();
     v.addEventListener('seeked', () => done(true), { once: true }); v.currentTime = to;`,
    [t],
  );
}

test('Firefox UI: right-click a video → Stylize video ▸ another style paints it live, play, pause and seek follow, and Restore video gives the page back', async () => {
  await m.setContext('content');
  await m.command('WebDriver:Navigate', { url: `${fx.site}/video.html` });
  await m.executeAsync(
    `const done = arguments[0]; const v = document.getElementById('v');
     if (v.readyState >= 2) done(true); else v.addEventListener('loadeddata', () => done(true), { once: true });`,
  );
  await seekTo(0.25); // paused there: the first painted frame is that moment's
  const before = await dom();
  const items = await openContextMenu(m, '#v');
  expect(items).toEqual(expect.arrayContaining(['brushwork-video-style:the-scream', 'brushwork-restore-video']));
  await chooseContextMenuItem(m, 'brushwork-video-style:the-scream');
  await expect.poll(() => state('v'), { timeout: 60_000 }).toBe('done');
  expect(await inPage<string | null>('return document.querySelector("#v + canvas")?.getAttribute("aria-hidden") ?? null;')).toBe('true');
  const at025 = await overlayPixels();
  // Painted: unlike the video's own frame (320×180 letterboxed in its 320×240 box).
  const own = await inPage<number[]>(
    `const c = document.createElement('canvas'); c.width = 80; c.height = 60;
     const g = c.getContext('2d'); g.drawImage(document.getElementById('v'), 0, 7.5, 80, 45);
     return [...g.getImageData(0, 0, 80, 60).data];`,
  );
  expect(meanDiff(at025, own)).toBeGreaterThan(8);

  // Playing, the overlay moves on; paused and sought back to 0.25 s, it shows that moment's painted frame again.
  await inPage('document.getElementById("v").play();');
  await expect.poll(async () => meanDiff(await overlayPixels(), at025), { timeout: 30_000 }).toBeGreaterThan(4);
  await seekTo(0.25);
  await expect.poll(async () => meanDiff(await overlayPixels(), at025), { timeout: 30_000 }).toBeLessThan(1);

  await openContextMenu(m, '#v');
  await chooseContextMenuItem(m, 'brushwork-restore-video');
  await expect.poll(() => state('v')).toBeNull();
  expect(await inPage<number>('return document.querySelectorAll("#v + canvas").length;')).toBe(0);
  expect(await dom()).toBe(before);
});

// Last: it leaves page mode always on for the fixture's site.
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
