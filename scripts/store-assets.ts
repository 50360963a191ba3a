/**
 * Store listing images of the real extension at work, rendered by headless
 * Chromium from the built package (run `npm run build` first):
 *   docs/store/1-popup-before.png   popup over a page, before
 *   docs/store/2-popup-after.png    the same page repainted in page mode
 *   docs/store/3-page-mode-grid.png page mode on a grid of pictures
 *   docs/store/4-settings.png       the settings page
 *   docs/store/promo-tile.png       the 440×280 small promo tile
 * Screenshots are 1280×800, as the Chrome Web Store asks. Every picture on the
 * pages is the project's own generated scene (src/shared/scene.ts), recoloured
 * and cropped; nothing is copied from the paintings or the training photos.
 *
 * Chrome does not let a headless run open the real popup, so popup.html is
 * rendered at the popup's size in its own page for the same tab (?tab=) and
 * composited where Chrome draws it, under the toolbar's right edge.
 *
 *   npm run store-assets
 */
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Page } from '@playwright/test';
import sharp from 'sharp';
import { packModel } from '../src/model/pack';
import { SHIPPED_STYLES } from '../src/shared/catalog';
import { makeScene } from '../src/shared/scene';
import { type Harness, launch } from '../tests/e2e/fixtures/extension';
import { bytes, type Fixture, html, startFixture } from '../tests/e2e/fixtures/server';

const ROOT = path.resolve(import.meta.dirname, '..');
const OUT = path.join(ROOT, 'docs', 'store');
const SCREEN = { width: 1280, height: 800 };
const POPUP_WIDTH = 360;
const PICTURES = 12;

/** A variant of the generated scene: hue, mirror and crop differ per index, so a page does not repeat itself. */
async function scenePicture(i: number, width: number, height: number): Promise<Buffer> {
  // A window of a scene half as large again, always low enough to hold hills and fields, not only sky.
  const base = makeScene(Math.round(width * 1.5), Math.round(height * 1.5));
  const img = sharp(Buffer.from(base.data.buffer), { raw: { width: base.width, height: base.height, channels: 4 } })
    .extract({ left: Math.round((((i * 37) % 100) / 200) * width), top: Math.round(height * (0.3 + (i % 3) * 0.1)), width, height })
    .modulate({ hue: (i * 47) % 360, saturation: 0.8 + (i % 3) * 0.2 });
  return (i % 2 ? img.flop() : img).png().toBuffer();
}

const PAGE_STYLE = `
  body { margin: 0; font: 16px/1.5 Georgia, serif; color: #222; background: #faf8f4; }
  header { padding: 18px 48px; border-bottom: 1px solid #ddd; font: 700 26px system-ui, sans-serif; }
  main { display: grid; grid-template-columns: 2fr 1fr; gap: 32px; padding: 24px 48px; max-width: 1100px; }
  article img, .side img, .grid img { width: 100%; height: auto; display: block; border-radius: 4px; }
  h1 { font-size: 30px; margin: 12px 0 6px; } h2 { font-size: 18px; margin: 8px 0 4px; }
  .side { display: grid; gap: 18px; align-content: start; }
  .grid { display: grid; grid-template-columns: repeat(4, 1fr); gap: 16px; padding: 24px 48px; }`;

function articlePage(): string {
  const side = [0, 1]
    .map((i) => `<div><img src="/img/${i}.png" width="320" height="200"><h2>Walks along the ridge, part ${i + 1}</h2></div>`)
    .join('');
  return `<style>${PAGE_STYLE}</style><header>The Valley Gazette</header><main><article>
    <img src="/hero.png" width="720" height="420"><h1>Autumn comes early to the high meadows</h1>
    <p>Evenings are cooler already, and the light over the hills turns gold an hour before sunset.</p></article>
    <aside class="side">${side}</aside></main>`;
}

function gridPage(): string {
  const cells = Array.from({ length: PICTURES }, (_, i) => `<img src="/img/${i}.png" width="280" height="180">`).join('');
  return `<style>${PAGE_STYLE}</style><header>Photo stream</header><section class="grid">${cells}</section>`;
}

async function startPages(): Promise<Fixture> {
  const routes: Record<string, ReturnType<typeof html>> = { '/article.html': html(articlePage()), '/grid.html': html(gridPage()) };
  routes['/hero.png'] = bytes(await scenePicture(0, 720, 420), 'image/png');
  for (let i = 0; i < PICTURES; i++) routes[`/img/${i}.png`] = bytes(await scenePicture(i + 1, 320, 200), 'image/png');
  // Public-looking names on port 80 (fixtures/server.ts): the popup shows "site.test", not a loopback port.
  return startFixture(routes, {}, { named: true });
}

async function popupShot(h: Harness, tabId: number): Promise<Buffer> {
  const popup = await h.context.newPage();
  await popup.setViewportSize({ width: POPUP_WIDTH, height: 600 });
  await popup.goto(`chrome-extension://${h.extensionId}/popup.html?tab=${tabId}`);
  await popup
    .locator('label.style img')
    .last()
    .evaluate((img: HTMLImageElement) => img.decode());
  await popup.locator('[data-count=done]').waitFor();
  const shot = await popup.locator('main').screenshot();
  await popup.close();
  return shot;
}

