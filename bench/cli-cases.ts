/**
 * The `brushwork` command's own costs (#31): start-up of a light command and of a whole stylize run
 * (each a fresh process, as a user pays it), and one picture's time inside a batch, split into the
 * stages the CLI runs: decode, paint (the SIMD kernel), encode. docs/performance.md explains them.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { stylizeWithOptions } from '../src/cli/stylize';
import { describeArch } from '../src/model/architecture';
import { readImage, writeImage, writePng } from '../src/runtime/node/image-io';
import { readModelArg } from '../src/runtime/node/model-dir';
import { nodePainter } from '../src/runtime/node/painter';
import { makeScene } from '../src/shared/scene';
import { type BenchCase, type Size, summarize } from './measure';

const BIN = path.resolve(import.meta.dirname, '..', 'bin', 'brushwork.mjs');

function processMs(args: string[], runs: number): { median: number; min: number } {
  const once = () => {
    const t0 = performance.now();
    const r = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`brushwork ${args.join(' ')} exited ${r.status}: ${r.stderr}`);
    return performance.now() - t0;
  };
  once(); // warm-up: tsx's compile cache and the OS file cache, as every run after the first finds them
  return summarize(Array.from({ length: runs }, once));
}

export async function cliCases(sizes: Size[], runs: number): Promise<BenchCase[]> {
  const dir = mkdtempSync(path.join(tmpdir(), 'bw-bench-cli-'));
  try {
    const { decoded } = await readModelArg('public/models/starry-night');
    const arch = describeArch(decoded.manifest.arch);
    const row = (name: string, [width, height]: Size, t: { median: number; min: number }, note?: string): BenchCase => ({
      case: name,
      width,
      height,
      backend: 'node-wasm',
      threads: 1,
      arch,
      ms_median: t.median,
      ms_min: t.min,
      ...(note ? { note } : {}),
    });
    const cases = [
      row('cli start-up: brushwork --version', [0, 0], processMs(['--version'], runs), 'a fresh process each run: Node + tsx, no TF.js'),
      row('cli start-up: brushwork info', [0, 0], processMs(['info', 'starry-night'], runs)),
    ];
    const painter = await nodePainter(decoded);
    const opts = { intensity: 1, maxSide: 1024 };
    for (const size of sizes) {
      const input = path.join(dir, `in-${size[0]}.png`);
      const output = path.join(dir, `out-${size[0]}.png`);
      await writePng(input, makeScene(size[0], size[1]));
      const whole = processMs(['stylize', input, '--model', 'starry-night', '--out', output, '--force'], runs);
      cases.push(row('cli stylize: whole command, 1 picture', size, whole, 'start-up, kernel set-up (no TF.js), decode, paint, encode'));
      const stages = { decode: [] as number[], paint: [] as number[], encode: [] as number[], total: [] as number[] };
      for (let i = 0; i <= runs; i++) {
        const t0 = performance.now();
        const img = await readImage(input);
        const t1 = performance.now();
        const result = await stylizeWithOptions(painter.paint, img, opts);
        const t2 = performance.now();
        await writeImage(output, result);
        const t3 = performance.now();
        if (i === 0) continue; // warm-up
        stages.decode.push(t1 - t0);
        stages.paint.push(t2 - t1);
        stages.encode.push(t3 - t2);
        stages.total.push(t3 - t0);
      }
      cases.push(row('cli stylize: per picture in a batch (PNG)', size, summarize(stages.total)));
      cases.push(row('cli stylize stage: decode PNG', size, summarize(stages.decode)));
      cases.push(row('cli stylize stage: paint (SIMD kernel)', size, summarize(stages.paint)));
      cases.push(row('cli stylize stage: encode PNG', size, summarize(stages.encode)));
    }
    painter.dispose();
    return cases;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
