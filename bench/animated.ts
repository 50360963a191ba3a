/**
 * `npm run bench:animated`: the row "animated GIF (400×300, 10 fps): every
 * frame painted, loops" of #27's targets, measured in the built extension
 * (a figure, not pass/fail). An animated GIF of the project's own scene is
 * made at bench time; page mode paints it; the row reports the frames
 * painted against the frames in the file, whether the painted picture plays
 * as often and as fast as the original, the time from page mode on to the
 * painted animation on screen, and the time per frame (wall and model run).
 *
 *   npm run bench:animated [-- --frames 20] [-- --json]
 *
 * bench/video.ts can call benchAnimatedGif(harness) for the same row.
 */

import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import type { JobStages } from '../src/messaging/protocol';
import { cycleMs, readAnimationTiming } from '../src/shared/animation';
import { sceneAnimation } from '../tests/e2e/fixtures/animated';
import { type Harness, launch } from '../tests/e2e/fixtures/extension';
import { bytes, html, startFixture } from '../tests/e2e/fixtures/server';

export interface AnimatedRow {
  measure: string;
  target: string;
  frames_in_file: number;
  frames_painted: number;
  /** Same durations and play count as the original (0 = for ever). */
  timing_kept: boolean;
  plays: number;
  /** Page mode on → the painted animation in the <img>. */
  total_ms: number;
  /** total_ms / frames: what one frame cost end to end, engines working in parallel. */
  wall_ms_per_frame: number;
  /** The model runs alone, median over the animation's frames (runtime status). */
  run_ms_per_frame_median: number | null;
  /** One play of the original, for scale: painting takes this many plays' time. */
  cycle_ms: number;
  /** The original file and the painted animated WebP, in KiB. */
  original_kib: number;
  painted_kib: number;
}

const median = (xs: number[]) => (xs.length ? ([...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number) : null);

/** Paints one generated animated GIF (400×300, 10 fps, `frames` frames, looping for ever) in page mode in `h`'s browser. */
export async function benchAnimatedGif(h: Harness, { frames = 20 } = {}): Promise<AnimatedRow> {
  const gif = await sceneAnimation({ width: 400, height: 300, frames, delayMs: 100, loop: 0 });
  const original = readAnimationTiming(new Uint8Array(gif));
  if (!original) throw new Error('expected the generated GIF to be animated, found a still picture');
  const fx = await startFixture(
    {
      '/animated.html': html('<img id="a" src="/scene.gif" width="400" height="300">'),
      '/scene.gif': bytes(gif, 'image/gif'),
    },
    {},
  );
  try {
    const { page, tabId } = await h.openTab(`${fx.site}/animated.html`, { viewport: { width: 1000, height: 700 } });
    await page.waitForFunction(() => (document.getElementById('a') as HTMLImageElement).complete);
    const started = Date.now();
    await h.send({ type: 'setPageMode', tabId, enabled: true });
    // A settled mark: not yet marked (null) and 'pending' both mean page mode is still at it.
    await page.waitForFunction(
      () => ['done', 'error', 'skipped'].includes(document.getElementById('a')?.getAttribute('data-brushwork') ?? ''),
      undefined,
      {
        timeout: 600_000,
        polling: 50,
      },
    );
    const total = Date.now() - started;
    const state = await page.$eval('#a', (i) => [i.getAttribute('data-brushwork'), i.getAttribute('data-brushwork-reason')]);
    if (state[0] !== 'done') throw new Error(`expected the animation painted, found ${state[0]} (${state[1]})`);
    const src = (await page.$eval('#a', (i) => i.getAttribute('src'))) as string;
    const painted = readAnimationTiming(new Uint8Array(Buffer.from(src.slice(src.indexOf(',') + 1), 'base64')));
    const status = await h.send<{ runtime: { recentStages: JobStages[] } | null }>({ type: 'getStatus', tabId });
    await page.close();
    const runs = (status.runtime?.recentStages ?? []).slice(-frames).map((s) => s.run);
    return {
      measure: 'animated GIF (400×300, 10 fps)',
      target: 'every frame painted, loops',
      frames_in_file: original.delaysMs.length,
      frames_painted: painted?.delaysMs.length ?? 0,
      timing_kept: JSON.stringify(painted) === JSON.stringify(original),
      plays: painted?.plays ?? -1,
      total_ms: total,
      wall_ms_per_frame: Math.round((total / frames) * 10) / 10,
      run_ms_per_frame_median: median(runs),
      cycle_ms: cycleMs(original),
      original_kib: Math.round(gif.length / 1024),
      painted_kib: Math.round(((src.length - src.indexOf(',') - 1) * 0.75) / 1024),
    };
  } finally {
    await fx.close();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const { values } = parseArgs({ options: { json: { type: 'boolean' }, frames: { type: 'string' } } });
  const h = await launch();
  try {
    const row = await benchAnimatedGif(h, { frames: Math.max(2, Number(values.frames ?? 20) || 20) });
    if (values.json) process.stdout.write(`${JSON.stringify(row)}\n`);
    else
      console.log(
        `${row.measure.padEnd(34)} target: ${row.target.padEnd(28)} ${row.frames_painted}/${row.frames_in_file} frames painted, ` +
          `${row.timing_kept ? 'same durations' : 'DIFFERENT durations'}, plays ${row.plays === 0 ? 'for ever' : row.plays}; ` +
          `${row.total_ms} ms in all, ${row.wall_ms_per_frame} ms a frame (model run median ${row.run_ms_per_frame_median} ms); ` +
          `${row.original_kib} KiB → ${row.painted_kib} KiB`,
      );
  } finally {
    await h.close();
  }
}
