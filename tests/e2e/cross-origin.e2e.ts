/**
 * A page must never read, through Brushwork, pixels of an image it could not
 * read itself from a private network position. With all-sites access the
 * extension could fetch any image without CORS; address-policy.ts refuses
 * loopback, private and local-name hosts, non-default ports, and redirects
 * into them. The page's own script then finds nothing it could not read.
 */
import { expect, type Page, test } from '@playwright/test';
import { brushworkFetches, COOKIE, type CredentialProbe, credentialProbe, identityOf, PICTURE } from './fixtures/credentials';
import { extensionWithAllSites, type Harness, launch } from './fixtures/extension';
import { redirectIntoPrivate } from './fixtures/private-redirect';
import { bytes, type Fixture, html, NAMED_HOSTS, scenePng, startFixture } from './fixtures/server';

/**
 * One picture, the same URL on every site that shows it: a data: URL, which each page reads itself. (A picture
 * on one of the sites is cross-origin to the other, its bytes had another way, and its result another key
 * anyway: with it this test passed on a build whose keys left the requester out.)
 */
let SHARED = '';

let h: Harness;
let fx: Fixture;
let probe: CredentialProbe;
/** The "other" server by its loopback address: what an intranet or localhost service looks like to the page. */
const PRIVATE = `http://${NAMED_HOSTS.other.ip}`;

test.beforeAll(async () => {
  const png = await scenePng(160, 120, 5);
  probe = credentialProbe(await scenePng(160, 120, 8));
  SHARED = `<img id="s" src="data:image/png;base64,${(await scenePng(160, 120, 6)).toString('base64')}" width="160" height="120">`;
  fx = await startFixture(
    {
      '/shared.html': html(SHARED),
      '/credentials.html': html(`<img id="p" src="http://${NAMED_HOSTS.other.name}${PICTURE}" width="160" height="120">`),
      '/page.html': html(
        `<img id="private" src="${PRIVATE}/secret.png" width="160" height="120">` +
          `<img id="redirected" src="http://${NAMED_HOSTS.other.name}/to-private.png" width="160" height="120">` +
          `<img id="public" src="http://${NAMED_HOSTS.other.name}/secret.png" width="160" height="120">` +
          `<img id="rebound" src="http://${NAMED_HOSTS.rebind.name}/secret.png?rebound" width="160" height="120">`,
      ),
    },
    {
      ...probe.otherRoutes,
      '/shared.html': html(SHARED),
      '/secret.png': bytes(png, 'image/png'), // no CORS header: the page cannot read it
      // Each request to the redirect target is logged, so the test can see that none was made.
      '/to-private.png': redirectIntoPrivate(png, PRIVATE),
    },
    { named: true },
  );
  h = await launch([], extensionWithAllSites());
});

test.afterAll(async () => {
  await h?.close();
  await fx?.close();
});

/** What the page's own script can read of an image's pixels: a pixel sum, or the error the browser raised. */
function readFromPage(page: Page, id: string): Promise<string> {
  return page.evaluate((sel) => {
    const img = document.getElementById(sel) as HTMLImageElement;
    const canvas = document.createElement('canvas');
    canvas.width = img.naturalWidth;
    canvas.height = img.naturalHeight;
    const ctx = canvas.getContext('2d') as CanvasRenderingContext2D;
    ctx.drawImage(img, 0, 0);
    try {
      const data = ctx.getImageData(0, 0, canvas.width, canvas.height).data;
      let sum = 0;
      for (const v of data) sum += v;
      return `read ${sum}`;
    } catch (e) {
      return `refused ${(e as Error).name}`;
    }
  }, id);
}

test('an image on a loopback address, or redirected to one, stays unreadable to the page; a public one is repainted', async () => {
  const { page, tabId } = await h.openTab(`${fx.site}/page.html`);
  await page.waitForFunction(() => [...document.images].every((i) => i.complete && i.naturalWidth > 0));
  expect(await readFromPage(page, 'private')).toBe('refused SecurityError'); // the browser's own rule, before Brushwork
  for (const src of [
    `${PRIVATE}/secret.png`,
    `http://${NAMED_HOSTS.other.name}/to-private.png`,
    `http://${NAMED_HOSTS.other.name}/secret.png`,
  ])
    expect(await h.send({ type: 'stylizeImage', tabId, srcUrl: src })).toMatchObject({ ok: true, matched: 1 });

  // The positive control: with all-sites access the extension does read a public host without CORS.
  await expect(page.locator('#public')).toHaveAttribute('data-brushwork', 'done');
  // The redirect's hop into the private network is never made (#22): the rules block it before it leaves.
  await expect(page.locator('#redirected')).toHaveAttribute('data-brushwork', 'error');
  expect(await page.locator('#redirected').getAttribute('data-brushwork-reason')).toMatch(/a redirect into your own network/);
  expect(fx.requests.filter((r) => r.includes('via-redirect'))).toEqual([]);
  expect(fx.requests.filter((r) => r.endsWith('/to-private.png'))).toHaveLength(2); // the page's load and Brushwork's
  expect(await readFromPage(page, 'redirected')).toBe('refused SecurityError');
  for (const id of ['private']) {
    await expect(page.locator(`#${id}`)).toHaveAttribute('data-brushwork', 'skipped');
    expect(await page.locator(`#${id}`).getAttribute('data-brushwork-reason')).toMatch(
      /does not read pictures from (local network|non-standard)/,
    );
    expect(await readFromPage(page, id)).toBe('refused SecurityError');
    expect(await page.locator(`#${id}`).getAttribute('src')).toMatch(/^http:/);
  }
  await page.close();
});

