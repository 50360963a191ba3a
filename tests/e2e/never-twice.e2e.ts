/**
 * Never twice: a picture stylized once in this browser session is not
 * stylized again after the offscreen document closed for idleness (the
 * persistent store answers, no model runs); "Forget repainted pictures" on the
 * settings page empties it, after which the model runs again.
 */
import { expect, test } from '@playwright/test';
import { type Harness, launch } from './fixtures/extension';
import { bytes, type Fixture, html, scenePng, startFixture } from './fixtures/server';

let h: Harness;
let fx: Fixture;

test.beforeAll(async () => {
  fx = await startFixture(
    { '/p.html': html('<img id="a" src="/a.png" width="320" height="240">'), '/a.png': bytes(await scenePng(320, 240, 5), 'image/png') },
    {},
  );
  h = await launch();
});

test.afterAll(async () => {
  await h?.close();
  await fx?.close();
});

type Status = { runtime: { recentRunMs: number[] } | null };

test('a picture is not stylized twice in a session, even after the offscreen document closed; forgetting empties the store', async () => {
  const { page, tabId } = await h.openTab(`${fx.site}/p.html`);
  const srcUrl = `${fx.site}/a.png`;
  const runs = async () => (await h.send<Status>({ type: 'getStatus', tabId })).runtime?.recentRunMs.length ?? 0;
  // Close until none is left: the control page (the popup) warms the runtime when it opens, and on a slow
  // machine that warm-up can land after one close and start a fresh document (CI, stop 25).
  const closeOffscreen = async () => {
    await expect
      .poll(() =>
        h.control.evaluate(async () => {
          await chrome.offscreen.closeDocument().catch(() => undefined);
          return (await chrome.runtime.getContexts({ contextTypes: ['OFFSCREEN_DOCUMENT' as chrome.runtime.ContextType] })).length;
        }),
      )
      .toBe(0);
  };
  const stylizeAgain = async () => {
    expect((await h.send({ type: 'restoreAll', tabId })).ok).toBe(true);
    await expect(page.locator('#a')).not.toHaveAttribute('data-brushwork', /.*/);
    await closeOffscreen();
    expect((await h.send({ type: 'stylizeImage', tabId, srcUrl })).ok).toBe(true);
    await expect(page.locator('#a')).toHaveAttribute('data-brushwork', 'done');
  };

  expect((await h.send({ type: 'stylizeImage', tabId, srcUrl })).ok).toBe(true);
  await expect(page.locator('#a')).toHaveAttribute('data-brushwork', 'done');
  const first = await page.locator('#a').getAttribute('src');
  expect(await runs()).toBe(1);
  // The result goes to the page first and to the persistent store just after: wait for that write.
  await expect
    .poll(async () => (await h.send<{ runtime: { persisting: number } }>({ type: 'getStatus', tabId })).runtime.persisting)
    .toBe(0);

  await stylizeAgain();
  expect(await runs()).toBe(0); // a fresh document, and no model run: the store answered
  expect(await page.locator('#a').getAttribute('src')).toBe(first);

  const options = await h.context.newPage();
  await options.goto(`chrome-extension://${h.extensionId}/options.html`);
  await options.getByRole('button', { name: 'Forget repainted pictures' }).click();
  await expect(options.getByRole('status')).toContainText('forgotten');
  await stylizeAgain();
  expect(await runs()).toBe(1);
  await Promise.all([options.close(), page.close()]);
});
