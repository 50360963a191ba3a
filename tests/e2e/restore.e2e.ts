/**
 * Restore brings back exactly what the page last wrote, even when the page
 * wrote after (or while) Brushwork painted: an inline style rewritten over a
 * repainted background, an <img> whose src changed while its job was pending,
 * and an image stylized from the context menu that the page then replaced.
 */
import { expect, type Page, test } from '@playwright/test';
import { extensionWithAllSites, type Harness, launch } from './fixtures/extension';
import {
  parallaxExpected,
  parallaxMove,
  parallaxRepainted,
  replacedMenuPicture,
  replaceMenuPicture,
  restorePages,
  swapped,
  swappedPicture,
} from './fixtures/restore-pages';
import { type Fixture, html, startFixture } from './fixtures/server';

let h: Harness;
let fx: Fixture;

test.beforeAll(async () => {
  fx = await startFixture(
    {
      ...(await restorePages()),
      // Two pictures: the context menu's "Restore original" on one must leave the other painted.
      '/two.html': html('<p>Two</p><img id="a" src="/1.png" width="200" height="150"><img id="b" src="/2.png" width="200" height="150">'),
      // A news page's reveal-on-load: each load adds a class; a page listener counts loads too (#30).
      // A news page's reveal-on-load, and a load listener added by an inline script right after the <img>
      // (before its load can fire): each counts the loads it sees (#30).
      '/onload.html': html(
        `<img id="ob" src="/0.png" width="240" height="160" onload="this.className+=' ob-show'">` +
          `<script>window.loads = 0; document.getElementById('ob').addEventListener('load', () => { window.loads++; });</script>`,
      ),
    },
    {},
  );
  // Access to all sites, as a user who allowed it: the background sees each page's CSP headers, so a page
  // without a policy gets its backgrounds inline (style mode). With activeTab only the policy is unknown and
  // backgrounds take the canvas layer (src/page/css-image-policy.ts; tests/e2e/quiet-console.e2e.ts).
  h = await launch([], extensionWithAllSites());
});

test.afterAll(async () => {
  await h?.close();
  await fx?.close();
});

const open = (path: string) => h.openTab(`${fx.site}${path}`, { viewport: { width: 1000, height: 700 } });
const serialized = (page: Page) => page.evaluate(() => document.body.innerHTML);

test('a page that rewrites a repainted background’s inline style keeps its own write, never the stylized picture', async () => {
  const { page, tabId } = await open('/parallax.html');
  const original = await page.$eval('#bg', (el) => el.getAttribute('style'));
  await h.send({ type: 'setPageMode', tabId, enabled: true });
  await expect(page.locator('#bg')).toHaveAttribute('data-brushwork', 'done');
  expect(await page.$eval('#bg', (el) => el.getAttribute('style'))).toContain('data:image');
  // Parallax: the page moves the element through its inline style.
  await page.evaluate(parallaxMove);
  const expected = await page.evaluate(parallaxExpected, original as string);
  // Repainted over the page's new style: both the page's write and Brushwork's picture are there.
  await expect.poll(() => page.evaluate(parallaxRepainted)).toBe(true);
  await expect(page.locator('#bg')).toHaveAttribute('data-brushwork', 'done');
  await h.send({ type: 'setPageMode', tabId, enabled: false });
  await expect(page.locator('[data-brushwork]')).toHaveCount(0);
  expect(await page.$eval('#bg', (el) => el.getAttribute('style'))).toBe(expected);
  expect(await page.$eval('#bg', (el) => getComputedStyle(el).backgroundImage)).not.toContain('data:');
  await page.close();
});

test('an <img> the page changes while its job is pending shows the page’s new picture, and restore keeps it', async () => {
  const { page, tabId } = await open('/swap.html');
  await h.send({ type: 'stylizeImage', tabId, srcUrl: `${fx.site}/0.png` });
  await expect.poll(() => page.evaluate(swapped)).toBe(true);
  await expect(page.locator('#s')).toHaveAttribute('data-brushwork', 'done');
  const pageWrote = swappedPicture('');
  await h.send({ type: 'restoreAll', tabId });
  await expect(page.locator('[data-brushwork]')).toHaveCount(0);
  expect(await page.$eval('#s', (el) => el.outerHTML)).toBe(pageWrote);
  expect(await serialized(page)).toContain(pageWrote);
  await page.close();
});

