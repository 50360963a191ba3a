/**
 * Your own style, end to end: a model trained by the CI-sized `brushwork
 * train`, packed with `brushwork pack`, imported on the settings page
 * (validated, previewed by the model itself, listed in the popup), used in
 * page mode, renamed and removed; broken and hostile files refused with one
 * sentence and nothing kept. Then the everyday controls on shipped styles:
 * one picture in its own style, save, compare, keep the photo's colours.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect, type Page, test } from '@playwright/test';
import sharp from 'sharp';
import { brushwork, trainTinyModel } from '../helpers/cli';
import { tempDir } from '../helpers/models';
import { writeBadStyleFiles } from './fixtures/bad-styles';
import { type Harness, launch } from './fixtures/extension';
import { FOLDER_STYLE, listedUserStyles, popupCard, retitledModelFolder } from './fixtures/model-folder';
import { bytes, type Fixture, html, scenePng, startFixture } from './fixtures/server';

let h: Harness;
let fx: Fixture;
let work: string;
let trainedPack: string;
let modelDir: string;

const jpeg = async (w: number, h: number) =>
  sharp(await scenePng(w, h, 3))
    .jpeg({ quality: 90 })
    .toBuffer();

test.beforeAll(async () => {
  work = tempDir('bw-own-style-');
  modelDir = path.join(work, 'my-sketch');
  const trained = trainTinyModel('the-scream', modelDir, path.join(work, 'run'), ['--id', 'my-sketch']);
  if (trained.code !== 0) throw new Error(`training failed: ${trained.stderr}`);
  trainedPack = path.join(work, 'my-sketch.brushwork');
  const packed = brushwork(['pack', modelDir, '--out', trainedPack]);
  if (packed.code !== 0) throw new Error(`pack failed: ${packed.stderr}`);
  fx = await startFixture(
    {
      '/page.html': html('<img id="a" src="/a.png" width="320" height="240"><img id="b" src="/b.jpg" width="320" height="240">'),
      '/a.png': bytes(await scenePng(320, 240), 'image/png'),
      '/b.jpg': bytes(await jpeg(320, 240), 'image/jpeg'),
    },
    {},
  );
  h = await launch();
});

test.afterAll(async () => {
  await h?.close();
  await fx?.close();
});

const settings = () => h.control.evaluate(async () => (await chrome.storage.local.get('settings')).settings as Record<string, unknown>);
const patchSettings = (patch: Record<string, unknown>) =>
  h.control.evaluate(async (p) => {
    const got = await chrome.storage.local.get('settings');
    await chrome.storage.local.set({ settings: { ...(got.settings ?? {}), ...p } });
  }, patch);

async function openSettings(): Promise<Page> {
  const page = await h.context.newPage();
  await page.goto(`chrome-extension://${h.extensionId}/options.html`);
  await page.locator('input[name=add-style]').waitFor({ state: 'attached' });
  return page;
}

test('a style trained with the CLI is imported, previewed, used in page mode, renamed and removed', async () => {
  const options = await openSettings();
  await options.locator('input[name=add-style]').setInputFiles(trainedPack);
  const item = options.locator('.user-style-list li');
  await expect(item).toHaveCount(1);
  await expect(options.locator('.user-styles .status')).toContainText('is now one of your styles');
  const id = (await item.getAttribute('data-style')) as string;
  expect(id).toMatch(/^mine-/);
  await expect(item.locator('img')).toHaveJSProperty('complete', true);
  expect(await item.locator('img').evaluate((i: HTMLImageElement) => i.naturalWidth)).toBe(192);

  const { page, tabId } = await h.openTab(`${fx.site}/page.html`);
  const popup = await h.context.newPage();
  await popup.goto(`chrome-extension://${h.extensionId}/popup.html?tab=${tabId}`);
  const card = popup.locator(`label.style[data-style="${id}"]`);
  await expect(card).toBeVisible();
  await card.click();
  await expect.poll(async () => (await settings()).styleId).toBe(id);
  await popup.locator('input[name=page-mode]').check();
  await expect(page.locator('#a')).toHaveAttribute('data-brushwork', 'done');

  await item.locator('input[type=text]').fill('Sketch of mine');
  await item.locator('input[type=text]').blur();
  await expect(popup.locator(`label.style[data-style="${id}"]`)).toContainText('Sketch of mine');

  await item.getByRole('button', { name: /Remove/ }).click();
  await expect(options.locator('.user-style-list li')).toHaveCount(0);
  await expect.poll(async () => (await settings()).styleId).toBe('starry-night');
  await expect(popup.locator(`label.style[data-style="${id}"]`)).toHaveCount(0);
  const privacy = await h.context.newPage();
  await privacy.goto(`chrome-extension://${h.extensionId}/privacy.html`);
  await expect(privacy.locator('.stored-styles')).toHaveAttribute('data-count', '0');
  expect((await h.send({ type: 'restoreAll', tabId })).ok).toBe(true);
  await Promise.all([options.close(), popup.close(), page.close(), privacy.close()]);
});

test('a model folder’s two files (model.json and weights) are imported too, with the title, artist and year from the file in the settings page and the popup', async () => {
  const files = retitledModelFolder(modelDir, path.join(work, 'folder-import'));
  const options = await openSettings();
  await options.locator('input[name=add-style]').setInputFiles(files);
  const expected = { title: FOLDER_STYLE.title, artist: `${FOLDER_STYLE.artist}, ${FOLDER_STYLE.year}` };
  await expect.poll(() => listedUserStyles(options)).toEqual([expect.objectContaining({ ...expected, preview: 192 })]);
  const id = (await listedUserStyles(options))[0]?.id ?? '';
  expect(id).toMatch(/^mine-/);
  const popup = await h.context.newPage();
  await popup.goto(`chrome-extension://${h.extensionId}/popup.html?tab=0`);
  await expect.poll(() => popupCard(popup, id)).toEqual(expected);
  await options
    .locator('.user-style-list li')
    .getByRole('button', { name: /Remove/ })
    .click();
  await expect.poll(() => listedUserStyles(options)).toEqual([]);
  await Promise.all([options.close(), popup.close()]);
});

test('corrupt, huge-architecture and wrong-checksum files are refused in one sentence, and nothing is kept', async () => {
  const badFiles = await writeBadStyleFiles(work, modelDir, trainedPack);

  const options = await openSettings();
  for (const [file, reason] of badFiles) {
    await options.locator('input[name=add-style]').setInputFiles(file);
    const alert = options.getByRole('alert');
    await expect(alert).toContainText('Brushwork cannot use');
    await expect(alert).toContainText(reason);
    expect((await alert.textContent())?.split(/(?<=[.!?])\s+(?=[A-Z])/).length).toBe(1);
  }
  await expect(options.locator('.user-style-list li')).toHaveCount(0);
  expect(await h.control.evaluate(async () => (await chrome.storage.local.get('userStyles')).userStyles ?? [])).toEqual([]);
  await options.close();
});

test('one picture in its own style, save at natural size, compare with Alt, keep the colours', async () => {
  await patchSettings({ styleId: 'starry-night', keepColours: false, intensity: 1 });
  const { page, tabId } = await h.openTab(`${fx.site}/page.html`);
  expect((await h.send({ type: 'setPageMode', tabId, enabled: true })).ok).toBe(true);
  await expect(page.locator('#a')).toHaveAttribute('data-brushwork', 'done');
  await expect(page.locator('#b')).toHaveAttribute('data-brushwork', 'done');
  const src = (sel: string) => page.locator(sel).getAttribute('src');
  const toPage = async (message: Record<string, unknown>) => {
    const worker = await h.currentWorker();
    return worker.evaluate(([id, m]) => chrome.tabs.sendMessage(id as number, m), [tabId, message] as const);
  };

  // The context menu's "Stylize image ▸ The Scream" on #a: that picture alone.
  const aBefore = await src('#a');
  await toPage({ type: 'page.stylizeBySrc', srcUrl: `${fx.site}/a.png`, styleId: 'the-scream' });
  await expect.poll(() => src('#a')).not.toBe(aBefore);
  await expect(page.locator('#a')).toHaveAttribute('data-brushwork', 'done');
  const aOwn = await src('#a');
  const bBefore = await src('#b');
  await patchSettings({ styleId: 'udnie' });
  await expect.poll(() => src('#b')).not.toBe(bBefore);
  await expect(page.locator('#b')).toHaveAttribute('data-brushwork', 'done');
  expect(await src('#a')).toBe(aOwn); // the page's new style leaves the picture's own alone
  // The new style was painted from the page's picture, not from the starry-night one on show: a fresh
  // page-mode run in that style gives the very same pixels.
  const bUdnie = await src('#b');
  expect((await h.send({ type: 'restoreAll', tabId })).ok).toBe(true);
  await expect(page.locator('#b')).not.toHaveAttribute('data-brushwork', /.*/);
  expect((await h.send({ type: 'setPageMode', tabId, enabled: true })).ok).toBe(true);
  await expect(page.locator('#b')).toHaveAttribute('data-brushwork', 'done');
  expect(await src('#b')).toBe(bUdnie);

  // "Save stylized image" on the JPEG: its natural size, named after it and the style.
  const download = page.waitForEvent('download');
  expect(await toPage({ type: 'page.saveBySrc', srcUrl: `${fx.site}/b.jpg` })).toEqual({ ok: true, saved: 1 });
  const saved = await download;
  expect(saved.suggestedFilename()).toBe('b-udnie.jpg');
  // The bytes, read back from the download's blob: URL (the harness's second CDP connection takes
  // over where Chrome writes downloads, so the file itself is not at Playwright's path).
  expect(saved.url()).toMatch(/^blob:/);
  const savedBytes = await page.evaluate(async (url) => [...new Uint8Array(await (await fetch(url)).arrayBuffer())], saved.url());
  const meta = await sharp(Buffer.from(savedBytes)).metadata();
  expect([meta.format, meta.width, meta.height]).toEqual(['jpeg', 320, 240]);

  // Compare: hold Alt on a repainted picture.
  await page.locator('#b').hover();
  await page.keyboard.down('Alt');
  await expect(page.locator('brushwork-compare')).toHaveCount(1);
  await page.keyboard.up('Alt');
  await expect(page.locator('brushwork-compare')).toHaveCount(0);

  // Keep my colours: re-blended from the kept pixels.
  const bStyled = await src('#b');
  await patchSettings({ keepColours: true });
  await expect.poll(() => src('#b')).not.toBe(bStyled);
  await expect(page.locator('#b')).toHaveAttribute('data-brushwork', 'done');
  await patchSettings({ keepColours: false, styleId: 'starry-night' });
  expect((await h.send({ type: 'restoreAll', tabId })).ok).toBe(true);
  await page.close();
});

test('an imported style survives a browser restart', async () => {
  const profileDir = mkdtempSync(path.join(tmpdir(), 'bw-restart-'));
  let browser = await launch([], undefined, { profileDir });
  try {
    const options = await browser.context.newPage();
    await options.goto(`chrome-extension://${browser.extensionId}/options.html`);
    await options.locator('input[name=add-style]').setInputFiles(trainedPack);
    await expect(options.locator('.user-style-list li img')).toHaveCount(1);
    const id = await options.locator('.user-style-list li').getAttribute('data-style');
    await browser.close();
    browser = await launch([], undefined, { profileDir });
    const again = await browser.context.newPage();
    await again.goto(`chrome-extension://${browser.extensionId}/options.html`);
    await expect(again.locator(`.user-style-list li[data-style="${id}"] img`)).toHaveCount(1);
    const popup = await browser.context.newPage();
    await popup.goto(`chrome-extension://${browser.extensionId}/popup.html?tab=0`);
    await expect(popup.locator(`label.style[data-style="${id}"] img`)).toHaveJSProperty('complete', true);
  } finally {
    await browser.close();
  }
});
