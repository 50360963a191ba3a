/**
 * One engine of the Node split benchmark (video-kernel.ts): a worker thread with
 * its own kernel that paints whole frames or one band of a split frame
 * (band-exchange.ts's paintBand, as engine-worker.ts does in a browser).
 */
import { readFileSync } from 'node:fs';
import { type MessagePort, parentPort, workerData } from 'node:worker_threads';
import { FAST_ARCH } from '../src/model/architecture';
import { paintBand } from '../src/runtime/browser/band-exchange';
import type { Band } from '../src/runtime/kernel/bands';
import { ShuffleKernel } from '../src/runtime/kernel/shuffle-kernel';
import type { LoadedModel } from '../src/runtime/model';
import { nodeRelaxedSimd } from '../src/runtime/node/kernel';

export type SplitJob =
  | { kind: 'whole'; width: number; height: number; data: Uint8ClampedArray }
  | { kind: 'band'; width: number; band: Band; halo: number; data: Uint8ClampedArray; peer: MessagePort };

const { file, packed } = workerData as { file: string; packed: Float32Array };
nodeRelaxedSimd();
const kernel = await ShuffleKernel.compile(readFileSync(file));
const model = { manifest: { arch: FAST_ARCH }, kernelWeights: packed } as LoadedModel;
const port = parentPort as NonNullable<typeof parentPort>;
port.on('message', async (job: SplitJob) => {
  const data =
    job.kind === 'whole'
      ? (await kernel.run(FAST_ARCH, packed, job)).data
      : await paintBand(kernel, model, { ...job, peer: job.peer as unknown as globalThis.MessagePort });
  port.postMessage(data, [data.buffer as ArrayBuffer]);
});
port.postMessage('ready');
