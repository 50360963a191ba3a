/**
 * Milestone measures of a long run (#20's campaign): every `measureEvery`
 * steps, `brushwork eval`'s measures on the first validation photos, one JSON
 * line in measures.jsonl with the steps and CPU minutes spent so far. The
 * campaign chart (scripts/campaign-chart.ts) reads these lines, so a reader
 * sees which runs are still climbing.
 */
import { appendFileSync } from 'node:fs';
import type { Checkpoint } from './checkpoint';
import type { TrainConfig } from './config';
import { evaluateParams } from './validation';

export interface Milestone {
  step: number;
  /** Core-minutes of training so far (Checkpoint.cpuMs). */
  cpu_min: number;
  photos: number;
  content_err: number;
  style_gain: number;
  relu3_3: number;
  half: number;
  palette: number;
  holes: number;
  holes_worst: number;
  /** Grain against the photos' own and flicker (levels), #28: optional, lines written before them lack them. */
  grain_ratio?: number;
  flicker?: number;
}

const r3 = (x: number) => Math.round(x * 1000) / 1000;

export async function measureMilestone(
  cfg: TrainConfig,
  state: Pick<Checkpoint, 'params' | 'step' | 'cpuMs'>,
  photos: string[],
): Promise<Milestone> {
  const m = await evaluateParams(cfg, state.params, photos);
  return {
    step: state.step,
    cpu_min: Math.round(state.cpuMs / 6000) / 10,
    photos: m.photos,
    content_err: r3(m.content_err),
    style_gain: r3(m.style_gain),
    relu3_3: r3(m.style_gain_by_layer.relu3_3),
    half: r3(m.style_gain_half),
    palette: r3(m.palette_gain),
    holes: r3(m.holes),
    holes_worst: r3(m.holes_worst),
    grain_ratio: r3(m.grain_ratio),
    flicker: r3(m.flicker),
  };
}

export async function appendMilestone(
  file: string,
  cfg: TrainConfig,
  state: Pick<Checkpoint, 'params' | 'step' | 'cpuMs'>,
  photos: string[],
): Promise<Milestone> {
  const line = await measureMilestone(cfg, state, photos);
  appendFileSync(file, `${JSON.stringify(line)}\n`);
  return line;
}
