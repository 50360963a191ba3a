/** One JSON line per training step (losses, learning rate, time): the log.jsonl of a run. */
import { appendFileSync } from 'node:fs';
import { round4 } from './evaluate';
import type { LossSums } from './protocol';

export function appendStepLog(file: string, step: number, lr: number, ms: number, losses: LossSums): void {
  const rounded = Object.fromEntries(Object.entries(losses).map(([k, v]) => [k, round4(v)]));
  appendFileSync(file, `${JSON.stringify({ step, lr, ms: Math.round(ms), ...rounded })}\n`);
}
