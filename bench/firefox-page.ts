/**
 * bench:page's first_and_all in Firefox (#29): the same 40 visible 400×300
 * pictures, page mode switched on by message, timed from the switch to the
 * first picture painted, the first at full size, and the last. Cold: a fresh
 * Firefox (the background-page runtime not started). Warm: what opening the
 * popup does first (warmUp with the tab). The other budgets stay Chromium's:
 * Firefox has no Long Tasks API, and no `performance.memory` for the heaps.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'puppeteer-core';
import { FIREFOX, FIREFOX_EXTENSION_DIR, type FirefoxHarness, launchFirefox } from '../tests/e2e/fixtures/firefox';

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? (s[Math.floor((s.length - 1) / 2)] as number) : Number.NaN;
};

/** Records when each picture is first painted and when it is done (the page's clock). */
async function instrument(page: Page): Promise<void> {
  await page.evaluate(() => {
    const w = window as unknown as { doneAt: number[]; paintedAt: number[] };
    w.doneAt = [];
    w.paintedAt = [];
    new MutationObserver((records) => {
      for (const r of records) {
        const el = r.target as Element;
        if (r.attributeName === 'data-brushwork' && el.getAttribute('data-brushwork') === 'done') w.doneAt.push(Date.now());
        if (r.attributeName === 'src' && el.getAttribute('src')?.startsWith('data:')) w.paintedAt.push(Date.now());
      }
    }).observe(document.body, { subtree: true, attributeFilter: ['data-brushwork', 'src'] });
  });
}

/**
 * Resolves when `n` pictures are done: a MutationObserver in the page answers, no polling. A string, not a
 * function: tsx names inner functions with a helper (__name) that the page does not have.
 */
function allDone(page: Page, n: number): Promise<unknown> {
  return page.evaluate(`new Promise((resolve) => {
    const check = () => document.querySelectorAll('[data-brushwork="done"]').length >= ${n} && resolve();
    new MutationObserver(check).observe(document.body, { subtree: true, attributeFilter: ['data-brushwork'] });
    check();
  })`);
}

async function timeForty(ff: FirefoxHarness, url: string, warm: boolean) {
  const { page, tabId } = await ff.openTab(url);
  await page.setViewport({ width: 2000, height: 2400 });
  await instrument(page);
  if (warm) await ff.send({ type: 'warmUp', styleId: 'starry-night', tabId });
  const started = Date.now();
  await ff.send({ type: 'setPageMode', tabId, enabled: true });
  await allDone(page, 40);
  const { doneAt, paintedAt } = await page.evaluate(() => {
    const w = window as unknown as { doneAt: number[]; paintedAt: number[] };
    return { doneAt: w.doneAt, paintedAt: w.paintedAt };
  });
  const status = await ff.send<{ runtime: { recentRunMs: number[] } | null }>({ type: 'getStatus', tabId });
  await page.close();
  return {
    first_painted_ms: Math.min(...paintedAt) - started,
    first_full_size_ms: Math.min(...doneAt) - started,
    all_ms: Math.max(...doneAt) - started,
    run_ms_median: status.runtime ? median(status.runtime.recentRunMs) : null,
  };
}

/** `site` serves /40-cold-0.html and /40-warm-0.html (bench/page-budgets.ts's fixture); null when Firefox is missing. */
export async function firstAndAllFirefox(site: string): Promise<object | null> {
  if (!existsSync(FIREFOX) || !existsSync(path.join(FIREFOX_EXTENSION_DIR, 'manifest.json'))) {
    console.error(`first_and_all in Firefox skipped: needs ${FIREFOX} and the Firefox build (npm run build:firefox)`);
    return null;
  }
  const ff = await launchFirefox();
  try {
    const cold = await timeForty(ff, `${site}/40-cold-0.html?firefox`, false);
    const warm = await timeForty(ff, `${site}/40-warm-0.html?firefox`, true);
    return { visible: 40, browser: 'firefox-esr', cold, warm };
  } finally {
    await ff.close();
  }
}
