/**
 * Chromium cases: the real offscreen runtime of the built extension, driven
 * by Playwright the way the context menu drives it. Each picture has its own
 * URL (no cache hits); the figures are the runtime's own model-run times
 * (`recentRunMs` in getStatus), so fetch and decode are not counted.
 */
import { type ArchSpec, describeArch, FAST_ARCH, JOHNSON_ARCH } from '../src/model/architecture';
import { launch } from '../tests/e2e/fixtures/extension';
import { bytes, html, scenePng, startFixture } from '../tests/e2e/fixtures/server';
import { extensionWith } from './extension-with';
import { type BenchCase, pictureTarget, type Size, summarize } from './measure';

interface Measured {
  /** Model-run times of pictures stylized one at a time. */
  sequential: number[];
  /** Wall time per picture when all were asked for at once (the engine workers share them). */
  parallelPerPicture: number;
  workers: number;
  /** The runtime ran the network on the SIMD kernel. */
  kernel: boolean;
}

async function measure(arch: ArchSpec, [width, height]: Size, runs: number): Promise<Measured> {
  const png = await scenePng(width, height, 1);
  const n = runs + 1; // the first one warms up
  const imgs = (set: string) =>
    Array.from({ length: n }, (_, i) => `<img id="p${i}" src="/p.png?${set}=${i}" width="${width}" height="${height}">`).join('');
  const fx = await startFixture({ '/seq.html': html(imgs('s')), '/par.html': html(imgs('p')), '/p.png': bytes(png, 'image/png') }, {});
  const h = await launch([], extensionWith(arch));
  const open = (path: string) =>
    h.openTab(`${fx.site}${path}`, { viewport: { width: Math.max(1280, width), height: Math.max(720, height) } });
  try {
    const seq = await open('/seq.html');
    for (let i = 0; i < n; i++) {
      await h.send({ type: 'stylizeImage', tabId: seq.tabId, srcUrl: `${fx.site}/p.png?s=${i}` });
      await seq.page.locator(`#p${i}[data-brushwork="done"]`).waitFor({ timeout: 120_000 });
    }
    const status = await h.send<{ runtime: { recentRunMs: number[]; threads: number; kernel: boolean } | null }>({
      type: 'getStatus',
      tabId: seq.tabId,
    });
    const times = status.runtime?.recentRunMs ?? [];
    if (times.length < n) throw new Error(`expected ${n} run times from the runtime, found ${times.length}`);

    const par = await open('/par.html');
    const started = performance.now();
    await Promise.all(
      Array.from({ length: n }, (_, i) => h.send({ type: 'stylizeImage', tabId: par.tabId, srcUrl: `${fx.site}/p.png?p=${i}` })),
    );
    for (let i = 0; i < n; i++) await par.page.locator(`#p${i}[data-brushwork="done"]`).waitFor({ timeout: 120_000 });
    const parallelPerPicture = (performance.now() - started) / n;
    return {
      sequential: times.slice(-runs),
      parallelPerPicture: Math.round(parallelPerPicture * 10) / 10,
      workers: status.runtime?.threads ?? 1,
      kernel: status.runtime?.kernel === true && arch.kind === 'shuffle',
    };
  } finally {
    await h.close();
    await fx.close();
  }
}

export async function chromiumCases(sizes: Size[], runs: number): Promise<BenchCase[]> {
  const cases: BenchCase[] = [];
  for (const [name, arch] of [
    ['seed network (johnson)', JOHNSON_ARCH],
    ['fast network', FAST_ARCH],
  ] as const) {
    for (const size of sizes) {
      const m = await measure(arch, size, runs);
      const [width, height] = size;
      const common = { width, height, backend: 'chromium-offscreen-wasm', arch: describeArch(arch) };
      const { median, min } = summarize(m.sequential);
      const label = m.kernel ? `${name}, SIMD kernel` : name;
      const target = pictureTarget(width, height);
      cases.push({
        case: label,
        ...common,
        threads: 1,
        ms_median: median,
        ms_min: min,
        ...(target ? { target } : {}),
        note: 'one picture at a time; model run only',
      });
      cases.push({
        case: `${label}, pictures in parallel`,
        ...common,
        threads: m.workers,
        ms_median: m.parallelPerPicture,
        ms_min: m.parallelPerPicture,
        note: `wall time per picture with ${runs + 1} asked for at once, spread over ${m.workers} engine workers (fetch, decode and page update included)`,
      });
    }
  }
  return cases;
}
