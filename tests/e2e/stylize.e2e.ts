import { expect, test } from '@playwright/test';
import { type Harness, launch, shot } from './fixtures/extension';
import { bytes, type Fixture, html, scenePng, startFixture } from './fixtures/server';

let h: Harness;
let fx: Fixture;

test.beforeAll(async () => {
  const png = await scenePng(320, 240);
  const png2 = await scenePng(320, 240, 3);
  fx = await startFixture(
    {
      '/same.html': html('<img id="a" src="/a.png" width="320" height="240" alt="scene">'),
      '/a.png': bytes(png, 'image/png'),
    },
    { '/b.png': bytes(png2, 'image/png', { 'access-control-allow-origin': '*' }) },
  );
  h = await launch();
});

test.afterAll(async () => {
  await h?.close();
  await fx?.close();
});

test('stylizes a same-origin image and restores it exactly', async () => {
  const page = await h.context.newPage();
  await page.goto(`${fx.site}/same.html`);
  const before = await shot(page, '#a');
  const domBefore = await page.evaluate(() => document.documentElement.outerHTML);
  await h.clickToolbar(page);
  const tabId = await h.tabIdOf(page);
  const r = await h.send({ type: 'stylizeImage', tabId, srcUrl: `${fx.site}/a.png` });
  expect(r, JSON.stringify(r)).toMatchObject({ ok: true, matched: 1 });
  await expect(page.locator('#a')).toHaveAttribute('data-brushwork', 'done');
  expect(Buffer.compare(await shot(page, '#a'), before)).not.toBe(0);
  const restored = await h.send({ type: 'restoreAll', tabId });
  expect(restored).toMatchObject({ ok: true, restored: 1 });
  await expect(page.locator('#a')).not.toHaveAttribute('data-brushwork', /.*/);
  expect(await page.evaluate(() => document.documentElement.outerHTML)).toBe(domBefore);
  await page.waitForFunction(() => (document.querySelector('#a') as HTMLImageElement).complete);
  expect(Buffer.compare(await shot(page, '#a'), before)).toBe(0);
});
