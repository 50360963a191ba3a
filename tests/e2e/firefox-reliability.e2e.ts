/**
 * Hostile servers and page-mode details in Debian's firefox-esr (#29), as
 * reliability.e2e.ts and page-mode.e2e.ts prove them in Chromium: a server
 * that never answers, a picture removed or its tab closed mid-job, a CSS
 * background claiming 8,000², a redirect loop, an animated GIF and a 1×1
 * picture; lazy pictures painted once scrolled to, the half-size first look,
 * icons and hidden pictures skipped, a frame that never loads, a fixed
 * background painted at the viewport's size, infinite scroll, and a news
 * stream of zero-height wrappers and spacer <img>s. Driven over WebDriver BiDi
 * (fixtures/firefox.ts), with access to all sites.
 */
import type http from 'node:http';
import { expect, test } from '@playwright/test';
import { animatedGif, hugePng } from './fixtures/bad-images';
import { type FirefoxHarness, launchFirefox } from './fixtures/firefox';
import { dom, reason, state, tabControls } from './fixtures/firefox-page';
import { elementShot } from './fixtures/firefox-pixels';
import { firstLook, fixedBackground, hangingFrame, infiniteScroll, newsStream } from './fixtures/page-mode-pages';
import { expectLargePictureKeepsItsBox, largePicturePage } from './fixtures/restore-pages';
import { bytes, type Fixture, html, scenePng, startFixture } from './fixtures/server';
import { allDone, BELOW, orderSoFar, scrollToBelow, VISIBLE, visibleFirstPage, visibleFirstViolation } from './fixtures/visible-first';

let ff: FirefoxHarness;
let fx: Fixture;
/** Responses the "never answers" server holds open; destroyed at the end. */
const hanging: http.ServerResponse[] = [];

const img = (id: string, src: string, extra = '') => `<img id="${id}" src="${src}" width="200" height="150" ${extra}>`;
/** Not in firefox-edges.e2e.ts's list of bad pictures: a redirect loop, an animated GIF (painted, #27) and a 1×1 picture. */
const MORE_BAD = [
  ['loop', '/loop.png', 'error'],
  ['gif', '/anim.gif', 'done'],
  ['one', '/one.png', 'done'],
] as const;

test.beforeAll(async () => {
  const routes: Parameters<typeof startFixture>[0] = {
    '/slow.html': html(img('slow', '/never.png') + img('good', '/img/1.png')),
    '/never.png': (_req, res) => {
      hanging.push(res); // never answers
    },
    '/removed.html': html(img('gone', '/img/2.png?gone')),
    '/huge-bg.html': html(
      '<div id="hugebg" style="width:200px;height:150px;background-image:url(/huge-bg.png)"></div>' +
        '<div id="goodbg" style="width:200px;height:150px;background-image:url(/img/3.png?bg)"></div>',
    ),
    // 8,000² (64 MP): over Brushwork's 50 MP cap; the file holds only a few rows.
    '/huge-bg.png': bytes(hugePng(8000, 8000), 'image/png'),
    '/more-bad.html': html(MORE_BAD.map(([id, src]) => img(id, src)).join('')),
    '/loop.png': (_req, res) => {
      res.writeHead(302, { location: '/loop.png' });
      res.end();
    },
    '/anim.gif': async (req, res, o) => bytes(await animatedGif(), 'image/gif')(req, res, o),
    '/one.png': bytes(await scenePng(1, 1), 'image/png'),
    '/grid.html': html(
      [0, 1, 2].map((i) => img(`g${i}`, `/img/${i}.png`)).join('') +
        '<img id="icon" src="/icon.png" width="16" height="16">' +
        img('hidden', '/img/5.png', 'style="display:none"') +
        `<div style="height:3000px"></div>${img('lazy', '/img/4.png', 'loading="lazy"')}`,
    ),
    '/icon.png': bytes(await scenePng(16, 16), 'image/png'),
    // The pages page-mode.e2e.ts proves the same in Chromium: the first look, a frame that never loads, a fixed
    // background, infinite scroll and a news stream of spacer <img>s (fixtures/page-mode-pages.ts).
    ...(await firstLook()),
    ...hangingFrame(hanging),
    ...(await fixedBackground()),
    ...infiniteScroll('f', 6),
    ...newsStream(),
    // The page's own candidates, which the browser prefers over `src`: a lazy <img> with a srcset and a <picture>'s <source>.
    '/candidates.html': html(
      '<img id="s" src="/img/0.png" srcset="/img/0.png 1x, /img/1.png 2x" width="200" height="150" loading="lazy">' +
        `<picture><source srcset="/img/2.png" type="image/png" media="(min-width: 10px)">${img('p', '/img/3.png')}</picture>`,
    ),
    ...(await largePicturePage()),
    ...(await visibleFirstPage()),
  };
  for (let i = 0; i < 6; i++) routes[`/img/${i}.png`] = bytes(await scenePng(200, 150, i + 1), 'image/png');
  fx = await startFixture(routes, {});
  ff = await launchFirefox();
});

