/** What every benchmark case reports, and how a case is timed. */
export type Size = readonly [width: number, height: number];

export interface BenchCase {
  case: string;
  width: number;
  height: number;
  backend: string;
  threads: number;
  arch: string;
  ms_median: number;
  ms_min: number;
  /** Filled in by the report: median of the op-by-op baseline at the same size / this median. */
  speedup_vs_baseline?: number;
  /** #21's target for this row, when it has one: at least this many × the baseline, or at most this many ms. */
  target?: { min_speedup: number } | { max_ms: number };
  note?: string;
}

/** #21's targets for one picture in the offscreen document, by size. */
export function pictureTarget(width: number, height: number): BenchCase['target'] {
  if (width === 640 && height === 480) return { min_speedup: 6 };
  if (width === 1024 && height === 1024) return { max_ms: 350 };
  return undefined;
}

/** The target as printed, with whether this row meets it. */
export function describeTarget(c: BenchCase): string {
  const t = c.target;
  if (!t) return '';
  if ('min_speedup' in t)
    return `≥ ${t.min_speedup}× ${c.speedup_vs_baseline !== undefined && c.speedup_vs_baseline >= t.min_speedup ? 'met' : 'not met'}`;
  return `≤ ${t.max_ms} ms ${c.ms_median <= t.max_ms ? 'met' : 'not met'}`;
}

export const median = (xs: readonly number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
};

const round1 = (x: number) => Math.round(x * 10) / 10;

/** One warm-up run (allocations, kernel set-up), then `runs` timed runs. */
export async function timeRuns(runs: number, run: () => Promise<unknown>): Promise<{ median: number; min: number }> {
  await run();
  const ms: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await run();
    ms.push(performance.now() - t0);
  }
  return { median: round1(median(ms)), min: round1(Math.min(...ms)) };
}

export function summarize(ms: readonly number[]): { median: number; min: number } {
  return { median: round1(median(ms)), min: round1(Math.min(...ms)) };
}
