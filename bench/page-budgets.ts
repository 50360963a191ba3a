/**
 * `npm run bench:page`: the page-mode budgets, measured in the built
 * extension (figures, not pass/fail):
 *  - long tasks on a 300-image page while page mode works through it;
 *  - time to the first and to all of 40 visible 400×300 pictures;
 *  - memory after scrolling a 1,000-image infinite feed (offscreen JS heap,
 *    WASM heap, live tensors against their idle value);
 *  - first_and_all again in Firefox ESR (bench/firefox-page.ts), beside Chromium's.
 *
 *   npm run bench:page [-- --json] [-- --quick] [-- --only long_tasks|first_and_all|feed_memory|first_and_all_firefox] [-- --arch shuffle] [-- --repeat N]
 *   (--quick: 300 images in the feed instead of 1,000; --arch: starry-night's files hold that network instead of the shipped one;
 *   --repeat: first_and_all N times on new picture URLs, with min / median / max, since one run varies ±150 ms here)
 */
import { parseArgs } from 'node:util';
import type { Page } from '@playwright/test';
import type { JobStages } from '../src/messaging/protocol';
import { FAST_ARCH, JOHNSON_ARCH } from '../src/model/architecture';
import { EXTENSION_DIR, type Harness, launch } from '../tests/e2e/fixtures/extension';
import { bytes, type Fixture, html, scenePng, startFixture } from '../tests/e2e/fixtures/server';
import { extensionWith } from './extension-with';
import { firstAndAllFirefox } from './firefox-page';

const { values } = parseArgs({
  options: {
    json: { type: 'boolean' },
    quick: { type: 'boolean' },
    only: { type: 'string' },
    arch: { type: 'string' },
    repeat: { type: 'string' },
  },
});
const FEED_TOTAL = values.quick ? 300 : 1000;
const REPEAT = Math.max(1, Number(values.repeat ?? 1) || 1);

interface Runtime {
  numTensors: number;
  wasmBytes: number;
  jsHeapBytes: number;
  queued: number;
  running: number;
}

const imgs = (n: number, w: number, h: number, path = '/p.png') =>
  Array.from({ length: n }, (_, i) => `<img class="p" src="${path}?n=${i}" width="${w}" height="${h}">`).join('');

const feedScript = `let n = 0; const feed = document.getElementById('feed');
  const add = () => { for (let k = 0; k < 20 && n < ${FEED_TOTAL}; k++, n++) { const i = document.createElement('img');
    i.className = 'p'; i.src = '/p.png?feed=' + n; i.width = 300; i.height = 225; feed.append(i); } };
  add(); new IntersectionObserver((e) => { if (e[0].isIntersecting) add(); }).observe(document.getElementById('sentinel'));`;

async function fixture(): Promise<Fixture> {
  const png = await scenePng(400, 300, 2);
  return startFixture(
    {
      '/300.html': html(`<div style="display:flex;flex-wrap:wrap">${imgs(300, 200, 150)}</div>`),
      // One page per repetition and case, each with its own picture URLs: nothing in any cache answers for them.
      ...Object.fromEntries(
        Array.from({ length: REPEAT }, (_, r) =>
          ['cold', 'warm'].map((c) => [
            `/40-${c}-${r}.html`,
            html(`<div style="display:flex;flex-wrap:wrap;width:2000px;line-height:0">${imgs(40, 400, 300, `/p.png?${c}${r}`)}</div>`),
          ]),
        ).flat(),
      ),
      '/feed.html': html(
        '<div id="feed" style="display:flex;flex-wrap:wrap"></div><div id="sentinel" style="height:10px"></div><script src="/feed.js"></script>',
      ),
      '/feed.js': bytes(Buffer.from(feedScript), 'text/javascript'),
      '/p.png': bytes(png, 'image/png'),
    },
    {},
  );
}

/** Records long tasks and the moment each picture is done, from before the page's first script. */
async function instrument(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const w = window as unknown as { longTasks: number[]; doneAt: number[]; paintedAt: number[] };
    w.longTasks = [];
    w.doneAt = [];
    w.paintedAt = [];
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) w.longTasks.push(e.duration);
    }).observe({ type: 'longtask', buffered: true });
    document.addEventListener('DOMContentLoaded', () => {
      new MutationObserver((records) => {
        for (const r of records) {
          const el = r.target as Element;
          if (r.attributeName === 'data-brushwork' && el.getAttribute('data-brushwork') === 'done') w.doneAt.push(Date.now());
          // Painted: the first time Brushwork's picture is in the element, a first look (#21) or the full size.
          if (r.attributeName === 'src' && el.getAttribute('src')?.startsWith('data:')) w.paintedAt.push(Date.now());
        }
      }).observe(document.body, { subtree: true, attributeFilter: ['data-brushwork', 'src'] });
    });
  });
}

function open(h: Harness, url: string, viewport = { width: 1280, height: 720 }): Promise<{ page: Page; tabId: number }> {
  return h.openTab(url, { viewport, beforeGoto: instrument });
}

