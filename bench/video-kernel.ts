/**
 * The kernel's floor at video sizes (#27): one frame on one core, in the plain
 * SIMD build and the relaxed-SIMD (FMA) build, and one frame split across two
 * engines (two worker threads painting a band each, EnginePool.runSplit's way)
 * against one engine painting it whole. Frames at the video size cap (640 px on
 * the long side: 1280×720 is painted at 640×360) cost what 640×360 costs.
 *
 * Figures: wall milliseconds (what a viewer waits), and for the single-core
 * rows also CPU milliseconds of the thread (process.cpuUsage), which other
 * processes sharing the cores disturb far less than the wall clock.
 */
import { readFileSync } from 'node:fs';
import { Worker } from 'node:worker_threads';
import { describeArch, FAST_ARCH } from '../src/model/architecture';
import { bandHalo, bandRows, planBands, stitchBands } from '../src/runtime/kernel/bands';
import { ShuffleKernel } from '../src/runtime/kernel/shuffle-kernel';
import { NODE_KERNEL_PATH, NODE_RELAXED_KERNEL_PATH, nodeRelaxedSimd } from '../src/runtime/node/kernel';
import type { RgbaImage } from '../src/shared/image';
import { makeScene } from '../src/shared/scene';
import { type BenchCase, type Size, summarize } from './measure';
import { benchModel } from './node-cases';
import type { SplitJob } from './split-worker';

export const VIDEO_SIZES: Size[] = [
  [320, 180],
  [640, 360],
  [854, 480],
];

const arch = describeArch(FAST_ARCH);

/** Wall and CPU milliseconds of `runs` runs after one warm-up. */
async function timeBoth(runs: number, run: () => Promise<unknown>) {
  await run();
  const wall: number[] = [];
  const cpu: number[] = [];
  for (let i = 0; i < runs; i++) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    await run();
    wall.push(performance.now() - t0);
    const c = process.cpuUsage(c0);
    cpu.push((c.user + c.system) / 1000);
  }
  return { wall: summarize(wall), cpu: summarize(cpu) };
}

/** One engine of the split benchmark. */
async function engine(file: string, packed: Float32Array) {
  // tsx runs the benchmark; a worker thread registers its loader first (Node 20 does not pass --import hooks on).
  const entry = new URL('./split-worker.ts', import.meta.url).href;
  const boot = `import('tsx/esm/api').then(({ register }) => { register(); return import(${JSON.stringify(entry)}); })`;
  const worker = new Worker(boot, { eval: true, workerData: { file, packed } });
  await new Promise((resolve, reject) => {
    worker.once('message', resolve);
    worker.once('error', reject);
  });
  // One job at a time per engine: the next answer is this job's; a crash fails it.
  let pending: { resolve: (data: Uint8ClampedArray) => void; reject: (e: Error) => void } | null = null;
  worker.on('message', (data: Uint8ClampedArray) => pending?.resolve(data));
  worker.on('error', (e) => pending?.reject(e));
  const paint = (job: SplitJob, transfer: Transferable[]) =>
    new Promise<Uint8ClampedArray>((resolve, reject) => {
      pending = { resolve, reject };
      worker.postMessage(job, transfer as never);
    });
  return { paint, stop: () => worker.terminate() };
}

/** A frame painted whole by one engine, and split in two bands across two, as the video surface would ask (copies travel). */
async function splitCases([width, height]: Size, runs: number, file: string, packed: Float32Array, build: string): Promise<BenchCase[]> {
  const frame = makeScene(width, height);
  const engines = [await engine(file, packed), await engine(file, packed)];
  const [a, b] = engines as [Awaited<ReturnType<typeof engine>>, Awaited<ReturnType<typeof engine>>];
  const halo = bandHalo(FAST_ARCH);
  const bands = planBands(height, 2, halo);
  const whole = async () => {
    const data = new Uint8ClampedArray(frame.data);
    return a.paint({ kind: 'whole', width, height, data }, [data.buffer]);
  };
  const split = async (): Promise<RgbaImage> => {
    const { port1, port2 } = new MessageChannel();
    const parts = await Promise.all(
      bands.map((band, i) => {
        const data = new Uint8ClampedArray(bandRows(frame, band).data);
        const peer = i === 0 ? port1 : port2;
        return (i === 0 ? a : b).paint({ kind: 'band', width, band, halo, data, peer: peer as never }, [data.buffer, peer]);
      }),
    );
    return stitchBands(
      width,
      height,
      parts.map((data, i) => ({ width, height: (bands[i]?.bottom ?? 0) - (bands[i]?.top ?? 0), data })),
    );
  };
  try {
    const one = await timeBoth(runs, whole);
    const two = await timeBoth(runs, split);
    const common = { width, height, backend: 'node-wasm', arch };
    return [
      { case: `video frame, one engine (${build})`, ...common, threads: 1, ms_median: one.wall.median, ms_min: one.wall.min },
      {
        case: `video frame, split over two engines (${build})`,
        ...common,
        threads: 2,
        ms_median: two.wall.median,
        ms_min: two.wall.min,
        note: `two bands of ${height / 2} rows + ${halo}-row halo, instance-norm statistics traded over a MessagePort; wall time`,
      },
    ];
  } finally {
    await Promise.all(engines.map((e) => e.stop()));
  }
}

/** The kernel's floor per video size (plain and relaxed SIMD, one core), then one frame split over two engines. */
export async function videoKernelCases(sizes: Size[], runs: number): Promise<BenchCase[]> {
  const model = benchModel(FAST_ARCH);
  const packed = model.kernelWeights as Float32Array;
  const relaxed = nodeRelaxedSimd();
  const builds = [
    { name: 'plain SIMD', file: NODE_KERNEL_PATH },
    ...(relaxed ? [{ name: 'relaxed SIMD, FMA', file: NODE_RELAXED_KERNEL_PATH }] : []),
  ];
  const kernels = await Promise.all(builds.map((b) => ShuffleKernel.compile(readFileSync(b.file))));
  const cases: BenchCase[] = [];
  for (const [width, height] of sizes) {
    const frame = makeScene(width, height);
    for (const [i, build] of builds.entries()) {
      const kernel = kernels[i] as ShuffleKernel;
      const t = await timeBoth(runs, () => kernel.run(FAST_ARCH, packed, frame));
      cases.push({
        case: `video frame, SIMD kernel (${build.name})`,
        width,
        height,
        backend: 'node-wasm',
        threads: 1,
        arch,
        ms_median: t.wall.median,
        ms_min: t.wall.min,
        note: `CPU ms of the thread: median ${t.cpu.median}, min ${t.cpu.min} (the wall clock counts other processes' turns too)`,
      });
    }
    const best = builds[builds.length - 1] as (typeof builds)[number];
    cases.push(...(await splitCases([width, height], runs, best.file, packed, best.name)));
  }
  model.dispose();
  return cases;
}
