/** Data-parallel gradient workers: each takes a share of the batch; the trainer sums their gradients. */
import { Worker } from 'node:worker_threads';
import type { ArchSpec } from '../model/architecture';
import type { LossWeights } from './losses';
import { emptyLossSums, type FromWorker, type LossSums, type ToWorker } from './protocol';

export interface PoolInit {
  vggDir: string;
  arch: ArchSpec;
  weights: LossWeights;
  style: { width: number; height: number; data: Uint8Array };
}

export class GradientPool {
  private readonly workers: Worker[] = [];
  private nextId = 0;

  static async start(count: number, init: PoolInit): Promise<GradientPool> {
    const pool = new GradientPool();
    const url = new URL('./worker-entry.mjs', import.meta.url);
    for (let i = 0; i < count; i++) pool.workers.push(new Worker(url));
    try {
      await Promise.all(pool.workers.map((w) => pool.request(w, { type: 'init', ...init }, 'ready')));
    } catch (e) {
      await pool.stop();
      throw e;
    }
    return pool;
  }

  private request(worker: Worker, msg: ToWorker, expect: FromWorker['type']): Promise<FromWorker> {
    return new Promise((resolve, reject) => {
      const onMessage = (reply: FromWorker) => {
        cleanup();
        if (reply.type === 'error') reject(new Error(reply.message));
        else if (reply.type !== expect) reject(new Error(`worker replied ${reply.type}, expected ${expect}`));
        else resolve(reply);
      };
      const onError = (e: Error) => {
        cleanup();
        reject(e);
      };
      const onExit = (code: number) => {
        cleanup();
        reject(new Error(`training worker exited (code ${code})`));
      };
      const cleanup = () => {
        worker.off('message', onMessage);
        worker.off('error', onError);
        worker.off('exit', onExit);
      };
      worker.on('message', onMessage);
      worker.on('error', onError);
      worker.on('exit', onExit);
      worker.postMessage(msg);
    });
  }

  /** Mean gradient and mean losses over all samples. */
  async gradients(params: Float32Array, samples: Uint8Array[], size: number): Promise<{ grads: Float32Array; losses: LossSums }> {
    const shares = this.workers.map((_, i) => samples.filter((_, j) => j % this.workers.length === i));
    const replies = await Promise.all(
      this.workers.map((w, i) =>
        (shares[i] as Uint8Array[]).length
          ? this.request(w, { type: 'step', id: this.nextId++, params, size, samples: shares[i] as Uint8Array[] }, 'grads')
          : Promise.resolve(undefined),
      ),
    );
    const grads = new Float32Array(params.length);
    const losses = emptyLossSums();
    for (const r of replies) {
      if (r?.type !== 'grads') continue;
      for (let i = 0; i < grads.length; i++) grads[i] = (grads[i] as number) + (r.grads[i] as number);
      for (const k of Object.keys(losses) as (keyof LossSums)[]) losses[k] += r.sums[k];
    }
    const n = samples.length;
    for (let i = 0; i < grads.length; i++) grads[i] = (grads[i] as number) / n;
    for (const k of Object.keys(losses) as (keyof LossSums)[]) losses[k] /= n;
    return { grads, losses };
  }

  async stop(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.terminate()));
  }
}