test.afterAll(async () => {
  for (const r of hanging) r.destroy();
  await ff?.close();
  await fx?.close();
});

const { pageMode, status } = tabControls(() => ff);

test('Firefox: a server that never answers times out instead of hanging, and the other picture is painted meanwhile', async () => {
  test.setTimeout(90_000);
  const { page, tabId } = await ff.openTab(`${fx.site}/slow.html`, { waitUntil: 'domcontentloaded' });
  await ff.send({ type: 'stylizeImage', tabId, srcUrl: `${fx.site}/never.png` });
  await ff.send({ type: 'stylizeImage', tabId, srcUrl: `${fx.site}/img/1.png` });
  await expect.poll(() => state(page, 'good'), { timeout: 30_000 }).toBe('done');
  // Brushwork's own load deadline (IMAGE_LOAD_TIMEOUT_MS) is what ends the wait: the server never does.
  await expect.poll(() => state(page, 'slow'), { timeout: 45_000 }).toBe('error');
  expect(await reason(page, 'slow')).toMatch(/did not load within/);
  await page.close();
});

test('Firefox: a picture removed, then its tab closed, while its job runs leaves nothing behind, and the runtime keeps serving', async () => {
  const { page, tabId } = await ff.openTab(`${fx.site}/removed.html`);
  await pageMode(tabId, true);
  await page.evaluate(() => document.getElementById('gone')?.remove());
  await page.close();
  // The closed tab's record is forgotten: no page mode and no counts survive it (the badge and popup read these).
  await expect
    .poll(async () => {
      const s = await status(tabId);
      return { pageMode: s.pageMode, counted: Object.values(s.counts).reduce((a, b) => a + b, 0) };
    })
    .toEqual({ pageMode: false, counted: 0 });
  const again = await ff.openTab(`${fx.site}/removed.html?again`);
  await ff.send({ type: 'stylizeImage', tabId: again.tabId, srcUrl: `${fx.site}/img/2.png?gone` });
  await expect.poll(() => state(again.page, 'gone'), { timeout: 30_000 }).toBe('done');
  await expect.poll(async () => (await status(again.tabId)).runtime?.queued ?? 0).toBe(0);
  await again.page.close();
});

test('Firefox: a CSS background whose header claims 8,000² is refused from its header, never decoded, beside a painted one', async () => {
  const { page, tabId } = await ff.openTab(`${fx.site}/huge-bg.html`);
  await pageMode(tabId, true);
  await expect.poll(() => state(page, 'goodbg'), { timeout: 30_000 }).toBe('done');
  await expect.poll(() => state(page, 'hugebg'), { timeout: 30_000 }).toBe('error');
  expect(await reason(page, 'hugebg')).toMatch(/too large to stylize \(8000×8000\)/);
  await pageMode(tabId, false);
  await page.close();
});