/** The page with the popup drawn where Chrome puts it, with a soft shadow. */
async function withPopup(pageShot: Buffer, popup: Buffer): Promise<Buffer> {
  const { width = POPUP_WIDTH, height = 600 } = await sharp(popup).metadata();
  const pad = 16;
  // A soft shadow: a dark rectangle inside a transparent margin, blurred into the margin.
  const shadow = await sharp({
    create: { width: width + 2 * pad, height: height + 2 * pad, channels: 4, background: { r: 0, g: 0, b: 0, alpha: 0 } },
  })
    .composite([
      { input: { create: { width, height, channels: 4, background: { r: 0, g: 0, b: 0, alpha: 0.45 } } }, left: pad, top: pad + 4 },
    ])
    .png()
    .toBuffer();
  const soft = await sharp(shadow).blur(7).png().toBuffer();
  const framed = await sharp(popup).extend({ top: 1, bottom: 1, left: 1, right: 1, background: '#c8c8cc' }).png().toBuffer();
  const left = SCREEN.width - width - 24;
  return sharp(pageShot)
    .composite([
      { input: soft, left: left - pad, top: 8 - pad },
      { input: framed, left, top: 8 },
    ])
    .png()
    .toBuffer();
}

async function allRepainted(page: Page, count: number): Promise<void> {
  await page.waitForFunction((n) => document.querySelectorAll('img[data-brushwork=done]').length >= n, count, { timeout: 120_000 });
}

async function promoTile(h: Harness): Promise<Buffer> {
  const previews = ['the-scream', 'composition-vii', 'starry-night'].map(
    (id) => `<img src="data:image/webp;base64,${readFileSync(path.join(ROOT, 'docs', 'img', `${id}.webp`)).toString('base64')}">`,
  );
  const icon = `data:image/svg+xml;base64,${readFileSync(path.join(ROOT, 'assets', 'icon.svg')).toString('base64')}`;
  const page = await h.context.newPage();
  await page.setViewportSize({ width: 440, height: 280 });
  await page.setContent(`<style>
    body { margin: 0; width: 440px; height: 280px; overflow: hidden; background: linear-gradient(135deg, #14245e, #2c4fb8); color: #fff; font-family: system-ui, sans-serif; }
    .head { display: flex; align-items: center; gap: 12px; padding: 22px 24px 6px; font-size: 34px; font-weight: 700; }
    p { margin: 0 24px 16px; font-size: 16px; color: #e6ecff; }
    .strip { display: flex; gap: 8px; padding: 0 24px; } .strip img { width: 124px; height: 93px; object-fit: cover; border-radius: 6px; }
  </style><div class="head"><img src="${icon}" width="56" height="56">Brushwork</div>
  <p>Every picture on the web, repainted like a masterpiece.</p><div class="strip">${previews.join('')}</div>`);
  const shot = await page.screenshot();
  await page.close();
  return shot;
}

async function demoPack(): Promise<string> {
  const dir = path.join(ROOT, 'public', 'models', 'poppy-field');
  const manifest = JSON.parse(readFileSync(path.join(dir, 'model.json'), 'utf8'));
  manifest.style = { ...manifest.style, id: 'my-poppies', title: 'My poppies', artist: 'You', year: 2026, licence: 'yours' };
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'bw-store-')), 'my-poppies.brushwork');
  writeFileSync(
    file,
    await packModel(JSON.stringify(manifest), 'weights.bin', new Uint8Array(readFileSync(path.join(dir, 'weights.bin')))),
  );
  return file;
}

async function main(): Promise<void> {
  mkdirSync(OUT, { recursive: true });
  const fx = await startPages();
  const h = await launch();
  try {
    const save = (name: string, png: Buffer) => sharp(png).png({ compressionLevel: 9 }).toFile(path.join(OUT, name));
    const chooseStyle = (styleId: string) =>
      h.control.evaluate(async (id) => {
        const got = await chrome.storage.local.get('settings');
        await chrome.storage.local.set({ settings: { ...(got.settings ?? {}), styleId: id } });
      }, styleId);
    await chooseStyle('composition-vii');
    const { page: article, tabId } = await h.openTab(`${fx.site}/article.html`, { viewport: SCREEN });
    await save('1-popup-before.png', await withPopup(await article.screenshot(), await popupShot(h, tabId)));
    await h.send({ type: 'setPageMode', tabId, enabled: true });
    await allRepainted(article, 3);
    await save('2-popup-after.png', await withPopup(await article.screenshot(), await popupShot(h, tabId)));

    const { page: grid, tabId: gridTab } = await h.openTab(`${fx.site}/grid.html`, { viewport: SCREEN });
    await chooseStyle('the-scream');
    await h.send({ type: 'setPageMode', tabId: gridTab, enabled: true });
    await allRepainted(grid, PICTURES);
    await save('3-page-mode-grid.png', await grid.screenshot());

    const settings = await h.context.newPage();
    await settings.setViewportSize(SCREEN);
    await h.control.evaluate(async () => {
      const got = await chrome.storage.local.get('settings');
      await chrome.storage.local.set({
        settings: { ...(got.settings ?? {}), pageModeSites: ['https://www.example.org', 'https://news.example.com'] },
      });
    });
    await settings.goto(`chrome-extension://${h.extensionId}/options.html`);
    await settings.locator('.sites li').first().waitFor();
    // "Your styles" with one imported: a shipped model packed under another name stands in for one a user trained.
    await settings.locator('input[name=add-style]').setInputFiles(await demoPack());
    await settings.locator('.user-style-list li img').waitFor();
    await save('4-settings.png', await settings.screenshot({ fullPage: false }));
    await save('promo-tile.png', await promoTile(h));
    console.log(`store assets in ${path.relative(ROOT, OUT)}/ (${SHIPPED_STYLES.length} styles shipped)`);
  } finally {
    await h.close();
    await fx.close();
  }
}

await main();
