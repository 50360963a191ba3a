/**
 * A quiet console (#30 point 6), in Chromium: Brushwork's own attempts leave
 * no error, no warning and no CSP violation in the page's console, and send
 * nothing to the site's CSP report endpoint. Before, every cross-origin
 * picture without CORS logged "Access to fetch … blocked by CORS policy" and
 * net::ERR_FAILED (the page tried a CORS read first), and under
 * `img-src 'self'` every CSS background logged a violation for its data:
 * picture, after the page's own 1-px CSP probe had logged one too.
 *
 * Run twice: with activeTab only (the toolbar click: the document's CSP
 * headers went by before the extension had access, so its policy is unknown)
 * and with access to all sites (the background saw the headers). The console
 * is read three ways: Playwright's console and pageerror events, the page's
 * DevTools log (CDP Log.entryAdded: network and CORS errors), and a
 * securitypolicyviolation listener in the page's own world.
 */
import { type CDPSession, expect, type Page, test } from '@playwright/test';
import { extensionWithAllSites, type Harness, launch } from './fixtures/extension';
import { cspPages, cspReports, mixedPages, SPACER_STYLE } from './fixtures/quiet-pages';
import { type Fixture, NO_ACCESS_TO_OTHER, startFixture } from './fixtures/server';

let fx: Fixture;
const reports = cspReports();

test.beforeAll(async () => {
  const mixed = await mixedPages();
  fx = await startFixture({ ...mixed.site, ...cspPages(reports) }, mixed.other, { named: true });
});

test.afterAll(async () => {
  await fx?.close();
});

interface Listening {
  page: Page;
  tabId: number;
  /** Everything the page's console and its securitypolicyviolation events said. */
  heard: string[];
  cdp: CDPSession;
}

/** Opens `path` with every ear on the page's console from before its first byte. */
async function listen(h: Harness, path: string): Promise<Listening> {
  const heard: string[] = [];
  let cdp: CDPSession | undefined;
  const { page, tabId } = await h.openTab(`${fx.site}${path}`, {
    viewport: { width: 1000, height: 800 },
    beforeGoto: async (p) => {
      p.on('console', (m) => {
        if (m.type() === 'error' || m.type() === 'warning') heard.push(`console.${m.type()}: ${m.text().slice(0, 200)}`);
      });
      p.on('pageerror', (e) => heard.push(`pageerror: ${e.message}`));
      cdp = await p.context().newCDPSession(p);
      cdp.on('Log.entryAdded', ({ entry }) => {
        if (entry.level === 'error' || entry.level === 'warning')
          heard.push(`log.${entry.level} (${entry.source}): ${entry.text.slice(0, 200)} ${entry.url ?? ''}`);
      });
      await cdp.send('Log.enable');
      await p.addInitScript(() => {
        document.addEventListener('securitypolicyviolation', (e) => {
          console.error(`securitypolicyviolation: ${e.effectiveDirective} ${e.blockedURI.slice(0, 40)}`);
        });
      });
    },
  });
  return { page, tabId, heard, cdp: cdp as CDPSession };
}

const state = (page: Page, id: string) => page.locator(`#${id}`).getAttribute('data-brushwork');