test('Firefox: a redirect loop ends as error with a reason; an animated GIF and a 1×1 picture are painted; restore is exact', async () => {
  const { page, tabId } = await ff.openTab(`${fx.site}/more-bad.html`, { waitUntil: 'domcontentloaded' });
  // The loop's <img> never loads; the others must have before the page is read for its restore.
  await expect
    .poll(() => page.evaluate(() => [...document.images].filter((i) => i.id !== 'loop').every((i) => i.complete && i.naturalWidth > 0)))
    .toBe(true);
  const before = await dom(page);
  for (const [, src] of MORE_BAD)
    expect(await ff.send({ type: 'stylizeImage', tabId, srcUrl: `${fx.site}${src}` })).toMatchObject({ ok: true });
  for (const [id, , want] of MORE_BAD) await expect.poll(() => state(page, id), { timeout: 30_000, message: id }).toBe(want);
  expect(await reason(page, 'loop')).toMatch(/\w/);
  expect(await ff.send({ type: 'restoreAll', tabId })).toMatchObject({ ok: true });
  await expect.poll(() => dom(page)).toBe(before);
  await page.close();
});

test('Firefox: page mode paints visible pictures, skips icons and hidden ones, paints a lazy one once scrolled to, and restores exactly', async () => {
  const { page, tabId } = await ff.openTab(`${fx.site}/grid.html`);
  const before = await dom(page);
  expect(await pageMode(tabId, true)).toMatchObject({ ok: true, enabled: true });
  for (const id of ['g0', 'g1', 'g2']) await expect.poll(() => state(page, id), { timeout: 30_000 }).toBe('done');
  // Every visible picture is painted and counted: a round trip later the skipped ones are still untouched.
  await expect.poll(async () => (await status(tabId)).counts.done).toBe(3);
  for (const id of ['icon', 'hidden', 'lazy']) expect(await state(page, id), id).toBeNull();
  await page.evaluate(() => document.getElementById('lazy')?.scrollIntoView());
  await expect.poll(() => state(page, 'lazy'), { timeout: 30_000 }).toBe('done');
  await expect.poll(async () => (await status(tabId)).counts.done).toBe(4);
  for (const id of ['icon', 'hidden']) expect(await state(page, id), id).toBeNull();
  expect(await pageMode(tabId, false)).toMatchObject({ ok: true, enabled: false });
  await expect.poll(() => dom(page)).toBe(before);
  await page.close();
});

test('Firefox: the first picture is painted at half size first, then at full size, never the original in between (#21)', async () => {
  const { page, tabId } = await ff.openTab(`${fx.site}/first.html`);
  const before = await dom(page);
  await page.evaluate(() => {
    const w = window as unknown as { writes: [string, string | null][] };
    w.writes = [];
    new MutationObserver((records) => {
      for (const r of records) w.writes.push([r.attributeName ?? '', (r.target as Element).getAttribute(r.attributeName ?? '')]);
    }).observe(document.getElementById('b') as Element, {
      attributes: true,
      attributeFilter: ['src', 'srcset', 'sizes', 'data-brushwork-first-look'],
    });
  });
  await pageMode(tabId, true);
  await expect
    .poll(
      () =>
        page.evaluate(() => {
          const b = document.getElementById('b') as HTMLElement;
          return b.getAttribute('data-brushwork') === 'done' && !b.hasAttribute('data-brushwork-first-look');
        }),
      { timeout: 30_000 },
    )
    .toBe(true);
  const writes = await page.evaluate(() => (window as unknown as { writes: [string, string | null][] }).writes);
  const srcs = writes.filter(([name]) => name === 'src').map(([, v]) => v ?? '');
  expect(srcs).toHaveLength(2); // the first look, then the full size: the original never comes back between them
  expect(srcs.every((s) => s.startsWith('data:image/webp'))).toBe(true);
  // The same layout box at both sizes: 200 and 400 pixels wide, both at the picture's own 400 CSS px (#29).
  expect(writes.filter(([name]) => name === 'srcset').map(([, v]) => v?.split(' ').at(-1))).toEqual(['200w', '400w']);
  expect(writes.filter(([name]) => name === 'sizes').map(([, v]) => v)).toEqual(['400px']);
  expect(writes.filter(([name]) => name === 'data-brushwork-first-look').map(([, v]) => v)).toEqual(['', null]);
  const sizes = await page.evaluate(
    (urls) =>
      Promise.all(
        urls.map(async (u) => {
          const i = new Image();
          i.src = u;
          await i.decode();
          return [i.naturalWidth, i.naturalHeight];
        }),
      ),
    srcs,
  );
  expect(sizes).toEqual([
    [200, 150],
    [400, 300],
  ]);
  expect(await pageMode(tabId, false)).toMatchObject({ ok: true, enabled: false });
  await expect.poll(() => dom(page)).toBe(before);
  await page.close();
});

