/**
 * Firefox cases (#23): the same model runs in Firefox's background-page
 * runtime, driven like the Chromium cases (one picture at a time, each its
 * own URL, the runtime's own model-run times; then all of them asked at once,
 * the wall time per picture), side by side with Chromium's.
 * Needs the Firefox build (npm run build:firefox) and Debian's firefox-esr.
 */
import { cpSync, existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { type ArchSpec, describeArch, FAST_ARCH, JOHNSON_ARCH } from '../src/model/architecture';
import { encodeModel, WEIGHTS_FILE } from '../src/model/format';
import { initWeights } from '../src/model/init';
import { readModelDir, writeModelDir } from '../src/runtime/node/model-dir';
import { FIREFOX, FIREFOX_EXTENSION_DIR, launchFirefox } from '../tests/e2e/fixtures/firefox';
import { bytes, html, scenePng, startFixture } from '../tests/e2e/fixtures/server';
import { type BenchCase, type Size, summarize } from './measure';

/** The Firefox build with starry-night's files holding a network of another architecture (speed only). */
function firefoxBuildWith(arch: ArchSpec): string | undefined {
  const shipped = readModelDir(path.join(FIREFOX_EXTENSION_DIR, 'models', 'starry-night')).manifest.arch;
  if (describeArch(shipped) === describeArch(arch)) return undefined;
  const dir = mkdtempSync(path.join(tmpdir(), 'bw-bench-ff-'));
  cpSync(FIREFOX_EXTENSION_DIR, dir, { recursive: true });
  const modelDir = path.join(dir, 'models', 'starry-night');
  const { style } = readModelDir(modelDir).manifest;
  const { manifestJson, bin } = encodeModel(initWeights(arch, 1), { arch, style });
  writeModelDir(modelDir, manifestJson, bin, WEIGHTS_FILE);
  return dir;
}

async function sequentialRuns(
  arch: ArchSpec,
  [width, height]: Size,
  runs: number,
): Promise<{ times: number[]; parallelPerPicture: number; workers: number; kernel: boolean }> {
  const png = await scenePng(width, height, 1);
  const n = runs + 1;
  const imgs = (set: string) =>
    Array.from({ length: n }, (_, i) => `<img id="p${i}" src="/p.png?${set}=${i}" width="${width}" height="${height}">`).join('');
  const fx = await startFixture({ '/seq.html': html(imgs('s')), '/par.html': html(imgs('p')), '/p.png': bytes(png, 'image/png') }, {});
  const ff = await launchFirefox(firefoxBuildWith(arch));
  try {
    const { page, tabId } = await ff.openTab(`${fx.site}/seq.html`);
    for (let i = 0; i < n; i++) {
      await ff.send({ type: 'stylizeImage', tabId, srcUrl: `${fx.site}/p.png?s=${i}` });
      for (let tries = 0; ; tries++) {
        const state = await page.evaluate((id) => document.getElementById(id)?.getAttribute('data-brushwork'), `p${i}`);
        if (state === 'done') break;
        if (state === 'error' || tries > 1200) throw new Error(`picture ${i} ended ${state} in Firefox`);
        await new Promise((r) => setTimeout(r, 100));
      }
    }
    const status = await ff.send<{ runtime: { recentRunMs: number[]; threads: number; kernel: boolean } | null }>({
      type: 'getStatus',
      tabId,
    });
    const times = status.runtime?.recentRunMs ?? [];
    if (times.length < n) throw new Error(`expected ${n} run times from the Firefox runtime, found ${times.length}`);

    // All at once, as Chromium's "pictures in parallel": the page answers when every picture is done.
    const par = await ff.openTab(`${fx.site}/par.html`);
    const started = performance.now();
    // A string, not a function: tsx names inner functions with a helper the page does not have (__name).
    const allDone = par.page.evaluate(`new Promise((resolve, reject) => {
      const check = () => {
        if (document.querySelector('[data-brushwork="error"]')) reject(new Error('a picture failed in Firefox'));
        if (document.querySelectorAll('[data-brushwork="done"]').length >= ${n}) resolve();
      };
      new MutationObserver(check).observe(document.body, { subtree: true, attributeFilter: ['data-brushwork'] });
      check();
    })`);
    await Promise.all(
      Array.from({ length: n }, (_, i) => ff.send({ type: 'stylizeImage', tabId: par.tabId, srcUrl: `${fx.site}/p.png?p=${i}` })),
    );
    await allDone;
    const parallelPerPicture = Math.round(((performance.now() - started) / n) * 10) / 10;
    return {
      parallelPerPicture,
      times: times.slice(-runs),
      workers: status.runtime?.threads ?? 1,
      kernel: status.runtime?.kernel === true && arch.kind === 'shuffle',
    };
  } finally {
    await ff.close();
    await fx.close();
  }
}

export async function firefoxCases(sizes: Size[], runs: number): Promise<BenchCase[]> {
  if (!existsSync(FIREFOX) || !existsSync(path.join(FIREFOX_EXTENSION_DIR, 'manifest.json'))) {
    console.error(`firefox cases skipped: needs ${FIREFOX} and the Firefox build (npm run build:firefox)`);
    return [];
  }
  const cases: BenchCase[] = [];
  for (const [name, arch] of [
    ['seed network (johnson)', JOHNSON_ARCH],
    ['fast network', FAST_ARCH],
  ] as const)
    for (const size of sizes) {
      const { times, kernel, parallelPerPicture, workers } = await sequentialRuns(arch, size, runs);
      const { median, min } = summarize(times);
      const [width, height] = size;
      cases.push({
        case: `${name}${kernel ? ', SIMD kernel' : ''}, Firefox`,
        width,
        height,
        backend: 'firefox-background-wasm',
        threads: 1,
        arch: describeArch(arch),
        ms_median: median,
        ms_min: min,
        note: 'one picture at a time; model run only, in the background page',
      });
      cases.push({
        case: `${name}${kernel ? ', SIMD kernel' : ''}, pictures in parallel, Firefox`,
        width,
        height,
        backend: 'firefox-background-wasm',
        threads: workers,
        arch: describeArch(arch),
        ms_median: parallelPerPicture,
        ms_min: parallelPerPicture,
        note: `wall time per picture with ${runs + 1} asked for at once, spread over ${workers} engine workers (fetch, decode and page update included)`,
      });
    }
  return cases;
}
