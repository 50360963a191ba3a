/**
 * One frame split across two engine workers (engine-pool.ts's runSplit): each
 * worker paints one band of rows (src/runtime/kernel/bands.ts) and the two trade
 * every layer's instance-norm statistics directly over a MessagePort of their
 * own, never through the document: 11 small messages a frame (a few KB each).
 * Works the same over Node's MessageChannel, where the unit tests run it.
 */
import { BrushworkError, errorMessage } from '../../messaging/errors';
import { assembleRows, type Band, bandHalo, type RowExchange, type RowShare } from '../kernel/bands';
import type { ShuffleKernel } from '../kernel/shuffle-kernel';
import type { LoadedModel } from '../model';

/** What the two workers of a split frame tell each other. */
type PeerMessage = { kind: 'share'; share: RowShare } | { kind: 'abort'; reason: string };

const keyOf = (s: Pick<RowShare, 'layer'>) => s.layer;

/**
 * A RowExchange with the other band's worker over `port`. Its shares may arrive
 * before this worker asks (they are kept), and an abort from the other side (it
 * could not paint its band) fails this side's wait instead of leaving it hanging.
 */
export function portExchange(port: MessagePort): { exchange: RowExchange; abort(reason: string): void; close(): void } {
  const early = new Map<number, RowShare>();
  const waiting = new Map<number, { own: RowShare; resolve: (all: Float32Array) => void; reject: (e: Error) => void }>();
  let broken: Error | null = null;
  port.onmessage = ({ data }: MessageEvent<PeerMessage>) => {
    if (data.kind === 'abort') {
      broken = new BrushworkError('engine', `the other half of this frame failed: ${data.reason}`);
      for (const w of waiting.values()) w.reject(broken);
      waiting.clear();
      return;
    }
    const key = keyOf(data.share);
    const w = waiting.get(key);
    if (!w) early.set(key, data.share);
    else {
      waiting.delete(key);
      w.resolve(assembleRows([w.own, data.share]));
    }
  };
  const exchange: RowExchange = (own) => {
    if (broken) return Promise.reject(broken);
    port.postMessage({ kind: 'share', share: own } satisfies PeerMessage);
    const key = keyOf(own);
    const theirs = early.get(key);
    if (theirs) {
      early.delete(key);
      return Promise.resolve(assembleRows([own, theirs]));
    }
    return new Promise((resolve, reject) => waiting.set(key, { own, resolve, reject }));
  };
  return {
    exchange,
    abort: (reason) => port.postMessage({ kind: 'abort', reason } satisfies PeerMessage),
    close: () => {
      port.onmessage = null;
      port.close();
    },
  };
}

/** A band job as the worker receives it (engine-messages.ts's runBand). */
export interface BandJob {
  width: number;
  band: Band;
  /** The halo the band was planned with: at least the model's receptive field, or the seam would show. */
  halo: number;
  data: Uint8ClampedArray;
  peer: MessagePort;
}

/**
 * Paints one band of a split frame: its rows [top, bottom), the whole frame's pixels there.
 * Refuses (and tells the other worker, so that it does not wait) a model the kernel does not
 * run or whose receptive field is wider than the halo; the pool then paints the frame whole.
 */
export async function paintBand(kernel: ShuffleKernel | null, model: LoadedModel, job: BandJob): Promise<Uint8ClampedArray> {
  const link = portExchange(job.peer);
  try {
    if (!kernel || !model.kernelWeights)
      throw new BrushworkError('engine', 'expected a style the SIMD kernel runs to split a frame, found one TF.js runs');
    const needed = bandHalo(model.manifest.arch);
    if (needed > job.halo) throw new BrushworkError('engine', `expected a halo of ${needed} rows for this style, found ${job.halo}`);
    const img = { width: job.width, height: job.band.to - job.band.from, data: job.data };
    return (await kernel.runBand(model.manifest.arch, model.kernelWeights, img, job.band, link.exchange)).data;
  } catch (e) {
    link.abort(errorMessage(e));
    throw e;
  } finally {
    link.close();
  }
}