const doneCount = (page: Page) => page.locator('[data-brushwork="done"]').count();
const runtime = async (h: Harness, tabId: number) => (await h.send<{ runtime: Runtime | null }>({ type: 'getStatus', tabId })).runtime;

async function waitDone(page: Page, n: number, timeoutMs: number): Promise<void> {
  const until = Date.now() + timeoutMs;
  while ((await doneCount(page)) < n) {
    if (Date.now() > until) throw new Error(`only ${await doneCount(page)} of ${n} pictures done after ${timeoutMs} ms`);
    await page.waitForTimeout(100);
  }
}

/** Scrolls a page top to bottom the way a reader would, and returns the long tasks its main thread had. */
async function scrollAndCollect(page: Page): Promise<number[]> {
  const height = await page.evaluate(() => document.body.scrollHeight);
  for (let y = 0; y < height; y += 400) {
    await page.mouse.wheel(0, 400);
    await page.waitForTimeout(250);
  }
  await page.waitForTimeout(2000);
  return page.evaluate(() => (window as unknown as { longTasks: number[] }).longTasks);
}

/**
 * Long tasks on a 300-image page: once with page mode off (the page's own
 * loading and layout), once with it on; the difference is the content script's.
 */
async function longTasks(h: Harness, fx: Fixture) {
  const plain = await open(h, `${fx.site}/300.html?plain`);
  const pageAlone = await scrollAndCollect(plain.page);
  await plain.page.close();
  const { page, tabId } = await open(h, `${fx.site}/300.html`);
  await h.send({ type: 'setPageMode', tabId, enabled: true });
  const withBrushwork = await scrollAndCollect(page);
  const done = await doneCount(page);
  await page.close();
  const over50 = (xs: number[]) => xs.filter((d) => d > 50).length;
  return {
    images: 300,
    done_after_scroll: done,
    page_alone: { long_tasks: over50(pageAlone), longest_ms: Math.round(Math.max(0, ...pageAlone)) },
    page_mode: { long_tasks: over50(withBrushwork), longest_ms: Math.round(Math.max(0, ...withBrushwork)) },
  };
}

/** First and last of 40 visible 400×300 pictures, from the moment page mode is switched on. */
const offscreenOpen = (h: Harness) =>
  h.control.evaluate(
    async () => (await chrome.runtime.getContexts({ contextTypes: ['OFFSCREEN_DOCUMENT' as chrome.runtime.ContextType] })).length > 0,
  );

/** Switches page mode on and times the first and the last of the 40 visible pictures. */
async function timeFortyPictures(h: Harness, url: string, { popupFirst = false } = {}) {
  const { page, tabId } = await open(h, url, { width: 2000, height: 2400 });
  if (popupFirst) {
    // What opening the popup on the page does (warmUp with the tab): engines, style and page script ready.
    await h.send({ type: 'warmUp', styleId: 'starry-night', tabId });
    await page.waitForTimeout(500); // a person reads the popup for longer than this before the click
  }
  const started = Date.now();
  await h.send({ type: 'setPageMode', tabId, enabled: true });
  await waitDone(page, 40, 60_000);
  const { doneAt, paintedAt } = await page.evaluate(() => {
    const w = window as unknown as { doneAt: number[]; paintedAt: number[] };
    return { doneAt: w.doneAt, paintedAt: w.paintedAt };
  });
  const status = (await runtime(h, tabId)) as unknown as { recentRunMs: number[]; recentStages: JobStages[] } | null;
  await page.close();
  return {
    first_painted_ms: Math.min(...paintedAt) - started,
    first_full_size_ms: Math.min(...doneAt) - started,
    all_ms: Math.max(...doneAt) - started,
    run_ms_median: status ? median(status.recentRunMs) : null,
    stages_ms_median: status ? stageMedians(status.recentStages) : null,
    // The first job's own stages (every job of this page wrote one picture, first looks included).
    first_job_stages_ms: status?.recentStages.at(-paintedAt.length) ?? null,
  };
}

/** Median ms per stage in the offscreen document over the most recent jobs (key lookup, queue wait, load+fetch, decode, model run). */
function stageMedians(stages: JobStages[]): Record<keyof JobStages, number> {
  const of = (k: keyof JobStages) => median(stages.map((s) => s[k]));
  return { lookup: of('lookup'), queue: of('queue'), load: of('load'), decode: of('decode'), run: of('run') };
}

/**
 * Cold: the offscreen document closed first (as after a minute idle). Warm: the popup was opened on the
 * page first (warmUp with its tab: engines, style and page script ready), on pictures no cache knows.
 */
async function firstAndAllOnce(h: Harness, fx: Fixture, r: number) {
  await h.control.evaluate(() => chrome.offscreen.closeDocument().catch(() => undefined));
  while (await offscreenOpen(h)) await new Promise((resolve) => setTimeout(resolve, 50));
  const cold = await timeFortyPictures(h, `${fx.site}/40-cold-${r}.html`);
  const warm = await timeFortyPictures(h, `${fx.site}/40-warm-${r}.html`, { popupFirst: true });
  return { cold, warm };
}

