/**
 * `npm run bench:video` (#27): videos in page mode, measured in the built
 * extension on clips the project generates at bench time (its own scene,
 * panned, encoded by Debian's ffmpeg: tests/e2e/fixtures/video.ts). Figures,
 * not pass/fail, each printed beside the issue's target:
 *  - painted frames per second of one 640×360, 854×480 and 1280×720 video
 *    (painted at the size cap), and of two 640×360 videos at once;
 *  - latency from a frame's presentation (requestVideoFrameCallback) to its
 *    painted frame drawn on the overlay, and per stage: capture (presented →
 *    resized ImageBitmap), hop (both transfers plus any wait at the engine:
 *    the round trip less the worker's time, on one clock), the engine's
 *    read / run / blend, and show (drawing on the overlay);
 *  - the video's own dropped frames (getVideoPlaybackQuality) with page mode
 *    on, against the same seconds with it off;
 *  - the source's own rate beside the painted one: frames the video presented
 *    while painted (requestVideoFrameCallback's presentedFrames) and frames it
 *    decoded (getVideoPlaybackQuality); painted = presented is the ceiling;
 *  - main-thread tasks over 50 ms while painting: the renderer's ('longtask',
 *    whoever caused them) and those caused by Brushwork (Long Animation
 *    Frames over 50 ms in which a script of the extension ran, by its
 *    sourceURL; Chromium's 'long-animation-frame' entries);
 *  - the load average (os.loadavg) at each case, since the machine is shared;
 *  - frames sent to the engines in the second after a pause, and after
 *    scrolling the video out of view (target 0).
 * The painters' own figures are read over the DevTools protocol from the
 * content script's world (src/page/start.ts), which the page cannot reach.
 *
 *   npm run build && npm run bench:video [-- --seconds 5] [-- --json] [-- --only 640,854,1280,two,manners]
 */
