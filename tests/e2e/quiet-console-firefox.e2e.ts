/**
 * A quiet console (#30 point 6), in Firefox, as quiet-console.e2e.ts proves it
 * in Chromium, on the same pages and public-looking names (mapHosts) and with
 * the same expectations: Brushwork's own attempts leave nothing in the page's
 * console (WebDriver BiDi's log.entryAdded, which puppeteer hands on as
 * `console` and `pageerror` events), no securitypolicyviolation in the page's
 * own world, and no report at the site's CSP endpoint. Run twice: with
 * activeTab only (the add-on installed as it is, the toolbar button clicked
 * on the page: the document's CSP headers went by before the add-on had
 * access, so its policy is unknown) and with access to all sites (the
 * background saw the headers, src/background/document-csp.ts).
 */
import { expect, test } from '@playwright/test';
import type { Page } from 'puppeteer-core';
import { clickToolbarButton, type FirefoxHarness, launchFirefox, mapHosts } from './fixtures/firefox';
import { cspPages, cspReports, mixedPages, SPACER_STYLE } from './fixtures/quiet-pages';
import { type Fixture, NAMED_HOSTS, NO_ACCESS_TO_OTHER, startFixture } from './fixtures/server';

let fx: Fixture;
const reports = cspReports();

test.beforeAll(async () => {
  const mixed = await mixedPages();
  fx = await startFixture({ ...mixed.site, ...cspPages(reports) }, mixed.other, { named: true });
});

test.afterAll(async () => {
  await fx?.close();
});

type Access = 'activeTab' | 'all sites';

/**
 * Opens `path` with ears on the page's console (BiDi log entries) and CSP violations from before its first
 * byte; with activeTab only, the toolbar button is then clicked on it, as a person does before page mode.
 */
async function listen(ff: FirefoxHarness, access: Access, path: string): Promise<{ page: Page; tabId: number; heard: string[] }> {
  const heard: string[] = [];
  const page = await ff.browser.newPage();
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warn') heard.push(`console.${m.type()}: ${m.text().slice(0, 200)}`);
  });
  page.on('pageerror', (e) => heard.push(`pageerror: ${String(e).slice(0, 200)}`));
  await page.evaluateOnNewDocument(() => {
    document.addEventListener('securitypolicyviolation', (e) => {
      console.error(`securitypolicyviolation: ${e.effectiveDirective} ${e.blockedURI.slice(0, 40)}`);
    });
  });
  await page.goto(`${fx.site}${path}`, { waitUntil: 'load' });
  if (access === 'activeTab') await clickToolbarButton(ff, page.url());
  const tabId = await ff.control.evaluate(async (u) => {
    const tab = (await chrome.tabs.query({})).find((t) => t.url === u);
    if (!tab?.id) throw new Error(`no tab with ${u}`);
    return tab.id;
  }, page.url());
  return { page, tabId, heard };
}

const state = (page: Page, id: string) => page.evaluate((i) => document.getElementById(i)?.getAttribute('data-brushwork') ?? null, id);
const attr = (page: Page, id: string, name: string) =>
  page.evaluate(([i, n]) => document.getElementById(i as string)?.getAttribute(n as string) ?? null, [id, name]);
const canvases = (page: Page) => page.evaluate(() => document.querySelectorAll('#cover > canvas, #tile > canvas').length);

