/**
 * EnginePool.runSplit: one frame painted by two workers (top and bottom bands)
 * that trade instance-norm statistics over their own MessagePort. Stand-in
 * workers run the real kernel and the real band job (band-exchange.ts's
 * paintBand) over Node's MessageChannel, as engine-worker.ts does in a browser.
 */
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { FAST_ARCH } from '../../src/model/architecture';
import { paintBand } from '../../src/runtime/browser/band-exchange';
import type { FromEngine, ToEngine } from '../../src/runtime/browser/engine-messages';
import { EnginePool } from '../../src/runtime/browser/engine-pool';
import { packWeights, ShuffleKernel } from '../../src/runtime/kernel/shuffle-kernel';
import type { LoadedModel } from '../../src/runtime/model';
import { NODE_KERNEL_PATH } from '../../src/runtime/node/kernel';
import { readModelDir } from '../../src/runtime/node/model-dir';
import type { RgbaImage } from '../../src/shared/image';
import { makeScene } from '../../src/shared/scene';

let packed: Float32Array;
let bytes: Buffer;

beforeAll(() => {
  bytes = readFileSync(NODE_KERNEL_PATH);
  packed = packWeights(FAST_ARCH, readModelDir('public/models/starry-night').weights);
});

/** A worker with its own kernel: runs whole pictures and band jobs; `kernelRuns: false` stands for a style TF.js runs. */
class KernelWorker {
  onmessage: ((e: MessageEvent<FromEngine>) => void) | null = null;
  onerror: (() => void) | null = null;
  got: ToEngine['kind'][] = [];
  constructor(
    private readonly kernel: ShuffleKernel,
    private readonly kernelRuns = true,
  ) {}
  private reply(data: FromEngine) {
    queueMicrotask(() => this.onmessage?.({ data } as MessageEvent<FromEngine>));
  }
  postMessage(msg: ToEngine) {
    this.got.push(msg.kind);
    const memory = { numTensors: 0, wasmBytes: this.kernel.memoryBytes };
    if (msg.kind === 'init') return this.reply({ kind: 'ready', info: { backend: 'wasm', threads: 1, simd: true, kernel: true } });
    if (msg.kind === 'load' || msg.kind === 'decodeRun') throw new Error(`not used here: ${msg.kind}`);
    const model = { manifest: { arch: FAST_ARCH }, kernelWeights: this.kernelRuns ? packed : null } as LoadedModel;
    const job =
      msg.kind === 'runBand'
        ? paintBand(this.kernel, model, msg)
        : this.kernel.run(FAST_ARCH, packed, { width: msg.width, height: msg.height, data: msg.data }).then((o) => o.data);
    job.then(
      (data) => this.reply({ kind: 'done', id: msg.id, data, memory }),
      (e: Error) => this.reply({ kind: 'failed', id: msg.id, error: e.message, errorKind: 'engine' }),
    );
  }
  terminate() {}
}

const urls = { wasmBaseUrl: 'chrome-extension://x/wasm/', packageBaseUrl: 'chrome-extension://x/' };

async function poolOf(workers: KernelWorker[]) {
  let i = 0;
  const pool = await EnginePool.start(workers.length, urls, () => workers[i++] as unknown as Worker);
  if (!pool) throw new Error('expected the pool to start');
  return pool;
}

function differing(a: RgbaImage, b: RgbaImage): number {
  let n = 0;
  for (let i = 0; i < a.data.length; i++) if (a.data[i] !== b.data[i]) n++;
  return n;
}

describe('EnginePool.runSplit', () => {
  it('paints a 640×360 frame in two workers, one band each, byte for byte as one run of the whole frame', async () => {
    const workers = await Promise.all([0, 1].map(async () => new KernelWorker(await ShuffleKernel.compile(bytes))));
    const pool = await poolOf(workers);
    const frame = makeScene(640, 360);
    const whole = await (await ShuffleKernel.compile(bytes)).run(FAST_ARCH, packed, frame);
    const split = await pool.runSplit('s', frame);
    expect(workers.map((w) => w.got.filter((k) => k === 'runBand').length)).toEqual([1, 1]);
    expect(split.width).toBe(640);
    expect(split.height).toBe(360);
    expect(differing(split, whole)).toBe(0);
    pool.terminate();
  });

  it('runs the frame whole when a worker cannot paint its band (a style TF.js runs): the other is told, nobody hangs', async () => {
    const workers = [new KernelWorker(await ShuffleKernel.compile(bytes), false), new KernelWorker(await ShuffleKernel.compile(bytes))];
    const pool = await poolOf(workers);
    const frame = makeScene(320, 180);
    const whole = await (await ShuffleKernel.compile(bytes)).run(FAST_ARCH, packed, frame);
    expect(differing(await pool.runSplit('s', frame), whole)).toBe(0);
    expect(workers.flatMap((w) => w.got).filter((k) => k === 'run')).toHaveLength(1);
    pool.terminate();
  });

  it('runs whole in one worker where a split does not pay: one worker, or a picture too short for two bands', async () => {
    const one = new KernelWorker(await ShuffleKernel.compile(bytes));
    const single = await poolOf([one]);
    await single.runSplit('s', makeScene(64, 48));
    expect(one.got).toEqual(['init', 'run']);
    single.terminate();
    const pair = [new KernelWorker(await ShuffleKernel.compile(bytes)), new KernelWorker(await ShuffleKernel.compile(bytes))];
    const pool = await poolOf(pair);
    await pool.runSplit('s', makeScene(64, 40));
    expect(pair.flatMap((w) => w.got).filter((k) => k !== 'init')).toEqual(['run']);
    pool.terminate();
  });
});