import { availableParallelism, loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import type { CDPSession, Page } from '@playwright/test';
import type { VideoStats } from '../src/page/video/painter';
import { type Harness, launch } from '../tests/e2e/fixtures/extension';
import { html, startFixture } from '../tests/e2e/fixtures/server';
import { rangedVideo, sceneClip } from '../tests/e2e/fixtures/video';

const { values } = parseArgs({ options: { json: { type: 'boolean' }, seconds: { type: 'string' }, only: { type: 'string' } } });
const SECONDS = Math.max(2, Number(values.seconds ?? 5) || 5);
const FPS = 30;
/** `--only 640,two`: just those cases (widths, `two`, `manners`), to trace one quickly. */
const ONLY = values.only?.split(',');
const wanted = (name: string) => !ONLY || ONLY.includes(name);
const SIZES = [
  [640, 360],
  [854, 480],
  [1280, 720],
] as const;

interface Row {
  measure: string;
  value: string;
  target: string;
}
const rows: Row[] = [];
const row = (measure: string, value: string, target: string) => {
  rows.push({ measure, value, target });
  if (!values.json) console.log(`${measure.padEnd(58)} ${value.padStart(12)}   target ${target}`);
};

/** The content script's world in the page's main frame, for its figures. */
async function contentWorld(page: Page): Promise<{ cdp: CDPSession; stats: () => Promise<VideoStats[]> }> {
  const cdp = await page.context().newCDPSession(page);
  const contexts: { id: number; origin: string; auxData?: { type?: string; isDefault?: boolean } }[] = [];
  cdp.on('Runtime.executionContextCreated', (e) => contexts.push(e.context));
  await cdp.send('Runtime.enable');
  const stats = async () => {
    for (const c of contexts.filter((c) => c.origin.startsWith('chrome-extension://') || c.auxData?.type === 'isolated')) {
      const r = await cdp
        .send('Runtime.evaluate', {
          contextId: c.id,
          expression: "globalThis[Symbol.for('brushwork.videoStats')]?.()",
          returnByValue: true,
        })
        .catch(() => null);
      const value = r?.result?.value as VideoStats[] | undefined;
      if (Array.isArray(value)) return value;
    }
    return [];
  };
  return { cdp, stats };
}

const sum = (stats: VideoStats[]) =>
  stats.reduce(
    (a, s) => ({
      presented: a.presented + (s.presented ?? 0),
      paced: a.paced + (s.paced ?? 0),
      queue: a.queue + (s.stageMs?.queue ?? 0),
      toEngine: a.toEngine + (s.stageMs?.toEngine ?? 0),
      back: a.back + (s.stageMs?.back ?? 0),
      mainTotal: a.mainTotal + (s.mainMs?.total ?? 0),
      mainMax: Math.max(a.mainMax, s.mainMs?.max ?? 0),
      mainOver50: a.mainOver50 + (s.mainMs?.over50 ?? 0),
      captureCall: a.captureCall + (s.mainMs?.captureCall ?? 0),
      callback: a.callback + (s.mainMs?.callback ?? 0),
      capturedMs: a.capturedMs + (s.mainMs?.captured ?? 0),
      arrived: a.arrived + (s.mainMs?.arrived ?? 0),
      captured: a.captured + s.captured,
      painted: a.painted + s.painted,
      dropped: a.dropped + s.dropped,
      latencyMs: a.latencyMs + s.latencyMs,
      run: a.run + s.engineMs.run,
      read: a.read + s.engineMs.read,
      blend: a.blend + s.engineMs.blend,
      capture: a.capture + (s.stageMs?.capture ?? 0), // absent in builds before #27's stage timings
      hop: a.hop + (s.stageMs?.hop ?? 0),
      show: a.show + (s.stageMs?.show ?? 0),
      late: a.late + (s.late ?? 0),
    }),
    {
      mainTotal: 0,
      mainMax: 0,
      mainOver50: 0,
      captureCall: 0,
      callback: 0,
      capturedMs: 0,
      arrived: 0,
      presented: 0,
      paced: 0,
      queue: 0,
      toEngine: 0,
      back: 0,
      captured: 0,
      painted: 0,
      dropped: 0,
      latencyMs: 0,
      run: 0,
      read: 0,
      blend: 0,
      capture: 0,
      hop: 0,
      show: 0,
      late: 0,
    },
  );

/** The page's own measures: dropped frames and long tasks since `mark()`. */
const pageProbe = `window.__probe = { longTasks: 0, loaf: 0, ours: 0, oursMs: 0, oursMax: 0, invokers: {} };
  new PerformanceObserver((l) => { window.__probe.longTasks += l.getEntries().length; }).observe({ type: 'longtask', buffered: false });
  try {
    new PerformanceObserver((l) => {
      for (const e of l.getEntries()) {
        if (e.duration <= 50) continue;
        window.__probe.loaf++;
        const ours = (e.scripts || []).filter((s) => /^(chrome|moz)-extension:/.test(s.sourceURL || ''));
        for (const s of e.scripts || []) {
          const k = (/^(chrome|moz)-extension:/.test(s.sourceURL || '') ? 'brushwork ' : 'page ') + s.invoker;
          window.__probe.invokers[k] = (window.__probe.invokers[k] || 0) + 1;
        }
        if (!ours.length) continue;
        const ms = ours.reduce((a, s) => a + s.duration, 0);
        window.__probe.ours++;
        window.__probe.oursMs += ms;
        window.__probe.oursMax = Math.max(window.__probe.oursMax, ms);
      }
    }).observe({ type: 'long-animation-frame', buffered: false });
  } catch { window.__probe.loaf = NaN; }`;

async function pageFigures(page: Page) {
  return page.evaluate(() => {
    const vids = [...document.querySelectorAll('video')];
    const q = vids.map((v) => v.getVideoPlaybackQuality());
    const probe = (
      window as unknown as {
        __probe: { longTasks: number; loaf: number; ours: number; oursMs: number; oursMax: number; invokers: Record<string, number> };
      }
    ).__probe;
    return {
      dropped: q.reduce((a, x) => a + x.droppedVideoFrames, 0),
      total: q.reduce((a, x) => a + x.totalVideoFrames, 0),
      ...probe,
      invokers: { ...probe.invokers },
    };
  });
}

/** Waits `seconds` of the page's own clock (a benchmark measures over time; tests never do this). */
const during = (page: Page, seconds: number) => page.waitForTimeout(seconds * 1000);

async function measure(h: Harness, site: string, path: string, videos: number) {
  const { page, tabId } = await h.openTab(`${site}${path}`, { viewport: { width: 1400, height: 900 } });
  await page.evaluate(pageProbe);
  await page.evaluate(() => Promise.all([...document.querySelectorAll('video')].map((v) => v.play())));
  // Page mode off: the clip's own dropped frames over the same time.
  const off0 = await pageFigures(page);
  await during(page, SECONDS);
  const off1 = await pageFigures(page);
  const world = await contentWorld(page);
  await h.send({ type: 'setPageMode', tabId, enabled: true });
  await page.waitForFunction((n) => document.querySelectorAll('video[data-brushwork=done]').length === n, videos, { timeout: 60_000 });
  await during(page, 1); // the engines warm up (models loaded, first frames)
  const load0 = loadavg()[0] as number;
  const s0 = sum(await world.stats());
  const on0 = await pageFigures(page);
  await during(page, SECONDS);
  const s1 = sum(await world.stats());
  const on1 = await pageFigures(page);
  const painted = s1.painted - s0.painted;
  const fps = painted / SECONDS / videos;
  const latency = (s1.latencyMs - s0.latencyMs) / Math.max(1, painted);
  const dropOff = (off1.dropped - off0.dropped) / Math.max(1, off1.total - off0.total);
  const dropOn = (on1.dropped - on0.dropped) / Math.max(1, on1.total - on0.total);
  const per = (
    k:
      | 'run'
      | 'read'
      | 'blend'
      | 'capture'
      | 'queue'
      | 'hop'
      | 'toEngine'
      | 'back'
      | 'show'
      | 'mainTotal'
      | 'captureCall'
      | 'callback'
      | 'capturedMs'
      | 'arrived',
  ) => ((s1[k] - s0[k]) / Math.max(1, painted)).toFixed(1);
  const invokers = Object.entries(on1.invokers)
    .map(([k, n]) => [k, n - (on0.invokers[k] ?? 0)] as const)
    .filter(([, n]) => n > 0)
    .sort((a, b) => b[1] - a[1])
    .slice(0, 4)
    .map(([k, n]) => `${k} ×${n}`)
    .join('; ');
  return {
    page,
    tabId,
    world,
    fps,
    latency,
    dropOff,
    dropOn,
    longTasks: on1.longTasks - on0.longTasks,
    loaf: on1.loaf - on0.loaf,
    mainOver50: s1.mainOver50 - s0.mainOver50,
    mainMax: s1.mainMax,
    ours: on1.ours - on0.ours,
    oursMax: on1.oursMax,
    invokers,
    presentedFps: (s1.presented - s0.presented) / SECONDS / videos,
    decodedFps: (on1.total - on0.total) / SECONDS / videos,
    paced: s1.paced - s0.paced,
    load: `${load0.toFixed(1)}–${(loadavg()[0] as number).toFixed(1)}`,
    per,
    skipped: s1.dropped - s0.dropped,
    late: s1.late - s0.late,
  };
}

/** The rows under a case: what bounds the painted rate, the frame path per stage, the page's own measures. */
function details(r: Awaited<ReturnType<typeof measure>>) {
  row(`  source: presented / decoded fps (the ceiling)`, `${r.presentedFps.toFixed(1)} / ${r.decodedFps.toFixed(1)}`, '—');
  row(`  latency frame → painted (ms)`, r.latency.toFixed(0), '≤ 80');
  row(
    `  per frame: capture / queue / hop / show (ms)`,
    `${r.per('capture')} / ${r.per('queue')} / ${r.per('hop')} / ${r.per('show')}`,
    '—',
  );
  row(`  hop: to the engine (waits included) / back (ms)`, `${r.per('toEngine')} / ${r.per('back')}`, '—');
  row(`  engine per frame: read / run / blend (ms)`, `${r.per('read')} / ${r.per('run')} / ${r.per('blend')}`, '—');
  row(`  the video's dropped frames: off → on`, `${(r.dropOff * 100).toFixed(1)} → ${(r.dropOn * 100).toFixed(1)} %`, '≤ +1 %');
  row(`  Brushwork on the main thread per frame: all / capture call (ms)`, `${r.per('mainTotal')} / ${r.per('captureCall')}`, '—');
  row(
    `    in: frame callback / capture done / painted frame back (ms)`,
    `${r.per('callback')} / ${r.per('capturedMs')} / ${r.per('arrived')}`,
    '—',
  );
  row(
    `  tasks over 50 ms caused by Brushwork (its own spans)`,
    `${r.mainOver50} (longest ${r.mainMax.toFixed(0)} ms, warm-up included)`,
    '0',
  );
  row(`  long animation frames naming Brushwork's scripts`, `${r.ours} (max ${r.oursMax.toFixed(0)} ms)`, '—');
  row(`  renderer tasks over 50 ms / long animation frames, anyone's`, `${r.longTasks} / ${r.loaf}`, '—');
  if (r.invokers) row(`  scripts in those long frames`, r.invokers, '—');
  row(`  frames refused by the frame-rate cap (setting, 30 fps)`, String(r.paced), '—');
  row(`  frames replaced before reaching an engine (latest wins)`, String(r.skipped), '—');
  row(`  painted frames back after a newer one, not shown`, String(r.late), '—');
  row(`  load average (1 min) over the case`, r.load, '—');
}

async function main() {
  const clips = new Map<string, Buffer>();
  for (const [w, hgt] of SIZES) clips.set(`${w}x${hgt}`, await sceneClip({ width: w, height: hgt, frames: 4 * FPS, fps: FPS }));
  const video = (file: string, w: number, hgt: number) =>
    `<video src="/${file}.webm" width="${w}" height="${hgt}" muted loop playsinline></video>`;
  const routes: Record<string, Parameters<typeof startFixture>[0][string]> = {};
  for (const [w, hgt] of SIZES) {
    routes[`/${w}x${hgt}.webm`] = rangedVideo(clips.get(`${w}x${hgt}`) as Buffer);
    routes[`/${w}.html`] = html(video(`${w}x${hgt}`, w, hgt));
  }
  routes['/two.html'] = html(`${video('640x360', 640, 360)}${video('640x360', 640, 360).replace('.webm', '.webm?2')}`);
  routes['/manners.html'] = html(`${video('640x360', 640, 360)}<div style="height:4000px"></div>`);
  const fx = await startFixture(routes, {});
  const h = await launch();
  if (!values.json)
    console.log(
      `bench:video — ${SECONDS} s per case, 30 fps clips, size cap 640 px (default). Machine: ${availableParallelism()} cores, shared with whatever else runs; load average ${loadavg()
        .map((x) => x.toFixed(2))
        .join(', ')}.\n`,
    );
  try {
    for (const [w, hgt] of SIZES) {
      if (!wanted(String(w))) continue;
      const r = await measure(h, fx.site, `/${w}.html`, 1);
      const target = w === 640 ? '≥ 30' : '≥ 24';
      row(`one ${w}×${hgt} video, painted fps${w > 640 ? ' (at the 640 px cap)' : ''}`, r.fps.toFixed(1), target);
      details(r);
      await r.world.cdp.detach();
      await r.page.close();
    }
    if (wanted('two')) {
      const two = await measure(h, fx.site, '/two.html', 2);
      row('two 640×360 videos at once, painted fps each', two.fps.toFixed(1), '≥ 15');
      details(two);
      await two.page.close();
    }
    if (!wanted('manners')) return;

    const m = await measure(h, fx.site, '/manners.html', 1);
    const captured = async () => sum(await m.world.stats()).captured;
    await m.page.evaluate(() => document.querySelector('video')?.pause());
    await during(m.page, 0.5); // the paused frame is the last one sent
    let before = await captured();
    await during(m.page, 1);
    row('paused: frames sent to the engines in the next second', String((await captured()) - before), '0');
    await m.page.evaluate(() => document.querySelector('video')?.play());
    await m.page.evaluate(() => window.scrollTo(0, 3000));
    await during(m.page, 0.5);
    before = await captured();
    await during(m.page, 1);
    row('scrolled out of view: frames sent in the next second', String((await captured()) - before), '0');
    await m.page.close();
  } finally {
    await h.close();
    await fx.close();
    if (values.json) console.log(JSON.stringify(rows, null, 2));
  }
}

void main().catch((e) => {
  console.error(e);
  process.exit(1);
});