async function firstAndAll(h: Harness, fx: Fixture) {
  const runs: Awaited<ReturnType<typeof firstAndAllOnce>>[] = [];
  for (let r = 0; r < REPEAT; r++) runs.push(await firstAndAllOnce(h, fx, r));
  if (runs.length === 1) return { visible: 40, ...runs[0] };
  const spread = (xs: number[]) => {
    const s = [...xs].sort((a, b) => a - b);
    return { min: s[0], median: s[s.length >> 1], max: s.at(-1) };
  };
  const of = (c: 'cold' | 'warm', k: 'first_painted_ms' | 'first_full_size_ms' | 'all_ms') => spread(runs.map((x) => x[c][k]));
  const summary = (c: 'cold' | 'warm') => ({
    first_painted_ms: of(c, 'first_painted_ms'),
    first_full_size_ms: of(c, 'first_full_size_ms'),
    all_ms: of(c, 'all_ms'),
    stages_ms_median: runs.map((x) => x[c].stages_ms_median),
  });
  return { visible: 40, repeat: runs.length, cold: summary('cold'), warm: summary('warm') };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1] ?? 0;
const mib = (b: number) => Math.round((b / 2 ** 20) * 10) / 10;

/** Scrolls the infinite feed to its end, sampling the offscreen document's memory. */
async function feedMemory(h: Harness, fx: Fixture) {
  const { page, tabId } = await open(h, `${fx.site}/feed.html`);
  await h.send({ type: 'setPageMode', tabId, enabled: true });
  await waitDone(page, 1, 30_000);
  await page.waitForTimeout(1500);
  const idle = await runtime(h, tabId);
  const peak = { wasm: 0, js: 0, tensors: 0, pageJs: 0 };
  // The page's own heap too (#22): what Brushwork keeps in the page (originals and results for re-blending) is bounded.
  const pageHeap = () =>
    page.evaluate(() => (performance as unknown as { memory?: { usedJSHeapSize: number } }).memory?.usedJSHeapSize ?? 0);
  const pageHeapBefore = await pageHeap();
  const sample = async () => {
    peak.pageJs = Math.max(peak.pageJs, await pageHeap());
    const r = await runtime(h, tabId);
    if (!r) return;
    peak.wasm = Math.max(peak.wasm, r.wasmBytes);
    peak.js = Math.max(peak.js, r.jsHeapBytes);
    peak.tensors = Math.max(peak.tensors, r.numTensors);
  };
  const started = Date.now();
  while (
    (await page.locator('img.p').count()) < FEED_TOTAL ||
    (await page.evaluate(() => innerHeight + scrollY < document.body.scrollHeight - 20))
  ) {
    await page.mouse.wheel(0, 700);
    await page.waitForTimeout(120);
    await sample();
    if (Date.now() - started > 600_000) break;
  }
  const settle = Date.now() + 30_000;
  let last = await runtime(h, tabId);
  while (last && (last.queued > 0 || last.running > 0) && Date.now() < settle) {
    await page.waitForTimeout(250);
    await sample();
    last = await runtime(h, tabId);
  }
  const done = await doneCount(page);
  await page.close();
  return {
    images: FEED_TOTAL,
    done,
    scroll_s: Math.round((Date.now() - started) / 100) / 10,
    idle_tensors: idle?.numTensors ?? null,
    final_tensors: last?.numTensors ?? null,
    peak_tensors: peak.tensors,
    peak_wasm_mib: mib(peak.wasm),
    peak_js_heap_mib: mib(peak.js),
    page_js_heap_before_mib: mib(pageHeapBefore),
    peak_page_js_heap_mib: mib(peak.pageJs),
  };
}

const fx = await fixture();
if (values.arch && values.arch !== 'shuffle' && values.arch !== 'johnson')
  throw new Error(`--arch: expected shuffle or johnson, found "${values.arch}"`);
const h = await launch([], values.arch ? extensionWith(values.arch === 'shuffle' ? FAST_ARCH : JOHNSON_ARCH) : EXTENSION_DIR);
try {
  const budgets = { long_tasks: longTasks, first_and_all: firstAndAll, feed_memory: feedMemory };
  const results: Record<string, object> = {};
  for (const [name, run] of Object.entries(budgets)) if (!values.only || values.only === name) results[name] = await run(h, fx);
  // Firefox beside Chromium, on the same pages (the shipped network; --arch swaps Chromium's build only).
  if (!values.arch && (!values.only || values.only.startsWith('first_and_all'))) {
    const firefox = await firstAndAllFirefox(fx.site);
    if (firefox) results.first_and_all_firefox = firefox;
  }
  if (values.json) for (const [name, r] of Object.entries(results)) process.stdout.write(`${JSON.stringify({ budget: name, ...r })}\n`);
  else for (const [name, r] of Object.entries(results)) console.log(`${name.padEnd(14)} ${JSON.stringify(r)}`);
} finally {
  await h.close();
  await fx.close();
}