for (const access of ['activeTab', 'all sites'] as const) {
  test.describe(`with ${access}`, () => {
    let ff: FirefoxHarness;
    test.beforeAll(async () => {
      ff = await launchFirefox(undefined, { hostAccess: access === 'all sites' ? 'all sites' : 'none' });
      await mapHosts(ff, Object.values(NAMED_HOSTS));
    });
    test.afterAll(async () => {
      await ff?.close();
    });
    const setPageMode = (tabId: number, enabled: boolean) => ff.send({ type: 'setPageMode', tabId, enabled });

    test(`Firefox, ${access}: cross-origin pictures without CORS are never tried from the page: no console error, the readable ones painted, the others told why`, async () => {
      reports.clear();
      const { page, tabId, heard } = await listen(ff, access, '/mixed.html');
      await setPageMode(tabId, true);
      for (const id of ['own', 'cors', 'corsplain', 'cover', 'tile'])
        await expect.poll(() => state(page, id), { timeout: 30_000 }).toBe('done');
      // Another site's picture without CORS: the add-on's fetcher reads it with access to that site; with activeTab
      // only (this tab's site) it may not, and says so.
      await expect.poll(() => state(page, 'nocors'), { timeout: 30_000 }).toMatch(access === 'all sites' ? /^done$/ : /^(error|skipped)$/);
      if (access === 'activeTab') expect(await attr(page, 'nocors', 'data-brushwork-reason')).toMatch(NO_ACCESS_TO_OTHER);
      // A picture from a private address: never read by the add-on, whatever its access (#22).
      await expect.poll(() => state(page, 'private'), { timeout: 30_000 }).toMatch(/^(error|skipped)$/);
      expect(await attr(page, 'private', 'data-brushwork-reason')).toBeTruthy();
      // The background's policy is known only with access to the site (no CSP here): inline there, the canvas layer otherwise.
      expect(await canvases(page)).toBe(access === 'all sites' ? 0 : 2);
      expect(heard).toEqual([]);
      await setPageMode(tabId, false);
      await page.close();
    });

    for (const path of ['/strict.html', '/report-only.html', '/meta.html']) {
      test(`Firefox, ${access}: ${path.slice(1, -5)} CSP (img-src 'self'): backgrounds painted on the canvas layer without a violation or a report`, async () => {
        reports.clear();
        const { page, tabId, heard } = await listen(ff, access, path);
        const before = await page.evaluate(() => document.documentElement.outerHTML);
        await setPageMode(tabId, true);
        for (const id of ['cover', 'tile']) await expect.poll(() => state(page, id), { timeout: 30_000 }).toBe('done');
        if (path === '/strict.html') await expect.poll(() => state(page, 'own'), { timeout: 30_000 }).toBe('done');
        expect(await canvases(page)).toBe(2);
        expect(await attr(page, 'tile', 'style')).not.toContain('data:');
        expect(heard).toEqual([]);
        if (path !== '/meta.html')
          expect(await reports.besidesSentinel((u) => page.evaluate((x: string) => fetch(x).catch(() => undefined), u))).toEqual([]);
        await setPageMode(tabId, false);
        await expect.poll(() => page.evaluate(() => document.documentElement.outerHTML)).toBe(before);
        await page.close();
      });
    }

    test(`Firefox, ${access}: a strict header CSP and a spacer <img> showing a CSS background: left as it is with the reason, no violation, no report`, async () => {
      reports.clear();
      const { page, tabId, heard } = await listen(ff, access, '/spacer-strict.html');
      const before = await page.evaluate(() => document.documentElement.outerHTML);
      await setPageMode(tabId, true);
      for (const id of ['cover', 'tile']) await expect.poll(() => state(page, id), { timeout: 30_000 }).toBe('done');
      await expect.poll(() => state(page, 'spacer'), { timeout: 30_000 }).toBe('skipped');
      // activeTab: the header went by unseen, and allowing Brushwork on the site lets it see it; all sites: it is known to block.
      expect(await attr(page, 'spacer', 'data-brushwork-reason')).toMatch(
        access === 'activeTab'
          ? /cannot see whether this site’s security policy allows .*allowing Brushwork on this site lets it paint it/
          : /this page’s Content Security Policy forbids the data: picture/,
      );
      expect(await attr(page, 'spacer', 'style')).toBe(SPACER_STYLE);
      expect(await page.evaluate(() => document.querySelectorAll('#spacer > canvas').length)).toBe(0);
      expect(heard).toEqual([]);
      expect(await reports.besidesSentinel((u) => page.evaluate((x: string) => fetch(x).catch(() => undefined), u))).toEqual([]);
      await setPageMode(tabId, false);
      await expect.poll(() => page.evaluate(() => document.documentElement.outerHTML)).toBe(before);
      await page.close();
    });
  });
}