for (const access of ['activeTab', 'all sites'] as const) {
  test.describe(`with ${access}`, () => {
    let h: Harness;
    test.beforeAll(async () => {
      h = access === 'all sites' ? await launch([], extensionWithAllSites()) : await launch();
    });
    test.afterAll(async () => {
      await h?.close();
    });
    const pageMode = (tabId: number, enabled: boolean) => h.send({ type: 'setPageMode', tabId, enabled });

    test(`${access}: cross-origin pictures without CORS are never tried from the page: no CORS error, the readable ones painted, the others told why`, async () => {
      reports.clear();
      const { page, tabId, heard } = await listen(h, '/mixed.html');
      await page.waitForFunction(() => [...document.images].every((i) => i.complete));
      await pageMode(tabId, true);
      for (const id of ['own', 'cors', 'corsplain', 'cover', 'tile'])
        await expect.poll(() => state(page, id), { timeout: 30_000 }).toBe('done');
      // Another site's picture without CORS: the extension's fetcher reads it with access to that site;
      // with activeTab only (this tab's site) it may not, and says so.
      await expect.poll(() => state(page, 'nocors'), { timeout: 30_000 }).toMatch(access === 'all sites' ? /^done$/ : /^(error|skipped)$/);
      // Said as what it is, with what to do (not a guess among four causes).
      if (access === 'activeTab') expect(await page.locator('#nocors').getAttribute('data-brushwork-reason')).toMatch(NO_ACCESS_TO_OTHER);
      // A picture from a private address: never read by the extension, whatever its access (#22).
      await expect.poll(() => state(page, 'private'), { timeout: 30_000 }).toMatch(/^(error|skipped)$/);
      expect(await page.locator('#private').getAttribute('data-brushwork-reason')).toBeTruthy();
      // The background's policy is known only with access to the site: style there, the canvas layer otherwise.
      await expect(page.locator('#cover > canvas, #tile > canvas')).toHaveCount(access === 'all sites' ? 0 : 2);
      expect(heard).toEqual([]);
      await pageMode(tabId, false);
      await page.close();
    });

    test(`${access}: a strict header CSP and a spacer <img> showing a CSS background: left as it is with the reason, no violation, no report`, async () => {
      reports.clear();
      const { page, tabId, heard } = await listen(h, '/spacer-strict.html');
      await page.locator('#spacer').evaluate((img: HTMLImageElement) => img.decode());
      const before = await page.evaluate(() => document.documentElement.outerHTML);
      await pageMode(tabId, true);
      for (const id of ['cover', 'tile']) await expect.poll(() => state(page, id), { timeout: 30_000 }).toBe('done');
      await expect.poll(() => state(page, 'spacer'), { timeout: 30_000 }).toBe('skipped');
      // activeTab: the header went by unseen, and allowing Brushwork on the site lets it see it; all sites: it is known to block.
      expect(await page.locator('#spacer').getAttribute('data-brushwork-reason')).toMatch(
        access === 'activeTab'
          ? /cannot see whether this site’s security policy allows .*allowing Brushwork on this site lets it paint it/
          : /this page’s Content Security Policy forbids the data: picture/,
      );
      expect(await page.$eval('#spacer', (el) => el.getAttribute('style'))).toBe(SPACER_STYLE);
      await expect(page.locator('#spacer > canvas')).toHaveCount(0);
      expect(heard).toEqual([]);
      expect(await reports.besidesSentinel((u) => page.evaluate((x: string) => fetch(x).catch(() => undefined), u))).toEqual([]);
      await pageMode(tabId, false);
      expect(await page.evaluate(() => document.documentElement.outerHTML)).toBe(before);
      await page.close();
    });

    for (const path of ['/strict.html', '/report-only.html', '/meta.html']) {
      test(`${access}: ${path.slice(1, -5)} CSP (img-src 'self'): backgrounds painted on the canvas layer without a violation, a report or a probe`, async () => {
        reports.clear();
        const { page, tabId, heard } = await listen(h, path);
        const before = await page.evaluate(() => document.documentElement.outerHTML);
        await pageMode(tabId, true);
        for (const id of ['cover', 'tile']) await expect.poll(() => state(page, id), { timeout: 30_000 }).toBe('done');
        if (path === '/strict.html') await expect.poll(() => state(page, 'own'), { timeout: 30_000 }).toBe('done');
        await expect(page.locator('#cover > canvas, #tile > canvas')).toHaveCount(2);
        expect(await page.$eval('#tile', (el) => el.getAttribute('style'))).not.toContain('data:');
        expect(heard).toEqual([]);
        if (path !== '/meta.html')
          expect(await reports.besidesSentinel((u) => page.evaluate((x: string) => fetch(x).catch(() => undefined), u))).toEqual([]);
        await pageMode(tabId, false);
        expect(await page.evaluate(() => document.documentElement.outerHTML)).toBe(before);
        await page.close();
      });
    }
  });
}