test('a public-looking name that resolves to a private address is refused by the address the response came from (#22)', async () => {
  const { page, tabId } = await h.openTab(`${fx.site}/page.html?rebind`);
  await page.waitForFunction(() => [...document.images].every((i) => i.complete && i.naturalWidth > 0));
  const src = `http://${NAMED_HOSTS.rebind.name}/secret.png?rebound`;
  expect(await h.send({ type: 'stylizeImage', tabId, srcUrl: src })).toMatchObject({ ok: true, matched: 1 });
  await expect(page.locator('#rebound')).toHaveAttribute('data-brushwork', 'skipped');
  // The address follows BRUSHWORK_E2E_LOOPBACK_NET (fixtures/server.ts).
  expect(await page.locator('#rebound').getAttribute('data-brushwork-reason')).toContain(
    `local network addresses (rebind.test is ${NAMED_HOSTS.rebind.ip})`,
  );
  expect(await readFromPage(page, 'rebound')).toBe('refused SecurityError');
  // The control in the same page: a name the test build lists as public is read and repainted.
  expect(await h.send({ type: 'stylizeImage', tabId, srcUrl: `http://${NAMED_HOSTS.other.name}/secret.png` })).toMatchObject({ ok: true });
  await expect(page.locator('#public')).toHaveAttribute('data-brushwork', 'done');
  await page.close();
});

test('results are never shared between sites; the same site still hits the cache', async () => {
  const runs = async (tabId: number) =>
    ((await h.send({ type: 'getStatus', tabId })) as unknown as { runtime: { recentRunMs: number[] } | null }).runtime?.recentRunMs
      .length ?? 0;
  const stylizeIn = async (origin: string, tab: string) => {
    const { page, tabId } = await h.openTab(`${origin}/shared.html?tab=${tab}`); // distinct URLs: tabs are found by URL
    await page.waitForFunction(() => (document.getElementById('s') as HTMLImageElement).complete);
    const srcUrl = await page.$eval('#s', (i: HTMLImageElement) => i.currentSrc);
    expect(await h.send({ type: 'stylizeImage', tabId, srcUrl })).toMatchObject({ ok: true, matched: 1 });
    await expect(page.locator('#s')).toHaveAttribute('data-brushwork', 'done');
    return { page, tabId };
  };
  const a = await stylizeIn(fx.site, 'a');
  const before = await runs(a.tabId);
  const b = await stylizeIn(fx.other, 'b'); // another site showing the same URL: computed again, from its own read
  expect(await runs(b.tabId)).toBe(before + 1);
  const c = await stylizeIn(fx.site, 'c'); // the first site again: served from the cache
  expect(await runs(c.tabId)).toBe(before + 1);
  for (const t of [a, b, c]) await t.page.close();
});

test('a picture Brushwork fetches itself is fetched without the user’s cookies or the page’s referrer', async () => {
  // The user has visited the other site, which set a cookie; the browser sends it there (the control).
  const visit = await h.context.newPage();
  await visit.goto(`http://${NAMED_HOSTS.other.name}/set-cookie.html`);
  await visit.goto(`http://${NAMED_HOSTS.other.name}/cookie-check.html`);
  expect(probe.checkRequests.at(-1)?.cookie).toBe(COOKIE);
  await visit.close();

  const { page, tabId } = await h.openTab(`${fx.site}/credentials.html`);
  await page.waitForFunction(() => (document.getElementById('p') as HTMLImageElement).naturalWidth > 0);
  expect(await readFromPage(page, 'p')).toBe('refused SecurityError'); // no CORS: only Brushwork's own fetcher can read it
  expect(await h.send({ type: 'stylizeImage', tabId, srcUrl: `http://${NAMED_HOSTS.other.name}${PICTURE}` })).toMatchObject({ ok: true });
  await expect(page.locator('#p')).toHaveAttribute('data-brushwork', 'done');
  const fetches = brushworkFetches(probe);
  expect(fetches.length).toBeGreaterThan(0);
  for (const headers of fetches) expect(identityOf(headers)).toEqual({ cookie: '', referer: '' });
  await page.close();
});