test('an image stylized from the context menu is watched: the page’s later replacement wins over restore', async () => {
  const { page, tabId } = await open('/menu.html');
  await h.send({ type: 'stylizeImage', tabId, srcUrl: `${fx.site}/0.png` });
  await expect(page.locator('#m')).toHaveAttribute('data-brushwork', 'done');
  await page.evaluate(replaceMenuPicture, '/2.png'); // the page replaces the picture after Brushwork painted it
  // Brushwork notices and repaints the page's new picture (page wins, then the style applies to it).
  await expect.poll(() => page.$eval('#m', (i: HTMLImageElement) => i.getAttribute('src')?.startsWith('data:'))).toBe(true);
  await expect(page.locator('#m')).toHaveAttribute('data-brushwork', 'done');
  await h.send({ type: 'restoreAll', tabId });
  await expect(page.locator('[data-brushwork]')).toHaveCount(0);
  expect(await page.$eval('#m', (el) => el.outerHTML)).toBe(replacedMenuPicture(''));
  await page.close();
});

test('painting and restoring do not run the page’s load handlers again: inline onload and load listeners see only the page’s own load (#30)', async () => {
  const { page, tabId } = await open('/onload.html');
  await expect.poll(() => page.evaluate(() => (window as unknown as { loads: number }).loads)).toBe(1);
  expect(await page.$eval('#ob', (el) => el.className)).toBe(' ob-show'); // += ' ob-show' on an empty class
  const before = await serialized(page);
  await h.send({ type: 'setPageMode', tabId, enabled: true });
  await expect(page.locator('#ob')).toHaveAttribute('data-brushwork', 'done');
  await expect.poll(() => page.$eval('#ob', (i: HTMLImageElement) => i.complete && i.currentSrc.startsWith('data:'))).toBe(true);
  await h.send({ type: 'setPageMode', tabId, enabled: false });
  await expect(page.locator('[data-brushwork]')).toHaveCount(0);
  await expect.poll(() => page.$eval('#ob', (i: HTMLImageElement) => i.complete && i.currentSrc.endsWith('/0.png'))).toBe(true);
  // The restored picture's load event is queued once it is complete: two frames later it has run.
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
  expect(await page.$eval('#ob', (el) => el.className)).toBe(' ob-show');
  expect(await page.evaluate(() => (window as unknown as { loads: number }).loads)).toBe(1);
  expect(await serialized(page)).toBe(before);
  await page.close();
});

test('Restore all in page mode answers how many pictures it restored (#30: it answered 0)', async () => {
  const { page, tabId } = await open('/menu.html?count');
  await h.send({ type: 'setPageMode', tabId, enabled: true });
  await expect(page.locator('#m')).toHaveAttribute('data-brushwork', 'done');
  expect(await h.send({ type: 'restoreAll', tabId })).toMatchObject({ ok: true, restored: 1 });
  await expect(page.locator('[data-brushwork]')).toHaveCount(0);
  await page.close();
});

test('Restore original on one of two pictures painted by Stylize image gives that one back exactly; the other stays painted', async () => {
  const { page, tabId } = await open('/two.html');
  const before = await page.$eval('#a', (el) => el.outerHTML);
  for (const src of ['/1.png', '/2.png'])
    expect(await h.send({ type: 'stylizeImage', tabId, srcUrl: `${fx.site}${src}` })).toMatchObject({ ok: true });
  for (const id of ['#a', '#b']) await expect(page.locator(id)).toHaveAttribute('data-brushwork', 'done');
  // The context menu's "Restore original" goes from the background to the page (src/background/context-menu.ts): so does this.
  const worker = await h.currentWorker();
  const answer = await worker.evaluate(([t, s]) => chrome.tabs.sendMessage(t as number, { type: 'page.restoreBySrc', srcUrl: s }), [
    tabId,
    `${fx.site}/1.png`,
  ] as const);
  expect(answer).toMatchObject({ ok: true, restored: 1 });
  await expect(page.locator('#a')).not.toHaveAttribute('data-brushwork');
  expect(await page.$eval('#a', (el) => el.outerHTML)).toBe(before);
  await expect.poll(() => page.$eval('#a', (i: HTMLImageElement) => i.complete && i.currentSrc === `${location.origin}/1.png`)).toBe(true);
  await expect(page.locator('#b')).toHaveAttribute('data-brushwork', 'done');
  expect(await page.$eval('#b', (i: HTMLImageElement) => i.currentSrc)).toMatch(/^data:image\//);
  await page.close();
});
