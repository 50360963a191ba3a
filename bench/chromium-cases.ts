/**
 * Chromium cases: the real offscreen runtime of the built extension, driven
 * by Playwright the way the context menu drives it. Each picture has its own
 * URL (no cache hits); the figures are the runtime's own model-run times
 * (`recentRunMs` in getStatus), so fetch and decode are not counted.
 */
import { cpSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { type ArchSpec, describeArch, FAST_ARCH, SHIPPED_ARCH } from '../src/model/architecture';
import { encodeModel, WEIGHTS_FILE } from '../src/model/format';
import { initWeights } from '../src/model/init';
import { readModelDir, writeModelDir } from '../src/runtime/node/model-dir';
import { EXTENSION_DIR, launch } from '../tests/e2e/fixtures/extension';
import { bytes, html, scenePng, startFixture } from '../tests/e2e/fixtures/server';
import { type BenchCase, type Size, summarize } from './measure';

/** A copy of the built extension whose starry-night files hold a network of another architecture (speed only). */
function extensionWith(arch: ArchSpec): string {
  if (arch === SHIPPED_ARCH) return EXTENSION_DIR;
  const dir = mkdtempSync(path.join(tmpdir(), 'bw-bench-ext-'));
  cpSync(EXTENSION_DIR, dir, { recursive: true });
  const modelDir = path.join(dir, 'models', 'starry-night');
  const { style } = readModelDir(modelDir).manifest;
  const { manifestJson, bin } = encodeModel(initWeights(arch, 1), { arch, style });
  writeModelDir(modelDir, manifestJson, bin, WEIGHTS_FILE);
  return dir;
}

async function runtimeTimes(arch: ArchSpec, [width, height]: Size, runs: number): Promise<number[]> {
  const png = await scenePng(width, height, 1);
  const n = runs + 1; // the first one warms up
  const imgs = Array.from({ length: n }, (_, i) => `<img id="p${i}" src="/p.png?n=${i}" width="${width}" height="${height}">`).join('');
  const fx = await startFixture({ '/bench.html': html(imgs), '/p.png': bytes(png, 'image/png') }, {});
  const h = await launch([], extensionWith(arch));
  try {
    const page = await h.context.newPage();
    await page.setViewportSize({ width: Math.max(1280, width), height: Math.max(720, height) });
    await page.goto(`${fx.site}/bench.html`, { waitUntil: 'load' });
    await h.clickToolbar(page);
    const tabId = await h.tabIdOf(page);
    for (let i = 0; i < n; i++) {
      await h.send({ type: 'stylizeImage', tabId, srcUrl: `${fx.site}/p.png?n=${i}` });
      await page.locator(`#p${i}[data-brushwork="done"]`).waitFor({ timeout: 120_000 });
    }
    const status = await h.send<{ runtime: { recentRunMs: number[]; threads: number } | null }>({ type: 'getStatus', tabId });
    const times = status.runtime?.recentRunMs ?? [];
    if (times.length < n) throw new Error(`expected ${n} run times from the runtime, found ${times.length}`);
    return times.slice(-runs);
  } finally {
    await h.close();
    await fx.close();
  }
}

export async function chromiumCases(sizes: Size[], runs: number): Promise<BenchCase[]> {
  const cases: BenchCase[] = [];
  for (const [name, arch] of [
    ['shipped network', SHIPPED_ARCH],
    ['fast network', FAST_ARCH],
  ] as const) {
    for (const size of sizes) {
      const { median, min } = summarize(await runtimeTimes(arch, size, runs));
      const [width, height] = size;
      cases.push({
        case: name,
        width,
        height,
        backend: 'chromium-offscreen-wasm',
        threads: 1,
        arch: describeArch(arch),
        ms_median: median,
        ms_min: min,
      });
    }
  }
  cases.push({
    case: 'shipped network',
    width: 640,
    height: 480,
    backend: 'chromium-offscreen-wasm',
    threads: 2,
    arch: describeArch(SHIPPED_ARCH),
    ms_median: Number.NaN,
    ms_min: Number.NaN,
    note: "not run: TF.js's threaded WASM hangs in an extension page (its workers start from blob: URLs, which the extension CSP forbids); see docs/performance.md",
  });
  return cases;
}