test('Firefox: a frame that never finishes loading does not hold page mode up', async () => {
  // The page's load event never comes either (its frame is still loading): wait for the document only.
  const { page, tabId } = await ff.openTab(`${fx.site}/with-hanging-frame.html`, { waitUntil: 'domcontentloaded' });
  expect((await pageMode(tabId, true)).ok).toBe(true);
  await expect.poll(() => state(page, 'h1'), { timeout: 30_000 }).toBe('done');
  await pageMode(tabId, false);
  await page.close();
});

test('Firefox: a background-attachment: fixed picture is painted at the size it covers, the viewport, not its element’s (#30)', async () => {
  const { page, tabId } = await ff.openTab(`${fx.site}/fixed.html`);
  await pageMode(tabId, true);
  await expect.poll(() => state(page, 'fixed'), { timeout: 30_000 }).toBe('done');
  const painted = await page.evaluate(async () => {
    const el = document.getElementById('fixed') as HTMLElement;
    const url = /url\("?(data:[^")]+)/.exec(getComputedStyle(el).backgroundImage)?.[1];
    if (!url) return null;
    const probe = new Image();
    probe.src = url;
    await probe.decode();
    return { width: probe.naturalWidth, viewport: { width: innerWidth, height: innerHeight }, dpr: devicePixelRatio };
  });
  expect(painted).not.toBeNull();
  const { width, viewport, dpr } = painted as NonNullable<typeof painted>;
  // cover of the viewport by a 4:3 picture, in device pixels
  expect(width).toBe(Math.round(Math.max(viewport.width, (viewport.height * 4) / 3) * dpr));
  await pageMode(tabId, false);
  await page.close();
});

test('Firefox: page mode picks up pictures added by infinite scroll, and off leaves none marked', async () => {
  const { page, tabId } = await ff.openTab(`${fx.site}/scroll.html`);
  await pageMode(tabId, true);
  await expect.poll(() => state(page, 'f0'), { timeout: 30_000 }).toBe('done');
  const pictures = () => page.evaluate(() => document.querySelectorAll('img.f').length);
  // Three rounds of scrolling to the end of the feed; each brings four more pictures (the feed's own observer).
  // Each round starts once the sentinel is out of view for an observer of the test's own, updated in the same
  // rendering step as the feed's: scrolled to while still in view, the feed's observer would not call again.
  const sentinelLeft = () =>
    page.evaluate(
      () =>
        new Promise<void>((resolve) => {
          const io = new IntersectionObserver((entries) => {
            if (entries.at(-1)?.isIntersecting === false) {
              io.disconnect();
              resolve();
            }
          });
          io.observe(document.getElementById('sentinel') as Element);
        }),
    );
  for (let round = 1; round <= 3; round++) {
    await sentinelLeft();
    const had = await pictures();
    await page.evaluate(() => document.getElementById('sentinel')?.scrollIntoView());
    await expect.poll(pictures).toBeGreaterThan(had);
  }
  expect(await pictures()).toBeGreaterThan(8);
  const last = await page.evaluate(() => [...document.querySelectorAll('img.f')].at(-1)?.id as string);
  await page.evaluate((id) => document.getElementById(id)?.scrollIntoView({ block: 'center' }), last);
  await expect.poll(() => state(page, last), { timeout: 30_000 }).toBe('done');
  await pageMode(tabId, false);
  await expect.poll(() => page.evaluate(() => document.querySelectorAll('[data-brushwork]').length)).toBe(0);
  await page.close();
});

