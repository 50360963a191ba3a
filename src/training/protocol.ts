/** Messages between the trainer and its gradient workers (worker_threads). */
import type { ArchSpec } from '../model/architecture';
import type { LossWeights } from './losses';

export interface WorkerInit {
  type: 'init';
  vggDir: string;
  arch: ArchSpec;
  weights: LossWeights;
  style: { width: number; height: number; data: Uint8Array };
}

export interface WorkerStep {
  type: 'step';
  id: number;
  params: Float32Array;
  size: number;
  /** size²×3 RGB crops. */
  samples: Uint8Array[];
}

export type ToWorker = WorkerInit | WorkerStep | { type: 'stop' };

export interface LossSums {
  total: number;
  content: number;
  style: number;
  tv: number;
  luma: number;
  palette: number;
  grain: number;
  holes: number;
  stability: number;
}

export function emptyLossSums(): LossSums {
  return { total: 0, content: 0, style: 0, tv: 0, luma: 0, palette: 0, grain: 0, holes: 0, stability: 0 };
}

export type FromWorker =
  | { type: 'ready' }
  | { type: 'grads'; id: number; grads: Float32Array; sums: LossSums; count: number }
  | { type: 'error'; message: string };
