/**
 * `npm run bench`: how fast a picture is repainted, on Node and in the real
 * offscreen runtime, against the plain op-by-op baseline, plus a per-stage
 * profile of where the time goes.
 *
 *   npm run bench                 table, 640×480 and 1024×1024, 7 runs each
 *   npm run bench -- --json       one JSON object per case on stdout (profile on stderr)
 *   npm run bench -- --quick      CI-sized: 640×480 only (video rows: 640×360 only)
 *   npm run bench -- --no-browser Node cases only (no built extension needed)
 * The `brushwork` command's start-up and per-picture stages are rows too (bench/cli-cases.ts).
 * Browser cases run in Chromium (offscreen document) and in Firefox (background page) side by side.
 * Video rows (#27, bench/video-kernel.ts): the kernel's floor per frame at video sizes, plain and
 * relaxed SIMD, and one frame split over two engines against one engine.
 */
import { parseArgs } from 'node:util';
import { FAST_ARCH, JOHNSON_ARCH } from '../src/model/architecture';
import { nodeKernel } from '../src/runtime/node/kernel';
import { chromiumCases } from './chromium-cases';
import { cliCases } from './cli-cases';
import { firefoxCases } from './firefox-cases';
import { type BenchCase, describeTarget, type Size } from './measure';
import { nodeCases } from './node-cases';
import { kernelProfile, type Profile, profile } from './profile';
import { VIDEO_SIZES, videoKernelCases } from './video-kernel';

const { values } = parseArgs({
  options: {
    json: { type: 'boolean' },
    quick: { type: 'boolean' },
    'no-browser': { type: 'boolean' },
    runs: { type: 'string' },
  },
});
const runs = Math.max(7, Number(values.runs ?? 7));
const sizes: Size[] = values.quick
  ? [[640, 480]]
  : [
      [640, 480],
      [1024, 1024],
    ];

function withRatios(cases: BenchCase[]): BenchCase[] {
  return cases.map((c) => {
    const base = cases.find((b) => b.case === 'baseline op-by-op' && b.width === c.width && b.height === c.height);
    // The CLI's rows time more than the network (start-up, decoding, encoding): no ratio to the network's baseline.
    if (!base || !Number.isFinite(c.ms_median) || c.case.startsWith('cli ')) return c;
    return { ...c, speedup_vs_baseline: Math.round((100 * base.ms_median) / c.ms_median) / 100 };
  });
}

function printTable(cases: BenchCase[]): void {
  const header = ['case', 'size', 'backend', 'threads', 'arch', 'median ms', 'min ms', '× baseline', 'target (#21)'];
  const rows = cases.map((c) => [
    c.case,
    c.width ? `${c.width}×${c.height}` : '—',
    c.backend,
    String(c.threads),
    c.arch,
    Number.isFinite(c.ms_median) ? c.ms_median.toFixed(1) : '—',
    Number.isFinite(c.ms_min) ? c.ms_min.toFixed(1) : '—',
    c.speedup_vs_baseline ? `${c.speedup_vs_baseline.toFixed(2)}×` : '—',
    describeTarget(c),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] as string).length)));
  const line = (r: string[]) => r.map((v, i) => v.padEnd(widths[i] as number)).join('  ');
  console.log(line(header));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const r of rows) console.log(line(r));
  const notes = new Map<string, string>();
  for (const c of cases) if (c.note) notes.set(c.note.replace(/\d+ asked/, 'N asked'), `${c.case}: ${c.note}`);
  for (const note of notes.values()) console.log(`note — ${note}`);
}

function printProfile(p: Profile): void {
  console.log(`\nprofile: ${p.arch} at ${p.width}×${p.height}, ${p.total_ms} ms of ops (Node WASM, 1 thread)`);
  console.log(`  by kind: ${p.by_kind.map((r) => `${r.stage} ${r.ms} ms (${r.share}%)`).join(', ')}`);
  for (const r of p.stages.slice(0, 10))
    console.log(`  ${r.stage.padEnd(18)} ${r.ms.toFixed(1).padStart(7)} ms  ${r.share.toFixed(1).padStart(5)}%`);
}

const cases = await nodeCases(sizes, runs);
cases.push(...(await cliCases(sizes, runs)));
cases.push(...(await videoKernelCases(values.quick ? [[640, 360]] : VIDEO_SIZES, runs)));
const kernel = await nodeKernel();
const profiles = [
  profile(JOHNSON_ARCH, 640, 480),
  profile(FAST_ARCH, 640, 480),
  ...(kernel ? [await kernelProfile(kernel, 640, 480), await kernelProfile(kernel, 640, 360)] : []),
];
if (!values['no-browser']) {
  cases.push(...(await chromiumCases(sizes, runs)));
  cases.push(...(await firefoxCases(sizes, runs)));
}
const report = withRatios(cases);
if (values.json) {
  for (const c of report) process.stdout.write(`${JSON.stringify(c)}\n`);
  for (const p of profiles) process.stderr.write(`${JSON.stringify({ profile: p })}\n`);
} else {
  printTable(report);
  for (const p of profiles) printProfile(p);
}