test('Firefox: a news stream of pictures in zero-height wrappers, half of them spacer <img>s with a CSS background, is painted whole', async () => {
  const { page, tabId } = await ff.openTab(`${fx.site}/stream.html`);
  const shot = (id: string) => elementShot(page, `#${id}`);
  const spacer = await shot('s1');
  const before = await dom(page);
  await pageMode(tabId, true);
  for (let i = 0; i < 6; i++) {
    await page.evaluate((id) => document.getElementById(id)?.scrollIntoView({ block: 'center' }), `s${i}`);
    await expect.poll(() => state(page, `s${i}`), { timeout: 30_000 }).toBe('done');
  }
  // The spacer's background is what was repainted: it shows something else now, and the spacer itself stays.
  await page.evaluate(() => document.getElementById('s1')?.scrollIntoView({ block: 'center' }));
  expect(Buffer.compare(await shot('s1'), spacer)).not.toBe(0);
  expect(await page.evaluate(() => document.getElementById('s1')?.getAttribute('src'))).toBe('/spaceball.gif');
  await pageMode(tabId, false);
  await expect.poll(() => dom(page)).toBe(before);
  await page.close();
});

test('Firefox: a srcset (lazy) and a <picture>’s <source> do not override the result or move the layout; restore is exact', async () => {
  const { page, tabId } = await ff.openTab(`${fx.site}/candidates.html`);
  const before = await dom(page);
  const shown = () =>
    page.evaluate(() =>
      ['s', 'p'].map((id) => {
        const el = document.getElementById(id) as HTMLImageElement;
        const r = el.getBoundingClientRect();
        return { id, painted: el.complete && el.currentSrc.startsWith('data:'), width: r.width, height: r.height };
      }),
    );
  const boxes = (await shown()).map(({ id, width, height }) => ({ id, width, height }));
  for (const id of ['s', 'p']) {
    const srcUrl = await page.evaluate((i) => (document.getElementById(i) as HTMLImageElement).currentSrc, id);
    expect(await ff.send({ type: 'stylizeImage', tabId, srcUrl }), id).toMatchObject({ ok: true, matched: 1 });
  }
  for (const id of ['s', 'p']) await expect.poll(() => state(page, id), { timeout: 30_000, message: id }).toBe('done');
  // What Firefox shows is the painted picture, not one of the page's candidates, in the same box.
  await expect.poll(shown).toEqual(boxes.map((b) => ({ ...b, painted: true })));
  expect(await ff.send({ type: 'restoreAll', tabId })).toMatchObject({ ok: true, restored: 2 });
  await expect.poll(() => dom(page)).toBe(before);
  await page.close();
});

test('Firefox: a 1600×1200 picture with no width or height, painted at 1024×768, keeps its 1600×1200 box in every frame; the page reads src as before; restore is exact (#29)', async () => {
  const { page, tabId } = await ff.openTab(`${fx.site}/large.html`);
  await expectLargePictureKeepsItsBox(
    {
      evaluate: (fn) => page.evaluate(fn),
      state: () => state(page, 'l'),
      stylize: (srcUrl) => ff.send({ type: 'stylizeImage', tabId, srcUrl }),
      restoreAll: () => ff.send({ type: 'restoreAll', tabId }),
    },
    fx.site,
    false,
  );
  await page.close();
});

test('Firefox: page mode paints the visible pictures first: each is done before any picture below the fold starts, which waits until scrolled to', async () => {
  const { page, tabId } = await ff.openTab(`${fx.site}/visible-first.html`);
  await pageMode(tabId, true);
  await expect.poll(() => page.evaluate(allDone, VISIBLE), { timeout: 30_000 }).toBe(true);
  // Off screen, beyond the one viewport page mode looks ahead: not started, while the visible ones are done.
  expect(await page.evaluate((ids) => ids.map((id) => document.getElementById(id)?.getAttribute('data-brushwork') ?? null), BELOW)).toEqual(
    BELOW.map(() => null),
  );
  await page.evaluate(scrollToBelow);
  await expect.poll(() => page.evaluate(allDone, BELOW), { timeout: 30_000 }).toBe(true);
  expect(visibleFirstViolation(await page.evaluate(orderSoFar))).toBe('');
  await pageMode(tabId, false);
  await page.close();
});
